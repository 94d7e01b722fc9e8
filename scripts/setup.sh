#!/usr/bin/env bash
# Sets up a fresh Debian 12 host (as root) to build, run and test quai.
# Idempotent and quick when everything is already there:
#   Debian packages (only the missing ones) → host prep (cgroups) → npm ci
#   (when needed) → tsc -b and the CLI bundle → official images (library/build.sh: only those
#   missing or older than their definition) → /usr/local/bin/quai.
# Every official image is built (the tests use them all): about 5 minutes on
# a fresh host, then nothing until a definition changes (build/images,
# downloads in build/cache). QUAI_IMAGES="busybox debian" limits them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log() { echo "setup: $*"; }

[ "$(id -u)" = 0 ] || { echo "setup: run as root (sudo bash scripts/setup.sh)" >&2; exit 1; }

# attr: getfattr for overlay opaque dirs; skopeo and docker-registry:
# the registry tier's third-party clients; python3/make/g++: the native
# mount(2) binding (node-gyp), libseccomp-dev: its seccomp compiler
# (runtime/seccomp-bpf.ts); gcc: the static system-call probe of the
# hardening tests; bzip2, xz-utils, zstd: the decompressors
# `docker load`/import, layers and ADD use; openssl: the TLS tests' certificates;
# debootstrap, dpkg-dev, libc6-dev (and gcc): the official images (library/:
# debian's rootfs, busybox compiled from its source package).
packages=(crun runc conmon busybox-static catatonit tini iproute2 iptables util-linux e2fsprogs
  procps tar ca-certificates hyperfine tmux curl attr skopeo docker-registry
  python3 make g++ libseccomp-dev gcc debootstrap postgresql bzip2 xz-utils zstd openssl dpkg-dev libc6-dev)

# chromium: the browser tier (e2e/browser, driven by playwright-core).
packages+=(chromium)
# The e2e tier drives the real docker CLI; Debian ships it in docker.io.
command -v docker >/dev/null || packages+=(docker.io)
# The compose tests run Debian's docker-compose 1.29 beside `quai compose`;
# e2e/sdk runs Debian's docker-py.
packages+=(docker-compose python3-docker)
# The cluster tier: scripts/hub-cluster.sh's one-node Ceph (monitor, manager,
# OSD, radosgw: the S3 store), HAProxy in front of the hub nodes, uuidgen.
packages+=(ceph-mon ceph-osd ceph-mgr radosgw haproxy uuid-runtime)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  # Extra sources may be unreachable; Debian's mirror is what counts.
  apt-get update -q || log "warning: apt-get update reported errors (continuing)"
  # Keep package scripts from starting services (dockerd, containerd) on install.
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ -z "$made_policy" ] || rm -f "$policy"
fi

bash scripts/prepare-host.sh

command -v node >/dev/null || { echo "setup: node (>= 20) is required" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "setup: node >= 20 required, found $(node --version)" >&2; exit 1; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi

# The native bindings (openat2, mount, spawn; seccomp): rebuilt when its sources are newer than the build.
native=packages/engine/build/Release/quai_syscalls.node
if [ ! -f "$native" ] || [ ! -f packages/engine/build/Release/quai_seccomp.node ] || [ -n "$(find packages/engine/native packages/engine/binding.gyp -newer "$native" -print -quit)" ]; then
  log "native binding"
  (cd packages/engine && npm run --silent install)
fi

log "tsc -b, the CLI bundle"
npm run --silent build

# Official images (build/images/NAME.tar), each built only when missing or
# stale. apt's and the compiler's output go to build/images/build.log; only
# which image is being built shows here.
read -r -a images <<<"${QUAI_IMAGES:-}"
mkdir -p build/images
if ! bash library/build.sh "${images[@]}" 2>&1 | tee build/images/build.log |
  { grep --line-buffered -E '^(build\.sh: building|built) ' | sed -u 's/^/setup: /' || true; }; then
  tail -n 40 build/images/build.log >&2
  echo "setup: building the official images failed (whole log: build/images/build.log)" >&2
  exit 1
fi

ln -sfn "$root/bin/quai" /usr/local/bin/quai
log "ready"
