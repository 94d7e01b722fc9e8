#!/bin/sh
# Entrypoint of the redis image.
#
#   docker run redis                          redis-server, as the redis user, in /data
#   docker run redis --appendonly yes         options alone are redis-server's
#   docker run redis /etc/redis/my.conf ...   so is a configuration file
#   docker run -it redis redis-cli -h HOST    any other command runs as it is
#
# Debian's redis-server starts in protected mode (no clients from other
# hosts while no password is set), which inside a container would refuse
# every client from another container or a published port. Like the official
# image, this one starts with protected mode off unless you chose otherwise:
# on the command line, or in the configuration file you pass.
set -e

case "$1" in
    -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "$1" = redis-server ]; then
    chosen=
    for arg in "$@"; do
        case "$arg" in
            --protected-mode) chosen=1 ;;
            *.conf) if [ -f "$arg" ] && grep -qE '^[[:space:]]*protected-mode[[:space:]]' "$arg"; then chosen=1; fi ;;
        esac
    done
    [ -n "$chosen" ] || set -- "$@" --protected-mode no

    # Files redis writes are for redis alone, unless a umask was set on purpose.
    if [ "$(umask)" = 0022 ]; then umask 0077; fi

    if [ "$(id -u)" = 0 ]; then
        # The data directory (the current one, /data unless -w says otherwise)
        # must belong to redis, also when it is a fresh volume or a bind mount.
        find . \! -user redis -exec chown redis '{}' +
        exec gosu redis "$@"
    fi
fi

exec "$@"
