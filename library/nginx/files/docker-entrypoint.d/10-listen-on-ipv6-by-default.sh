#!/bin/sh
# Makes the default site listen on IPv6 too ([::]:80), when the container has
# IPv6 and default.conf is still the image's own (a file you replaced or
# edited is left alone). Without IPv6 in the container, nginx could not bind
# [::] and would not start, so the image's file listens on IPv4 only.
set -e
conf=/etc/nginx/conf.d/default.conf
[ -f /proc/net/if_inet6 ] || { echo "$0: no IPv6 in this container, listening on IPv4 only"; exit 0; }
[ -f "$conf" ] && [ -w "$conf" ] || exit 0
grep -q '^    listen 80;$' "$conf" || { echo "$0: $conf is not the image's own, left as it is"; exit 0; }
grep -q 'listen \[::\]:80' "$conf" && exit 0
sed -i 's/^    listen 80;$/    listen 80;\n    listen [::]:80;/' "$conf"
echo "$0: $conf now listens on [::]:80 too"
