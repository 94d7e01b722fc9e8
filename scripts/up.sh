#!/usr/bin/env bash
# Starts the platform on this host (as root), idempotently:
#   1. scripts/setup.sh, which also builds every official image (library/);
#   2. the hub (`quai hub`, 127.0.0.1:5000) unless one answers on /v2/, with an
#      admin account created once (password in $hub_root/admin-password, root only);
#   3. the official images pushed into the hub's library/ with all their tags
#      and READMEs (library/push.sh; tags already holding the same image are skipped);
#   4. the engine (`quai daemon`) unless one answers on its socket, fetching
#      docker.io images from the hub (--registry-mirror);
#   5. busybox:latest loaded straight into the engine (again when the archive
#      changed), so a first run needs no pull;
#   6. the playground (`quai play`, 127.0.0.1:8088) unless one answers there,
#      saving sessions to the hub as its account `play` (created once, password
#      in $hub_root/play-password, root only).
# A second run only prints. Paths can be moved with QUAI_DATA_ROOT, QUAI_EXEC_ROOT,
# QUAI_LOG_DIR, QUAI_HUB_ROOT, QUAI_HUB_PORT, QUAI_PLAY_ROOT and QUAI_PLAY_PORT
# (e.g. beside another daemon).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data_root=${QUAI_DATA_ROOT:-/var/lib/quai}
exec_root=${QUAI_EXEC_ROOT:-/run/quai}
log_dir=${QUAI_LOG_DIR:-/var/log/quai}
hub_root=${QUAI_HUB_ROOT:-/var/lib/quai-hub}
hub_port=${QUAI_HUB_PORT:-5000}
hub_addr=127.0.0.1:$hub_port
hub_url=http://$hub_addr
sock=$exec_root/quai.sock
pidfile=$exec_root/quai.pid
hub_pidfile=$exec_root/hub.pid
play_root=${QUAI_PLAY_ROOT:-/var/lib/quai-play}
play_addr=127.0.0.1:${QUAI_PLAY_PORT:-8088}
play_url=http://$play_addr
play_pidfile=$exec_root/play.pid
play_log=$log_dir/play.log
logfile=$log_dir/daemon.log
hub_log=$log_dir/hub.log
pwfile=$hub_root/admin-password
log() { echo "up: $*"; }
die() { echo "up: $*" >&2; exit 1; }

bash scripts/setup.sh
mkdir -p "$exec_root" "$log_dir"

# Waits up to 20 s for CHECK to succeed while PID lives; shows the log if not.
wait_for() { # wait_for PID LOG WHAT CHECK...
  local pid=$1 logf=$2 what=$3
  shift 3
  for _ in $(seq 1 100); do
    "$@" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "up: $what exited; last lines of $logf:" >&2
      tail -n 20 "$logf" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "up: $what did not answer within 20s; last lines of $logf:" >&2
  tail -n 20 "$logf" >&2
  exit 1
}

# --- hub ---
# /v2/ answers 200, or 401 with the token challenge: either way a registry is there.
hub_ok() { case $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$hub_url/v2/" 2>/dev/null) in 200 | 401) return 0 ;; *) return 1 ;; esac; }

if [ ! -s "$pwfile" ]; then
  mkdir -p "$hub_root" && chmod 700 "$hub_root"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077 && printf '%s\n' "$password" >"$pwfile.tmp")
  # `user add` opens the hub's database directly, so it works whether the hub runs or not.
  printf '%s\n' "$password" | node "$root/bin/quai" hub user add admin --password-stdin --admin --data-root "$hub_root" >/dev/null ||
    { rm -f "$pwfile.tmp"; die "could not create the hub's admin user (does one exist already? set its password in $pwfile)"; }
  mv "$pwfile.tmp" "$pwfile"
  log "hub admin account created (password in $pwfile)"
fi

if hub_ok; then
  log "quai hub already answers on $hub_url"
else
  log "starting quai hub on $hub_url (log: $hub_log)"
  setsid nohup node "$root/bin/quai" hub --listen "$hub_addr" --data-root "$hub_root" \
    --pidfile "$hub_pidfile" >>"$hub_log" 2>&1 </dev/null &
  hub_pid=$!
  wait_for "$hub_pid" "$hub_log" "quai hub" hub_ok
  log "quai hub running, pid $hub_pid"
fi

# --- official images into the hub (skips tags already holding the same image) ---
QUAI_HUB_USER=admin QUAI_HUB_PASSWORD_FILE="$pwfile" PUSH_QUIET=1 bash library/push.sh "$hub_url" ||
  die "pushing the official images into $hub_url failed"

# --- engine ---
api() { curl -fsS --max-time 5 --unix-socket "$sock" "$@"; }
ping_ok() { [ -S "$sock" ] && [ "$(api http://x/_ping 2>/dev/null)" = OK ]; }

if ping_ok; then
  log "quai daemon already answers on $sock"
  api http://x/info 2>/dev/null | grep -qF "\"$hub_url\"" ||
    log "warning: that daemon was not started with --registry-mirror $hub_url; restart it to pull from the hub"
else
  log "starting quai daemon (log: $logfile)"
  # setsid: its own session, so a Ctrl-C in this terminal later never reaches it.
  setsid nohup node "$root/bin/quai" daemon -H "unix://$sock" --data-root "$data_root" \
    --exec-root "$exec_root" --pidfile "$pidfile" \
    --registry-mirror "$hub_url" --insecure-registry "$hub_addr" >>"$logfile" 2>&1 </dev/null &
  daemon_pid=$!
  wait_for "$daemon_pid" "$logfile" "quai daemon" ping_ok
  log "quai daemon running, pid $daemon_pid"
fi

# busybox:latest from the offline-built archive, unless the engine has that very image.
archive=build/images/busybox.tar
want=sha256:$(tar -xOf "$archive" manifest.json | node -e '
  process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].Config.split("/").pop())')
if ! api http://x/images/busybox:latest/json 2>/dev/null | grep -qF "\"Id\":\"$want\""; then
  log "loading $archive"
  if ! DOCKER_HOST="unix://$sock" quai load -i "$archive" 2>/dev/null; then
    out=$(curl -sS --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' \
      --data-binary "@$archive" http://x/images/load)
    echo "$out"
    if echo "$out" | grep -q '"error'; then die "loading $archive failed"; fi
  fi
  api http://x/images/busybox:latest/json >/dev/null || die "busybox:latest not found after load"
fi

# --- playground ---
play_pwfile=$hub_root/play-password
if [ ! -s "$play_pwfile" ]; then
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077 && printf '%s\n' "$password" >"$play_pwfile.tmp")
  printf '%s\n' "$password" | node "$root/bin/quai" hub user add play --password-stdin --data-root "$hub_root" >/dev/null ||
    { rm -f "$play_pwfile.tmp"; die "could not create the hub account play for the playground's saves"; }
  mv "$play_pwfile.tmp" "$play_pwfile"
  log "hub account play created for the playground's saves (password in $play_pwfile)"
fi
play_ok() { curl -fsS -o /dev/null --max-time 5 "$play_url/" 2>/dev/null; }
if play_ok; then
  log "quai play already answers on $play_url"
else
  shell_args=()
  # Until the play-shell image is built, shells are Debian with the host's docker CLI bound in.
  [ -f build/images/play-shell.tar ] || shell_args=(--shell-image debian:12 --shell-cli "$(command -v docker)")
  log "starting quai play on $play_url (log: $play_log)"
  setsid nohup node "$root/bin/quai" play --listen "$play_addr" --engine "unix://$sock" --data-root "$play_root" \
    --hub "$hub_url" --hub-user play --hub-password-file "$play_pwfile" \
    --pidfile "$play_pidfile" "${shell_args[@]}" >>"$play_log" 2>&1 </dev/null &
  play_pid=$!
  wait_for "$play_pid" "$play_log" "quai play" play_ok
  log "quai play running, pid $play_pid"
fi

cat <<EOT

quai is running:
  engine  socket $sock, pid $(cat "$pidfile" 2>/dev/null || echo '?'), log $logfile
  hub     $hub_url, pid $(cat "$hub_pidfile" 2>/dev/null || echo '?'), log $hub_log
          official images (library/):
$(for t in build/images/*.tar; do tar -xOf "$t" manifest.json | node -e '
  const [{ RepoTags: tags }] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log("            " + tags.join(" "))'; done)
          admin: user admin, password $(cat "$pwfile")  (stored in $pwfile)
  play    $play_url  (the playground: Start, Add new instance, type docker version), pid $(cat "$play_pidfile" 2>/dev/null || echo '?'), log $play_log

Use the engine with the docker CLI (or quai's own CLI, same commands):
  export DOCKER_HOST=unix://$sock
  docker run --rm busybox echo hi
  docker run --rm debian cat /etc/debian_version   # pulled from the hub
  docker run -d -p 8080:80 nginx                   # http://127.0.0.1:8080/
  quai ps

Use the hub: its pages are at $hub_url (explore, sign up, tokens, the layer explorer); through the engine:
  quai hub signup alice --url $hub_url       # or the web page's "Sign up"
  docker login -u alice                      # docker.io names reach the hub through the engine's mirror
  docker pull debian:bookworm-slim           # official images come from the hub
  docker tag busybox alice/bb:1 && docker push alice/bb:1
  docker search debian
  skopeo list-tags --tls-verify=false docker://$hub_addr/library/debian

Stop them: kill \$(cat $play_pidfile) \$(cat $pidfile) \$(cat $hub_pidfile)
EOT
