#!/usr/bin/env bash
# Pushes every built official image (build/images/NAME.tar) into a hub as
# library/NAME:TAG for each tag in library/NAME/image.json, then sets the
# repository's description and README (library/NAME/README.md) through the
# hub's JSON API. Idempotent: a tag whose config digest (image id) already
# matches the archive is not pushed again.
#
#   library/push.sh HUB_URL [NAME...]      e.g. library/push.sh http://127.0.0.1:5000
#
# Admin credentials: QUAI_HUB_USER (default admin) and QUAI_HUB_PASSWORD, or
# QUAI_HUB_PASSWORD_FILE (default /var/lib/quai-hub/admin-password).
# PUSH_QUIET=1 leaves out the "up to date" lines.
set -euo pipefail
url=${1:?usage: library/push.sh HUB_URL [NAME...]}
shift
url=${url%/}
host=${url#*://}
lib=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$lib")
user=${QUAI_HUB_USER:-admin}
pwfile=${QUAI_HUB_PASSWORD_FILE:-/var/lib/quai-hub/admin-password}
password=${QUAI_HUB_PASSWORD:-$( [ -r "$pwfile" ] && cat "$pwfile" || true)}
[ -n "$password" ] || { echo "push.sh: no password: set QUAI_HUB_PASSWORD or QUAI_HUB_PASSWORD_FILE" >&2; exit 1; }
command -v skopeo >/dev/null || { echo "push.sh: skopeo missing: apt-get install skopeo" >&2; exit 1; }
tls=()
case $url in http://*) tls=(--tls-verify=false) ;; esac

# Reads one field of a JSON file with node (no jq on a fresh host).
json() { node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); const r = (new Function("v", "return " + process.argv[1]))(v); process.stdout.write(Array.isArray(r) ? r.join("\n") : String(r ?? ""))' "$1"; }

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for def in "$lib"/*/; do [ -f "$def/image.json" ] && names+=("$(basename "$def")"); done
fi

for name in "${names[@]}"; do
  def="$lib/$name"
  archive="$root/build/images/$name.tar"
  [ -f "$archive" ] || { echo "push.sh: $archive missing: bash library/build.sh $name" >&2; exit 1; }
  repo=$(json 'v.repository' <"$def/image.json")
  case $repo in */*) ;; *) repo="library/$repo" ;; esac
  # The image id: the config blob's digest, as named in the archive's manifest.json.
  want=$(tar -xOf "$archive" manifest.json | json 'v[0].Config.split("/").pop()')
  for tag in $(json 'v.tags' <"$def/image.json"); do
    ref="docker://$host/$repo:$tag"
    have=$(skopeo inspect "${tls[@]}" --raw "$ref" 2>/dev/null | json 'v.config && v.config.digest.replace("sha256:", "")' 2>/dev/null || true)
    if [ "$have" = "$want" ]; then
      [ "${PUSH_QUIET:-}" = 1 ] || echo "push.sh: $repo:$tag up to date"
      continue
    fi
    echo "push.sh: pushing $repo:$tag"
    skopeo copy -q "${tls[@]/--tls-verify/--dest-tls-verify}" --dest-creds "$user:$password" \
      "docker-archive:$archive" "$ref"
  done
  # Description and README for the hub's repository page.
  if [ -f "$def/README.md" ]; then
    body=$(node -e 'const fs = require("fs"); const [img, readme] = process.argv.slice(1);
      const i = JSON.parse(fs.readFileSync(img, "utf8"));
      process.stdout.write(JSON.stringify({ description: i.description ?? "", readme: fs.readFileSync(readme, "utf8") }))' \
      "$def/image.json" "$def/README.md")
    code=$(curl -sS -o /dev/null -w '%{http_code}' -u "$user:$password" -X PATCH -H 'Content-Type: application/json' \
      --data-binary "$body" "$url/api/repositories/$repo" || true)
    [ "$code" = 204 ] || echo "push.sh: warning: README of $repo not set (HTTP $code)" >&2
  fi
done
