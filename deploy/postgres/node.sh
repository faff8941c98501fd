#!/bin/sh
# A PostgreSQL node under pg_auto_failover (docker-compose.yml): created once, registered with the monitor
# ($PG_AUTOCTL_MONITOR), given Eyrie's WAL archiving into the shared /backups volume (README, "Backups and restores"),
# then kept running by its keeper. The first node to register becomes the primary, the next its synchronous standby.
set -eu
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  pg_autoctl create postgres --pgdata "$PGDATA" --hostname "$(hostname)" --name "$(hostname)" --dbname eyrie \
    --auth trust --pg-hba-lan --no-ssl --monitor "$PG_AUTOCTL_MONITOR"
  cat > "$PGDATA/eyrie-archive.conf" <<'CONF'
archive_mode = on
archive_command = 'test ! -f "/backups/wal/%f" && cp %p "/backups/wal/%f.part" && chmod 640 "/backups/wal/%f.part" && mv "/backups/wal/%f.part" "/backups/wal/%f"'
archive_timeout = '60s'
CONF
  printf "\ninclude_if_exists = 'eyrie-archive.conf'\n" >> "$PGDATA/postgresql.conf"
fi
exec pg_autoctl run --pgdata "$PGDATA"
