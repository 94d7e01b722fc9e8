#!/usr/bin/env bash
# The RUN step of a derived image (library/derive.sh runs this inside fresh
# mount and pid namespaces, so every mount and process ends with it):
#
#   WORK/rootfs = overlay of WORK/lower (the base, read-only) and WORK/upper (the new layer)
#   chroot WORK/rootfs:  apt-get update; NAME/pre-install.sh; apt-get install
#     --no-install-recommends PACKAGES; NAME/configure.sh; clean up
#
# apt runs on the host's network with the host's resolv.conf (copied in, then
# removed). /proc, /dev and /tmp are mounted from scratch and never reach the
# layer; apt's package lists and downloads live in build/cache/apt (bind
# mounts), so a second build downloads only what changed.
#
#   library/chroot-install.sh NAME WORK      writes WORK/version
set -euo pipefail
. "$(dirname "$0")/common.sh"
name=$1 work=$2
def="$lib/$name"
rootfs=$work/rootfs

hostname localhost
mount -t overlay overlay -o "lowerdir=$work/lower,upperdir=$work/upper,workdir=$work/overlay-work,redirect_dir=off,metacopy=off,index=off" "$rootfs"
mount -t proc proc "$rootfs/proc"
# A minimal /dev: the nodes package scripts use, nothing of the host's.
mount -t tmpfs -o mode=0755,nosuid devtmp "$rootfs/dev"
for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r n major minor <<<"$node"
  mknod -m 666 "$rootfs/dev/$n" c "$major" "$minor"
done
mkdir "$rootfs/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$rootfs/dev/pts"
ln -s pts/ptmx "$rootfs/dev/ptmx"
ln -s /proc/self/fd "$rootfs/dev/fd"
ln -s /proc/self/fd/0 "$rootfs/dev/stdin"
ln -s /proc/self/fd/1 "$rootfs/dev/stdout"
ln -s /proc/self/fd/2 "$rootfs/dev/stderr"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$rootfs/tmp"
mount --bind "$cache_dir/apt/lists" "$rootfs/var/lib/apt/lists"
# Downloads go to /tmp/apt-archives: the image's docker-clean hook empties
# /var/cache/apt/archives after every install, which would empty the cache.
# Said in an apt.conf on /tmp (APT_CONFIG), so the definitions' own apt-get
# calls use it too and nothing of it reaches the layer.
mkdir "$rootfs/tmp/apt-archives"
mount --bind "$cache_dir/apt/archives" "$rootfs/tmp/apt-archives"
echo 'Dir::Cache::Archives "/tmp/apt-archives/";' >"$rootfs/tmp/apt.conf"
cat /etc/resolv.conf >"$rootfs/etc/resolv.conf"

in_root() { # in_root COMMAND...: runs in the chroot with a clean environment
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive APT_CONFIG=/tmp/apt.conf "$@"
}
run_script() { # run_script FILE: a definition's script, run by the image's own shell
  [ -f "$1" ] || return 0
  cp "$1" "$rootfs/tmp/step.sh"
  in_root sh -eux /tmp/step.sh
}
mapfile -t packages < <(json "$def/image.json" 'v.packages')
in_root apt-get -q update
run_script "$def/pre-install.sh"
in_root apt-get -q install -y --no-install-recommends "${packages[@]}"
version_of=$(json "$def/image.json" 'v.versionOf ?? v.packages[0]')
in_root dpkg-query -W -f '${Version}' "$version_of" >"$work/version"
run_script "$def/configure.sh"

# What the build itself left: the resolver, apt and dpkg logs and backups,
# caches that are rebuilt on demand.
rm -f "$rootfs/etc/resolv.conf"
rm -rf "$rootfs"/var/log/apt/* "$rootfs"/var/log/dpkg.log "$rootfs"/var/log/alternatives.log \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old "$rootfs"/var/cache/ldconfig/aux-cache \
  "$rootfs"/var/cache/apt/*.bin "$rootfs"/etc/*-
unmount_under "$rootfs"
umount "$rootfs"
