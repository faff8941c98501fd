"""Drills on the deployment `scripts/cluster.sh up` starts on this machine: nginx in front of two `eyrie serve`
instances, PgBouncer (transaction mode) before each PostgreSQL node, and pg_auto_failover promoting the standby.
Members comment through nginx while one instance, then the primary, is killed."""
import json
import os
import re
import subprocess
import threading
import time

import pytest

from board_clients import BoardClient, run_clients
from harness import EYRIE, ROOT, WORK, Visitor, as_postgres, psql, request
from test_backups import archived, comments_around_a_moment, counted, restore
from test_faults import Load, acknowledged, comment_work, demo_world, figure, first_success_after, wait_until

NGINX = 8200
SCRIPT = os.path.join(ROOT, "scripts", "cluster.sh")


POOLED = "postgres://postgres@127.0.0.1:6401,127.0.0.1:6402/eyrie?sslmode=disable&target_session_attrs=read-write"
DIRECT = "postgres://postgres@127.0.0.1:5601,127.0.0.1:5602/eyrie?sslmode=disable&target_session_attrs=read-write"


def cluster(*args, check=True):
    done = subprocess.run(["bash", SCRIPT, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def primary_port():
    return int(cluster("primary-port").strip() or 0)


def on_primary(query):
    """Runs SQL on the node that is primary now (straight to PostgreSQL, not through PgBouncer)."""
    port = primary_port()
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "eyrie", "-Atc", query],
                          capture_output=True, text=True, timeout=60).stdout.strip()


@pytest.fixture(scope="module")
def deployment():
    cluster("down", "--wipe", check=False)
    cluster("up")
    yield
    cluster("down", "--wipe", check=False)


def missing(ids):
    if not ids:
        return []
    present = set(int(x) for x in on_primary(f"SELECT id FROM comments WHERE id IN ({','.join(map(str, ids))})").split())
    return [i for i in ids if i not in present]


def eyrie_check():
    return subprocess.run([EYRIE, "check"], cwd=ROOT, env=cluster_env(),
                          capture_output=True, text=True, timeout=120)


def test_the_deployment_serves_through_nginx_from_either_instance(deployment):
    # check: both instances answer, nginx answers, pages work, and PgBouncer runs in transaction mode
    for port in (8201, 8202, NGINX):
        assert request(port, "GET", "/healthz")[0] == 200
    challenge, ideas, emails = demo_world(on_primary)
    visitor = Visitor(NGINX).sign_in(emails[0])
    status, text = visitor.get(f"/challenges/{challenge}")
    assert status == 200 and "Sign out" in text
    assert primary_port() == 5601
    assert on_primary("SHOW synchronous_standby_names").startswith("ANY 1")


def test_killing_one_instance_fails_at_most_the_requests_in_flight_on_it(deployment):
    challenge, ideas, emails = demo_world(on_primary)
    visitors = [Visitor(NGINX).sign_in(email) for email in emails[:6]]
    pid = int(open(os.path.join(ROOT, ".eyrie", "cluster", "instance2.pid")).read())
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(3)
        killed_at = time.time()
        os.kill(pid, 9)
        time.sleep(5)
    try:
        statuses = [status for (_, _, status, _) in load.results]
        failed = [(start, status) for (start, _, status, _) in load.results if status not in (200, 303)]
        # at most one request per visitor was in flight on the killed instance; nginx sends later ones to the other
        assert len(failed) <= len(visitors), failed
        assert all(start < killed_at + 0.5 for (start, _) in failed), failed
        after = [status for (start, _, status, _) in load.results if start > killed_at + 0.5]
        assert after and set(after) <= {200, 303}
        assert missing(acknowledged(load.results)) == []
        figure("cluster: an instance killed", f"{len(statuses)} requests through nginx, {len(failed)} failed (in flight "
                                              f"at the kill), none after; every acknowledged comment present")
    finally:
        cluster("instance-start", "2")


def test_a_rolling_restart_under_load_fails_no_request(deployment):
    challenge, ideas, emails = demo_world(on_primary)
    visitors = [Visitor(NGINX).sign_in(email) for email in emails[:6]]
    pids = [open(os.path.join(ROOT, ".eyrie", "cluster", f"instance{i}.pid")).read() for i in (1, 2)]
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(2)
        began = time.time()
        out = cluster("rolling-restart")
        took = time.time() - began
        time.sleep(2)
    # check: both instances are new processes, and not one request failed meanwhile
    assert [open(os.path.join(ROOT, ".eyrie", "cluster", f"instance{i}.pid")).read() for i in (1, 2)] != pids, out
    statuses = [status for (_, _, status, _) in load.results]
    failed = [status for status in statuses if status not in (200, 303)]
    assert failed == [] and len(statuses) > 100, (failed, out)
    assert missing(acknowledged(load.results)) == []
    figure("cluster: rolling restart", f"both instances restarted in {took:.1f} s under load; {len(statuses)} requests, "
                                       f"none failed; every acknowledged comment present")


def standby_port():
    return 5602 if primary_port() == 5601 else 5601


def on_standby(query):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(standby_port()), "-U", "postgres", "-d", "eyrie", "-Atc",
                           query], capture_output=True, text=True, timeout=60).stdout.strip()


def listed(visitor, challenge):
    """Each idea's supports as the first page of the API's idea list (a read that may come from the standby) gives
    them."""
    status, text = visitor.get(f"/api/v1/challenges/{challenge}/ideas?limit=100&sort=new")
    assert status == 200, text[:300]
    return {item["id"]: item["supports"] for item in json.loads(text)["ideas"]}


def supports_listed(visitor, challenge, idea):
    return listed(visitor, challenge)[idea]


def standby_lag(port):
    status, text, _ = request(port, "GET", "/metrics")
    values = re.findall(r'^eyrie_standby_lag_seconds\{host="127.0.0.1:640\d"\} ([0-9.]+)$', text, re.M)
    return max(float(v) for v in values) if values else None


def test_reads_that_tolerate_lag_come_from_the_standby_and_members_see_their_own_writes(deployment):
    challenge, ideas, emails = demo_world(on_primary)
    writer, other = Visitor(NGINX).sign_in(emails[0]), Visitor(NGINX).sign_in(emails[1])
    assert "eyrie_written" in writer.cookies  # the sign-in was a write
    writer_id = on_primary(f"SELECT id FROM members WHERE email = '{emails[0]}'")
    supported = set(int(i) for i in on_primary(f"SELECT idea_id FROM supports WHERE member_id = {writer_id}").split())
    idea = next(i for i in ideas if i in listed(other, challenge) and i not in supported)
    # both sign-ins replayed on the standby and known to the instances' checks, then its replay paused
    assert wait_until(lambda: all(standby_lag(port) == 0 for port in (8201, 8202)), 10)
    time.sleep(1.5)
    before = supports_listed(other, challenge, idea)
    on_standby("SELECT pg_wal_replay_pause()")
    try:
        status, _ = writer.post(f"/ideas/{idea}/support")
        assert status == 303
        paused_at = time.time()
        # the writer sees their support at once, on either instance (served by the primary: the standby lacks it) ...
        for _ in range(4):
            assert supports_listed(writer, challenge, idea) == before + 1
        # ... while another member's lag-tolerant reads come from the standby, which does not have it yet
        assert supports_listed(other, challenge, idea) == before
        # past the lag bound (EYRIE_STANDBY_MAX_LAG=3 here) the standby serves no one: reads go back to the primary
        assert wait_until(lambda: supports_listed(other, challenge, idea) == before + 1, 15)
        back_after = time.time() - paused_at
        assert back_after >= 2.5, back_after
        # each instance measures on its own second: the one that has not noticed yet does within a check or two
        assert wait_until(lambda: all((standby_lag(port) or 0) >= 3 for port in (8201, 8202)), 5)
    finally:
        on_standby("SELECT pg_wal_replay_resume()")
    assert wait_until(lambda: standby_lag(8201) == 0, 10)
    figure("cluster: reads from the standby",
           f"with the standby's replay paused, the writer saw their support at once on every read; another member read "
           f"the standby's view until the lag passed the bound (3 s), then the primary's ({back_after:.1f} s after the "
           f"write); the lag metric returned to 0 once replay resumed")


def cluster_env():
    """What the `eyrie` commands are given on this deployment: PgBouncer for statements, the servers' own ports for
    `pg_basebackup`."""
    return dict(os.environ, DATABASE_URL=POOLED, EYRIE_DATABASE_DIRECT_URL=DIRECT, EYRIE_LANGUAGE="en")


def test_a_backup_of_the_cluster_restores_to_a_moment_between_writes(deployment):
    folder = os.path.join(ROOT, ".eyrie", "cluster", "backups")
    into = os.path.join(WORK, "cluster-restored")
    subprocess.run(["rm", "-rf", into])
    eyrie = lambda *args: subprocess.run([EYRIE, *args], cwd=ROOT, env=cluster_env(), capture_output=True, text=True,
                                         timeout=300)
    # a base backup taken through the multi-host URL (from whichever node is primary), the nodes archiving meanwhile
    began = time.time()
    taken = eyrie("backup", "--to", folder)
    backup_seconds = time.time() - began
    assert taken.returncode == 0 and "Base backup" in taken.stdout, taken.stdout + taken.stderr
    assert on_primary("SHOW archive_mode") == "on"
    challenge, ideas, emails = demo_world(on_primary)
    visitors = [Visitor(NGINX).sign_in(email) for email in emails[:4]]
    before, at_the_moment, moment, after = comments_around_a_moment(
        visitors, challenge, ideas, lambda: eyrie("check", "--counts"))
    archived(on_primary, folder)
    began = time.time()
    restored = restore(folder, into, moment)
    took = time.time() - began
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert counted(restored.stdout) == counted(at_the_moment.stdout) and len(counted(restored.stdout)) > 50
    assert "Every counter equals its recount." in restored.stdout
    figure("cluster: backup and point-in-time restore",
           f"base backup in {backup_seconds:.1f} s through the multi-host URL; restored to a moment between "
           f"{len(before)} and {len(after)} comments in {took:.1f} s, counts and the ideas' checksum equal")


def board_drill(fault, seconds=25):
    """50 board sockets through nginx (the running demo workshop's participants, several tabs each) add notes while
    `fault` happens; then every command must be acknowledged once, every note be on the board once, and every socket
    have reconnected and seen every operation. The clients, for the figures."""
    workshop = int(on_primary("SELECT id FROM workshops WHERE state = 'running' ORDER BY id LIMIT 1"))
    emails = on_primary(f"""SELECT m.email FROM workshop_registrations r JOIN members m ON m.id = r.member_id
                            WHERE r.workshop_id = {workshop} AND r.status = 'registered' ORDER BY m.id""").split()
    cookies = []
    for email in emails:
        visitor = Visitor(NGINX).sign_in(email)
        cookies.append("; ".join(f"{k}={v}" for k, v in visitor.cookies.items()))
    start = int(on_primary(f"SELECT coalesce(max(seq), 0) FROM board_ops WHERE workshop_id = {workshop}"))
    before = int(on_primary(f"SELECT count(*) FROM board_notes WHERE workshop_id = {workshop} AND body LIKE 'drill %'"))
    origin = f"http://127.0.0.1:{NGINX}"
    clients = [BoardClient(f"ws://127.0.0.1:{NGINX}/workshops/{workshop}/board/live", cookies[i % len(cookies)], origin,
                           f"{fault.__name__}{i}", every=0.5) for i in range(50)]
    load = threading.Thread(target=run_clients, args=(clients, seconds, start))
    load.start()
    time.sleep(5)
    out = fault()
    load.join(120)
    assert not load.is_alive()
    sent = sum(c.sent for c in clients)
    assert [c.pending for c in clients if c.pending] == [], out
    assert [c.errors for c in clients if c.errors] == []
    assert sum(len(c.acked) for c in clients) == sent
    doubled = on_primary(f"""SELECT body FROM board_notes WHERE workshop_id = {workshop} AND body LIKE 'drill %'
                             GROUP BY body HAVING count(*) > 1""")
    assert doubled == ""
    after = int(on_primary(f"SELECT count(*) FROM board_notes WHERE workshop_id = {workshop} AND body LIKE 'drill %'"))
    assert after - before == sent
    seqs = [int(x) for x in on_primary(f"SELECT seq FROM board_ops WHERE workshop_id = {workshop} AND seq > {start} ORDER BY seq").split()]
    assert seqs == list(range(start + 1, start + 1 + len(seqs)))
    assert all(c.last >= max(c.acked.values()) for c in clients if c.acked)
    assert all(c.last == seqs[-1] for c in clients), sorted({c.last for c in clients})
    return clients


def test_board_sockets_ride_through_a_rolling_restart_losing_and_doubling_nothing(deployment):
    def rolling_restart():
        return cluster("rolling-restart")
    clients = board_drill(rolling_restart)
    # both instances restarted: every socket reconnected, told to by the instance that was stopping
    assert all(c.reconnects >= 1 for c in clients), [c.reconnects for c in clients]
    assert sum(c.asked for c in clients) > 0
    figure("cluster: board sockets through a rolling restart",
           f"50 sockets through nginx added {sum(c.sent for c in clients)} notes while both instances restarted; every "
           f"socket reconnected ({sum(c.reconnects for c in clients)} reconnects, {sum(c.asked for c in clients)} after a "
           f"\"reconnect\" frame), {sum(c.resent for c in clients)} commands sent again on the new socket; every note on "
           f"the board once, every operation seen by every socket")


def test_board_sockets_ride_through_a_killed_instance_losing_and_doubling_nothing(deployment):
    def kill_instance_2():
        os.kill(int(open(os.path.join(ROOT, ".eyrie", "cluster", "instance2.pid")).read()), 9)
        time.sleep(2)
        return cluster("instance-start", "2")
    clients = board_drill(kill_instance_2)
    # the sockets on the killed instance (about half) reconnected to the other one without being told
    assert 10 <= sum(1 for c in clients if c.reconnects) <= 50
    figure("cluster: board sockets through a killed instance",
           f"50 sockets through nginx added {sum(c.sent for c in clients)} notes; instance 2 killed (kill -9): "
           f"{sum(1 for c in clients if c.reconnects)} sockets reconnected to the other, "
           f"{sum(c.resent for c in clients)} commands sent again; every note on the board once, every operation seen "
           f"by every socket")


def test_killing_the_primary_promotes_the_standby_and_loses_no_acknowledged_write(deployment):
    challenge, ideas, emails = demo_world(on_primary)
    visitors = [Visitor(NGINX).sign_in(email) for email in emails[:6]]
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(3)
        killed_at = time.time()
        cluster("node-kill", "1")
        promoted = wait_until(lambda: primary_port() == 5602, 60)
        promoted_at = time.time()
        time.sleep(6)
    assert promoted, cluster("status")
    statuses = {status for (_, _, status, _) in load.results}
    # during the switch the 503 page, never a 500 or a broken answer
    assert statuses <= {200, 303, 503}, sorted(statuses)
    after = [status for (start, _, status, _) in load.results if start > promoted_at + 3]
    assert after and set(after) <= {200, 303}, after
    ids = acknowledged(load.results)
    assert missing(ids) == [], "acknowledged comments lost in the failover"
    check = eyrie_check()
    assert check.returncode == 0, check.stdout + check.stderr
    unavailable = [end for (_, end, status, _) in load.results if status == 503]
    figure("cluster: the primary killed",
           f"promoted in {promoted_at - killed_at:.1f} s; {len(load.results)} requests, {len(unavailable)} answered "
           f"503, first success {first_success_after(load.results, killed_at + 0.2):.1f} s after the kill; "
           f"{len(ids)} acknowledged comments all present; eyrie check passed")
    # the new primary archives where the old one did: a restore to the end of the archive (the base backup from before
    # the failover, then both timelines) has every comment
    folder = os.path.join(ROOT, ".eyrie", "cluster", "backups")
    if os.path.isdir(os.path.join(folder, "base")):
        into = os.path.join(WORK, "cluster-restored-after-failover")
        subprocess.run(["rm", "-rf", into])
        live = subprocess.run([EYRIE, "check", "--counts"], cwd=ROOT, env=cluster_env(), capture_output=True, text=True,
                              timeout=120)
        archived(on_primary, folder)
        whole = restore(folder, into)
        assert whole.returncode == 0, whole.stdout + whole.stderr
        comments = lambda out: [line for line in counted(out) if line.startswith("table comments ")]
        assert comments(whole.stdout) == comments(live.stdout) != []
    # the old primary comes back as the standby
    cluster("node-start", "1")
    assert wait_until(lambda: "secondary" in cluster("status"), 120), cluster("status")
