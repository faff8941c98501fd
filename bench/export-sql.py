#!/usr/bin/env python3
"""Turns the statements an `eyrie export` ran (PostgreSQL's log with log_min_duration_statement = 0) into a psql
script that runs the same SELECTs, with the same parameters, in one repeatable-read snapshot, each through
`\\copy (...) TO '/dev/null'`: PostgreSQL's own time for the export's SQL, without Eyrie.

Usage: export-sql.py postgres.log > script.psql"""
import re
import sys

# Log entries: a line starting with the time, then its continuation lines (a tab first).
entries = []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if line.startswith("\t") and entries:
        entries[-1] += "\n" + line[1:]
    else:
        entries.append(line)

print("SET work_mem = '64MB';")
print("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;")
for n, entry in enumerate(entries):
    found = re.search(r"\] LOG:  duration: [0-9.]+ ms  execute <unnamed>: (.*)", entry, re.S)
    if not found:
        continue
    statement = found.group(1)
    if not statement.startswith("SELECT") or statement.startswith(("SELECT count(*)", "SELECT 1")):
        continue
    after = entries[n + 1] if n + 1 < len(entries) else ""
    values = dict(re.findall(r"\$(\d+) = '([^']*)'", after)) if "DETAIL:  parameters:" in after else {}
    statement = re.sub(r"\$(\d+)", lambda m: "'%s'" % values[m.group(1)], statement)
    print("\\copy (%s) TO '/dev/null'" % statement.replace("\n", " "))
print("COMMIT;")
