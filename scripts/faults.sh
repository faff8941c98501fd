#!/usr/bin/env bash
# The fault suite: a real `eyrie serve` while PostgreSQL is stopped, its connections are killed, its postmaster is
# killed during writes, the server gets SIGTERM under load, CLI commands run beside it, and clients send oversized or
# endless request heads (faults/test_faults.py); backups taken beside a server restore to a moment (test_backups.py).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .eyrie/faults
[ "$(id -u)" -eq 0 ] && chown postgres:postgres .eyrie/faults
cd faults
../e2e/.venv/bin/python -m pytest -q -p no:cacheprovider test_faults.py test_backups.py
