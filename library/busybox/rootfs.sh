#!/usr/bin/env bash
# Lays out the busybox image's root filesystem the way the official image
# (docker-library/busybox, glibc variant) does: one static busybox in /bin,
# every applet a hardlink to it in /bin, the buildroot skeleton's
# passwd/group/shadow, and the directories of buildroot's device table.
#
# Like the official image, busybox is compiled here, not taken from a binary
# package: Debian bookworm's busybox-static 1.35 is built without
# FEATURE_WGET_TIMEOUT, yet its wget still accepts -T and writes the number
# through a NULL pointer (a segfault; Debian enabled the option in 1.36.1-5).
# So: bookworm's busybox source package (Debian's patches), Debian's static
# configuration, that one option turned on, Debian's compiler flags.
#
#   rootfs.sh WORK    writes WORK/rootfs, WORK/epoch (the source package's
#                     changelog date) and WORK/version (its Debian version)
set -euo pipefail
umask 022
work=${1:?usage: rootfs.sh WORK}
dir=$work/rootfs
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
suite=${DEBIAN_SUITE:-bookworm}
for tool in dpkg-source dpkg-buildflags dpkg-parsechangelog make gcc; do
  command -v "$tool" >/dev/null || { echo "rootfs.sh: $tool missing: apt-get install dpkg-dev gcc make libc6-dev" >&2; exit 1; }
done

# --- the source package, through a private apt state (the host's own sources need no deb-src) ---
apt_dir=$cache_dir/apt-source
mkdir -p "$apt_dir/lists/partial"
cat >"$apt_dir/debian.sources" <<EOT
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
apt_opts=(-q -o "Dir::Etc::SourceList=$apt_dir/debian.sources" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update >&2
version=$(apt-cache "${apt_opts[@]}" showsrc busybox | sed -n 's/^Version: //p' | sort -V | tail -n 1)
src_dir=$cache_dir/busybox/${version//:/_}   # make cannot take a colon in a path
binary=$src_dir/busybox

# --- compiled once per source version ---
if [ ! -x "$binary" ]; then
  rm -rf "$src_dir" && mkdir -p "$src_dir"
  (cd "$src_dir" && apt-get "${apt_opts[@]}" source --download-only "busybox=$version" >&2)
  dpkg-source -x "$src_dir"/busybox_*.dsc "$src_dir/src" >&2
  out=$src_dir/out
  mkdir "$out"
  # Kconfig keeps an option's first value: ours goes before Debian's files (as debian/rules layers them).
  { echo 'CONFIG_FEATURE_WGET_TIMEOUT=y'; cat "$src_dir/src/debian/config/os/linux" "$src_dir/src/debian/config/pkg/static"; } >"$out/.config"
  (cd "$src_dir/src" && { yes '' || true; } | make -C "$out" -f "$src_dir/src/Makefile" KBUILD_SRC="$src_dir/src" silentoldconfig >&2)
  grep -qx 'CONFIG_FEATURE_WGET_TIMEOUT=y' "$out/.config" || { echo "rootfs.sh: wget timeouts did not stay enabled" >&2; exit 1; }
  # Debian's flags without -O2 (busybox's own -Os), as debian/rules does.
  cflags="$(dpkg-buildflags --get CFLAGS | sed 's/-O2//') $(dpkg-buildflags --get CPPFLAGS)"
  make -C "$out" -j"$(nproc)" all SKIP_STRIP=y KCONFIG_NOTIMESTAMP=1 \
    BB_EXTRA_VERSION="Debian $version, with wget -T" CONFIG_EXTRA_CFLAGS="$cflags" \
    CONFIG_EXTRA_LDFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get LDFLAGS)" >&2
  strip --remove-section=.comment --remove-section=.note "$out/busybox" -o "$binary.new"
  dpkg-parsechangelog -l "$src_dir/src/debian/changelog" -S Timestamp >"$src_dir/timestamp"
  rm -rf "$src_dir/src" "$out"
  mv "$binary.new" "$binary"
fi

# --- the root filesystem ---
rm -rf "$dir"
mkdir -p "$dir/bin"
install -m 755 "$binary" "$dir/bin/busybox"
# `busybox --install /bin` inside the image makes hardlinks; do the same from
# outside, since the applet list is all it needs.
for applet in $("$binary" --list); do
  [ "$applet" = busybox ] || ln "$dir/bin/busybox" "$dir/bin/$applet"
done

mkdir -p "$dir/etc"
cp "$here/etc/passwd" "$here/etc/group" "$here/etc/shadow" "$dir/etc/"
chmod 644 "$dir/etc/passwd" "$dir/etc/group"
chmod 600 "$dir/etc/shadow"
# The image is UTC, as the official one.
if [ -f /usr/share/zoneinfo/UTC ]; then cp /usr/share/zoneinfo/UTC "$dir/etc/localtime"; fi

# Directories of buildroot's device table plus every user's home.
install -d -m 755 "$dir/dev" "$dir/proc" "$dir/sys" "$dir/home" "$dir/usr/sbin" \
  "$dir/var" "$dir/var/spool/mail" "$dir/var/www" "$dir/etc/network"
install -d -m 700 "$dir/root"
install -d -m 1777 "$dir/tmp"
chmod 755 "$dir" "$dir/bin" "$dir/etc"

cat "$src_dir/timestamp" >"$work/epoch"
echo "$version" >"$work/version"
