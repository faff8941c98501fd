#!/usr/bin/env bash
# Runs every suite against a throwaway PostgreSQL cluster: the Swift suites (each test clones its own
# database from a migrated template), then the browser journeys against a real `eyrie serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

# The translators' template lists every message the templates mark for translation.
python3 scripts/messages.py --check

PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
BASE=$PWD/.eyrie/test-cluster
PORT=5499
SERVER_PID=""

stop() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m immediate -w stop >/dev/null 2>&1 || true
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap stop EXIT

as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m immediate -w stop >/dev/null 2>&1 || true
rm -rf "$BASE"
mkdir -p "$BASE/sock"
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$BASE"
chmod 700 "$BASE"
as_pg "$PGBIN/initdb" -D "$BASE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -l "$BASE/postgres.log" -w \
  -o "-k $BASE/sock -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000" start >/dev/null
export EYRIE_TEST_DATABASE_URL="postgres://postgres@localhost:$PORT/postgres?host=$BASE/sock"

echo "== Swift suites"
# At most eight tests at a time: on a two-core machine the whole suite at once (391 tests, each with its own database
# and server) made every timed check a coin toss and ran slower (measured beside two busy loops: 304 s with ten
# failures, against 184 s and none). A run that stalls is stopped after 25 minutes, said so, and run once more: a
# stall must never eat the whole CI budget.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-8}
SWIFT_LOG=$BASE/swift-test.log
swift_suites() {  # [filter]
  local rc=0
  timeout -k 30 "${EYRIE_SWIFT_TEST_LIMIT:-1500}" swift test --skip-build ${1:+--filter "$1"} 2>&1 | tee "$SWIFT_LOG" \
    || rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "== the Swift suites stalled (no end after ${EYRIE_SWIFT_TEST_LIMIT:-1500} s)"
    return 124
  fi
  return "$rc"
}
rc=0
swift_suites || rc=$?
if [ "$rc" -eq 124 ]; then
  echo "== Swift suites, second run after a stall"
  rc=0
  swift_suites || rc=$?
fi
if [ "$rc" -ne 0 ]; then
  # The tests that failed run once more on their own. One that passes then is named below as flaky (and in
  # .eyrie/test-cluster/flaky.txt) instead of failing the run; one that fails again fails it. Nothing else is retried.
  failed=$(grep -oE '✘ Test [A-Za-z0-9_]+\(' "$SWIFT_LOG" | sed -E 's/✘ Test ([A-Za-z0-9_]+)\(/\1/' | sort -u | paste -sd'|')
  [ -n "$failed" ] || exit "$rc"
  echo "== Swift tests that failed, run once more on their own: $failed"
  swift_suites "$failed" || exit $?
  echo "== FLAKY (failed in the full run, passed alone): $failed" | tee -a "$BASE/flaky.txt"
fi

[ "${1:-}" = "--swift-only" ] && exit 0

echo "== Browser journeys"
as_pg "$PGBIN/psql" -h "$BASE/sock" -p $PORT -U postgres -qc "CREATE DATABASE eyrie_e2e" >/dev/null
E2E_PORT=8099
DATABASE_URL="postgres://postgres@localhost:$PORT/eyrie_e2e?host=$BASE/sock" EYRIE_BCRYPT_COST=4 EYRIE_PORT=$E2E_PORT \
  EYRIE_API_RATE_LIMIT=100000 EYRIE_API_ANONYMOUS_RATE_LIMIT=100000 \
  EYRIE_PSEUDO_LANGUAGE=1 EYRIE_SMTP_URL=smtp://127.0.0.1:8026 EYRIE_MAIL_POLL_SECONDS=0.2 EYRIE_DIGEST_CHECK_SECONDS=1 EYRIE_MAIL_RETRY_SECONDS=0.5 \
  LOG_LEVEL=warning .build/debug/eyrie serve --demo > "$BASE/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null || { echo "server did not start:"; cat "$BASE/server.log"; exit 1; }
EYRIE_URL="http://127.0.0.1:$E2E_PORT" EYRIE_DATABASE_URL="postgres://postgres@localhost:$PORT/eyrie_e2e?host=$BASE/sock" \
  e2e/.venv/bin/python -m pytest -q e2e
