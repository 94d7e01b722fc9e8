#!/usr/bin/env bash
# Pushes built official images (build/images/NAME.tar) into a hub as
# library/REPO:TAG for every tag the archive carries (image.json's tags with
# the package version filled in: nginx:latest, nginx:1.22.1 ...), then sets the
# repository's description and README (library/NAME/README.md, its "Tags:"
# line rewritten to the exact tags) through the hub's JSON API. Idempotent: a
# tag whose config digest (image id) already matches the archive is not pushed
# again.
#
#   library/push.sh HUB_URL [NAME...]      e.g. library/push.sh http://127.0.0.1:5000
#
# Admin credentials: QUAI_HUB_USER (default admin) and QUAI_HUB_PASSWORD, or
# QUAI_HUB_PASSWORD_FILE (default /var/lib/quai-hub/admin-password).
# PUSH_QUIET=1 leaves out the "up to date" lines.
set -euo pipefail
. "$(dirname "$0")/common.sh"
url=${1:?usage: library/push.sh HUB_URL [NAME...]}
shift
url=${url%/}
host=${url#*://}
user=${QUAI_HUB_USER:-admin}
pwfile=${QUAI_HUB_PASSWORD_FILE:-/var/lib/quai-hub/admin-password}
password=${QUAI_HUB_PASSWORD:-$( [ -r "$pwfile" ] && cat "$pwfile" || true)}
[ -n "$password" ] || { echo "push.sh: no password: set QUAI_HUB_PASSWORD or QUAI_HUB_PASSWORD_FILE" >&2; exit 1; }
command -v skopeo >/dev/null || { echo "push.sh: skopeo missing: apt-get install skopeo" >&2; exit 1; }
tls=()
case $url in http://*) tls=(--tls-verify=false) ;; esac

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for def in "$lib"/*/; do [ -f "$def/image.json" ] && names+=("$(basename "$def")"); done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for name in "${names[@]}"; do
  def="$lib/$name"
  archive="$images_dir/$name.tar"
  [ -f "$archive" ] || { echo "push.sh: $archive missing: bash library/build.sh $name" >&2; exit 1; }
  repo=$(json "$def/image.json" 'v.repository')
  case $repo in */*) ;; *) repo="library/$repo" ;; esac
  # The archive's own manifest.json: the image id (config digest) and its tags.
  tar -xOf "$archive" manifest.json >"$work/manifest.json"
  want=$(json "$work/manifest.json" 'v[0].Config.split("/").pop()')
  mapfile -t tags < <(json "$work/manifest.json" 'v[0].RepoTags.map((t) => t.slice(t.lastIndexOf(":") + 1))')
  # The first tag is pushed from the archive, the others copied from it inside
  # the hub (the blobs are there already: only the manifest travels).
  source="docker-archive:$archive"
  src_tls=()
  for tag in "${tags[@]}"; do
    ref="docker://$host/$repo:$tag"
    have=$(skopeo inspect "${tls[@]}" --raw "$ref" 2>/dev/null | node -e '
      const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
      process.stdout.write(v.config ? v.config.digest.replace("sha256:", "") : "")' 2>/dev/null || true)
    if [ "$have" = "$want" ]; then
      [ "${PUSH_QUIET:-}" = 1 ] || echo "push.sh: $repo:$tag up to date"
      continue
    fi
    echo "push.sh: pushing $repo:$tag"
    skopeo copy -q "${src_tls[@]}" --src-creds "$user:$password" \
      "${tls[@]/--tls-verify/--dest-tls-verify}" --dest-creds "$user:$password" "$source" "$ref"
    source=$ref
    src_tls=("${tls[@]/--tls-verify/--src-tls-verify}")
  done
  # Description and README for the hub's repository page.
  if [ -f "$def/README.md" ]; then
    body=$(node -e 'const fs = require("fs"); const [img, readme, ...tags] = process.argv.slice(1);
      const i = JSON.parse(fs.readFileSync(img, "utf8"));
      const text = fs.readFileSync(readme, "utf8")
        .replace(/^Tags: .*$/m, `Tags: ${tags.map((t) => "`" + t + "`").join(", ")}.`);
      process.stdout.write(JSON.stringify({ description: i.description ?? "", readme: text }))' \
      "$def/image.json" "$def/README.md" "${tags[@]}")
    code=$(curl -sS -o /dev/null -w '%{http_code}' -u "$user:$password" -X PATCH -H 'Content-Type: application/json' \
      --data-binary "$body" "$url/api/repositories/$repo" || true)
    [ "$code" = 204 ] || echo "push.sh: warning: README of $repo not set (HTTP $code)" >&2
  fi
done
