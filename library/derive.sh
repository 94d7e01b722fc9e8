#!/usr/bin/env bash
# Lays out the new layers of a derived image (image.json with `base` and
# `packages`) the way `docker build` would for
#
#   FROM base
#   RUN pre-install.sh && apt-get install --no-install-recommends PACKAGES && configure.sh
#   COPY files/ /
#
# but with apt running on the host, in a chroot over the base (as debuerreotype
# and the official images' Dockerfiles do it), never through a container's
# network. The base's filesystem is the lower dir of an overlay mount; what the
# RUN step changes lands in its upper dir, which becomes the new layer once
# overlay's own markers are turned into the layer format's whiteouts.
#
#   library/derive.sh NAME WORK      WORK/base: the base's archive, extracted
#
# Writes WORK/packages (the RUN layer's files), WORK/files (the COPY layer's,
# when NAME/files exists), WORK/version (the Debian version of image.json's
# `versionOf` package) and WORK/epoch (the source date: the newest Release file
# apt used, or the base's date).
set -euo pipefail
umask 022
. "$(dirname "$0")/common.sh"
name=${1:?usage: derive.sh NAME WORK}
work=${2:?usage: derive.sh NAME WORK}
def="$lib/$name"
[ "$(id -u)" = 0 ] || { echo "derive.sh: needs root (overlay mount, chroot)" >&2; exit 1; }
for tool in unshare chroot getfattr; do
  command -v "$tool" >/dev/null || { echo "derive.sh: $tool missing (util-linux, coreutils, attr)" >&2; exit 1; }
done

# The base's filesystem. A base is a root image: one layer, no whiteouts to apply.
mapfile -t layers < <(json "$work/base/manifest.json" 'v[0].Layers')
[ ${#layers[@]} -eq 1 ] || { echo "derive.sh: the base of $name must have one layer (a root image)" >&2; exit 1; }
mkdir "$work/lower" "$work/upper" "$work/overlay-work" "$work/rootfs"
tar -xf "$work/base/${layers[0]}" -C "$work/lower" --numeric-owner --preserve-permissions

# Mounts live in a namespace of their own, processes in their own pid
# namespace: whatever happens, nothing stays mounted or running afterwards.
# A uts namespace too, so the host's name never lands in a generated file.
mkdir -p "$cache_dir/apt/lists" "$cache_dir/apt/archives"
unshare --mount --propagation private --pid --fork --kill-child --uts \
  bash "$lib/chroot-install.sh" "$name" "$work"

# overlay's markers → the layer format's (the reverse of what an engine does
# when it unpacks a layer): a 0:0 character device is a deleted file; a
# directory with trusted.overlay.opaque=y replaces the base's directory of that
# name (overlay also marks directories that are merely new: those need no marker).
upper=$work/upper
while IFS= read -r -d '' node; do
  [ "$(stat -c '%t:%T' "$node")" = 0:0 ] || { echo "derive.sh: a device node in the layer: $node" >&2; exit 1; }
  rm "$node"
  : >"$(dirname "$node")/.wh.$(basename "$node")"
done < <(find "$upper" -type c -print0)
{ getfattr -R -h --absolute-names -d -m '^trusted\.overlay\.opaque$' "$upper" || true; } |
  awk '/^# file: / { file = substr($0, 9) } /^trusted\.overlay\.opaque="y"/ { print file }' |
  while IFS= read -r dir; do
    [ ! -d "$work/lower/${dir#"$upper"/}" ] || : >"$dir/.wh..wh..opq"
  done
mv "$upper" "$work/packages"

# COPY files/ /: as git checks them out, owned by root, 0755 or 0644 by the executable bit.
if [ -d "$def/files" ]; then
  cp -r --no-preserve=all "$def/files" "$work/files"
  (cd "$def/files" && find . -type f -perm -u+x -printf '%P\0') | (cd "$work/files" && xargs -0 -r chmod 755)
fi
# Files made from this repository's build (the play-shell's quai CLI), added to the COPY layer.
if [ -f "$def/stage.sh" ]; then
  mkdir -p "$work/files"
  bash "$def/stage.sh" "$work/files" "$root"
fi

# Source date: the newest Release file among the suites apt read, never older than the base.
epoch=$(json "$work/base/$(json "$work/base/manifest.json" 'v[0].Config')" 'Date.parse(v.created) / 1000')
for release in "$cache_dir"/apt/lists/*InRelease; do
  [ -f "$release" ] || continue
  d=$(date -d "$(sed -n 's/^Date: //p' "$release" | head -n 1)" +%s)
  [ "$d" -le "$epoch" ] || epoch=$d
done
echo "$epoch" >"$work/epoch"

# Users made by pre-install.sh: their password change date is the source date, not today.
shadow=$work/packages/etc/shadow
if [ -f "$shadow" ]; then
  awk -F: -v OFS=: -v d=$((epoch / 86400)) '$3 != "" { $3 = d } { print }' "$shadow" >"$shadow.new"
  cat "$shadow.new" >"$shadow" && rm "$shadow.new"
fi
