#!/usr/bin/env bash
# Entrypoint of the postgres image. On the first start, with an empty data
# directory ($PGDATA), it creates the database cluster from the environment:
#
#   POSTGRES_PASSWORD       the superuser's password (required, unless
#                           POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_USER           the superuser's name (default postgres)
#   POSTGRES_DB             a database to create (default: POSTGRES_USER's name)
#   POSTGRES_INITDB_ARGS    more arguments for initdb, e.g. "--data-checksums"
#   POSTGRES_INITDB_WALDIR  where the write-ahead log goes, if not in $PGDATA
#   POSTGRES_HOST_AUTH_METHOD  how clients from the network authenticate
#                           (pg_hba.conf; default scram-sha-256)
#
# Each of the first five may come from a file instead (VAR_FILE=/run/secrets/...).
# Then it runs the files of /docker-entrypoint-initdb.d in name order (*.sh run
# or sourced, *.sql and *.sql.gz/.xz/.zst fed to psql) against a server that
# listens on its unix socket only, stops that server, and starts the real one.
# A data directory that already holds a cluster is used as it is.
#
#   docker run postgres                 postgres, as the postgres user
#   docker run postgres -c shared_buffers=256MB    options alone are postgres's
#   docker run -it postgres psql -h HOST           any other command runs as it is
set -Eeo pipefail

die() {
    printf 'docker-entrypoint.sh: %s\n' "$@" >&2
    exit 1
}

# VAR from VAR or from the file VAR_FILE names (not both), DEFAULT otherwise.
env_or_file() { # env_or_file VAR [DEFAULT]
    local var=$1 file_var=${1}_FILE value=${2:-}
    if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
        die "both $var and $file_var are set; use one of them"
    fi
    if [ -n "${!var:-}" ]; then
        value=${!var}
    elif [ -n "${!file_var:-}" ]; then
        value=$(<"${!file_var}")
    fi
    export "$var=$value"
    unset "$file_var"
}

# As root: the directories exist and belong to postgres. As another user
# (--user): they must already be writable by it.
prepare_directories() {
    mkdir -p "$PGDATA"
    chmod 00700 "$PGDATA" 2>/dev/null || true
    mkdir -p /var/run/postgresql
    chmod 03775 /var/run/postgresql 2>/dev/null || true
    if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
        mkdir -p "$POSTGRES_INITDB_WALDIR"
    fi
    if [ "$(id -u)" = 0 ]; then
        find "$PGDATA" /var/run/postgresql ${POSTGRES_INITDB_WALDIR:+"$POSTGRES_INITDB_WALDIR"} \
            \! -user postgres -exec chown postgres '{}' +
        chmod 00700 "$PGDATA"
    fi
}

# A user id without a passwd entry (docker run --user 1234) still needs a
# name for initdb: nss_wrapper lends it one for the time of initdb.
with_user_name() {
    if getent passwd "$(id -u)" >/dev/null; then
        "$@"
        return
    fi
    local passwd group
    passwd=$(mktemp) group=$(mktemp)
    printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$PGDATA" >"$passwd"
    printf 'postgres:x:%s:\n' "$(id -g)" >"$group"
    LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD=$passwd NSS_WRAPPER_GROUP=$group "$@"
    rm -f "$passwd" "$group"
}

check_settings() {
    if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
        die "the database is not initialised and POSTGRES_PASSWORD is not set." \
            "Set it, e.g. docker run -e POSTGRES_PASSWORD=... postgres (or POSTGRES_PASSWORD_FILE" \
            "for a secret), so that clients from the network can log in." \
            "POSTGRES_HOST_AUTH_METHOD=trust lets anyone in without a password instead: only for tests."
    fi
    if [ "${#POSTGRES_PASSWORD}" -gt 100 ]; then
        echo "docker-entrypoint.sh: warning: POSTGRES_PASSWORD is longer than 100 characters" >&2
    fi
    if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
        echo "docker-entrypoint.sh: warning: POSTGRES_HOST_AUTH_METHOD=trust: any client can connect as any user, without a password" >&2
    fi
}

create_cluster() {
    local args=(--username="$POSTGRES_USER") pwfile
    # The password reaches initdb in a file only this user reads, never on a command line.
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    if [ -n "$POSTGRES_PASSWORD" ]; then args+=(--pwfile="$pwfile"); fi
    if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then args+=(--waldir="$POSTGRES_INITDB_WALDIR"); fi
    # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS holds several words on purpose
    with_user_name initdb "${args[@]}" $POSTGRES_INITDB_ARGS
    rm -f "$pwfile"
    # Clients from the network log in with the password (or as the method says).
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
}

# psql as the superuser over the unix socket, stopping at the first error.
sql() {
    PGPASSWORD=$POSTGRES_PASSWORD psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc \
        --username "$POSTGRES_USER" "$@"
}

create_database() {
    [ "$POSTGRES_DB" != postgres ] || return 0
    local exists
    exists=$(sql --dbname postgres -tA --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
    if [ -z "$exists" ]; then
        sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
        echo "docker-entrypoint.sh: created database $POSTGRES_DB"
    fi
}

run_init_files() {
    local f dir=/docker-entrypoint-initdb.d
    if [ -e "$dir" ] && { [ ! -r "$dir" ] || [ ! -x "$dir" ]; }; then
        echo "docker-entrypoint.sh: warning: $dir is not readable by $(id -un 2>/dev/null || id -u): its files are not run" >&2
    fi
    for f in "$dir"/*; do
        [ -e "$f" ] || continue
        case "$f" in
            *.sh)
                if [ -x "$f" ]; then
                    echo "docker-entrypoint.sh: running $f"
                    "$f"
                else
                    echo "docker-entrypoint.sh: sourcing $f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi
                ;;
            *.sql) echo "docker-entrypoint.sh: running $f"; sql --dbname "$POSTGRES_DB" -f "$f" ;;
            *.sql.gz) echo "docker-entrypoint.sh: running $f"; gunzip -c "$f" | sql --dbname "$POSTGRES_DB" ;;
            *.sql.xz) echo "docker-entrypoint.sh: running $f"; xzcat "$f" | sql --dbname "$POSTGRES_DB" ;;
            *.sql.zst) echo "docker-entrypoint.sh: running $f"; zstd -dc "$f" | sql --dbname "$POSTGRES_DB" ;;
            *) echo "docker-entrypoint.sh: ignoring $f" ;;
        esac
    done
}

initialise() {
    env_or_file POSTGRES_PASSWORD
    env_or_file POSTGRES_USER postgres
    env_or_file POSTGRES_DB "$POSTGRES_USER"
    env_or_file POSTGRES_INITDB_ARGS
    env_or_file POSTGRES_INITDB_WALDIR
    export POSTGRES_HOST_AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    check_settings
    create_cluster
    # A server on the unix socket only: nothing from the network meets a half-made database.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
    create_database
    run_init_files
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "docker-entrypoint.sh: the database is initialised; starting PostgreSQL"
}

# Options alone are the server's.
if [ "${1:0:1}" = - ]; then
    set -- postgres "$@"
fi

if [ "$1" = postgres ]; then
    prepare_directories
    if [ "$(id -u)" = 0 ]; then
        exec gosu postgres "${BASH_SOURCE[0]}" "$@"
    fi
    if [ -s "$PGDATA/PG_VERSION" ]; then
        echo "docker-entrypoint.sh: $PGDATA already holds a database: no initialisation"
    else
        initialise
    fi
fi

exec "$@"
