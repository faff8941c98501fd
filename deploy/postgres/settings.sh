#!/bin/sh
# Eyrie's time limits as the database's own settings (docker-compose.yml's `settings` service): PgBouncer in
# transaction mode cannot pass them per session. Waits for the primary, whichever node it is.
set -eu
url="postgres://postgres@node1:5432,node2:5432/eyrie?sslmode=disable&target_session_attrs=read-write"
until psql "$url" -qAt \
    -c "ALTER DATABASE eyrie SET statement_timeout = '5s'" \
    -c "ALTER DATABASE eyrie SET lock_timeout = '2500ms'" \
    -c "ALTER DATABASE eyrie SET idle_in_transaction_session_timeout = '10s'"; do
  sleep 2
done
