#!/usr/bin/env bash
# Eyrie beyond one machine, measured on this one (BENCH_ONLY=cluster make bench; results in bench/results/cluster.md):
# `make cluster`'s deployment — nginx, two instances, PgBouncer, a primary and its synchronous standby under
# pg_auto_failover — with the release build and the benchmark's data (BENCH_TIER, realistic by default):
#
# - the challenge page and supports through nginx with two instances and with one (the other held out of nginx), and
#   straight to one instance without nginx: the scaling factor and what nginx costs;
# - the results page while supports are written, with the standby serving the reads that tolerate lag and without
#   (EYRIE_STANDBY_MAX_LAG=0), and the transactions each node ran meanwhile;
# - the primary killed under the challenge page's load: time to promotion and the requests that failed;
# - `eyrie backup` against `pg_basebackup` alone on the same database, and `eyrie restore` of it.
#
# Everything shares this machine's two cores: two instances cannot be twice one here. The figures say what the
# layers cost and that nothing breaks; the scaling factor across real machines is for the machines to tell.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNECTIONS:-16}
TIER=${BENCH_TIER:-realistic}
OUT=bench/results
NGINX=8200
mkdir -p "$OUT"
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product eyrie
BIN=$PWD/.build/release/eyrie
SESSIONS=$PWD/$OUT/cluster-sessions.txt
WORK=$PWD/.eyrie/cluster-bench
mkdir -p "$WORK"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK"

# The instances: the release build, no demo (the benchmark's data instead), pools as wide as the load, no limits
# that would answer 429 to the load generator, nothing sent by mail.
export EYRIE_BIN=$BIN EYRIE_CLUSTER_DEMO=0 EYRIE_DB_POOL_SIZE=$CONNS LOG_LEVEL=error EYRIE_BCRYPT_COST=4 \
  EYRIE_API_RATE_LIMIT=100000000 EYRIE_API_ANONYMOUS_RATE_LIMIT=100000000 EYRIE_HEALTH_REFRESH_MINUTES=0 \
  EYRIE_MAIL_POLL_SECONDS=3600 EYRIE_DIGEST_CHECK_SECONDS=86400
trap 'bash scripts/cluster.sh down --wipe >/dev/null 2>&1 || true' EXIT
bash scripts/cluster.sh down --wipe >/dev/null 2>&1 || true
bash scripts/cluster.sh up > "$WORK/up.log" 2>&1
primary() { bash scripts/cluster.sh primary-port; }
on() { psql -h 127.0.0.1 -p "$1" -U postgres -d eyrie -Atc "$2"; }
echo "== generating the $TIER tier on the primary"
START=$SECONDS
# the generator's COPYs run for longer than the database's statement limit (5 s, set for the instances' sessions)
on "$(primary)" "ALTER DATABASE eyrie SET statement_timeout = 0" >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$(primary)/eyrie?sslmode=disable" \
  $BIN bench data --tier "$TIER" --sessions 200 --sessions-file "$SESSIONS" > "$WORK/data.log" 2>&1
on "$(primary)" "ALTER DATABASE eyrie SET statement_timeout = '5s'" >/dev/null
GENERATED=$((SECONDS - START))
on "$(primary)" "CHECKPOINT" >/dev/null
SIZE_MB=$(on "$(primary)" "SELECT pg_database_size('eyrie') / 1048576")

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
run_wrk() {  # port, script, page, connections, log; prints requests/s
  SESSIONS=$SESSIONS CONNECTIONS=$4 PAGE="$3" wrk -t2 -c"$4" -d"${DURATION}s" -s "$2" --latency \
    "http://127.0.0.1:$1/" > "$5" 2>&1
  awk '/Requests\/sec/ { print int($2) }' "$5"
}
three() {  # port, script, page: the median of three runs
  local runs=()
  for n in 1 2 3; do runs+=("$(run_wrk "$1" "$2" "$3" "$CONNS" "$WORK/wrk-$n.log")"); done
  printf '%s\n' "${runs[@]}" | median
}
p99() { grep -o 'p99_ms=[0-9.]*' "$1" | cut -d= -f2; }
failed() { awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }

PAGE="/challenges/1?sort=supported"
# nginx keeps connections to each instance: a first short run warms both.
run_wrk $NGINX bench/page.lua "$PAGE" "$CONNS" "$WORK/warm.log" >/dev/null
echo "== the challenge page and supports: two instances, one, and one without nginx"
TWO_PAGE=$(three $NGINX bench/page.lua "$PAGE")
TWO_SUPPORT=$(three $NGINX bench/support.lua "")
bash scripts/cluster.sh hold-out 2 >/dev/null
sleep 1
ONE_PAGE=$(three $NGINX bench/page.lua "$PAGE")
ONE_SUPPORT=$(three $NGINX bench/support.lua "")
bash scripts/cluster.sh put-back >/dev/null
DIRECT_PAGE=$(three 8201 bench/page.lua "$PAGE")
DIRECT_SUPPORT=$(three 8201 bench/support.lua "")
scale() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# The results page (4 connections) while supports are written (8 connections): the transactions each node runs show
# where the reads went.
commits() { on "$1" "SELECT xact_commit FROM pg_stat_database WHERE datname = 'eyrie'"; }
results_under_writes() {  # label
  local node1 node2 writer
  curl -fs -o /dev/null -b "eyrie_session=bench-session-1" "http://127.0.0.1:$NGINX/challenges/1/results" || true
  node1=$(commits 5601); node2=$(commits 5602)
  SESSIONS=$SESSIONS CONNECTIONS=8 wrk -t2 -c8 -d"${DURATION}s" -s bench/support.lua "http://127.0.0.1:$NGINX/" \
    > "$WORK/writes-$1.log" 2>&1 &
  writer=$!
  run_wrk $NGINX bench/page.lua "/challenges/1/results" 4 "$WORK/results-$1.log" > /dev/null
  wait $writer
  echo "$(awk '/Requests\/sec/ { print int($2) }' "$WORK/results-$1.log")|$(p99 "$WORK/results-$1.log")|$(awk '/Requests\/sec/ { print int($2) }' "$WORK/writes-$1.log")|$(( $(commits 5601) - node1 ))|$(( $(commits 5602) - node2 ))"
}
echo "== the results page while supports are written, from the standby and from the primary"
STANDBY=$(results_under_writes standby)
EYRIE_STANDBY_MAX_LAG=0 bash scripts/cluster.sh rolling-restart > /dev/null 2>&1
PRIMARY_ONLY=$(results_under_writes primary)
bash scripts/cluster.sh rolling-restart > /dev/null 2>&1
LAG_METRIC=$(curl -fs "http://127.0.0.1:8201/metrics" | grep '^eyrie_standby_lag_seconds' | tr '\n' ' ')

echo "== backups: eyrie backup against pg_basebackup alone, then eyrie restore"
rm -rf "$WORK/raw" "$WORK/backups" "$WORK/restored"
START=$(date +%s.%N)
"$PGBIN/pg_basebackup" --dbname="postgres://postgres@127.0.0.1:$(primary)/eyrie?sslmode=disable" --pgdata="$WORK/raw" \
  --format=tar --gzip --wal-method=stream --checkpoint=fast
RAW_S=$(echo "$(date +%s.%N) - $START" | bc)
START=$(date +%s.%N)
DATABASE_URL="postgres://postgres@127.0.0.1:6401,127.0.0.1:6402/eyrie?sslmode=disable&target_session_attrs=read-write" \
  EYRIE_DATABASE_DIRECT_URL="postgres://postgres@127.0.0.1:5601,127.0.0.1:5602/eyrie?sslmode=disable&target_session_attrs=read-write" \
  $BIN backup --to "$WORK/backups" > "$WORK/backup.log"
BACKUP_S=$(echo "$(date +%s.%N) - $START" | bc)
BACKUP_MB=$(du -sm "$WORK/backups/base" | cut -f1)
on "$(primary)" "SELECT pg_switch_wal()" >/dev/null
sleep 2
START=$(date +%s.%N)
$BIN restore --from "$WORK/backups" --into "$WORK/restored" > "$WORK/restore.log"
RESTORE_S=$(echo "$(date +%s.%N) - $START" | bc)
rm -rf "$WORK/raw" "$WORK/restored"

echo "== the primary killed under the challenge page's load"
SESSIONS=$SESSIONS CONNECTIONS=$CONNS PAGE="$PAGE" wrk -t2 -c"$CONNS" -d30s -s bench/page.lua --latency \
  "http://127.0.0.1:$NGINX/" > "$WORK/failover.log" 2>&1 &
LOAD=$!
sleep 5
KILLED=$(date +%s.%N)
bash scripts/cluster.sh node-kill 1
for _ in $(seq 1 300); do [ "$(primary)" = 5602 ] && break; sleep 0.2; done
PROMOTED=$(echo "$(date +%s.%N) - $KILLED" | bc)
wait $LOAD
FAILOVER_REQUESTS=$(awk '/requests in/ { print $1 }' "$WORK/failover.log")
FAILOVER_FAILED=$(failed "$WORK/failover.log")

rate() { awk -v mb="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? mb / s : 0) }'; }
{
  echo "# Cluster benchmark: $TIER tier (${SIZE_MB} MB, generated in ${GENERATED} s), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
  echo
  echo "| through | challenge page req/s | supports req/s |"
  echo "|---|---|---|"
  echo "| nginx, two instances | $TWO_PAGE | $TWO_SUPPORT |"
  echo "| nginx, one instance (the other held out) | $ONE_PAGE | $ONE_SUPPORT |"
  echo "| one instance, no nginx | $DIRECT_PAGE | $DIRECT_SUPPORT |"
  echo
  echo "- two instances against one, through nginx: challenge page $(scale "$TWO_PAGE" "$ONE_PAGE"), supports $(scale "$TWO_SUPPORT" "$ONE_SUPPORT")"
  echo "- nginx against none, one instance: challenge page $(scale "$ONE_PAGE" "$DIRECT_PAGE"), supports $(scale "$ONE_SUPPORT" "$DIRECT_SUPPORT")"
  echo
  echo "| results page (4 connections) while supports are written (8) | results req/s | results p99 ms | supports req/s | transactions on node1 (primary) | on node2 (standby) |"
  echo "|---|---|---|---|---|---|"
  echo "| reads that tolerate lag from the standby (EYRIE_STANDBY_MAX_LAG=3) | ${STANDBY//|/ | } |"
  echo "| everything from the primary (EYRIE_STANDBY_MAX_LAG=0) | ${PRIMARY_ONLY//|/ | } |"
  echo
  echo "- lag metric after the runs: $LAG_METRIC"
  echo "- pg_basebackup alone: ${SIZE_MB} MB database in $(printf '%.1f' "$RAW_S") s ($(rate "$SIZE_MB" "$RAW_S") MB/s); eyrie backup: $(printf '%.1f' "$BACKUP_S") s ($(rate "$SIZE_MB" "$BACKUP_S") MB/s, ${BACKUP_MB} MB compressed, $(scale "$RAW_S" "$BACKUP_S") of pg_basebackup's rate)"
  echo "- eyrie restore of that backup (replay, counts, eyrie check): $(printf '%.1f' "$RESTORE_S") s ($(rate "$SIZE_MB" "$RESTORE_S") MB/s)"
  echo "- the primary killed under the challenge page's load: promoted in $(printf '%.1f' "$PROMOTED") s; $FAILOVER_REQUESTS requests in 30 s, $FAILOVER_FAILED answered other than 2xx/3xx or failed (the 503 page while no primary)"
} | tee "$OUT/cluster.md"
