"""The previous release on the new schema (README, "Changing the schema: expand, then contract"): during a rolling
deploy the new binary migrates while the old one still serves, so every migration must leave the old binary's reads
and writes working. Here the new binary migrates a database and serves the demo; the previous release's binary
(scripts/test-upgrade.sh builds it from git: the commit before the newest migration was added) serves beside it on
the same database, and members read and write through it."""
import os
import re

import pytest

from harness import Cluster, Server, Visitor
from test_faults import demo_world

PREVIOUS = os.environ.get("EYRIE_PREVIOUS", "")


@pytest.fixture
def database():
    cluster = Cluster("upgrade", 5496)
    cluster.create()
    yield cluster
    cluster.stop("immediate")


def previous_server(port, url):
    server = Server(port, database_url=url)
    source = os.path.join(PREVIOUS, "src")
    server.args = [os.path.join(PREVIOUS, "eyrie"), "serve", "--sql-dir", os.path.join(source, "sql"),
                   "--web-dir", os.path.join(source, "web")]
    server.log_path = server.log_path.replace("serve-", "serve-previous-")
    return server


@pytest.mark.skipif(not PREVIOUS, reason="run through scripts/test-upgrade.sh, which builds the previous release")
def test_the_previous_release_reads_and_writes_on_the_schema_the_new_one_migrated_to(database):
    new = Server(8138, database_url=database.url()).start()
    old = None
    try:
        sql = database.psql
        newest = int(sql("SELECT max(version) FROM schema_migrations"))
        known = max(int(re.match(r"\d+", f).group()) for f in os.listdir(os.path.join(PREVIOUS, "src", "sql")) if f.endswith(".sql"))
        assert known < newest, "the previous release should be older than the schema"
        # the previous release starts on the newer schema (it applies nothing, and does not refuse what it does not know)
        old = previous_server(8139, database.url()).start()
        assert int(sql("SELECT max(version) FROM schema_migrations")) == newest
        challenge, ideas, emails = demo_world(sql)
        community = sql(f"SELECT c.slug FROM communities c JOIN challenges h ON h.community_id = c.id WHERE h.id = {challenge}")
        workshop = int(sql("SELECT id FROM workshops WHERE state = 'running' ORDER BY id LIMIT 1"))
        participant = sql(f"""SELECT m.email FROM workshop_registrations r JOIN members m ON m.id = r.member_id
                              WHERE r.workshop_id = {workshop} AND r.status = 'registered' ORDER BY m.id LIMIT 1""")
        steward = sql(f"""SELECT m.email FROM memberships ms JOIN members m ON m.id = ms.member_id
                          JOIN communities c ON c.id = ms.community_id
                          WHERE c.slug = '{community}' AND ms.role = 'steward' AND ms.status = 'active' ORDER BY m.id LIMIT 1""")
        member = Visitor(old.port).sign_in(participant)
        for path in ["/", f"/communities/{community}", f"/challenges/{challenge}", f"/ideas/{ideas[0]}",
                     f"/communities/{community}/members", f"/workshops/{workshop}", f"/workshops/{workshop}/board",
                     f"/communities/{community}/offerings", f"/communities/{community}/library",
                     f"/communities/{community}/discussions", "/notifications",
                     f"/api/v1/challenges/{challenge}/ideas", f"/api/v1/communities/{community}/workshops"]:
            status, text = member.get(path)
            assert status == 200, (path, status, text[:300])
        stewarding = Visitor(old.port).sign_in(steward)
        for path in [f"/challenges/{challenge}/results", f"/communities/{community}/health"]:
            status, text = stewarding.get(path)
            assert status == 200, (path, status, text[:300])
        # its writes land in the new schema: a comment, and a note on the live board (the form, without JavaScript)
        member.get(f"/ideas/{ideas[0]}")
        status, text = member.post(f"/ideas/{ideas[0]}/comments", {"body": "Written by the previous release"})
        comment = re.search(r"#comment-(\d+)", member.location)
        assert status == 303 and comment, (status, member.location, text[:300])
        assert sql(f"SELECT body FROM comments WHERE id = {comment.group(1)}") == "Written by the previous release"
        member.get(f"/workshops/{workshop}/board")
        status, _ = member.post(f"/workshops/{workshop}/board", {"op": "add", "body": "A note from the previous release"})
        assert status == 303
        # and the new binary reads them
        reader = Visitor(new.port).sign_in(participant)
        status, page = reader.get(f"/ideas/{ideas[0]}")
        assert status == 200 and f'id="comment-{comment.group(1)}"' in page and "Written by the previous release" in page, \
            (status, page[:300])
        assert "A note from the previous release" in reader.get(f"/workshops/{workshop}/board")[1]
        check = new.cli("check")
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        if old:
            old.stop()
        new.stop()


# What the previous release may still read or write: a migration doing one of these is a contract step, allowed only
# once no running release uses what it removes, and says so on a line `-- contract: …` (README); or it explains on a
# line `-- previous release: …` why the previous release is not affected (a trigger fills a new NOT NULL column).
CONTRACT = [r"\bDROP\s+(TABLE|VIEW|FUNCTION|TYPE|COLUMN)\b", r"\bRENAME\b", r"\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b",
            r"\bSET\s+NOT\s+NULL\b", r"\bADD\s+COLUMN\s+(?:(?!DEFAULT)[^,;])*\bNOT\s+NULL\b(?:(?!DEFAULT)[^,;])*[,;]"]
FIRST_UNDER_THE_RULE = 39


def test_migrations_since_the_rule_only_expand_unless_marked_as_a_contract_step():
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sql")
    checked = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sql") or int(re.match(r"\d+", name).group()) < FIRST_UNDER_THE_RULE:
            continue
        text = open(os.path.join(folder, name)).read()
        statements = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
        found = [p for p in CONTRACT if re.search(p, statements, re.I | re.S)]
        assert not found or re.search(r"^--\s*(contract|previous release):", text, re.M), \
            f"{name} contracts the schema ({found}) without a '-- contract:' line naming the release that stopped " \
            f"using it (or a '-- previous release:' line saying why that release is not affected)"
        checked += 1
    assert checked >= 1
    # the rule catches what it should
    assert re.search(CONTRACT[0], "ALTER TABLE ideas DROP COLUMN summary;", re.I)
    assert re.search(CONTRACT[4], "ALTER TABLE ideas ADD COLUMN x int NOT NULL;", re.I | re.S)
    assert not re.search(CONTRACT[4], "ALTER TABLE ideas ADD COLUMN x int NOT NULL DEFAULT 0;", re.I | re.S)
