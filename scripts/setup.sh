#!/usr/bin/env bash
# Installs what Eyrie needs on Debian if it is missing: PostgreSQL (server and contrib) for running;
# with --test also Chromium, chromedriver and a Python virtualenv for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
# Workshop times are kept in named zones (Europe/Paris …).
[ -e /usr/share/zoneinfo/Europe/Paris ] || need+=(tzdata)
# Export and import zips (ZIPFoundation links zlib on Linux).
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v curl >/dev/null || need+=(curl)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages: ${need[*]}. Run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  # Debian starts a system cluster on install; Eyrie runs its own, so stop that one.
  if command -v pg_ctlcluster >/dev/null; then
    service postgresql stop >/dev/null 2>&1 || true
  fi
fi
if ! command -v swift >/dev/null && [ ! -x /opt/swift/usr/bin/swift ]; then
  echo "Swift 6 is needed: install it under /opt/swift (see README)." >&2
  exit 1
fi
if [ "${1:-}" = "--test" ]; then
  if [ ! -x e2e/.venv/bin/python ] || ! e2e/.venv/bin/python -c "import selenium, axe_selenium_python, pytest, icalendar, schemathesis, aiosmtpd, trustme, django, oidc_provider, websockets" 2>/dev/null; then
    echo "Preparing the browser-test virtualenv ..."
    python3 -m venv e2e/.venv
    e2e/.venv/bin/pip install -q --upgrade pip
    e2e/.venv/bin/pip install -q -r e2e/requirements.txt
  fi
fi
