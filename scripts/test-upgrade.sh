#!/usr/bin/env bash
# The previous release's binary on the new schema (faults/test_upgrade.py; README, "Changing the schema: expand, then
# contract"). The previous release is the commit before the newest migration was added: built once from git into
# .eyrie/previous/<commit> (a debug build of its own, a few minutes the first time), then reused.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
newest=$(git log -1 --format=%H --diff-filter=A -- 'sql/*.sql')
if ! previous=$(git rev-parse --verify -q "$newest^"); then
  echo "test-upgrade: SKIPPED — this clone has no history before $newest to build the previous release from" >&2
  exit 0
fi
dir=$PWD/.eyrie/previous/$(git rev-parse --short "$previous")
if [ ! -x "$dir/eyrie" ]; then
  echo "== building the previous release ($(git log -1 --format='%h %s' "$previous" | cut -c1-80))"
  rm -rf "$dir"
  mkdir -p "$dir/src"
  git archive "$previous" | tar -x -C "$dir/src"
  swift build --product eyrie --package-path "$dir/src" --scratch-path "$dir/build" 2>&1 | tail -3
  cp "$dir/build/debug/eyrie" "$dir/eyrie"
  rm -rf "$dir/build"  # the binary is all the test needs
fi
mkdir -p .eyrie/faults
[ "$(id -u)" -eq 0 ] && chown postgres:postgres .eyrie/faults
cd faults
EYRIE_PREVIOUS="$dir" EYRIE_BCRYPT_COST=4 ../e2e/.venv/bin/python -m pytest -q -p no:cacheprovider test_upgrade.py
