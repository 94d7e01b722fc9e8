#!/usr/bin/env bash
# Lays out the busybox image's root filesystem in DIR, the way the official
# image (docker-library/busybox) does: one static busybox in /bin, every applet
# a hardlink to it in /bin, the buildroot skeleton's passwd/group/shadow, and
# the directories of buildroot's device table. Built offline from Debian's
# busybox-static. Prints the source date (epoch seconds) on stdout: the mtime
# of the packaged binary, so the image only changes when busybox does.
set -euo pipefail
umask 022
dir=${1:?usage: rootfs.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
bb=/bin/busybox
if ! "$bb" --list >/dev/null 2>&1; then
  echo "rootfs.sh: $bb missing: apt-get install busybox-static" >&2
  exit 1
fi

rm -rf "$dir"
mkdir -p "$dir/bin"
cp "$bb" "$dir/bin/busybox"
chmod 755 "$dir/bin/busybox"
# `busybox --install /bin` inside the image makes hardlinks; do the same from
# outside, since the applet list is all it needs.
for applet in $("$bb" --list); do
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

stat -c %Y "$bb"
