# Sourced by library/*.sh: where things live, and the helpers every step shares.
#
#   build/images/NAME.tar     a built image (docker save archive)
#   build/cache/              downloads kept between builds (debootstrap, apt, busybox source)
#   library/NAME/image.json   an image's definition (library/README.md)

lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$lib")
images_dir=$root/build/images
cache_dir=$root/build/cache

# Prints the value of a JavaScript expression over `v`, the JSON read from
# FILE (node, since a fresh host has no jq); arrays print one item a line.
json() { # json FILE EXPR
  node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const r = (new Function("v", "return " + process.argv[2]))(v);
    process.stdout.write(Array.isArray(r) ? r.join("\n") : String(r ?? ""))' "$1" "$2"
}

# A reproducible tar of DIR's contents: names sorted and without "./", owners
# as numbers (a layer's users are the image's, not the host's), and no mtime
# later than EPOCH (files from packages keep theirs, files made during the build
# get EPOCH), so the same inputs give the same bytes.
det_tar() { # det_tar DIR OUT EPOCH
  (cd "$1" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
    tar --create --file "$2" --format=gnu --mtime="@$3" --clamp-mtime \
      --numeric-owner --no-recursion --verbatim-files-from --files-from -)
}

# Unmounts every mount under DIR, deepest first (lazy, so a busy one never blocks).
unmount_under() { # unmount_under DIR
  local d m
  d=$(realpath -m "$1")
  for m in $(awk -v d="$d" 'index($2, d"/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}
