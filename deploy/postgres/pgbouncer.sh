#!/bin/sh
# PgBouncer in transaction mode in front of one node ($NODE): what Eyrie's pools go through. Eyrie's time limits are
# the database's own settings (the `settings` service), since PgBouncer cannot pass them as startup parameters.
set -eu
cat > /tmp/pgbouncer.ini <<INI
[databases]
eyrie = host=$NODE port=5432 dbname=eyrie
[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = /tmp/users.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
server_connect_timeout = 3
query_wait_timeout = 10
ignore_startup_parameters = statement_timeout,lock_timeout,idle_in_transaction_session_timeout,extra_float_digits
INI
echo '"postgres" ""' > /tmp/users.txt
exec pgbouncer /tmp/pgbouncer.ini
