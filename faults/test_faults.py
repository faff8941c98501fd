"""Faults an operator meets, against a real `eyrie serve`: PostgreSQL away, connections killed, the postmaster killed
during writes, SIGTERM under load or with PostgreSQL gone, CLI commands beside a running server, and clients that send
oversized or never-ending request heads."""
import http.client
import os
import re
import signal
import socket
import subprocess
import time

import pytest

from harness import PGBIN, WORK, Cluster, Load, Server, Visitor, as_postgres, demo_world, psql, request

TIMEOUT = 2  # EYRIE_DB_TIMEOUT for these servers, in seconds
MARGIN = 1.5  # what a debug build on a busy 2-core machine may add to it


@pytest.fixture
def external():
    cluster = Cluster("external", 5497)
    cluster.create()
    yield cluster
    cluster.stop("immediate")


def page_readers(server, sql, count=4):
    """Signed-in members of the demo, each reading a challenge page again and again."""
    challenge, _, emails = demo_world(sql)
    visitors = [Visitor(server.port).sign_in(email) for email in emails[:count]]

    def work(index, n, visitor):
        return visitor.get(f"/challenges/{challenge}")[0], None
    return visitors, work


def comment_work(challenge, ideas):
    """Each visitor reads the challenge page, then comments on an idea; a comment's 303 names the comment's id."""
    def work(index, n, visitor):
        if n % 2 == 0:
            status, _ = visitor.get(f"/challenges/{challenge}")
            return status, None
        idea = ideas[(index * 7 + n) % len(ideas)]
        status, _ = visitor.post(f"/ideas/{idea}/comments", {"body": f"Fault-suite remark {index}-{n}"})
        found = re.search(r"#comment-(\d+)", visitor.location)
        return status, int(found.group(1)) if status == 303 and found else None
    return work


def acknowledged(results):
    return [label for (_, _, status, label) in results if status == 303 and label is not None]


def missing_comments(sql, ids):
    if not ids:
        return []
    present = set(int(x) for x in sql(f"SELECT id FROM comments WHERE id IN ({','.join(map(str, ids))})").split())
    return [i for i in ids if i not in present]


def figure(test, text):
    """Keeps a measured figure for README's Operations section (.eyrie/faults/figures.txt)."""
    with open(os.path.join(WORK, "figures.txt"), "a") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M')} {test}: {text}\n")


def first_success_after(results, moment, ok=(200, 303)):
    ends = [end for (start, end, status, _) in results if start >= moment and status in ok]
    return min(ends) - moment if ends else None


def wait_until(check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_postgres_away_for_ten_seconds_answers_503_fast_and_recovers(external):
    # setup: four members reading a challenge page
    server = Server(8131, database_url=external.url(), timeout=TIMEOUT).start()
    try:
        visitors, work = page_readers(server, external.psql)
        # act: PostgreSQL stops for 10 s under the load
        with Load(visitors, work) as load:
            time.sleep(3)
            stopped = time.time()
            external.stop("fast")
            time.sleep(10)
            external.start()
            back = time.time()
            time.sleep(13)
        # check: every request answered within the timeout, with the page or the 503 page, never a 500
        results = load.results
        slow = [(round(end - start, 2), status) for (start, end, status, _) in results if end - start > TIMEOUT + MARGIN]
        assert not slow, f"answers slower than {TIMEOUT} s: {slow}"
        assert {status for (_, _, status, _) in results} <= {200, 503}, server.tail()
        during = [status for (start, end, status, _) in results if start > stopped + 0.5 and end < back]
        assert during and set(during) == {503}
        after = [status for (start, _, status, _) in results if start > back + 10]
        assert after and set(after) == {200}, f"after recovery: {after}"
        assert wait_until(lambda: server.active_requests() == 0, 10), "requests still counted as in flight"
        assert request(server.port, "GET", "/healthz")[0] == 200
        slowest = max(end - start for (start, end, _, _) in results)
        outage = [end - start for (start, end, status, _) in results if start > stopped + 0.5 and end < back]
        figure("outage", f"{len(results)} requests, slowest {slowest:.2f} s, during the outage {len(outage)} answered "
                         f"503 in at most {max(outage):.2f} s, first 200 {first_success_after(results, back):.2f} s "
                         f"after PostgreSQL was back, abandoned work left: "
                         f"{server.metric('eyrie_abandoned_requests'):.0f}")
    finally:
        server.stop()


def test_serve_waits_a_bounded_time_for_a_database_that_starts_late(external):
    # setup: PostgreSQL is not running yet when `eyrie serve` starts (as after a reboot)
    external.stop("fast")
    late = Server(8140, database_url=external.url(), timeout=TIMEOUT)
    late.env["EYRIE_STARTUP_WAIT"] = "60"
    late.launch()
    try:
        # check: it says it waits, does not listen yet, and serves once PostgreSQL is up
        assert wait_until(lambda: "the database does not answer yet" in late.output(), 20), late.output()
        assert request(late.port, "GET", "/healthz", timeout=2)[0] != 200
        external.start()
        assert wait_until(lambda: request(late.port, "GET", "/healthz", timeout=2)[0] == 200, 30), late.output()
        assert "Eyrie serves on" in late.output()
    finally:
        late.stop()
    # act: a database that never comes, then SIGTERM while waiting
    external.stop("fast")
    absent = Server(8141, database_url=external.url(), timeout=TIMEOUT)
    absent.env["EYRIE_STARTUP_WAIT"] = "3"
    start = time.time()
    absent.launch()
    code = absent.process.wait(30)
    took = time.time() - start
    # check: exit 3 (database unavailable) with the reason, soon after the wait
    assert code == 3 and took < 3 + 8, f"exit {code} after {took:.1f} s: {absent.output()}"
    assert "did not answer within 3 s" in absent.output()
    waiting = Server(8142, database_url=external.url(), timeout=TIMEOUT).launch()
    assert wait_until(lambda: "the database does not answer yet" in waiting.output(), 20), waiting.output()
    start = time.time()
    code = waiting.stop(signal.SIGTERM, wait=30)
    took = time.time() - start
    assert code == 0 and took < 3, f"exit {code} after {took:.1f} s: {waiting.output()}"
    figure("serve before PostgreSQL", f"gave up after {3} s as configured; SIGTERM while waiting: exited in {took:.2f} s")


def test_terminated_connections_cost_only_the_requests_of_that_instant(external):
    # Requests in flight at the kill fail, and so may requests that start in the instant after it: the pool hands out
    # idle connections whose end PostgreSQL announced but Eyrie has not read yet. Every such request gets the 503
    # page on time; from a second after the kill, every request succeeds.
    # setup
    server = Server(8132, database_url=external.url(), timeout=TIMEOUT).start()
    try:
        visitors, work = page_readers(server, external.psql)
        # act: every connection of Eyrie's is terminated under load
        with Load(visitors, work) as load:
            time.sleep(2)
            killed_at = time.time()
            killed = int(external.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = 'eyrie' AND pid <> pg_backend_pid()"))
            time.sleep(4)
        # check
        assert killed > 0
        failed = [(round(start - killed_at, 2), status) for (start, _, status, _) in load.results if status != 200]
        assert all(when <= 0.5 for (when, _) in failed), f"failures: {failed}"
        assert all(status == 503 for (_, status) in failed), failed
        later = [status for (start, _, status, _) in load.results if start > killed_at + 1]
        assert later and set(later) == {200}
        figure("terminate", f"{killed} connections terminated, {len(failed)} of {len(load.results)} requests answered 503")
    finally:
        server.stop()


def test_kill_9_of_the_postmaster_during_writes_loses_no_acknowledged_write():
    # setup: a server on its embedded cluster, members commenting
    data = os.path.join(WORK, "kill9")
    subprocess.run(["rm", "-rf", data])
    server = Server(8133, data_dir=data, timeout=TIMEOUT).start()
    sql = lambda q: psql(os.path.join(data, "sock"), 5433, q, database="postgres")
    try:
        challenge, ideas, emails = demo_world(sql)
        visitors = [Visitor(server.port).sign_in(email) for email in emails[:6]]
        # act: kill -9 of the postmaster in the middle of the writes; the server restarts it
        with Load(visitors, comment_work(challenge, ideas)) as load:
            time.sleep(3)
            postmaster = int(open(os.path.join(data, "pgdata", "postmaster.pid")).readline())
            killed_at = time.time()
            os.kill(postmaster, signal.SIGKILL)
            time.sleep(12)
        # check: the server noticed and restarted it, every acknowledged comment is there, every counter agrees
        assert "embedded PostgreSQL restarted" in server.tail(200)
        ids = acknowledged(load.results)
        assert any(start > killed_at + 8 for (start, _, status, label) in load.results if status == 303 and label)
        assert missing_comments(sql, ids) == [], "acknowledged comments lost"
        check = server.cli("check")
        assert check.returncode == 0, check.stdout + check.stderr
        assert {status for (_, _, status, _) in load.results} <= {200, 303, 503}
        unavailable = [end for (_, end, status, _) in load.results if status == 503]
        window = (max(unavailable) - killed_at) if unavailable else 0
        figure("kill -9", f"{len(ids)} acknowledged comments all present, {len(unavailable)} answers 503, the last "
                          f"{window:.1f} s after the kill, first success {first_success_after(load.results, killed_at + 0.2):.2f} s "
                          f"after it")
    finally:
        server.stop()


def test_sigterm_under_load_exits_within_the_grace_period_with_nothing_half_written(external):
    # setup
    server = Server(8134, database_url=external.url(), timeout=TIMEOUT, grace=5).start()
    challenge, ideas, emails = demo_world(external.psql)
    visitors = [Visitor(server.port).sign_in(email) for email in emails[:6]]
    # act
    with Load(visitors, comment_work(challenge, ideas)) as load:
        time.sleep(3)
        start = time.time()
        code = server.stop(signal.SIGTERM, wait=30)
        took = time.time() - start
    # check
    assert code == 0 and took < 5 + 3, f"exit {code} after {took:.1f} s"
    assert missing_comments(external.psql, acknowledged(load.results)) == []
    figure("SIGTERM under load", f"exited in {took:.2f} s, {len(acknowledged(load.results))} acknowledged comments present")
    check = server.cli("check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_sigterm_with_postgres_gone_still_exits(external):
    # setup: PostgreSQL disappears, and requests are waiting on it
    server = Server(8135, database_url=external.url(), timeout=TIMEOUT, grace=5).start()
    visitors, work = page_readers(server, external.psql)
    with Load(visitors, work):
        time.sleep(1)
        external.stop("immediate")
        time.sleep(1)
        # act
        start = time.time()
        code = server.stop(signal.SIGTERM, wait=30)
        took = time.time() - start
    # check
    assert code == 0 and took < 5 + 3, f"exit {code} after {took:.1f} s"
    figure("SIGTERM, PostgreSQL gone", f"exited in {took:.2f} s")


def test_cli_commands_beside_a_running_server_leave_its_database_alone():
    # setup: a server on its embedded cluster
    data = os.path.join(WORK, "cli")
    subprocess.run(["rm", "-rf", data])
    server = Server(8136, data_dir=data, timeout=TIMEOUT).start()
    pgdata = os.path.join(data, "pgdata")
    running = lambda: subprocess.run(as_postgres([f"{PGBIN}/pg_ctl", "-D", pgdata, "status"]),
                                     capture_output=True).returncode == 0
    try:
        # act and check: each command succeeds, and the server still answers at once
        for args, stdin in [(("demo",), None), (("migrate",), None),
                            (("user", "add", "--email", "ops@example.org", "--name", "Ops Person", "--admin"),
                             "a long enough password\n"),
                            (("check",), None)]:
            result = server.cli(*args, stdin=stdin)
            assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
            assert running(), f"eyrie {args[0]} stopped the server's database"
            start = time.time()
            assert request(server.port, "GET", "/")[0] == 200
            assert request(server.port, "GET", "/healthz")[0] == 200
            assert time.time() - start < 2
        # a second server on the same data directory refuses in one line
        second = subprocess.run([*server.args[:2], "--data-dir", data], env=dict(server.env, EYRIE_PORT="8137"),
                                capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert "Another eyrie serve" in second.stderr and "already running" in second.stderr
        assert request(server.port, "GET", "/healthz")[0] == 200
        # the server started the cluster, so it stops it when it leaves
        assert server.stop() == 0
        assert not running()
    finally:
        server.stop()


HEAD_TIMEOUT = 2  # EYRIE_REQUEST_HEAD_TIMEOUT for the servers below, in seconds
KEEP_ALIVE = 4  # EYRIE_KEEPALIVE_TIMEOUT


def head_limited_server(port, external):
    server = Server(port, database_url=external.url(), timeout=TIMEOUT)
    server.env["EYRIE_REQUEST_HEAD_TIMEOUT"] = str(HEAD_TIMEOUT)
    server.env["EYRIE_KEEPALIVE_TIMEOUT"] = str(KEEP_ALIVE)
    return server.start()


def read_until_closed(sock, seconds):
    """Everything the server sends until it closes the connection (b"" and a flag if it is still open after `seconds`)."""
    sock.settimeout(seconds)
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
    except ConnectionResetError:
        return b"".join(chunks), True
    except socket.timeout:
        return b"".join(chunks), False


def test_oversized_request_headers_answer_431_and_close(external):
    # setup
    server = head_limited_server(8138, external)
    big = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * (100 * 1024) + b"\r\n\r\n"
    try:
        # act: a first request whose headers are 100 KiB
        start = time.time()
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(big)
            answer, closed = read_until_closed(sock, 5)
        # check: answered 431 and closed at once
        assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
        assert closed and time.time() - start < 2
        # act: the same after a first, ordinary request on a kept-alive connection
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() is not None
        connection.sock.sendall(big)
        answer, closed = read_until_closed(connection.sock, 5)
        assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
        assert closed
        # and the server goes on serving
        assert request(server.port, "GET", "/")[0] == 200
    finally:
        server.stop()


def test_slow_request_heads_are_closed_within_the_limit_while_others_are_served(external):
    # setup
    server = head_limited_server(8139, external)
    try:
        # act: fifty connections send a request line and one header, then nothing; one more sends nothing at all
        opened = time.time()
        slow = []
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            slow.append(sock)
        silent = socket.create_connection(("127.0.0.1", server.port))
        # check: others are served meanwhile, at once
        for _ in range(5):
            start = time.time()
            assert request(server.port, "GET", "/")[0] == 200
            assert time.time() - start < 1
        # check: every slow connection is answered 408 and closed within the limit; the silent one is closed quietly
        for sock in slow:
            answer, closed = read_until_closed(sock, max(0.1, opened + HEAD_TIMEOUT + MARGIN - time.time()))
            assert closed and answer.startswith(b"HTTP/1.1 408"), answer[:200]
            sock.close()
        answer, closed = read_until_closed(silent, max(0.1, opened + HEAD_TIMEOUT + MARGIN - time.time()))
        assert closed and answer == b""
        silent.close()
        elapsed = time.time() - opened
        assert elapsed < HEAD_TIMEOUT + MARGIN
        # a kept-alive connection that stalls in its second request's head is answered and closed as well
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        stalled = time.time()
        connection.sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        answer, closed = read_until_closed(connection.sock, HEAD_TIMEOUT + MARGIN)
        assert closed and answer.startswith(b"HTTP/1.1 408"), "a stalled second request head held its connection"
        second = time.time() - stalled
        # a kept-alive connection that sends nothing more stays open between requests, then closes quietly
        idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        idle.request("GET", "/healthz")
        idle.getresponse().read()
        time.sleep(HEAD_TIMEOUT + 0.5)
        idle.request("GET", "/healthz")
        assert idle.getresponse().status == 200, "a kept-alive connection was closed before its keep-alive time"
        waited = time.time()
        answer, closed = read_until_closed(idle.sock, KEEP_ALIVE + MARGIN)
        assert closed and answer == b""
        figure("slow heads", f"50 slow request heads closed {elapsed:.2f} s after opening (limit {HEAD_TIMEOUT} s), "
                             f"a stalled second head after {second:.2f} s, an idle kept-alive connection after "
                             f"{time.time() - waited:.2f} s (limit {KEEP_ALIVE} s)")
    finally:
        server.stop()
