"""What the fault suite needs: a throwaway PostgreSQL cluster it can stop and kill, a real `eyrie serve`, signed-in
visitors speaking plain HTTP, and a load of concurrent requests whose every answer (status, start, end) is kept."""
import glob
import html
import http.client
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EYRIE = os.path.join(ROOT, ".build", "debug", "eyrie")
PGBIN = os.path.dirname(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1])
WORK = os.path.join(ROOT, ".eyrie", "faults")
PASSWORD = "eyrie-demo-2026"


def as_postgres(args):
    return (["runuser", "-u", "postgres", "--"] + args) if os.geteuid() == 0 else args


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    """A PostgreSQL cluster on a Unix socket, as DATABASE_URL points Eyrie at an external server (fsync on)."""

    def __init__(self, name, port):
        self.base = os.path.join(WORK, name)
        self.data = os.path.join(self.base, "data")
        self.sock = os.path.join(self.base, "sock")
        self.port = port

    def create(self):
        self.stop("immediate")
        run(["rm", "-rf", self.base])
        os.makedirs(self.sock)
        if os.geteuid() == 0:
            run(["chown", "-R", "postgres:postgres", self.base])
        os.chmod(self.base, 0o700)
        run(as_postgres([f"{PGBIN}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8"]))
        self.start()
        self.psql("CREATE DATABASE eyrie", database="postgres")

    def start(self):
        run(as_postgres([f"{PGBIN}/pg_ctl", "-D", self.data, "-l", f"{self.base}/postgres.log", "-w", "-o",
                         f"-k {self.sock} -p {self.port} -c listen_addresses='' -c max_connections=100", "start"]))

    def stop(self, mode="fast"):
        subprocess.run(as_postgres([f"{PGBIN}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"]),
                       capture_output=True)

    def url(self):
        return f"postgres://postgres@localhost:{self.port}/eyrie?host={self.sock}"

    def psql(self, sql, database="eyrie"):
        return psql(self.sock, self.port, sql, database)


def psql(sock, port, sql, database="eyrie"):
    out = run(["psql", "-h", sock, "-p", str(port), "-U", "postgres", "-d", database, "-Atq", "-v",
               "ON_ERROR_STOP=1", "-c", sql])
    return out.stdout.strip()


class Server:
    """`eyrie serve` in its own process, on a DATABASE_URL or on an embedded cluster under `data_dir`."""

    def __init__(self, port, database_url=None, data_dir=None, timeout=2, grace=5):
        self.port = port
        self.data_dir = data_dir
        self.env = dict(os.environ, EYRIE_PORT=str(port), EYRIE_BCRYPT_COST="4", EYRIE_DB_TIMEOUT=str(timeout),
                        EYRIE_SHUTDOWN_GRACE=str(grace), LOG_LEVEL="notice", EYRIE_DB_POOL_SIZE="10",
                        EYRIE_LANGUAGE="en")  # the checks read the commands' English
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.args = [EYRIE, "serve", "--demo"] + (["--data-dir", data_dir] if data_dir else [])
        self.log_path = os.path.join(WORK, f"serve-{port}.log")
        self.process = None

    def launch(self):
        """Starts the process without waiting for it to answer."""
        self.log = open(self.log_path, "a")
        self.launched_at = os.path.getsize(self.log_path)
        self.process = subprocess.Popen(self.args, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def output(self):
        """What this process wrote since it was launched (the log file is kept across runs)."""
        with open(self.log_path) as f:
            f.seek(self.launched_at)
            return f.read()

    def start(self, wait=120):
        self.launch()
        deadline = time.time() + wait
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"eyrie serve exited with {self.process.returncode}: {self.tail()}")
            if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                return self
            time.sleep(0.3)
        raise AssertionError(f"eyrie serve did not answer in {wait} s: {self.tail()}")

    def stop(self, sig=signal.SIGTERM, wait=30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode if self.process else None

    def tail(self, lines=30):
        with open(self.log_path) as f:
            return "".join(f.readlines()[-lines:])

    def cli(self, *args, stdin=None):
        """An `eyrie` command beside the server, on the same database."""
        extra = ["--data-dir", self.data_dir] if self.data_dir else []
        return subprocess.run([EYRIE, *args, *extra], env=self.env, cwd=ROOT, input=stdin, capture_output=True,
                              text=True, timeout=120)

    def metric(self, name):
        """The sum of a metric's series in /metrics (0 when it has none yet)."""
        status, body, _ = request(self.port, "GET", "/metrics", timeout=5)
        assert status == 200, body
        values = re.findall(rf'^{name}(?:\{{[^}}]*\}})? ([0-9.]+)$', body, re.M)
        return sum(float(v) for v in values)

    def active_requests(self):
        """Requests the server counts as in flight, not counting the /metrics request that asks."""
        return self.metric("http_server_active_requests") - 1


def request(port, method, path, headers=None, body=None, timeout=30):
    """One request on a new connection: (status, text, headers); status 0 when the connection failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), response.getheaders()
    except (OSError, http.client.HTTPException) as error:
        return 0, str(error), []
    finally:
        connection.close()


class Visitor:
    """A browser without a browser: cookies, and the CSRF token from the last page."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.csrf = ""
        self.location = ""

    def _headers(self, extra=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers.update(extra or {})
        return headers

    def _keep(self, status, text, headers):
        self.location = ""
        for name, value in headers:
            if name.lower() == "location":
                self.location = value
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
        found = re.search(r'name="_csrf" value="([^"]+)"', text)
        if found:
            self.csrf = html.unescape(found.group(1))
        return status, text

    def get(self, path, timeout=30):
        return self._keep(*request(self.port, "GET", path, self._headers(), timeout=timeout))

    def post(self, path, fields=None, timeout=30):
        form = dict(fields or {}, _csrf=self.csrf)
        body = urllib.parse.urlencode(form)
        return self._keep(*request(self.port, "POST", path,
                                   self._headers({"Content-Type": "application/x-www-form-urlencoded"}), body,
                                   timeout=timeout))

    def sign_in(self, email):
        self.get("/signin")
        status, text = self.post("/signin", {"email": email, "password": PASSWORD, "next": "/"})
        assert status == 303, f"sign-in of {email} answered {status}: {text[:300]}"
        self.get("/")
        return self


class Load:
    """Threads that repeat `work(thread_index, visitor)` until stopped, keeping (start, end, status, label)."""

    def __init__(self, visitors, work):
        self.visitors = visitors
        self.work = work
        self.results = []
        self.lock = threading.Lock()
        self.running = False
        self.threads = []

    def _loop(self, index):
        n = 0
        while self.running:
            start = time.time()
            status, label = self.work(index, n, self.visitors[index])
            end = time.time()
            with self.lock:
                self.results.append((start, end, status, label))
            n += 1

    def __enter__(self):
        self.running = True
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(len(self.visitors))]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(120)


def demo_world(sql):
    """From the demo data: a challenge that takes supports now, its supportable ideas and its active members' emails."""
    challenge = sql("""
        SELECT c.id FROM challenges c LEFT JOIN voting_settings vs ON vs.challenge_id = c.id
        WHERE coalesce(c.phase_override, CASE WHEN now() < c.opens_at THEN 'draft' WHEN now() < c.voting_at THEN 'open'
              WHEN now() < c.review_at THEN 'voting' WHEN now() < c.closes_at THEN 'review' ELSE 'closed' END)
              IN ('open', 'voting')
          AND coalesce(vs.supports, true) AND vs.support_budget IS NULL
        ORDER BY c.id LIMIT 1""")
    assert challenge, "the demo data has no challenge taking supports"
    ideas = sql(f"""SELECT id FROM ideas WHERE challenge_id = {challenge} AND hidden_reason IS NULL
                    AND NOT awaiting_approval AND state IN ('submitted', 'shortlisted', 'in_design', 'selected')
                    ORDER BY id""").split()
    emails = sql(f"""SELECT m.email FROM memberships ms JOIN members m ON m.id = ms.member_id
                     JOIN challenges c ON c.community_id = ms.community_id
                     WHERE c.id = {challenge} AND ms.status = 'active' ORDER BY m.id""").split()
    return int(challenge), [int(i) for i in ideas], emails
