#!/usr/bin/env bash
# The cluster drills (faults/test_cluster.py): starts scripts/cluster.sh's deployment, kills an instance and then the
# primary under load, and stops it again whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .eyrie/faults
[ "$(id -u)" -eq 0 ] && chown postgres:postgres .eyrie/faults
trap 'bash scripts/cluster.sh down --wipe >/dev/null 2>&1 || true' EXIT
cd faults
EYRIE_BCRYPT_COST=4 ../e2e/.venv/bin/python -m pytest -q -p no:cacheprovider test_cluster.py
