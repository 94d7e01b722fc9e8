#!/bin/sh
# Configuration from templates: every file under $NGINX_ENVSUBST_TEMPLATE_DIR
# (default /etc/nginx/templates) ending in $NGINX_ENVSUBST_TEMPLATE_SUFFIX
# (default .template) is written to $NGINX_ENVSUBST_OUTPUT_DIR (default
# /etc/nginx/conf.d) under the same relative path, without the suffix, with
# ${VAR} replaced by the container's environment. Only variables that are set
# are replaced, so nginx's own $host, $uri ... stay as they are.
# Example: templates/site.conf.template with `listen ${PORT};` → conf.d/site.conf.
set -e
dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
out=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
[ -d "$dir" ] || exit 0
if [ ! -w "$out" ]; then
    echo "$0: $out is not writable, templates not applied" >&2
    exit 0
fi
# The names of the variables that are set, as envsubst's SHELL-FORMAT: '${A} ${B}'.
defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
find "$dir" -follow -type f -name "*$suffix" | sort | while read -r template; do
    rel=${template#"$dir"/}
    target=$out/${rel%"$suffix"}
    mkdir -p "$(dirname "$target")"
    envsubst "$defined" <"$template" >"$target"
    echo "$0: $template → $target"
done
