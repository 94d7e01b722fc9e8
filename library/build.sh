#!/usr/bin/env bash
# Builds an official image from its definition in library/NAME into
# build/images/NAME.tar, a `docker save` archive (OCI layout inside) that
# `docker load`, `quai load` and skopeo read.
#
#   library/NAME/rootfs.sh DIR   lays out the root filesystem, prints the source date
#   library/NAME/image.json      repository, tags, config (Env, Cmd...), history
#
# Reproducible: entries sorted, owner 0:0, every mtime the source date, so
# building twice gives the same bytes and the same image id.
set -euo pipefail
umask 022
name=${1:?usage: library/build.sh NAME}
lib=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$lib")
def="$lib/$name"
[ -f "$def/rootfs.sh" ] && [ -f "$def/image.json" ] || { echo "build.sh: no image definition in $def" >&2; exit 1; }
out="$root/build/images/$name.tar"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

epoch=$(bash "$def/rootfs.sh" "$work/rootfs" | tail -n 1)
epoch=${SOURCE_DATE_EPOCH:-$epoch}

# Deterministic tar of a directory's contents, names without a leading "./".
det_tar() { # det_tar DIR OUT
  (cd "$1" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
    tar --create --file "$2" --format=gnu --mtime="@$epoch" \
      --owner=0 --group=0 --numeric-owner --no-recursion --verbatim-files-from --files-from -)
}

det_tar "$work/rootfs" "$work/layer.tar"
mkdir "$work/archive"
id=$(node "$lib/pack-image.js" --layer "$work/layer.tar" --image "$def/image.json" \
  --created "$epoch" --out "$work/archive")
det_tar "$work/archive" "$work/image.tar"
mkdir -p "$(dirname "$out")"
mv "$work/image.tar" "$out"
echo "built $out (image id $id)"
