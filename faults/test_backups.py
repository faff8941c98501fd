"""Backups that restore: `eyrie serve` with EYRIE_BACKUP_DIR archives its WAL and takes base backups, `eyrie backup`
takes one beside it, and `eyrie restore --to-time` brings the database back as it was at a moment between two bursts
of members' comments."""
import datetime
import os
import subprocess
import time

import pytest

from harness import EYRIE, ROOT, WORK, Load, Server, Visitor, psql
from test_faults import acknowledged, comment_work, demo_world, figure, missing_comments, wait_until


def base_backups(folder):
    base = os.path.join(folder, "base")
    return sorted(name for name in os.listdir(base) if not name.endswith(".partial")) if os.path.isdir(base) else []


def counted(output):
    """The lines `eyrie check --counts` and `eyrie restore` compare databases by."""
    return [line for line in output.splitlines() if line.startswith("table ") or line.startswith("ideas md5 ")]


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def archived(sql, folder):
    """Closes the WAL segment being written and waits until PostgreSQL has archived it; the segment's name."""
    segment = sql("SELECT pg_walfile_name(pg_switch_wal())")
    assert wait_until(lambda: os.path.exists(os.path.join(folder, "wal", segment)), 60), segment
    return segment


def comments_around_a_moment(visitors, challenge, ideas, counts):
    """Members comment, the database's counts are taken (`counts()`: `eyrie check --counts`), a moment passes, they
    comment again; the comments acknowledged before and after, the counts, and the moment."""
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(2)
    before = acknowledged(load.results)
    at_the_moment = counts()
    assert at_the_moment.returncode == 0, at_the_moment.stderr
    time.sleep(1)
    moment = now_utc()
    time.sleep(1)
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(2)
    after = acknowledged(load.results)
    assert before and after
    return before, at_the_moment, moment, after


def restore(folder, into, moment=None, env=None):
    args = [EYRIE, "restore", "--from", folder, "--into", into] + (["--to-time", moment] if moment else [])
    return subprocess.run(args, cwd=ROOT, env=env or dict(os.environ, EYRIE_LANGUAGE="en"), capture_output=True,
                          text=True, timeout=600)


def test_a_point_in_time_restore_brings_back_the_database_as_it_was_at_that_moment():
    # setup: a server whose embedded cluster archives into a backup folder
    data, folder, into = (os.path.join(WORK, name) for name in ("pitr-live", "pitr-backups", "pitr-restored"))
    subprocess.run(["rm", "-rf", data, folder, into])
    server = Server(8136, data_dir=data)
    server.env["EYRIE_BACKUP_DIR"] = folder
    server.start()
    sql = lambda q: psql(os.path.join(data, "sock"), 5433, q, database="postgres")
    copy = None
    try:
        assert sql("SHOW archive_mode") == "on"
        # the server takes a first base backup by itself; `eyrie backup --keep 1` beside it takes another and
        # removes the first, with the archived WAL only the first needed
        assert wait_until(lambda: len(base_backups(folder)) == 1, 60), server.tail()
        first = base_backups(folder)[0]
        time.sleep(1.1)  # base backups are named to the second
        taken = server.cli("backup", "--keep", "1")
        assert taken.returncode == 0, taken.stdout + taken.stderr
        assert "Base backup" in taken.stdout and f"Removed older base backups: {first}" in taken.stdout, taken.stdout
        assert len(base_backups(folder)) == 1 and base_backups(folder)[0] != first
        assert os.path.exists(os.path.join(folder, "secret.key"))  # the instance key is kept with the backups
        kept = sorted(f for f in os.listdir(os.path.join(folder, "wal")) if len(f) == 24)
        assert "000000010000000000000001" not in kept, kept
        # act: comments, then the moment, then more comments
        challenge, ideas, emails = demo_world(sql)
        visitors = [Visitor(server.port).sign_in(email) for email in emails[:4]]
        before, at_the_moment, moment, after = comments_around_a_moment(
            visitors, challenge, ideas, lambda: server.cli("check", "--counts"))
        archived(sql, folder)
        began = time.time()
        restored = restore(folder, into, moment)
        took = time.time() - began
        # check: the restore equals the database at the moment, table by table and idea by idea, and passes the check
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert counted(restored.stdout) == counted(at_the_moment.stdout)
        assert len(counted(restored.stdout)) > 50
        assert "Every counter equals its recount." in restored.stdout
        # ... and it serves: the comments made before the moment are there, none of those after
        server.stop()
        copy = Server(8137, data_dir=into).start()
        restored_sql = lambda q: psql(os.path.join(into, "sock"), 5433, q, database="postgres")
        assert missing_comments(restored_sql, before) == []
        assert missing_comments(restored_sql, after) == after
        assert restored_sql("SHOW archive_mode") == "off"
        visitor = Visitor(copy.port).sign_in(emails[0])
        assert visitor.get(f"/ideas/{ideas[0]}")[0] == 200
        check = copy.cli("check")
        assert check.returncode == 0, check.stdout + check.stderr
        figure("backups: point-in-time restore (embedded)",
               f"{len(before)} comments before the moment all back, {len(after)} after it absent; restored and checked "
               f"in {took:.1f} s; every table's count and the ideas' checksum equal")
    finally:
        server.stop()
        if copy:
            copy.stop()


def test_a_restore_refuses_a_moment_it_cannot_reach_and_leaves_nothing_behind():
    folder, into = os.path.join(WORK, "pitr-backups"), os.path.join(WORK, "pitr-refused")
    subprocess.run(["rm", "-rf", into])
    if not base_backups(folder):
        pytest.skip("the test above makes the backups this one restores from")
    # a moment before the first base backup: nothing to start from
    early = restore(folder, into, "2020-01-01T00:00:00Z")
    assert early.returncode == 1 and "no base backup" in early.stderr, early.stderr
    # a moment past the archive's end: PostgreSQL stops, the command says why, and the folder is gone
    late = restore(folder, into, (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
                   .strftime("%Y-%m-%d %H:%M:%S"))
    assert late.returncode == 1 and "The archive ends before that moment" in late.stderr, late.stdout + late.stderr
    assert not os.path.exists(into)
    # a moment that is not one
    wrong = restore(folder, into, "yesterday")
    assert wrong.returncode == 2 and "is not a moment" in wrong.stderr
    # a folder that holds something already: refused, and what it holds stays
    os.makedirs(into)
    with open(os.path.join(into, "keep.txt"), "w") as f:
        f.write("mine")
    taken = restore(folder, into)
    assert taken.returncode == 1 and "is not empty" in taken.stderr, taken.stderr
    assert os.listdir(into) == ["keep.txt"]
