#!/usr/bin/env bash
# Starts the platform on this host (as root): sets it up, starts `quai daemon`
# in the background unless one already answers on /run/quai/quai.sock, and
# loads the official busybox image into it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sock=/run/quai/quai.sock
pidfile=/run/quai/quai.pid
logfile=/var/log/quai/daemon.log
log() { echo "up: $*"; }

bash scripts/setup.sh

api() { curl -fsS --max-time 5 --unix-socket "$sock" "$@"; }
ping_ok() { [ -S "$sock" ] && [ "$(api http://x/_ping 2>/dev/null)" = OK ]; }

if ping_ok; then
  log "quai daemon already answers on $sock"
else
  mkdir -p /run/quai /var/log/quai
  log "starting quai daemon (log: $logfile)"
  # setsid: its own session, so a Ctrl-C in this terminal later never reaches it.
  setsid nohup node "$root/bin/quai" daemon -H "unix://$sock" --data-root /var/lib/quai \
    --exec-root /run/quai --pidfile "$pidfile" >>"$logfile" 2>&1 </dev/null &
  daemon_pid=$!
  for _ in $(seq 1 100); do
    ping_ok && break
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
      echo "up: quai daemon exited; last lines of $logfile:" >&2
      tail -n 20 "$logfile" >&2
      exit 1
    fi
    sleep 0.2
  done
  ping_ok || { echo "up: quai daemon did not answer on $sock within 20s" >&2; tail -n 20 "$logfile" >&2; exit 1; }
  log "quai daemon running, pid $daemon_pid"
fi

# busybox:latest from the offline-built archive, unless already there.
if ! api http://x/images/busybox:latest/json >/dev/null 2>&1; then
  archive=build/images/busybox.tar
  log "loading $archive"
  if ! DOCKER_HOST="unix://$sock" quai load -i "$archive" 2>/dev/null; then
    out=$(curl -sS --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' \
      --data-binary "@$archive" http://x/images/load)
    echo "$out"
    if echo "$out" | grep -q '"error'; then echo "up: loading $archive failed" >&2; exit 1; fi
  fi
  api http://x/images/busybox:latest/json >/dev/null || { echo "up: busybox:latest not found after load" >&2; exit 1; }
fi

cat <<EOT

quai is running (socket $sock, pid $(cat "$pidfile" 2>/dev/null || echo '?')).

Use it with the docker CLI:
  export DOCKER_HOST=unix://$sock
  docker run --rm busybox echo hi
or with quai's own CLI:
  quai ps
  quai run --rm busybox echo hi

Daemon log: $logfile. Stop it: kill \$(cat $pidfile)
EOT
