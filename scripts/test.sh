#!/usr/bin/env bash
# The test command: sets the host up (scripts/setup.sh), then runs every tier
# with node's test runner on the compiled files and prints how many tests ran
# in each, then the totals. Exits non-zero when any test fails.
#
#   unit         packages/*/dist/**/*.test.js (not *.int.test.js)   no root needed
#   integration  packages/*/dist/**/*.int.test.js                   root, crun, conmon, overlayfs
#   e2e          e2e/**/*.test.{js,mjs} (not e2e/browser)           the real docker CLI
#   browser      e2e/browser/*.test.{js,mjs}                        headless Chromium (playwright-core), full stack
#   cluster      packages/*/dist/**/*.cluster.test.js, e2e/cluster/  the hub at scale: scripts/hub-cluster.sh up
#                (Ceph's S3 gateway, PostgreSQL, 3 hub nodes, HAProxy) first,
#                down after; a cluster that cannot start fails the tier
#
# TEST_TIERS="unit integration" limits the tiers; TEST_TIMEOUT_MS bounds one test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_SETUP:-}" != 1 ]; then bash scripts/setup.sh; fi

# A merge left half-done (conflict markers) fails the run before any tier.
if git rev-parse --git-dir >/dev/null 2>&1 && git grep -nE '^(<<<<<<<|>>>>>>>)( |$)|^=======$' -- . ':!package-lock.json' >&2; then
  echo "test: conflict markers in tracked files (above)" >&2
  exit 1
fi

tiers=${TEST_TIERS:-unit integration e2e browser cluster}
per_test_ms=${TEST_TIMEOUT_MS:-300000}
report=$(mktemp -d)
cluster_dir=
cleanup() {
  [ -z "$cluster_dir" ] || QUAI_CLUSTER_DIR=$cluster_dir bash scripts/hub-cluster.sh down >/dev/null 2>&1 || true
  rm -rf "$report"
}
trap cleanup EXIT

files_of() {
  case $1 in
    unit) find packages/*/dist -name '*.test.js' ! -name '*.int.test.js' ! -name '*.cluster.test.js' 2>/dev/null ;;
    integration) find packages/*/dist -name '*.int.test.js' 2>/dev/null ;;
    e2e) find e2e \( -path '*/node_modules' -o -path e2e/browser -o -path e2e/cluster \) -prune -o \( -name '*.test.js' -o -name '*.test.mjs' \) -print 2>/dev/null ;;
    browser) find e2e/browser \( -name '*.test.js' -o -name '*.test.mjs' \) -print 2>/dev/null ;;
    cluster) find packages/*/dist -name '*.cluster.test.js' 2>/dev/null; find e2e/cluster \( -name '*.test.js' -o -name '*.test.mjs' \) -print 2>/dev/null ;;
  esac | LC_ALL=C sort
}

# Reads one counter ("# pass 12") from a tier's TAP summary.
count() { awk -v k="# $2" 'index($0, k" ") == 1 { n = $3 } END { print n + 0 }' "$1"; }

status=0
declare -A ran passed failed skipped
total_tests=0 total_pass=0 total_fail=0 total_skip=0 total_cancel=0 total_todo=0
start=$(date +%s%N)
for tier in $tiers; do
  mapfile -t files < <(files_of "$tier")
  echo
  echo "=== $tier: ${#files[@]} test file(s)"
  tap="$report/$tier.tap"
  : >"$tap"
  env_file=/dev/null
  if [ "$tier" = cluster ] && [ ${#files[@]} -gt 0 ]; then
    cluster_dir=$(mktemp -d /tmp/quai-test-cluster.XXXXXX)
    if QUAI_CLUSTER_DIR=$cluster_dir QUAI_CLUSTER_PORT=0 bash scripts/hub-cluster.sh up >"$report/cluster-up.log" 2>&1; then
      env_file=$cluster_dir/cluster.env
    else
      cat "$report/cluster-up.log" >&2
      echo "test: the cluster tier could not start scripts/hub-cluster.sh (above): its ${#files[@]} file(s) fail" >&2
      printf '# tests 1\n# fail 1\n' >"$tap"
      files=()
      status=1
    fi
  fi
  if [ ${#files[@]} -gt 0 ]; then
    args=(--test --test-timeout="$per_test_ms"
      --test-reporter=spec --test-reporter-destination=stdout
      --test-reporter=tap --test-reporter-destination="$tap")
    [ "$tier" = unit ] || args+=(--test-concurrency=1)
    # The cluster's URLs and S3 credentials (cluster.env) reach that tier's tests only.
    (set -a; . "$env_file"; set +a; exec node "${args[@]}" "${files[@]}") || status=1
  fi
  ran[$tier]=$(count "$tap" tests)
  passed[$tier]=$(count "$tap" pass)
  failed[$tier]=$(count "$tap" fail)
  skipped[$tier]=$(count "$tap" skipped)
  total_tests=$((total_tests + ${ran[$tier]}))
  total_pass=$((total_pass + ${passed[$tier]}))
  total_fail=$((total_fail + ${failed[$tier]}))
  total_skip=$((total_skip + ${skipped[$tier]}))
  total_cancel=$((total_cancel + $(count "$tap" cancelled)))
  total_todo=$((total_todo + $(count "$tap" todo)))
done
duration_ms=$((($(date +%s%N) - start) / 1000000))

echo
echo "=== tests per tier"
for tier in $tiers; do
  printf '%-12s %4d ran, %4d passed, %4d failed, %4d skipped\n' \
    "$tier" "${ran[$tier]}" "${passed[$tier]}" "${failed[$tier]}" "${skipped[$tier]}"
done
[ "$total_fail" -eq 0 ] && [ "$total_cancel" -eq 0 ] || status=1
echo "# tests $total_tests"
echo "# pass $total_pass"
echo "# fail $total_fail"
echo "# cancelled $total_cancel"
echo "# skipped $total_skip"
echo "# todo $total_todo"
echo "# duration_ms $duration_ms"
echo "tests: $total_pass passed, $((total_fail + total_cancel)) failed, $total_skip skipped"
exit "$status"
