#!/usr/bin/env bash
# make bench: release build, a dedicated PostgreSQL cluster, data generated with COPY, then for each endpoint
# pgbench (the same SQL the handler issues, same server, same number of connections as the app's pool) and wrk
# (real sessions and CSRF tokens) run alternately, three times each; the medians go to bench/results/latest.md.
#   BENCH_TIER=tiny|realistic|stress (default realistic)   BENCH_DURATION=10   BENCH_CONNECTIONS=16
#   BENCH_ONLY=workshops: only the live-board section (results in bench/results/workshops.md)
#   BENCH_ONLY=offerings: only the offering page (results in bench/results/offerings.md)
#   BENCH_ONLY=pages: only support, the pairwise answer, the challenge page and the results page (bench/results/latest.md)
#   BENCH_ONLY=members: member administration at 10,000 members (bench/results/members.md)
#   BENCH_ONLY=library: the library's list and a resource's page after 2,000 resources (bench/results/library.md)
#   BENCH_ONLY=api: the API's idea list against the challenge page of the same query (bench/results/api.md)
#   BENCH_ONLY=exchange: export and import of the community (BENCH_TIER=stress: 1M ideas, 10M supports) against
#   psql \copy of the same tables (results in bench/results/exchange.md)
#   BENCH_ONLY=health: a community of 100,000 members with 5M events over fourteen months: the snapshot (first, then
#   the month under way, then a month ending), the dashboard's p95 and its rate against pgbench of its SQL, and the
#   digests of all its members into the outbox (results in bench/results/health.md)
#   BENCH_ONLY=cluster: make cluster's deployment through nginx, one instance against two, reads from the standby,
#   failover, backup and restore (bench/cluster.sh; results in bench/results/cluster.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
if [ "${BENCH_ONLY:-}" = cluster ]; then exec bash bench/cluster.sh; fi
TIER=${BENCH_TIER:-realistic}
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNECTIONS:-16}
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
BASE=$PWD/.eyrie/bench-cluster
PORT=5498
HTTP=8097
OUT=bench/results
mkdir -p "$OUT"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

swift build -c release --product eyrie
BIN=.build/release/eyrie
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ ! -f "$BASE/tier-$TIER" ]; then
  as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$BASE"; mkdir -p "$BASE/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$BASE"
  chmod 700 "$BASE"
  as_pg "$PGBIN/initdb" -D "$BASE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_pg "$PGBIN/pg_ctl" -D "$BASE/data" -l "$BASE/postgres.log" -w -o "-k $BASE/sock -p $PORT -c listen_addresses='' \
  -c shared_buffers=1GB -c max_connections=200 -c work_mem=16MB" start >/dev/null
export DATABASE_URL="postgres://postgres@localhost:$PORT/eyrie_bench?host=$BASE/sock"
PSQL="$PGBIN/psql -h $BASE/sock -p $PORT -U postgres"
if [ ! -f "$BASE/tier-$TIER" ]; then
  $PSQL -qc "CREATE DATABASE eyrie_bench" >/dev/null
  echo "== generating the $TIER tier"
  START=$SECONDS
  $BIN bench data --tier "$TIER" --sessions 200 --sessions-file "$OUT/sessions.txt"
  echo "generated in $((SECONDS - START)) s" | tee "$BASE/generated-$TIER"
  touch "$BASE/tier-$TIER"
fi

echo "== fitting the pairwise scores of the big challenge"
FIT=$($BIN bench fit --challenge 1 --runs 5)
echo "$FIT"

# Mail waiting from an earlier run (the health section queues 100,001 digests) would be delivered by the server
# below while it is measured: the bench database sends nothing.
$PSQL -d eyrie_bench -qc "DELETE FROM outbox"

# The benchmark's WebSocket client sends `Origin: ws://127.0.0.1`: that is the site's address here.
export EYRIE_PUBLIC_URL=ws://127.0.0.1
ulimit -n 16384 2>/dev/null || true
EYRIE_API_RATE_LIMIT=100000000 EYRIE_API_ANONYMOUS_RATE_LIMIT=100000000 \
  EYRIE_HEALTH_REFRESH_MINUTES=0 EYRIE_MAIL_POLL_SECONDS=3600 EYRIE_DIGEST_CHECK_SECONDS=86400 EYRIE_MAIL_DIR=$BASE/mail \
  EYRIE_DB_POOL_SIZE=$CONNS LOG_LEVEL=error EYRIE_PORT=$HTTP $BIN serve > "$BASE/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

# Live boards: 200 clients adding one note a second each, every note timed from its sender's send to each other
# client's receipt; with one instance, then with the clients spread over two instances on one database, then against
# the bare broadcast (`eyrie bench broadcast`: the same WebSocket server and fan-out, no database), this machine's
# ceiling for the same load generator; three runs each, with the server's CPU. Then the resident memory of a fresh
# server with 1,000 idle sockets, and a fresh server holding 10,000 while the challenge page is measured.
# BENCH_PIN=1 pins the servers to core 0 and the load generator to core 1 (PostgreSQL floats).
workshops() {
  local idle rss_before rss_after second bare pin_server="" pin_client=""
  if [ "${BENCH_PIN:-0}" = 1 ]; then pin_server="taskset -c 0"; pin_client="taskset -c 1"; taskset -apc 0 "$SERVER" >/dev/null; fi
  rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
  ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
  machine() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # idle, busy jiffies
  started() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return; sleep 0.2; done; }
  load() {  # label, ports, workshop, servers…: one run, its figures and the servers' CPU (% of one core)
    local label=$1 ports=$2 workshop=$3 before=0 after=0 pid result start
    shift 3
    for pid in "$@"; do before=$((before + $(ticks "$pid"))); done
    local idle_before busy_before idle_after busy_after
    read -r idle_before busy_before < <(machine)
    start=$(date +%s%N)
    result=$($pin_client $BIN bench ws --ports "$ports" --workshop "$workshop" --sessions-file "$OUT/sessions.txt" \
      --clients 200 --rate 1 --seconds "$DURATION")
    for pid in "$@"; do after=$((after + $(ticks "$pid"))); done
    read -r idle_after busy_after < <(machine)
    echo "$label $result server_cpu=$(( (after - before) * 100 * 1000000000 / ($(date +%s%N) - start) / $(getconf CLK_TCK) ))%" \
      "machine_busy=$(( (busy_after - busy_before) * 100 / (busy_after - busy_before + idle_after - idle_before) ))%"
  }
  EYRIE_DB_POOL_SIZE=$CONNS LOG_LEVEL=error EYRIE_PORT=$((HTTP + 1)) $pin_server $BIN serve > "$BASE/server2.log" 2>&1 &
  second=$!
  LOG_LEVEL=error $pin_server $BIN bench broadcast --port $((HTTP + 3)) > "$BASE/broadcast.log" 2>&1 &
  bare=$!
  started $((HTTP + 1)); started $((HTTP + 3))
  # PostgreSQL's own latency for the same notes at the same rate: the note's statements (bench/sql/board-note.sql)
  # from 16 connections offering 200 a second on a board of their own; then the most it takes a second.
  local pgw pg_rate pg_max
  pgw=$(LOG_LEVEL=error $BIN bench workshop | tail -1)
  rm -rf "$BASE/pgb"; mkdir -p "$BASE/pgb"; [ "$(id -u)" -eq 0 ] && chown postgres "$BASE/pgb"
  as_pg "$PGBIN/pgbench" -h "$BASE/sock" -p $PORT -U postgres -n -M extended -c "$CONNS" -j 2 -T "$DURATION" -R 200 \
    -l --log-prefix="$BASE/pgb/log" -D w="$pgw" -f bench/sql/board-note.sql eyrie_bench > /dev/null 2>&1
  pg_rate=$(cat "$BASE/pgb"/log* | awk '{ print $3 / 1000 }' | sort -n |
    awk '{ a[NR] = $1 } END { printf "p50 %.2f ms, p99 %.2f ms", a[int(NR * 0.5)], a[int(NR * 0.99)] }')
  pg_max=$(PGBENCH_VARS="-D w=$pgw" pgbench_tps bench/sql/board-note.sql)
  : > "$OUT/ws-runs.log"
  for _ in 1 2 3; do
    load one "$HTTP" "$(LOG_LEVEL=error $BIN bench workshop | tail -1)" "$SERVER" >> "$OUT/ws-runs.log"
    load two "$HTTP,$((HTTP + 1))" "$(LOG_LEVEL=error $BIN bench workshop | tail -1)" "$SERVER" "$second" >> "$OUT/ws-runs.log"
    load bare "$((HTTP + 3))" 1 "$bare" >> "$OUT/ws-runs.log"
    # The bare broadcast again, with PostgreSQL doing the board's work beside it: the note's statements at the same
    # 200 a second (pgbench, on a board of its own). Everything the board does, but none of Eyrie's code between.
    rm -f "$BASE"/pgb/beside*
    ( sleep 0.5; as_pg "$PGBIN/pgbench" -h "$BASE/sock" -p $PORT -U postgres -n -M extended -c "$CONNS" -j 2 \
        -T "$DURATION" -R 200 -l --log-prefix="$BASE/pgb/beside" -D w="$pgw" -f bench/sql/board-note.sql eyrie_bench \
        > /dev/null 2>&1 ) &
    local beside=$! row
    row=$(load bare_pg "$((HTTP + 3))" 1 "$bare")
    wait "$beside" || true
    echo "$row $(cat "$BASE"/pgb/beside* | awk '{ print $3 / 1000 }' | sort -n |
      awk '{ a[NR] = $1 } END { printf "pg_p50_ms=%.2f pg_p99_ms=%.2f", a[int(NR * 0.5)], a[int(NR * 0.99)] }')" >> "$OUT/ws-runs.log"
  done
  kill "$second" "$bare"; wait "$second" "$bare" 2>/dev/null || true
  # Medians of the three runs' p50 and p99 for each setting, and the board's p99 over the bare broadcast's.
  med() { grep "^$1 " "$OUT/ws-runs.log" | grep -o " $2=[0-9.]*" | cut -d= -f2 | median; }
  # Memory per idle socket, on a server of its own: one that served the loads above keeps the memory they grew, and
  # new sockets would only reuse it. One warm-up socket first, so the first socket's one-off allocations don't count.
  idle=$(LOG_LEVEL=error $BIN bench workshop | tail -1)
  EYRIE_DB_POOL_SIZE=$CONNS LOG_LEVEL=error EYRIE_PORT=$((HTTP + 2)) $pin_server $BIN serve > "$BASE/server3.log" 2>&1 &
  second=$!
  started $((HTTP + 2))
  $BIN bench ws --ports "$((HTTP + 2))" --workshop "$idle" --sessions-file "$OUT/sessions.txt" --clients 1 --rate 0 \
    --seconds 1 > /dev/null
  sleep 1
  rss_before=$(rss "$second")
  rm -f "$BASE/ws-ready"
  $BIN bench ws --ports "$((HTTP + 2))" --workshop "$idle" --sessions-file "$OUT/sessions.txt" --clients 1000 --rate 0 \
    --seconds 15 --ready-file "$BASE/ws-ready" > "$OUT/ws-idle.log" &
  local clients=$!
  for _ in $(seq 1 250); do [ -f "$BASE/ws-ready" ] && break; sleep 0.1; done
  sleep 2
  rss_after=$(rss "$second")
  wait "$clients" || true
  kill "$second"; wait "$second" 2>/dev/null || true
  # 10,000 idle sockets on one fresh server: its memory, and the challenge page's p99 at 200 req/s before and while
  # they are held.
  local many_before many_after page_alone page_busy many_clients
  EYRIE_DB_POOL_SIZE=$CONNS LOG_LEVEL=error EYRIE_PORT=$((HTTP + 2)) $pin_server $BIN serve > "$BASE/server3.log" 2>&1 &
  second=$!
  started $((HTTP + 2))
  page_at() { SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS RATE=200 $pin_client wrk -t2 -c"$CONNS" -d"${DURATION}s" \
    -s bench/page.lua "http://127.0.0.1:$((HTTP + 2))/" | grep -o 'p50_ms=[0-9.]* p95_ms=[0-9.]* p99_ms=[0-9.]*'; }
  page_alone=$(page_at)
  many_before=$(rss "$second")
  rm -f "$BASE/ws-ready"
  $BIN bench ws --ports "$((HTTP + 2))" --workshop "$idle" --sessions-file "$OUT/sessions.txt" --clients 10000 --rate 0 \
    --seconds 90 --ramp-seconds 30 --ready-file "$BASE/ws-ready" > "$OUT/ws-many.log" &
  many_clients=$!
  for _ in $(seq 1 900); do [ -f "$BASE/ws-ready" ] && break; sleep 0.1; done
  sleep 2
  many_after=$(rss "$second")
  page_busy=$(page_at)
  wait "$many_clients" || true
  kill "$second"; wait "$second" 2>/dev/null || true
  # Registration under load: 100 seats for 200 members, half registering and half giving their seat back, so the
  # waiting list fills and moves; pgbench runs the same transaction on a workshop of its own.
  local registration seats_check
  export WORKSHOP
  WORKSHOP=$(LOG_LEVEL=error $BIN bench workshop --open-seats 100 | tail -1)
  PGBENCH_VARS="-D w=$(LOG_LEVEL=error $BIN bench workshop --open-seats 100 | tail -1)"
  registration=$(compare "POST /workshops/:id/registration (and /cancel)" "$REGISTRATION_SQL" bench/registration.lua /)
  PGBENCH_VARS=""
  registration="$registration; last wrk run: $(grep -o 'p50_ms=.*' "$OUT/wrk-registration.log")"
  # The kept counters must equal the rows: seats taken and waiting against COUNT(*) by status, for both workshops.
  seats_check=$($PSQL -Atc "SELECT string_agg(w.id || ':' || (w.seats_taken = (SELECT count(*) FROM workshop_registrations r
    WHERE r.workshop_id = w.id AND r.status = 'registered') AND w.waiting = (SELECT count(*) FROM workshop_registrations r
    WHERE r.workshop_id = w.id AND r.status = 'waiting') AND w.seats_taken <= w.capacity), ' ')
    FROM workshops w WHERE w.title = 'Benchmark board' AND w.state = 'scheduled'" eyrie_bench)
  {
    echo "# Live board: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs"
    echo
    [ "${BENCH_PIN:-0}" = 1 ] && echo "Pinned: the servers on core 0, the load generator on core 1 (PostgreSQL floats)."
    local setting
    for setting in one two bare bare_pg; do
      echo "- $setting (200 clients × 1 note/s): p50 $(med "$setting" p50_ms) ms, p99 $(med "$setting" p99_ms) ms, server CPU $(med "$setting" server_cpu)% of a core, machine $(med "$setting" machine_busy)% busy (medians of 3)"
    done
    ratio() { awk -v a="$(med "$1" p99_ms)" -v b="$(med "$2" p99_ms)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    echo "- board p99 over the bare broadcast's: one instance $(ratio one bare), two $(ratio two bare); over the bare broadcast's beside PostgreSQL doing the notes: one $(ratio one bare_pg), two $(ratio two bare_pg)"
    echo "- PostgreSQL alone, the note's statements at 200/s from $CONNS connections: $pg_rate; at most $pg_max notes/s"
    sed 's/^/  - /' "$OUT/ws-runs.log"
    echo "- registration: $registration; counters equal COUNT(*) (workshop:check): $seats_check"
    echo "- 1,000 idle sockets: server RSS ${rss_before} KiB → ${rss_after} KiB, $(( (rss_after - rss_before) / 1000 )) KiB per socket; $(cat "$OUT/ws-idle.log")"
    echo "- 10,000 idle sockets: server RSS ${many_before} KiB → ${many_after} KiB, $(( (many_after - many_before) / 10000 )) KiB per socket; $(cat "$OUT/ws-many.log")"
    echo "- challenge page at 200 req/s on that server: alone $page_alone; holding the 10,000 sockets $page_busy"
  } | tee "$OUT/workshops.md"
}

# pgbench scripts are put together from the statements each handler issues, in its order (bench/sql/*.sql).
script() {  # name, parts…
  local name=$1 out="$BASE/$1.sql"; shift
  (cd bench/sql && cat "$@") > "$out"
  [ "$(id -u)" -eq 0 ] && chown postgres "$out"
  echo "$out"
}
SUPPORT_SQL=$(script support support-vars.sql session.sql support-idea.sql visit.sql settings.sql support.sql)
PAIRWISE_SQL=$(script pairwise pairwise-vars.sql session.sql visit.sql settings.sql pairwise-show.sql \
  session.sql visit.sql settings.sql pairwise-answer.sql)
PAGE_SQL=$(script challenge page-vars.sql session.sql visit.sql settings.sql challenge-page.sql)
REGISTRATION_SQL=$(script registration registration-vars.sql session.sql workshop-visit.sql registration.sql)
OFFERING_SQL=$(script offering offering-vars.sql session.sql offering-page.sql)
HEALTH_SQL=$(script health health-vars.sql session.sql health-page.sql)
LIBRARY_SQL=$(script library library-vars.sql session.sql library-page.sql)
RESOURCE_SQL=$(script resource resource-vars.sql session.sql resource-page.sql)

votes() { $PSQL -Atc "SELECT count(*) FROM pairwise_votes" eyrie_bench; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
pgbench_tps() {  # file, extra pgbench options (variables)
  as_pg "$PGBIN/pgbench" -h "$BASE/sock" -p $PORT -U postgres -n -M extended -c "$CONNS" -j 2 -T "$DURATION" \
    ${PGBENCH_VARS:-} -f "$1" eyrie_bench 2>/dev/null | awk '/^tps/ { print int($3) }'
}
wrk_rps() {  # script, path, page; prints requests/s (answers/s for the pairwise script: a GET and a POST each)
  local threads=2 per=1 before=0
  [ "$1" = bench/pairwise.lua ] && threads=$CONNS per=2 before=$(votes)
  SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="${3:-}" wrk -t"$threads" -c"$CONNS" -d"${DURATION}s" -s "$1" \
    --latency "http://127.0.0.1:$HTTP$2" > "$OUT/wrk.log" 2>&1
  # Every answer the members gave must be recorded: the rows written equal the answers wrk completed.
  [ "$1" = bench/pairwise.lua ] && echo "recorded=$(( $(votes) - before ))" >> "$OUT/wrk.log"
  cp "$OUT/wrk.log" "$OUT/wrk-$(basename "$1" .lua).log"
  awk -v per=$per '/Requests\/sec/ { print int($2 / per) }' "$OUT/wrk.log"
}
compare() {  # name, pgbench file, wrk script, path
  local pg=() http=()
  for _ in 1 2 3; do pg+=("$(pgbench_tps "$2")"); http+=("$(wrk_rps "$3" "$4" "${5:-}")"); done
  local p h
  p=$(printf '%s\n' "${pg[@]}" | median); h=$(printf '%s\n' "${http[@]}" | median)
  echo "$1|$h|$p|$(awk -v h="$h" -v p="$p" 'BEGIN { printf "%.2f", (p > 0 ? h / p : 0) }')"
}

# The offering page of a large offering (200 blueprint steps, 20 KPIs × 100 measurements, 50 source ideas):
# requests/s against pgbench of its statements, then p99 at half that rate.
offerings() {
  local id page half max
  id=$(LOG_LEVEL=error $BIN bench offering --challenge 1 | tail -1)
  PGBENCH_VARS="-D o=$id"
  page=$(compare "GET /offerings/:id (200 steps, 20 KPIs × 100 measurements, 50 ideas)" "$OFFERING_SQL" bench/page.lua / "/offerings/$id")
  PGBENCH_VARS=""
  max=$(echo "$page" | cut -d'|' -f2)
  SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="/offerings/$id" RATE=$((max / 2)) \
    wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-offering-half.log" 2>&1
  half=$(grep -o 'p99_ms=[0-9.]*' "$OUT/wrk-offering-half.log" | cut -d= -f2)
  {
    echo "# Offering page: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
    echo
    echo "- ${page//|/ | } (HTTP req/s | pgbench TPS | ratio, medians of 3)"
    echo "- p99 at half its maximum rate ($((max / 2)) req/s offered): ${half} ms; $(grep -o 'p50_ms=[0-9.]*' "$OUT/wrk-offering-half.log")"
    echo "- page size: $(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/offerings/$id" | wc -c) bytes"
  } | tee "$OUT/offerings.md"
}
# The library of the challenge's community grown by 2,000 resources (three versions each, a link to an idea, useful
# marks): the list found by a word and the page of a resource with ten files and twenty links, each against pgbench
# of its statements, then their p99 at half their maximum rate.
library() {
  local id slug community list page
  id=$(LOG_LEVEL=error $BIN bench library --challenge 1 --resources "${BENCH_RESOURCES:-2000}" | tail -1)
  community=$($PSQL -d eyrie_bench -Atc "SELECT community_id FROM resources WHERE id = $id")
  slug=$($PSQL -d eyrie_bench -Atc "SELECT slug FROM communities WHERE id = $community")
  PGBENCH_VARS="-D c=$community -D s=$slug"
  list=$(compare "GET /communities/:slug/library?q=welcome ($($PSQL -d eyrie_bench -Atc "SELECT count(*) FROM resources") resources)" \
    "$LIBRARY_SQL" bench/page.lua / "/communities/$slug/library?q=welcome")
  PGBENCH_VARS="-D c=$community -D r=$id"
  page=$(compare "GET /resources/:id (10 files, 20 links, 3 versions)" "$RESOURCE_SQL" bench/page.lua / "/resources/$id")
  PGBENCH_VARS=""
  half() {  # path, maximum rate
    SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="$1" RATE=$(($2 / 2)) \
      wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-library-half.log" 2>&1
    grep -o 'p50_ms=[0-9.]* p95_ms=[0-9.]* p99_ms=[0-9.]*' "$OUT/wrk-library-half.log"
  }
  {
    echo "# Library: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
    echo
    echo "| Endpoint | HTTP req/s | pgbench TPS | ratio |"
    echo "|---|---|---|---|"
    echo "| $list |"
    echo "| $page |"
    echo
    echo "- the list at half its maximum rate: $(half "/communities/$slug/library?q=welcome" "$(echo "$list" | cut -d'|' -f2)")"
    echo "- the resource at half its maximum rate: $(half "/resources/$id" "$(echo "$page" | cut -d'|' -f2)")"
    echo "- sizes: list $(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/communities/$slug/library?q=welcome" | wc -c) bytes, resource $(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/resources/$id" | wc -c) bytes"
  } | tee "$OUT/library.md"
}
# The API's idea list against the HTML page of the same query: requests/s and latency, with 50 API tokens (each
# request counts against its token's window in the database) and without one.
api() {
  local page tokens anonymous
  $PSQL -d eyrie_bench -qc "INSERT INTO api_tokens (member_id, name, token_hash, prefix)
    SELECT n, 'bench', sha256(convert_to('eyr_bench_' || n, 'UTF8')), 'eyr_be' FROM generate_series(1, 50) n
    ON CONFLICT (token_hash) DO NOTHING" >/dev/null
  rps() { awk '/Requests\/sec/ { print int($2) }' "$1"; }
  local runs_page=() runs_token=() runs_anon=()
  for _ in 1 2 3; do
    SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="/challenges/1?sort=supported" wrk -t2 -c"$CONNS" -d"${DURATION}s" \
      -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-api-page.log" 2>&1
    runs_page+=("$(rps "$OUT/wrk-api-page.log")")
    TOKENS=50 PAGE="/api/v1/challenges/1/ideas?sort=supported" wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/api.lua \
      "http://127.0.0.1:$HTTP/" > "$OUT/wrk-api-token.log" 2>&1
    runs_token+=("$(rps "$OUT/wrk-api-token.log")")
    TOKENS=0 PAGE="/api/v1/challenges/1/ideas?sort=supported" wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/api.lua \
      "http://127.0.0.1:$HTTP/" > "$OUT/wrk-api-anonymous.log" 2>&1
    runs_anon+=("$(rps "$OUT/wrk-api-anonymous.log")")
  done
  page=$(printf '%s\n' "${runs_page[@]}" | median); tokens=$(printf '%s\n' "${runs_token[@]}" | median)
  anonymous=$(printf '%s\n' "${runs_anon[@]}" | median)
  {
    echo "# API idea list against the challenge page: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
    echo
    echo "- GET /challenges/1?sort=supported (HTML, signed in): $page req/s; $(grep -o 'p50_ms=.*' "$OUT/wrk-api-page.log")"
    echo "- GET /api/v1/challenges/1/ideas?sort=supported with a token: $tokens req/s ($(awk -v a="$tokens" -v b="$page" 'BEGIN { printf "%.2f", a / b }') of the page); $(grep -o 'p50_ms=.*' "$OUT/wrk-api-token.log")"
    echo "- the same without a token: $anonymous req/s ($(awk -v a="$anonymous" -v b="$page" 'BEGIN { printf "%.2f", a / b }') of the page); $(grep -o 'p50_ms=.*' "$OUT/wrk-api-anonymous.log")"
    echo "- sizes: page $(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/challenges/1?sort=supported" | wc -c) bytes, API $(curl -fs "http://127.0.0.1:$HTTP/api/v1/challenges/1/ideas?sort=supported" | wc -c) bytes"
  } | tee "$OUT/api.md"
}
if [ "${BENCH_ONLY:-}" = api ]; then
  api
  exit 0
fi
# Export and import of the bench community, three runs each: rows per second and peak resident memory of
# `eyrie export` (JSON and CSV zip) and `eyrie import` (the zip, into an empty database), against psql \copy as the
# limit: the same tables' rows out (to CSV) and the export's own statements (to /dev/null); in, into empty copies of
# the tables with the same indexes, and with their foreign keys too.
exchange() {
  local dir=$BASE/exchange tables="members memberships ideas idea_authors idea_events supports pairwise_votes" t i
  local copy_db="postgres://postgres@localhost:$PORT/eyrie_copy?host=$BASE/sock"
  local import_db="postgres://postgres@localhost:$PORT/eyrie_import?host=$BASE/sock"
  rm -rf "$dir"; mkdir -p "$dir/parents"; chmod 777 "$dir" "$dir/parents"
  peak() { awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$1"; }
  wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
  rows_of() { grep -o 'Exported bench: [0-9,]* rows' "$1" | grep -o '[0-9,]*' | tr -d ,; }
  since() { echo "$(date +%s.%N) - $1" | bc; }
  # "median (min–max)" of the numbers given
  spread() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s (%s–%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
  median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  rate() { echo "$1 / $2" | bc; }
  fresh_db() {
    $PSQL -qc "DROP DATABASE IF EXISTS $1" -qc "CREATE DATABASE $1" >/dev/null
    DATABASE_URL="postgres://postgres@localhost:$PORT/$1?host=$BASE/sock" $BIN migrate >/dev/null 2>&1
  }
  # The foreign keys of the big tables, and the other tables they name (loaded first, without keys of their own).
  local fks="SELECT conrelid::regclass, confrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE contype = 'f' AND conrelid::regclass::text IN ($(printf "'%s'," $tables | sed 's/,$//'))"
  local parents=$($PSQL -d eyrie_bench -Atc "SELECT DISTINCT f FROM ($fks) x(t, f, d)" | grep -vxF -f <(printf '%s\n' $tables))
  for t in $parents; do $PSQL -d eyrie_bench -qc "\\copy (SELECT * FROM $t) TO '$dir/parents/$t.copy' WITH (FORMAT csv)"; done
  local copy_out=() copy_in=() copy_fk=() export_sql=() json=() csv=() imports=() json_rss=() csv_rss=() import_rss=()
  for i in 1 2 3; do
    START=$(date +%s.%N)
    for t in $tables; do $PSQL -d eyrie_bench -qc "\\copy (SELECT * FROM $t) TO '$dir/$t.copy' WITH (FORMAT csv)"; done
    copy_out+=("$(since "$START")")
    /usr/bin/time -v $BIN export --community bench --out "$dir/bench.json" 2> "$dir/json.log"
    json+=("$(wall "$dir/json.log")"); json_rss+=("$(peak "$dir/json.log")")
    /usr/bin/time -v $BIN export --community bench --format csv --out "$dir/bench.zip" 2> "$dir/csv.log"
    csv+=("$(wall "$dir/csv.log")"); csv_rss+=("$(peak "$dir/csv.log")")
    if [ "$i" = 1 ]; then
      # The export's statements: one more export with every statement logged, turned into a psql script.
      $PSQL -d eyrie_bench -qc "ALTER DATABASE eyrie_bench SET log_min_duration_statement = 0"
      local logged=$(wc -c < "$BASE/postgres.log")
      $BIN export --community bench --out "$dir/logged.json" 2>/dev/null
      $PSQL -d eyrie_bench -qc "ALTER DATABASE eyrie_bench RESET log_min_duration_statement"
      tail -c +$((logged + 1)) "$BASE/postgres.log" | python3 bench/export-sql.py /dev/stdin > "$dir/export.psql"
      chmod a+r "$dir/export.psql"
    fi
    START=$(date +%s.%N)
    $PSQL -d eyrie_bench -q -f "$dir/export.psql"
    export_sql+=("$(since "$START")")
    fresh_db eyrie_copy
    for t in $tables; do $PSQL -d eyrie_copy -qc "CREATE TABLE copy_$t (LIKE $t INCLUDING DEFAULTS INCLUDING INDEXES)"; done
    for t in $parents $tables; do $PSQL -d eyrie_copy -qc "CREATE TABLE fk_$t (LIKE $t INCLUDING DEFAULTS INCLUDING INDEXES)"; done
    $PSQL -d eyrie_bench -Atc "SELECT t, f, d FROM ($fks) x(t, f, d)" | while IFS='|' read -r t f d; do
      $PSQL -d eyrie_copy -qc "ALTER TABLE fk_$t ADD ${d/REFERENCES $f(/REFERENCES fk_$f(}"
    done
    START=$(date +%s.%N)
    for t in $tables; do $PSQL -d eyrie_copy -qc "\\copy copy_$t FROM '$dir/$t.copy' WITH (FORMAT csv)"; done
    copy_in+=("$(since "$START")")
    START=$(date +%s.%N)
    for t in $parents; do $PSQL -d eyrie_copy -qc "\\copy fk_$t FROM '$dir/parents/$t.copy' WITH (FORMAT csv)"; done
    for t in $tables; do $PSQL -d eyrie_copy -qc "\\copy fk_$t FROM '$dir/$t.copy' WITH (FORMAT csv)"; done
    copy_fk+=("$(since "$START")")
    fresh_db eyrie_import
    DATABASE_URL=$import_db /usr/bin/time -v \
      $BIN import "$dir/bench.zip" --community bench --max-size 16G > "$dir/import.out" 2> "$dir/import-$i.log"
    imports+=("$(wall "$dir/import-$i.log")"); import_rss+=("$(peak "$dir/import-$i.log")")
  done
  local rows=$(rows_of "$dir/json.log") copy_rows=$(cat "$dir"/*.copy | wc -l)
  local fk_rows=$(( copy_rows + $(cat "$dir"/parents/*.copy | wc -l) ))
  local out=$(median "${copy_out[@]}") sql=$(median "${export_sql[@]}") in=$(median "${copy_in[@]}") fk=$(median "${copy_fk[@]}")
  local j=$(median "${json[@]}") c=$(median "${csv[@]}") im=$(median "${imports[@]}")
  {
    echo "# Export and import: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, median (min–max) of three runs"
    echo
    echo "- rows in the community: $rows; psql \\copy of the big tables: $copy_rows rows"
    echo "- psql \\copy out: $(spread "${copy_out[@]}") s = $(rate "$copy_rows" "$out") rows/s"
    echo "- psql \\copy of the export's own statements ($(grep -c '^.copy' "$dir/export.psql") SELECTs, one snapshot) to /dev/null: $(spread "${export_sql[@]}") s = $(rate "$rows" "$sql") rows/s"
    echo "- eyrie export (JSON): $(spread "${json[@]}") s = $(rate "$rows" "$j") rows/s, peak RSS $(median "${json_rss[@]}") MiB, $(du -m "$dir/bench.json" | cut -f1) MiB"
    echo "- eyrie export (CSV zip): $(spread "${csv[@]}") s = $(rate "$rows" "$c") rows/s, peak RSS $(median "${csv_rss[@]}") MiB, $(du -m "$dir/bench.zip" | cut -f1) MiB"
    echo "- export over \\copy out: JSON $(echo "scale=2; $out * $rows / $copy_rows / $j" | bc), CSV $(echo "scale=2; $out * $rows / $copy_rows / $c" | bc); over the export's own statements: JSON $(echo "scale=2; $sql / $j" | bc), CSV $(echo "scale=2; $sql / $c" | bc)"
    echo "- psql \\copy in (tables with their indexes): $(spread "${copy_in[@]}") s = $(rate "$copy_rows" "$in") rows/s"
    echo "- psql \\copy in (with their indexes and foreign keys, $fk_rows rows with the tables they name): $(spread "${copy_fk[@]}") s = $(rate "$fk_rows" "$fk") rows/s"
    echo "- eyrie import (CSV zip): $(spread "${imports[@]}") s = $(rate "$rows" "$im") rows/s, peak RSS $(median "${import_rss[@]}") MiB"
    echo "- import over \\copy in: $(echo "scale=2; $in * $rows / $copy_rows / $im" | bc); over \\copy in with foreign keys: $(echo "scale=2; $fk * $rows / $fk_rows / $im" | bc)"
    echo "- import result: $(tail -1 "$dir/import.out")"
  } | tee "$OUT/exchange.md"
}
# Community health at 100,000 members and 5M events: the snapshot, the dashboard, the digests.
health() {
  local slug=health-bench c month first second ending page max half digests
  secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
  if [ -z "$($PSQL -d eyrie_bench -Atc "SELECT id FROM communities WHERE slug = '$slug'")" ]; then
    /usr/bin/time -v $BIN bench health --members "${HEALTH_MEMBERS:-100000}" --events "${HEALTH_EVENTS:-5000000}" \
      > "$OUT/health-gen.out" 2> "$OUT/health-gen.log"
    $PSQL -d eyrie_bench -qc "VACUUM (ANALYZE)"
  fi
  c=$($PSQL -d eyrie_bench -Atc "SELECT id FROM communities WHERE slug = '$slug'")
  local events=$($PSQL -d eyrie_bench -Atc "SELECT (SELECT count(*) FROM ideas WHERE community_id = $c)
    + (SELECT count(*) FROM idea_authors WHERE community_id = $c) + (SELECT count(*) FROM comments WHERE community_id = $c)
    + (SELECT count(*) FROM supports WHERE community_id = $c) + (SELECT count(*) FROM member_signins s
       JOIN memberships m ON m.member_id = s.member_id AND m.community_id = $c)")
  $PSQL -d eyrie_bench -qc "DELETE FROM health_months WHERE community_id = $c"
  /usr/bin/time -v $BIN health snapshot --community $slug > "$OUT/health-first.out" 2> "$OUT/health-first.log"
  /usr/bin/time -v $BIN health snapshot --community $slug > "$OUT/health-second.out" 2> "$OUT/health-second.log"
  # a month ends, three times: as on the first snapshot of a month, the month just ended is worked out once more and
  # made final, and the new month has no rows yet
  local endings=""
  for run in 1 2 3; do
    $PSQL -d eyrie_bench -qc "UPDATE health_months SET final = false
      WHERE community_id = $c AND month = date_trunc('month', now() - interval '1 month')::date"
    for t in health_months participation_months participation_levels participation_counts participation_moves; do
      $PSQL -d eyrie_bench -qc "DELETE FROM $t WHERE community_id = $c AND month = date_trunc('month', now())::date"
    done
    $PSQL -d eyrie_bench -qc "VACUUM ANALYZE participation_months" -qc "VACUUM ANALYZE participation_levels"
    /usr/bin/time -v $BIN health snapshot --community $slug > "$OUT/health-ending.out" 2> "$OUT/health-ending.log"
    endings="$endings $(secs "$OUT/health-ending.log")"
  done
  month=$($PSQL -d eyrie_bench -Atc "SELECT max(month) FROM participation_counts WHERE community_id = $c")
  # the bench sessions' members act as platform admins for the dashboard (put back afterwards)
  $PSQL -d eyrie_bench -qc "UPDATE members SET is_admin = true WHERE id <= 200"
  PGBENCH_VARS="-D c=$c -D m=$month"
  page=$(compare "GET /communities/$slug/health" "$HEALTH_SQL" bench/page.lua / "/communities/$slug/health")
  PGBENCH_VARS=""
  max=$(echo "$page" | cut -d'|' -f2)
  SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="/communities/$slug/health" RATE=$((max / 2)) \
    wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-health-half.log" 2>&1
  SESSIONS=$OUT/sessions.txt CONNECTIONS=4 PAGE="/communities/$slug/health" \
    wrk -t2 -c4 -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-health-4.log" 2>&1
  local size=$(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/communities/$slug/health" | wc -c)
  $PSQL -d eyrie_bench -qc "UPDATE members SET is_admin = false WHERE id <= 200"
  # every member of the community has two unread notifications and a digest due now
  $PSQL -d eyrie_bench -qc "DELETE FROM outbox" -qc "INSERT INTO notifications (member_id, community_id, kind, body, link)
    SELECT m.member_id, $c, 'comment', 'A comment on an idea you follow ' || g, '/ideas/1'
    FROM memberships m, generate_series(1, 2) g WHERE m.community_id = $c" \
    -qc "UPDATE members SET digest_due_at = CASE WHEN id IN (SELECT member_id FROM memberships WHERE community_id = $c)
         THEN now() - interval '1 minute' ELSE now() + interval '7 days' END, digest = 'weekly'"
  /usr/bin/time -v $BIN mail digests > "$OUT/health-digests.out" 2> "$OUT/health-digests.log"
  digests=$($PSQL -d eyrie_bench -Atc "SELECT count(*) FROM outbox WHERE kind = 'digest'")
  $PSQL -d eyrie_bench -qc "DELETE FROM outbox"
  {
    echo "# Community health: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
    echo
    echo "- community: $($PSQL -d eyrie_bench -Atc "SELECT count(*) FROM memberships WHERE community_id = $c") members, $events activity rows"
    [ -f "$OUT/health-gen.out" ] && echo "- generated: $(head -1 "$OUT/health-gen.out")"
    echo "- first snapshot (twelve months and the months before they look at): $(secs "$OUT/health-first.log") s, peak RSS $(awk -F': ' '/Maximum resident/ { printf "%d", $2 / 1024 }' "$OUT/health-first.log") MiB — $(cat "$OUT/health-first.out")"
    echo "- the month under way again: $(secs "$OUT/health-second.log") s — $(cat "$OUT/health-second.out")"
    echo "- a month ending (the month just ended made final, the new one from nothing), three runs: $(echo $endings | tr ' ' '\n' | sort -n | paste -sd' ') s (median $(echo $endings | tr ' ' '\n' | sort -n | sed -n 2p) s) — $(cat "$OUT/health-ending.out")"
    echo "- ${page//|/ | } (HTTP req/s | pgbench TPS of its SQL | ratio, medians of 3)"
    echo "- at half that rate ($((max / 2)) req/s offered): $(grep -o 'p50_ms=.*' "$OUT/wrk-health-half.log")"
    echo "- 4 connections, closed loop: $(awk '/Requests\/sec/ { print int($2) }' "$OUT/wrk-health-4.log") req/s, $(grep -o 'p50_ms=.*' "$OUT/wrk-health-4.log")"
    echo "- page size: $size bytes"
    echo "- digests: $(cat "$OUT/health-digests.out"); $digests in the outbox"
  } | tee "$OUT/health.md"
}
# Member administration at 10,000 members (issue 18): a community of its own, its first 200 members (the bench
# sessions) stewards; the list searched, filtered and paged: requests/s against pgbench of the same statements, then
# p95 at half that rate (goal: under 100 ms).
members() {
  local c org after rows=""
  if [ -z "$($PSQL -d eyrie_bench -Atc "SELECT 1 FROM communities WHERE slug = 'bench-members'")" ]; then
    $PSQL -d eyrie_bench -q <<'SQL'
INSERT INTO communities (slug, name, domain, visibility, invite_code)
  VALUES ('bench-members', 'Bench members', 'A community of 10,000 members for the member list.', 'open', 'bench');
INSERT INTO members (email, name, password_hash, organisation_id)
  SELECT 'm' || g || '@members.bench',
         (ARRAY['Alex','Bianca','Cyril','Dalia','Emeka','Freya','Gopal','Helga','Isaac','Jun'])[1 + g % 10] || ' '
           || (ARRAY['Andersen','Bakker','Costa','Dubois','Eze','Fischer','Garcia','Horvat'])[1 + (g / 10) % 8] || ' ' || g,
         'x', (SELECT id FROM organisations ORDER BY id LIMIT 1 OFFSET (g % 5))
  FROM generate_series(1, 9800) g;
INSERT INTO memberships (community_id, member_id, role, status)
  SELECT (SELECT id FROM communities WHERE slug = 'bench-members'), id,
         CASE WHEN id <= 200 THEN 'steward' ELSE 'member' END, CASE WHEN id % 97 = 0 AND id > 200 THEN 'pending' ELSE 'active' END
  FROM members WHERE id <= 200 OR email LIKE '%@members.bench';
ANALYZE members; ANALYZE memberships;
SQL
  fi
  c=$($PSQL -d eyrie_bench -Atc "SELECT id FROM communities WHERE slug = 'bench-members'")
  org=$($PSQL -d eyrie_bench -Atc "SELECT id FROM organisations ORDER BY id LIMIT 1 OFFSET 2")
  after=$($PSQL -d eyrie_bench -Atc "SELECT m.id FROM memberships ms JOIN members m ON m.id = ms.member_id
    WHERE ms.community_id = $c ORDER BY m.name, m.id OFFSET 5000 LIMIT 1")
  local sql
  sql=$(script members members-vars.sql session.sql members-page.sql)
  for kind in search filter page; do
    local path vars
    case $kind in
      search) path="/communities/bench-members/members?q=costa"; vars="-D q=costa -D searching=1 -D role=any -D byrole=0 -D org=0 -D after=0 -D joined=1" ;;
      filter) path="/communities/bench-members/members?role=member&organisation=$org"; vars="-D q=any -D searching=0 -D role=member -D byrole=1 -D org=$org -D after=0 -D joined=1" ;;
      page) path="/communities/bench-members/members?after=$after"; vars="-D q=any -D searching=0 -D role=any -D byrole=0 -D org=0 -D after=$after -D joined=0" ;;
    esac
    PGBENCH_VARS="-D c=$c $vars"
    local line max half
    line=$(compare "GET members ($kind)" "$sql" bench/page.lua / "$path")
    PGBENCH_VARS=""
    max=$(echo "$line" | cut -d'|' -f2)
    SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="$path" RATE=$((max / 2)) \
      wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-members-$kind.log" 2>&1
    half=$(grep -o 'p50_ms=.*' "$OUT/wrk-members-$kind.log")
    rows="$rows
| ${line//|/ | } | $((max / 2)) | $half |"
  done
  {
    echo "# Member administration: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
    echo
    echo "- community: $($PSQL -d eyrie_bench -Atc "SELECT count(*) FROM memberships WHERE community_id = $c") members, 200 of them stewards (the bench sessions)"
    echo
    echo "| page | HTTP req/s (median of 3) | pgbench TPS of its SQL | ratio | offered at half (req/s) | latency at half |"
    echo "|---|---|---|---|---|---|$rows"
    echo "- page size (first page, no filter): $(curl -fs -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/communities/bench-members/members" | wc -c) bytes"
  } | tee "$OUT/members.md"
}
if [ "${BENCH_ONLY:-}" = members ]; then
  members
  exit 0
fi
if [ "${BENCH_ONLY:-}" = health ]; then
  health
  exit 0
fi
if [ "${BENCH_ONLY:-}" = exchange ]; then
  exchange
  exit 0
fi
if [ "${BENCH_ONLY:-}" = library ]; then
  library
  exit 0
fi
if [ "${BENCH_ONLY:-}" = offerings ]; then
  offerings
  exit 0
fi
if [ "${BENCH_ONLY:-}" = workshops ]; then
  workshops
  exit 0
fi

echo "== support (POST), pairwise answer (GET + POST), challenge page (GET)"
SUPPORT=$(compare "POST /ideas/:id/support" "$SUPPORT_SQL" bench/support.lua /)
PAIRWISE=$(compare "GET + POST /challenges/1/pairwise (one answer)" "$PAIRWISE_SQL" bench/pairwise.lua /)
PAIRWISE_LAT="$(grep -o 'answers=.*' "$OUT/wrk-pairwise.log") $(grep -o 'recorded=.*' "$OUT/wrk-pairwise.log")"
CHALLENGE=$(compare "GET /challenges/1?sort=supported" "$PAGE_SQL" bench/page.lua "/" "/challenges/1?sort=supported")
MAX=$(echo "$CHALLENGE" | cut -d'|' -f2)
SESSIONS=$OUT/sessions.txt CONNECTIONS=$CONNS PAGE="/challenges/1?sort=supported" RATE=$((MAX / 2)) \
  wrk -t2 -c"$CONNS" -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-half.log" 2>&1
HALF=$(grep -o 'p99_ms=[0-9.]*' "$OUT/wrk-half.log" | cut -d= -f2)
# One view first fits the answers given so far (timed above as "fit"); the run then measures the page itself.
curl -fs -o /dev/null -b "eyrie_session=bench-session-1" "http://127.0.0.1:$HTTP/challenges/1/results"
SESSIONS=$OUT/sessions.txt CONNECTIONS=4 PAGE="/challenges/1/results" \
  wrk -t2 -c4 -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-results.log" 2>&1
RESULTS_P99=$(grep -o 'p99_ms=[0-9.]*' "$OUT/wrk-results.log" | cut -d= -f2)
RESULTS_RPS=$(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk-results.log")
# The same while members answer the survey (8 connections answering, each answer invalidating the fit).
SESSIONS=$OUT/sessions.txt CONNECTIONS=8 wrk -t8 -c8 -d"${DURATION}s" -s bench/pairwise.lua "http://127.0.0.1:$HTTP/" \
  > "$OUT/wrk-answering.log" 2>&1 &
ANSWERING=$!
SESSIONS=$OUT/sessions.txt CONNECTIONS=4 PAGE="/challenges/1/results" \
  wrk -t2 -c4 -d"${DURATION}s" -s bench/page.lua "http://127.0.0.1:$HTTP/" > "$OUT/wrk-results-busy.log" 2>&1
wait $ANSWERING
BUSY_P99=$(grep -o 'p99_ms=[0-9.]*' "$OUT/wrk-results-busy.log" | cut -d= -f2)
BUSY_RPS=$(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk-results-busy.log")
BUSY_ANSWERS=$(awk '/Requests\/sec/ { print int($2 / 2) }' "$OUT/wrk-answering.log")

{
  echo "# Benchmark run: $TIER tier, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s runs, $CONNS connections"
  echo
  echo "| endpoint | HTTP req/s (median of 3) | pgbench TPS of its SQL (median of 3) | ratio |"
  echo "|---|---|---|---|"
  echo "| ${SUPPORT//|/ | } |"
  echo "| ${PAIRWISE//|/ | } |"
  echo "| ${CHALLENGE//|/ | } |"
  echo
  echo "- pairwise (last run): $PAIRWISE_LAT"
  echo "- challenge page p99 at half its maximum rate ($((MAX / 2)) req/s offered): ${HALF} ms"
  echo "- results page (pairwise fit kept while the answers are unchanged) under load, 4 connections: ${RESULTS_RPS} req/s, p99 ${RESULTS_P99} ms"
  echo "- results page while members answer the survey ($BUSY_ANSWERS answers/s): ${BUSY_RPS} req/s, p99 ${BUSY_P99} ms"
  echo "- $FIT"
} | tee "$OUT/latest.md"
[ "${BENCH_ONLY:-}" = pages ] && exit 0
offerings
workshops
