#!/usr/bin/env bash
# Where the server's CPU goes on one page: starts the bench cluster (make bench made it) and a release server, runs
# wrk on PAGE with 16 connections, and records the server with perf for SECONDS; prints the requests a second and
# writes the call-graph report (children first, symbols demangled) to OUT.txt.
#   bench/profile.sh "/challenges/1?sort=supported" 10 /tmp/perf-challenge
# Run it with nothing else on the machine; perf slows the server by about a fifth, so read shares, not rates.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGE=$1; SECS=${2:-10}; OUT=${3:-/tmp/perf}
BASE=$PWD/.eyrie/bench-cluster
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product eyrie
as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -l "$BASE/postgres.log" -w -o "-k $BASE/sock -p 5498 -c listen_addresses='' \
  -c shared_buffers=1GB -c max_connections=200 -c work_mem=16MB" start >/dev/null
export DATABASE_URL="postgres://postgres@localhost:5498/eyrie_bench?host=$BASE/sock"
"$PGBIN/psql" -h "$BASE/sock" -p 5498 -U postgres -d eyrie_bench -qc "DELETE FROM outbox"
EYRIE_PUBLIC_URL=ws://127.0.0.1 EYRIE_API_RATE_LIMIT=100000000 EYRIE_API_ANONYMOUS_RATE_LIMIT=100000000 \
  EYRIE_HEALTH_REFRESH_MINUTES=0 EYRIE_MAIL_POLL_SECONDS=3600 EYRIE_DIGEST_CHECK_SECONDS=86400 EYRIE_MAIL_DIR=$BASE/mail \
  EYRIE_DB_POOL_SIZE=16 LOG_LEVEL=error EYRIE_PORT=8097 .build/release/eyrie serve > "$OUT.server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER; wait $SERVER 2>/dev/null; as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:8097/healthz >/dev/null 2>&1 && break; sleep 0.2; done
SESSIONS=bench/results/sessions.txt CONNECTIONS=16 PAGE="$PAGE" wrk -t2 -c16 -d$((SECS + 4))s -s bench/page.lua \
  http://127.0.0.1:8097/ > "$OUT.wrk" 2>&1 &
WRK=$!
sleep 2
perf record -F 999 -g -o "$OUT.data" -p $SERVER -- sleep "$SECS" > /dev/null 2>&1
wait $WRK
perf report -i "$OUT.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | head -150 | swift demangle --simplified > "$OUT.txt" || true  # head stops the report early: not a failure
grep -E 'Requests/sec' "$OUT.wrk"
echo "report: $OUT.txt"
