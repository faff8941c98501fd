#!/usr/bin/env bash
# A small production-like deployment on this one machine, loopback only (README, "Running on several machines"):
#
#   nginx :8200 ──► eyrie serve :8201, :8202 ──► PgBouncer :6401 ──► PostgreSQL node1 :5601 (primary)
#                                            └─► PgBouncer :6402 ──► PostgreSQL node2 :5602 (hot standby)
#                   boards' LISTEN ─────────────────────────────────► node1/node2 directly
#   pg_auto_failover: monitor :5600 watches node1 and node2, promotes the standby when the primary dies.
#
#   scripts/cluster.sh up | down | status | rolling-restart | instance-start N | instance-stop N | node-kill N | node-start N
#                      | hold-out N (nginx sends instance N nothing) | put-back
#
# Everything lives under .eyrie/cluster; `down` stops it and keeps the data, `down --wipe` removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=$ROOT/.eyrie/cluster
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)" 2>/dev/null || echo /usr/lib/postgresql/15/bin)
EYRIE=${EYRIE_BIN:-$ROOT/.build/debug/eyrie}
MONITOR_PORT=5600
NGINX_PORT=${EYRIE_CLUSTER_PORT:-8200}
NODES=(1 2)
INSTANCES=(1 2)
# pg_autoctl keeps each node's state under XDG folders: here, inside the cluster's own folder, so `down --wipe`
# leaves nothing behind that a later `up` would trip on.
XDG=(XDG_CONFIG_HOME="$BASE/xdg/config" XDG_DATA_HOME="$BASE/xdg/data" XDG_RUNTIME_DIR="$BASE/xdg/run")
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- env PATH="$PGBIN:$PATH" "${XDG[@]}" "$@"
  else env PATH="$PGBIN:$PATH" "${XDG[@]}" "$@"; fi
}
say() { echo "== $*"; }

install() {
  local need=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
  command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
  command -v pg_autoctl >/dev/null || need+=(postgresql-15-auto-failover pg-auto-failover-cli)
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$MONITOR_PORT/pg_auto_failover?sslmode=disable"; }
# What Eyrie is given: every node, through its PgBouncer (pooled) and directly (LISTEN).
pooled_url() { echo "postgres://postgres@127.0.0.1:6401,127.0.0.1:6402/eyrie?sslmode=disable&target_session_attrs=read-write"; }
direct_url() { echo "postgres://postgres@127.0.0.1:5601,127.0.0.1:5602/eyrie?sslmode=disable&target_session_attrs=read-write"; }

keeper() {  # run the pg_autoctl keeper of a data directory in the background
  local dir=$1 log=$2
  as_pg setsid pg_autoctl run --pgdata "$dir" >> "$log" 2>&1 < /dev/null &
}

state() { as_pg pg_autoctl show state --pgdata "$BASE/monitor" 2>/dev/null; }

wait_for() {  # seconds, description, command…
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$what: not within $seconds s" >&2; return 1
}

has_primary_and_secondary() { state | grep -q "| *primary *| *primary" && state | grep -q "| *secondary *| *secondary"; }

node_up() {  # create the node once, then run its keeper
  local n=$1
  if [ ! -f "$BASE/node$n/PG_VERSION" ]; then
    as_pg pg_autoctl create postgres --pgdata "$BASE/node$n" --pgport "560$n" --hostname 127.0.0.1 \
      --monitor "$(monitor_uri)" --auth trust --no-ssl --dbname eyrie --name "node$n" >> "$BASE/node$n.log" 2>&1
    # A primary that reaches neither the monitor nor its standby demotes itself after 4 s (default 20 s), before the
    # monitor's demote timeout (6 s below) lets the standby take over: never two primaries.
    as_pg pg_autoctl config set --pgdata "$BASE/node$n" timeout.network_partition_timeout 4 >/dev/null
  fi
  archive_settings "$n"
  pgrep -f "pg_autoctl run --pgdata $BASE/node$n\$" >/dev/null || keeper "$BASE/node$n" "$BASE/node$n.log"
}

# WAL archiving into the cluster's backup folder, for point-in-time restores (`eyrie backup`, `eyrie restore`): every
# node archives while it is primary (a standby does not with archive_mode = on), into the one folder both reach
# (across machines: a shared mount, or an archive_command that uploads). Written to a file of its own, included from
# postgresql.conf, read at the node's next start (archive_mode needs a restart: `node_up` runs before the keeper starts
# PostgreSQL).
archive_settings() {
  local n=$1 conf=$BASE/node$1/postgresql.conf wal=$BASE/backups/wal
  mkdir -p "$wal" "$BASE/backups/base"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$BASE/backups"
  grep -q "eyrie-archive.conf" "$conf" || printf "\ninclude_if_exists = 'eyrie-archive.conf'\n" >> "$conf"
  cat > "$BASE/node$n/eyrie-archive.conf" <<EOF
archive_mode = on
archive_command = 'test ! -f "$wal/%f" && cp %p "$wal/%f.part" && mv "$wal/%f.part" "$wal/%f"'
archive_timeout = '60s'
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres "$BASE/node$n/eyrie-archive.conf" "$conf"
  return 0
}

pgbouncer_up() {
  local n=$1 dir=$BASE/pgbouncer
  mkdir -p "$dir"
  echo '"postgres" ""' > "$dir/users.txt"
  # Transaction mode: a server connection per transaction. Eyrie's own limits (statement, lock and idle-in-
  # transaction timeouts) are startup parameters PgBouncer cannot pass on; the database carries them instead
  # (ALTER DATABASE in `up`).
  cat > "$dir/node$n.ini" <<EOF
[databases]
eyrie = host=127.0.0.1 port=560$n dbname=eyrie
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 640$n
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
server_connect_timeout = 3
query_wait_timeout = 10
ignore_startup_parameters = statement_timeout,lock_timeout,idle_in_transaction_session_timeout,extra_float_digits
logfile = $dir/node$n.log
pidfile = $dir/node$n.pid
EOF
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir"
  if [ -f "$dir/node$n.pid" ] && kill -0 "$(cat "$dir/node$n.pid")" 2>/dev/null; then return; fi
  as_pg pgbouncer -d "$dir/node$n.ini"
}

instance_start() {
  local i=$1 port=$((8200 + $1))
  [ -f "$BASE/instance$i.pid" ] && kill -0 "$(cat "$BASE/instance$i.pid")" 2>/dev/null && return
  local demo=()
  # one instance loads the demo into an empty database, the other waits for it (EYRIE_CLUSTER_DEMO=0: no demo, for
  # the benchmark's own data)
  [ "$i" = 1 ] && [ "${EYRIE_CLUSTER_DEMO:-1}" = 1 ] && demo=(--demo)
  DATABASE_URL=$(pooled_url) EYRIE_DATABASE_DIRECT_URL=$(direct_url) EYRIE_PORT=$port EYRIE_HOST=127.0.0.1 \
    EYRIE_PUBLIC_URL="http://127.0.0.1:$NGINX_PORT" EYRIE_TRUST_PROXY=1 EYRIE_SECRET_KEY=$(cat "$BASE/secret") \
    EYRIE_MAIL_DIR="$BASE/mail" EYRIE_DB_TIMEOUT=${EYRIE_DB_TIMEOUT:-5} EYRIE_BCRYPT_COST=${EYRIE_BCRYPT_COST:-10} \
    EYRIE_DB_POOL_SIZE=${EYRIE_DB_POOL_SIZE:-20} EYRIE_STANDBY_MAX_LAG=${EYRIE_STANDBY_MAX_LAG:-3} LOG_LEVEL=${LOG_LEVEL:-notice} \
    setsid "$EYRIE" serve "${demo[@]}" --data-dir "$BASE/instance$i" >> "$BASE/instance$i.log" 2>&1 < /dev/null &
  echo $! > "$BASE/instance$i.pid"
  wait_for 120 "eyrie instance $i" curl -fs "http://127.0.0.1:$port/healthz"
}

instance_stop() {  # SIGTERM: the instance drains (in-flight requests finish), then leaves
  local i=$1
  [ -f "$BASE/instance$i.pid" ] || return 0
  local pid; pid=$(cat "$BASE/instance$i.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$BASE/instance$i.pid"
}

nginx_up() {  # [N]: instance N held out (marked down) while it restarts
  local dir=$BASE/nginx out=${1:-0} servers="" i
  for i in "${INSTANCES[@]}"; do
    servers+="    server 127.0.0.1:$((8200 + i)) max_fails=1 fail_timeout=3s$([ "$i" = "$out" ] && echo " down" || true);"$'\n'
  done
  mkdir -p "$dir/tmp"
  chown -R www-data "$dir/tmp" 2>/dev/null || true
  cat > "$dir/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  client_max_body_size 30m;
  upstream eyrie {
$servers    keepalive 64;
  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://eyrie;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      # A request that never reached an instance (refused, the instance gone) goes to the other; one that did is
      # never sent twice (nginx does not repeat a POST that was sent).
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
      proxy_read_timeout 3600s;
    }
  }
}
EOF
  if [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    nginx -c "$dir/nginx.conf" -s reload
  else
    nginx -c "$dir/nginx.conf"
  fi
}

up() {
  install
  [ -x "$EYRIE" ] || { export PATH=/opt/swift/usr/bin:$PATH; swift build --product eyrie; }
  mkdir -p "$BASE/xdg/config" "$BASE/xdg/data" "$BASE/xdg/run"
  chmod 700 "$BASE/xdg/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$BASE"
  [ -f "$BASE/secret" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$BASE/secret"
  say "pg_auto_failover monitor on :$MONITOR_PORT"
  if [ ! -f "$BASE/monitor/PG_VERSION" ]; then
    as_pg pg_autoctl create monitor --pgdata "$BASE/monitor" --pgport $MONITOR_PORT --hostname 127.0.0.1 \
      --auth trust --no-ssl >> "$BASE/monitor.log" 2>&1
  fi
  pgrep -f "pg_autoctl run --pgdata $BASE/monitor\$" >/dev/null || keeper "$BASE/monitor" "$BASE/monitor.log"
  wait_for 30 "the monitor" as_pg "$PGBIN/psql" -h 127.0.0.1 -p $MONITOR_PORT -U autoctl_node -d pg_auto_failover -Atc "SELECT 1"
  # A node is declared failed after about 4 s without an answer, and a primary that stopped answering is taken as
  # demoted 6 s later (the defaults: 20 s and 30 s). Loopback has no network partitions to ride out; across machines
  # keep the defaults or measure yours (README, "Running on several machines").
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p $MONITOR_PORT -U postgres -d pg_auto_failover -qAt \
    -c "ALTER SYSTEM SET pgautofailover.health_check_period = '1s'" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_timeout = '1s'" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = '500ms'" \
    -c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = '3s'" \
    -c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = '6s'" \
    -c "SELECT pg_reload_conf()" >/dev/null
  for n in "${NODES[@]}"; do
    say "PostgreSQL node$n on :560$n"
    node_up "$n"
    wait_for 90 "node$n" as_pg "$PGBIN/pg_isready" -h 127.0.0.1 -p "560$n"
  done
  wait_for 120 "a primary and a secondary" has_primary_and_secondary
  local primary; primary=$(primary_port)
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$primary" -U postgres -d eyrie -qAt \
    -c "ALTER DATABASE eyrie SET statement_timeout = '${EYRIE_DB_TIMEOUT:-5}s'" \
    -c "ALTER DATABASE eyrie SET lock_timeout = '$(( ${EYRIE_DB_TIMEOUT:-5} * 500 ))ms'" \
    -c "ALTER DATABASE eyrie SET idle_in_transaction_session_timeout = '$(( ${EYRIE_DB_TIMEOUT:-5} * 2 ))s'" >/dev/null
  for n in "${NODES[@]}"; do say "PgBouncer for node$n on :640$n"; pgbouncer_up "$n"; done
  for i in "${INSTANCES[@]}"; do say "eyrie serve instance $i on :$((8200 + i))"; instance_start "$i"; done
  say "nginx on :$NGINX_PORT"
  nginx_up
  wait_for 30 "nginx" curl -fs "http://127.0.0.1:$NGINX_PORT/healthz"
  status
  say "Eyrie: http://127.0.0.1:$NGINX_PORT/"
}

# The node the monitor has assigned to take writes (a dead primary still reports "primary" until it is back).
# A deploy without downtime: each instance in turn is held out of nginx (a reload: requests under way finish, new ones
# go to the others), stopped with SIGTERM (it finishes what it still has and closes its board sockets, whose clients
# reconnect through nginx to another instance and catch up from their last operation), started again with the binary
# now in place, and put back.
rolling_restart() {
  local i
  for i in "${INSTANCES[@]}"; do
    say "instance $i: held out of nginx"
    nginx_up "$i"
    sleep 1
    say "instance $i: restarting"
    instance_stop "$i"
    instance_start "$i"
    nginx_up
    sleep 1
  done
  say "every instance restarted"
}

primary_port() {
  state | awk -F'|' '{ a = $7; gsub(/ /, "", a) } a == "primary" || a == "wait_primary" || a == "single" {
    split($3, hp, ":"); gsub(/ /, "", hp[2]); print hp[2]; exit }'
}

down() {
  [ -f "$BASE/nginx/nginx.pid" ] && nginx -c "$BASE/nginx/nginx.conf" -s stop 2>/dev/null || true
  for i in "${INSTANCES[@]}"; do instance_stop "$i"; done
  for n in "${NODES[@]}"; do
    [ -f "$BASE/pgbouncer/node$n.pid" ] && kill "$(cat "$BASE/pgbouncer/node$n.pid")" 2>/dev/null || true
  done
  for dir in node2 node1 monitor; do
    [ -d "$BASE/$dir" ] && as_pg pg_autoctl stop --pgdata "$BASE/$dir" >/dev/null 2>&1 || true
  done
  for dir in node2 node1 monitor; do
    for _ in $(seq 1 50); do pgrep -f "pg_autoctl run --pgdata $BASE/$dir\$" >/dev/null || break; sleep 0.2; done
    pkill -9 -f "pg_autoctl run --pgdata $BASE/$dir\$" 2>/dev/null || true
    [ -f "$BASE/$dir/postmaster.pid" ] && as_pg pg_ctl -D "$BASE/$dir" -m immediate stop >/dev/null 2>&1 || true
  done
  # what a killed keeper left behind (its "start/stop postgres" service): known by the XDG folders it inherited
  local pid
  for pid in $(pgrep -f "^pg_autoctl" || true); do
    tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "XDG_CONFIG_HOME=$BASE/xdg/config" && kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${1:-}" = "--wipe" ]; then rm -rf "$BASE"; fi
  say "stopped"
}

status() {
  state || echo "monitor: not running"
  for i in "${INSTANCES[@]}"; do
    printf 'eyrie %s :%s  ' "$i" $((8200 + i))
    curl -fs -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$((8200 + i))/healthz" || echo "down"
  done
  printf 'nginx :%s  ' "$NGINX_PORT"
  curl -fs -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$NGINX_PORT/healthz" || echo "down"
}

node_kill() {  # the drill's fault: node N's keeper and PostgreSQL die at once (kill -9), as with the machine
  local n=$1 keeper
  for keeper in $(pgrep -f "pg_autoctl run --pgdata $BASE/node$n\$"); do
    pkill -9 -P "$keeper" 2>/dev/null || true  # its services ("start/stop postgres", …) go with it
    kill -9 "$keeper" 2>/dev/null || true
  done
  [ -f "$BASE/node$n/postmaster.pid" ] && kill -9 "$(head -1 "$BASE/node$n/postmaster.pid")" 2>/dev/null || true
}

case "${1:-status}" in
  up) up ;;
  down) down "${2:-}" ;;
  status) status ;;
  instance-start) instance_start "$2" ;;
  instance-stop) instance_stop "$2" ;;
  node-kill) node_kill "$2" ;;
  node-start) node_up "$2" ;;
  rolling-restart) rolling_restart ;;
  hold-out) nginx_up "$2" ;;
  put-back) nginx_up ;;
  primary-port) primary_port ;;
  *) echo "usage: scripts/cluster.sh up|down [--wipe]|status|rolling-restart|instance-start N|instance-stop N|node-kill N|node-start N|hold-out N|put-back|primary-port" >&2; exit 2 ;;
esac
