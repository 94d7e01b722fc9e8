#!/usr/bin/env bash
# Readies the kernel side of the host for crun. Idempotent; run as root.
#
# cgroups: on a hybrid host (v1 hierarchies plus a cgroup2 mount at
# /sys/fs/cgroup/unified) a controller that is bound to no v1 hierarchy
# (hugetlb here) makes crun fail with "cgroups in hybrid mode not supported".
# Mounting it as its own v1 hierarchy fixes that. A pure cgroup v2 host needs
# nothing.
set -euo pipefail

log() { echo "prepare-host: $*"; }

cgroup_fs=$(stat -f -c %T /sys/fs/cgroup 2>/dev/null || echo unknown)
if [ "$cgroup_fs" = cgroup2fs ]; then
  log "cgroup v2 (unified): nothing to do"
elif [ -r /proc/cgroups ]; then
  # /proc/cgroups: subsys_name hierarchy num_cgroups enabled; hierarchy 0 = no v1 mount.
  hier=$(awk '$1 == "hugetlb" && $4 == 1 { print $2 }' /proc/cgroups)
  if [ -z "$hier" ]; then
    log "no hugetlb controller: nothing to do"
  elif [ "$hier" != 0 ] || grep -qE '^cgroup /sys/fs/cgroup/hugetlb cgroup ' /proc/mounts; then
    log "cgroup v1: hugetlb already mounted"
  else
    mkdir -p /sys/fs/cgroup/hugetlb
    mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb
    log "cgroup v1: mounted hugetlb at /sys/fs/cgroup/hugetlb"
  fi
fi

# overlayfs backs image layers and container upper dirs.
if ! grep -qw overlay /proc/filesystems; then
  modprobe overlay 2>/dev/null || log "warning: overlayfs not available"
fi

for rt in crun runc; do
  if command -v "$rt" >/dev/null; then
    "$rt" --version | head -n 1 | sed "s/^/prepare-host: /"
  fi
done
command -v crun >/dev/null || { log "crun is missing (apt-get install crun)"; exit 1; }
