#!/bin/sh
# Entrypoint of the nginx image. When the command is nginx, the scripts in
# /docker-entrypoint.d/ prepare the configuration first, in name order:
# executable *.sh files run, *.envsh files are sourced (so they can export
# variables for nginx), anything else is skipped. Any other command (a shell,
# nginx -t with another name) runs as it is.
# NGINX_ENTRYPOINT_QUIET_LOGS=1 silences this script's own messages.
set -e

say() {
    [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$0: $*"
}

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    found=
    for step in $(find /docker-entrypoint.d/ -follow -mindepth 1 -maxdepth 1 -type f 2>/dev/null | sort); do
        found=1
        case "$step" in
            *.envsh)
                if [ -x "$step" ]; then say "sourcing $step"; . "$step"; else say "skipping $step: not executable"; fi ;;
            *.sh)
                if [ -x "$step" ]; then say "running $step"; "$step"; else say "skipping $step: not executable"; fi ;;
            *)
                say "skipping $step" ;;
        esac
    done
    if [ -n "$found" ]; then say "configuration done, starting nginx"; else say "/docker-entrypoint.d/ is empty, starting nginx"; fi
fi

exec "$@"
