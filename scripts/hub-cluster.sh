#!/usr/bin/env bash
# The hub at scale, on this machine: stateless hub nodes over shared storage.
#
#   scripts/hub-cluster.sh up       start everything, print the URLs
#   scripts/hub-cluster.sh down     stop everything, remove its files
#   scripts/hub-cluster.sh status   what runs, by PID
#   scripts/hub-cluster.sh node stop|start N   one hub node (failure drills)
#
# `up` starts, all on loopback:
#   - Ceph, one node: a monitor, a manager, one OSD (memstore, or bluestore
#     on a sparse file with QUAI_CLUSTER_OSD=bluestore), and radosgw, its S3
#     gateway, with a user and the bucket `quai-hub`;
#   - PostgreSQL 15, on a unix socket only;
#   - QUAI_CLUSTER_NODES (default 3) `quai hub` processes, each with
#     --database (that PostgreSQL) and --storage s3://quai-hub?endpoint=...;
#   - HAProxy in front of them, probing each node's /readyz, keeping a
#     chunked upload's requests on one node while it lives (hash of the
#     upload's URL) and everything else to the node with the fewest
#     requests in flight;
# then prints `registry: http://...` (the balancer) and one `node: http://...`
# per node, and the admin account's password file.
#
# Files, logs and PIDs live in QUAI_CLUSTER_DIR (default /var/lib/quai-hub-cluster);
# cluster.env there holds the URLs and credentials for scripts and tests.
# QUAI_CLUSTER_PORT is the balancer's port (default 5100; 0 picks a free one).
# Needs root: Debian's ceph-mon ceph-osd ceph-mgr radosgw haproxy postgresql
# (installed here when missing). No systemd: every daemon is started here,
# and `down` stops each by its PID file.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
dir=${QUAI_CLUSTER_DIR:-/var/lib/quai-hub-cluster}
nodes=${QUAI_CLUSTER_NODES:-3}
osd_store=${QUAI_CLUSTER_OSD:-memstore}
bucket=quai-hub
pg_bin=/usr/lib/postgresql/15/bin
log() { echo "hub-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits until `cmd` succeeds, up to $1 seconds.
wait_for() {
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || die "$what did not come up within ${secs}s (logs: $dir)"
    sleep 0.3
  done
}

# A PID from a file, only if that process still runs with our directory in
# its command line (never another's process that reused the number).
our_pid() {
  local f=$1 pid
  [ -f "$f" ] || return 1
  pid=$(tr -dc 0-9 <"$f")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir" || return 1
  echo "$pid"
}

stop_pidfile() {
  local f=$1 pid
  pid=$(our_pid "$f") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

start_ceph() {
  local c=$dir/ceph
  mkdir -p -m 700 "$c"
  mkdir -p "$c"/{run,log,mon.a,mgr.x,osd.0,rgw.a}
  local fsid; fsid=$(uuidgen)
  mon_port=$(free_port)
  rgw_port=$(free_port)
  cat >"$c/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public network = 127.0.0.0/8
ms bind ipv6 = false
ms bind msgr1 = false
run dir = $c/run
admin socket = $c/run/\$name.asok
log file = $c/log/\$name.log
pid file = $c/run/\$name.pid
keyring = $c/keyring
# One OSD: every pool has one copy, and no warning says so.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
[mgr]
mgr data = $c/mgr.\$id
keyring = $c/mgr.\$id/keyring
[mon]
mon data = $c/mon.\$id
[osd]
osd data = $c/osd.\$id
keyring = $c/osd.\$id/keyring
osd objectstore = $osd_store
memstore device bytes = 8589934592
bluestore block path = $c/osd.\$id/block
bluestore block create = true
bluestore block size = 21474836480
[client.rgw.a]
# tcp_nodelay: without it Nagle holds the second write of a reply (a listing,
# a completed multipart upload, a copy) for the client's delayed ACK: 40 ms each.
rgw frontends = beast endpoint=127.0.0.1:$rgw_port tcp_nodelay=1
rgw data = $c/rgw.a
keyring = $c/rgw.a/keyring
EOF
  local conf=(-c "$c/ceph.conf")
  ceph-authtool --create-keyring "$c/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$c/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$c/monmap" >/dev/null
  ceph-mon "${conf[@]}" --mkfs -i a --monmap "$c/monmap" --keyring "$c/keyring"
  ceph-mon "${conf[@]}" -i a </dev/null >>"$c/log/daemons.out" 2>&1
  log "ceph: monitor on 127.0.0.1:$mon_port"
  ceph "${conf[@]}" auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' -o "$c/mgr.x/keyring"
  ceph-mgr "${conf[@]}" -i x </dev/null >>"$c/log/daemons.out" 2>&1
  local uuid id; uuid=$(uuidgen)
  id=$(ceph "${conf[@]}" osd new "$uuid")
  [ "$id" = 0 ] || die "ceph: expected osd.0, got osd.$id"
  ceph-osd "${conf[@]}" -i 0 --no-mon-config --mkfs --mkkey --osd-uuid "$uuid" >"$c/log/osd-mkfs.log" 2>&1
  ceph "${conf[@]}" auth add osd.0 osd 'allow *' mon 'allow profile osd' mgr 'allow profile osd' -i "$c/osd.0/keyring" 2>/dev/null
  ceph-osd "${conf[@]}" -i 0 </dev/null >>"$c/log/daemons.out" 2>&1
  log "ceph: manager and osd.0 ($osd_store) started"
  ceph "${conf[@]}" auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' mgr 'allow rw' -o "$c/rgw.a/keyring"
  radosgw "${conf[@]}" -n client.rgw.a </dev/null >>"$c/log/daemons.out" 2>&1
  wait_for 180 "radosgw on 127.0.0.1:$rgw_port" curl -sf -m 2 -o /dev/null "http://127.0.0.1:$rgw_port/"
  access_key=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
  secret_key=$(head -c 30 /dev/urandom | base64 | tr -dc A-Za-z0-9)
  radosgw-admin "${conf[@]}" user create --uid=quai-hub --display-name="quai hub" \
    --access-key="$access_key" --secret-key="$secret_key" >/dev/null
  local code
  code=$(curl -s -o "$c/log/make-bucket.xml" -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$access_key:$secret_key" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -X PUT "http://127.0.0.1:$rgw_port/$bucket")
  [ "$code" = 200 ] || die "radosgw: creating bucket $bucket answered $code: $(cat "$c/log/make-bucket.xml")"
  log "ceph: radosgw on http://127.0.0.1:$rgw_port, bucket $bucket"
}

start_postgres() {
  local p=$dir/postgres
  id postgres >/dev/null 2>&1 || die "no postgres user: apt-get install postgresql (scripts/setup.sh does)"
  [ -x "$pg_bin/initdb" ] || die "PostgreSQL 15 is missing ($pg_bin/initdb): apt-get install postgresql"
  mkdir -p "$p"
  chown postgres:postgres "$p"
  runuser -u postgres -- env LC_ALL=C "$pg_bin/initdb" -D "$p/data" -A trust -U postgres -E UTF8 >"$p/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -5 "$p/initdb.log")"
  runuser -u postgres -- env LC_ALL=C "$pg_bin/pg_ctl" -D "$p/data" -l "$p/log" -w -t 60 start \
    -o "-k $p -c listen_addresses='' -c max_connections=200" >/dev/null ||
    die "PostgreSQL did not start: $(tail -5 "$p/log")"
  runuser -u postgres -- "$pg_bin/psql" -h "$p" -q -c 'CREATE DATABASE quai_hub' postgres
  log "postgresql: socket in $p"
}

# Starts hub node N (1-based) from the command line kept in nodes/N/cmd.
start_node() {
  local n=$1 nd=$dir/nodes/$1
  [ -f "$nd/cmd" ] || die "no node $n in $dir"
  (set -a; . "$dir/cluster.env"; set +a; cd "$repo"; exec setsid bash "$nd/cmd" </dev/null >>"$nd/node.log" 2>&1) &
  wait_for 60 "hub node $n" curl -sf -m 2 -o /dev/null "$(cat "$nd/url")/readyz"
}

write_node() {
  local n=$1 port; port=$(free_port)
  local nd=$dir/nodes/$n
  mkdir -p -m 700 "$dir/nodes" "$nd"
  echo "http://127.0.0.1:$port" >"$nd/url"
  cat >"$nd/cmd" <<EOF
exec "$repo/bin/quai" hub --listen 127.0.0.1:$port --data-root "$nd/root" --node-name node-$n \\
  --database "\$QUAI_CLUSTER_DATABASE" --storage "\$QUAI_CLUSTER_S3" --public-url "\$QUAI_CLUSTER_REGISTRY" \\
  --trusted-proxy 127.0.0.1 --pidfile "$nd/pid"
EOF
}

write_haproxy() {
  {
    cat <<EOF
global
  maxconn 4096
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  log-format "%ci:%cp [%tr] %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B id=%ID %{+Q}r"
  timeout connect 2s
  timeout client 600s
  timeout server 600s
  timeout http-request 60s
  # A node that refuses the connection: try another (the request was not sent).
  retries 2
  option redispatch
  # The client's address, for the nodes' login guard (--trusted-proxy 127.0.0.1).
  option forwardfor
  default-server inter 1s fall 2 rise 1
frontend registry
  bind 127.0.0.1:$lb_port
  unique-id-format %[uuid()]
  http-request set-header X-Request-Id %[unique-id]
  # A chunked upload's PATCHes and PUT go to one node while it lives: the
  # running hash of its bytes stays in that node's memory. Any node can
  # carry it on (the hash is then computed again from storage at the end).
  acl upload_session path_reg ^/v2/.+/blobs/uploads/[^/]+\$
  use_backend uploads if upload_session
  default_backend nodes
backend nodes
  # To the node with the fewest requests in flight: one slowed by a big
  # push, a collection or a busy CPU gets fewer, not an equal share.
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
EOF
    for n in $(seq 1 "$nodes"); do echo "  server node-$n $(sed 's|http://||' "$dir/nodes/$n/url") check"; done
    cat <<EOF
backend uploads
  balance uri
  hash-type consistent
  option httpchk GET /readyz
  http-check expect status 200
EOF
    for n in $(seq 1 "$nodes"); do echo "  server node-$n $(sed 's|http://||' "$dir/nodes/$n/url") check"; done
  } >"$dir/haproxy.cfg"
  haproxy -c -q -f "$dir/haproxy.cfg" || die "haproxy refuses $dir/haproxy.cfg"
}

# Debian's packages `up` needs, installed when missing (without starting their services).
ensure_packages() {
  local missing=() p
  for p in ceph-mon ceph-osd ceph-mgr radosgw haproxy postgresql uuid-runtime curl; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  log "installing ${missing[*]}"
  apt-get update -q >&2 || log "warning: apt-get update reported errors (continuing)"
  local policy=/usr/sbin/policy-rc.d made=
  [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { [ -z "$made" ] || rm -f "$policy"; die "apt-get could not install ${missing[*]}"; }
  [ -z "$made" ] || rm -f "$policy"
}

up() {
  [ "$(id -u)" = 0 ] || die "run as root"
  ensure_packages
  if [ -f "$dir/cluster.env" ] && our_pid "$dir/haproxy.pid" >/dev/null; then
    log "already running in $dir"
    print_urls
    return
  fi
  [ ! -e "$dir" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ] || die "$dir holds a cluster that is not running: scripts/hub-cluster.sh down first"
  # Traversable (PostgreSQL runs as its own user below it); what is secret is 0600 or in 0700 dirs.
  mkdir -p "$dir"
  chmod 711 "$dir"
  trap failed_up EXIT
  lb_port=${QUAI_CLUSTER_PORT:-5100}
  [ "$lb_port" != 0 ] || lb_port=$(free_port)
  # Ceph and PostgreSQL start side by side.
  start_postgres >"$dir/postgres.out" 2>&1 &
  local pg_job=$!
  start_ceph
  wait "$pg_job" || die "PostgreSQL: $(cat "$dir/postgres.out")"
  cat "$dir/postgres.out" >&2
  cat >"$dir/cluster.env" <<EOF
QUAI_CLUSTER_DIR='$dir'
QUAI_CLUSTER_REGISTRY='http://127.0.0.1:$lb_port'
QUAI_CLUSTER_DATABASE='postgresql://postgres@/quai_hub?host=$dir/postgres'
QUAI_CLUSTER_S3='s3://$bucket?endpoint=http://127.0.0.1:$rgw_port&region=us-east-1'
QUAI_CLUSTER_S3_ENDPOINT='http://127.0.0.1:$rgw_port'
QUAI_CLUSTER_S3_BUCKET='$bucket'
AWS_ACCESS_KEY_ID='$access_key'
AWS_SECRET_ACCESS_KEY='$secret_key'
EOF
  chmod 600 "$dir/cluster.env"
  for n in $(seq 1 "$nodes"); do write_node "$n"; done
  # The first node makes the schema and the signing key; the others find them.
  start_node 1
  local starting=()
  for n in $(seq 2 "$nodes"); do start_node "$n" & starting+=($!); done
  for job in "${starting[@]}"; do wait "$job" || die "a hub node did not start"; done
  local urls=()
  for n in $(seq 1 "$nodes"); do urls+=("$(cat "$dir/nodes/$n/url")"); done
  echo "QUAI_CLUSTER_NODES='${urls[*]}'" >>"$dir/cluster.env"
  local password; password=$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)
  (set -a; . "$dir/cluster.env"; set +a
    printf '%s\n' "$password" | node bin/quai hub user add admin --admin --password-stdin \
      --data-root "$dir/nodes/1/root" --database "$QUAI_CLUSTER_DATABASE" --storage "$QUAI_CLUSTER_S3" >/dev/null)
  (umask 077; echo "$password" >"$dir/admin-password")
  write_haproxy
  (cd "$dir" && exec setsid haproxy -db -f "$dir/haproxy.cfg" </dev/null >>"$dir/haproxy.log" 2>&1) &
  # In the foreground (-db) HAProxy writes no pidfile of its own: the subshell's PID is haproxy's (exec).
  echo $! >"$dir/haproxy.pid"
  wait_for 30 "haproxy on 127.0.0.1:$lb_port" curl -sf -m 2 -o /dev/null "http://127.0.0.1:$lb_port/readyz"
  trap - EXIT
  print_urls
}

# up's exit trap: on a failure, show the logs' last lines, then stop what started.
failed_up() {
  local status=$?
  [ "$status" != 0 ] || return 0
  log "start-up failed; the logs' last lines:"
  for f in "$dir"/ceph/log/{mon.a,osd.0,client.rgw.a}.log "$dir"/postgres/log "$dir"/nodes/*/node.log "$dir"/haproxy.log; do
    [ -f "$f" ] && { echo "--- $f"; tail -n 5 "$f"; } >&2
  done
  down >/dev/null 2>&1 || true
  exit "$status"
}

print_urls() {
  (. "$dir/cluster.env"
    echo "registry: $QUAI_CLUSTER_REGISTRY"
    for u in $QUAI_CLUSTER_NODES; do echo "node: $u"; done
    echo "s3: $QUAI_CLUSTER_S3"
    echo "database: $QUAI_CLUSTER_DATABASE"
    echo "admin password: $dir/admin-password"
    echo "logs: $dir/nodes/*/node.log $dir/haproxy.log $dir/ceph/log $dir/postgres/log")
}

down() {
  [ -d "$dir" ] || { log "nothing in $dir"; return 0; }
  stop_pidfile "$dir/haproxy.pid"
  for nd in "$dir"/nodes/*/; do [ -d "$nd" ] && stop_pidfile "$nd/pid"; done
  for d in rgw.a osd.0 mgr.x mon.a; do stop_pidfile "$dir/ceph/run/${d/rgw.a/client.rgw.a}.pid"; done
  if [ -f "$dir/postgres/data/postmaster.pid" ]; then
    local pid; pid=$(head -1 "$dir/postgres/data/postmaster.pid")
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir"; then
      kill -INT "$pid" 2>/dev/null || true # PostgreSQL's fast shutdown
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  rm -rf "$dir"
  log "stopped, $dir removed"
}

status() {
  [ -f "$dir/cluster.env" ] || { echo "not running ($dir)"; return 1; }
  print_urls
  local f pid
  for f in "$dir/haproxy.pid" "$dir"/nodes/*/pid "$dir"/ceph/run/*.pid; do
    pid=$(our_pid "$f") && echo "running: $pid $(basename "$(dirname "$f")")/$(basename "$f")" || echo "stopped: $f"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  node)
    [ -n "${3:-}" ] || die "usage: scripts/hub-cluster.sh node stop|start N"
    case $2 in
      stop) stop_pidfile "$dir/nodes/$3/pid" ;;
      start) start_node "$3"; echo "node: $(cat "$dir/nodes/$3/url")" ;;
      *) die "usage: scripts/hub-cluster.sh node stop|start N" ;;
    esac ;;
  *) echo "usage: scripts/hub-cluster.sh up|down|status|node stop|start N" >&2; exit 2 ;;
esac
