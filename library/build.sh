#!/usr/bin/env bash
# Builds official images from their definitions (library/NAME/) into
# build/images/NAME.tar: `docker save` archives (OCI layout inside) that
# `docker load`, `quai load` and skopeo read.
#
#   library/build.sh [--force] [NAME...]     no NAME: every definition
#
# Two kinds of definition (library/README.md), each filling a work dir WORK
# with the new layers' directories, WORK/epoch (the source date, which dates
# every file made during the build) and maybe WORK/version (a Debian version
# for the {version} placeholders of image.json):
#   root image     NAME/rootfs.sh WORK lays out the whole filesystem in
#                  WORK/rootfs: one layer (debian from debootstrap, busybox
#                  compiled from Debian's source package);
#   derived image  image.json names a `base` and Debian `packages`: the base's
#                  layers byte for byte, then WORK/packages, the apt-get install
#                  (library/derive.sh), then WORK/files, a copy of NAME/files/.
# An image is built only when its archive is missing or older than its
# definition (README.md aside), these scripts, or its base's archive; bases
# are built first. Reproducible: same inputs, same bytes, same image id.
set -euo pipefail
umask 022
. "$(dirname "$0")/common.sh"

force=
if [ "${1:-}" = --force ]; then force=1; shift; fi
names=("$@")
work=
trap '[ -z "$work" ] || rm -rf --one-file-system "$work"' EXIT
if [ ${#names[@]} -eq 0 ]; then
  for def in "$lib"/*/; do [ -f "$def/image.json" ] && names+=("$(basename "$def")"); done
fi

# What images are made by: a change here rebuilds them (derived ones also
# depend on their base's archive).
builder_files=("$lib/build.sh" "$lib/common.sh" "$lib/pack-image.js")
derive_files=("$lib/derive.sh" "$lib/chroot-install.sh")

base_of() { json "$lib/$1/image.json" 'v.base'; }

# True when NAME's archive is missing or older than anything it is made from.
stale() { # stale NAME
  local name=$1 out="$images_dir/$1.tar" base inputs=("$lib/$1" "${builder_files[@]}")
  [ -f "$out" ] || return 0
  base=$(base_of "$name")
  if [ -n "$base" ]; then
    [ ! "$images_dir/$base.tar" -nt "$out" ] || return 0
    inputs+=("${derive_files[@]}")
  fi
  # NAME/inputs: more files (relative to the repository) whose change makes it stale.
  if [ -f "$lib/$name/inputs" ]; then
    while IFS= read -r extra; do
      [ -z "$extra" ] || [ "${extra#\#}" != "$extra" ] || inputs+=("$root/$extra")
    done <"$lib/$name/inputs"
  fi
  [ -n "$(find "${inputs[@]}" ! -type d ! -name README.md -newer "$out" -print -quit)" ]
}

build_one() { # build_one NAME
  local name=$1 def="$lib/$1" epoch base layer layers id
  local pack=(--image "$def/image.json")
  [ -f "$def/image.json" ] || { echo "build.sh: no image definition in $def" >&2; exit 1; }
  echo "build.sh: building $name"
  work=$(mktemp -d "${TMPDIR:-/tmp}/quai-library-$name.XXXXXX")
  base=$(base_of "$name")
  if [ -z "$base" ]; then
    bash "$def/rootfs.sh" "$work"
    layers=(rootfs)
  else
    mkdir "$work/base"
    tar -xf "$images_dir/$base.tar" -C "$work/base"
    pack+=(--base "$work/base")
    bash "$lib/derive.sh" "$name" "$work"
    layers=(packages)
    [ ! -d "$work/files" ] || layers+=(files)
  fi
  epoch=$(cat "$work/epoch")
  [ ! -f "$work/version" ] || pack+=(--package-version "$(cat "$work/version")")
  for layer in "${layers[@]}"; do
    det_tar "$work/$layer" "$work/$layer.tar" "$epoch"
    pack+=(--layer "$work/$layer.tar")
  done
  mkdir "$work/archive"
  id=$(node "$lib/pack-image.js" "${pack[@]}" --created "$epoch" --out "$work/archive")
  det_tar "$work/archive" "$work/image.tar" "$epoch"
  mkdir -p "$images_dir"
  mv "$work/image.tar" "$images_dir/$name.tar"
  echo "built $images_dir/$name.tar (image id $id)"
  rm -rf --one-file-system "$work"
}

declare -A visited=() forced=()
build_with_base() { # build_with_base NAME: its base first, then itself when stale (or forced)
  local name=$1 base
  [ -z "${visited[$name]:-}" ] || return 0
  visited[$name]=1
  base=$(base_of "$name")
  [ -z "$base" ] || build_with_base "$base"
  if [ -n "${forced[$name]:-}" ] || stale "$name"; then build_one "$name"; fi
}

if [ -n "$force" ]; then for name in "${names[@]}"; do forced[$name]=1; done; fi
for name in "${names[@]}"; do build_with_base "$name"; done
