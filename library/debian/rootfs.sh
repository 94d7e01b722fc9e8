#!/usr/bin/env bash
# Lays out the debian:bookworm-slim root filesystem the way the official
# image (docker-library/debian, built with debuerreotype) does: a minbase
# debootstrap against the Debian mirror, the container-minimizing apt/dpkg
# config, the updates and security updates, then "slimify": no docs (copyright
# kept), man pages, info or locales, and dpkg told to keep them out of later
# installs too. Host-specific files (hostname, resolv.conf, logs, caches, apt
# lists) are removed.
#
#   rootfs.sh WORK    writes WORK/rootfs, WORK/epoch (the source date, below)
#                     and WORK/version (/etc/debian_version, e.g. 12.12)
set -euo pipefail
umask 022
work=${1:?usage: rootfs.sh WORK}
dir=$work/rootfs
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
. "$(dirname "$0")/../common.sh"
# Downloaded .debs are kept between builds (build/ is not in git).
cache="$cache_dir/debootstrap-$suite"
command -v debootstrap >/dev/null || { echo "rootfs.sh: debootstrap missing: apt-get install debootstrap" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "rootfs.sh: debootstrap needs root" >&2; exit 1; }

# debootstrap mounts proc/sys in the target; never leave them behind.
trap 'unmount_under "$dir"' EXIT

rm -rf "$dir"
mkdir -p "$dir" "$cache"
debootstrap --variant=minbase --arch=amd64 --cache-dir="$cache" "$suite" "$dir" "$mirror" >&2
unmount_under "$dir"

# --- minimizing config (what debuerreotype-minimizing-config writes) ---
cat >"$dir/usr/sbin/policy-rc.d" <<'EOT'
#!/bin/sh
# Services never start in a container build.
exit 101
EOT
chmod 755 "$dir/usr/sbin/policy-rc.d"
echo 'force-unsafe-io' >"$dir/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'EOT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOT
echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"

# The official sources, deb822 style.
rm -f "$dir/etc/apt/sources.list"
cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOT
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT

# --- slimify: drop docs, man, info, locales now and in every later install ---
cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<'EOT'
# Slim image: no documentation or translations (copyright files stay).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
EOT
# --- point-release and security updates, as the official image has them ---
# (in namespaces of their own: the proc mount and any process end with them)
unshare --mount --propagation private --pid --fork --kill-child sh -c '
  mount -t proc proc "$1/proc" && mkdir -p "$1/dev/pts" &&
  mount -t devpts -o newinstance,ptmxmode=0666 devpts "$1/dev/pts" &&
  chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get -q update && apt-get -q -y dist-upgrade"' sh "$dir" >&2

# Source date: the newest Date of the suites' Release files, so the image only
# changes when the archive does.
epoch=0
for release in "$dir"/var/lib/apt/lists/*InRelease; do
  d=$(date -d "$(sed -n 's/^Date: //p' "$release" | head -n 1)" +%s)
  [ "$d" -le "$epoch" ] || epoch=$d
done
epoch=${SOURCE_DATE_EPOCH:-$epoch}
[ "$epoch" -gt 0 ] || { echo "rootfs.sh: no Release file read: no source date" >&2; exit 1; }

(
  cd "$dir/usr/share"
  find doc -mindepth 1 ! -type d ! -name copyright -delete
  find doc -mindepth 1 -depth -type d -empty -delete
  rm -rf info/* linda/* lintian/overrides/* man/* groff/*
  find locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
)

# --- host-specific files, logs and caches ---
rm -f "$dir/etc/hostname" "$dir/etc/resolv.conf" "$dir/etc/hosts" "$dir/etc/machine-id"
rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
  "$dir"/var/cache/apt/archives/partial/* "$dir"/var/cache/ldconfig/aux-cache \
  "$dir"/var/lib/dpkg/*-old "$dir"/var/cache/debconf/*-old "$dir/debootstrap"
find "$dir/var/log" -type f -delete
rm -rf "$dir"/dev/* "$dir"/proc/* "$dir"/sys/* "$dir"/run/* "$dir"/tmp/*
chmod 1777 "$dir/tmp"
# /var/lock points there: programs that keep lock files (apache2) need it.
install -d -m 1777 "$dir/run/lock"
# Password change dates (days since 1970) from the source date, not today.
days=$((epoch / 86400))
awk -F: -v OFS=: -v d="$days" '$3 != "" { $3 = d } { print }' "$dir/etc/shadow" >"$dir/etc/shadow.new"
cat "$dir/etc/shadow.new" >"$dir/etc/shadow" && rm -f "$dir/etc/shadow.new" "$dir/etc/shadow-" "$dir/etc/gshadow-" \
  "$dir/etc/passwd-" "$dir/etc/group-" "$dir/etc/subuid-" "$dir/etc/subgid-"

echo "$epoch" >"$work/epoch"
cat "$dir/etc/debian_version" >"$work/version"
