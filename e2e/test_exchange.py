"""The import/export CLI beside the running server: a round trip of the demo community, the exit codes the README
documents (0 done, 1 invalid input with the report, 2 usage, 3 database unavailable), and the imported community
showing on the site."""
import json
import os
import pathlib
import subprocess
import urllib.request
import uuid
import zipfile

import pytest

from conftest import BASE

ROOT = pathlib.Path(__file__).resolve().parent.parent
EYRIE = str(ROOT / ".build" / "debug" / "eyrie")
DATABASE_URL = os.environ.get("EYRIE_DATABASE_URL")

pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="needs EYRIE_DATABASE_URL (make test sets it)")


def eyrie(*args, database=None, language="en"):
    """The command's output in `language` (EYRIE_LANGUAGE comes before the locale's variables)."""
    env = dict(os.environ, DATABASE_URL=database or DATABASE_URL, LOG_LEVEL="error", EYRIE_LANGUAGE=language)
    return subprocess.run([EYRIE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_commands_speak_the_terminals_language(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"schema": "nope/1"}')
    # French from LANG, as a French terminal sets it: the place and the reason in French, the file's own words kept
    env_french = dict(os.environ, DATABASE_URL=DATABASE_URL, LOG_LEVEL="error", LANG="fr_FR.UTF-8")
    env_french.pop("EYRIE_LANGUAGE", None)
    env_french.pop("LANGUAGE", None)
    env_french.pop("LC_ALL", None)
    env_french.pop("LC_MESSAGES", None)
    french = subprocess.run([EYRIE, "import", str(wrong), "--community", "anywhere"], cwd=ROOT, env=env_french,
                            capture_output=True, text=True, timeout=300)
    assert french.returncode == 1
    assert "wrong.json, ligne 1, colonne schema : n’est pas eyrie-exchange/1 : ce fichier n’est pas un export Eyrie" in french.stderr
    assert "Rien n’a été importé." in french.stderr
    # Arabic, and an amount written the language's way
    arabic = eyrie("check", language="ar")
    assert arabic.returncode == 0, arabic.stderr
    assert "كل عدّاد يساوي إعادة عدّه." in arabic.stdout
    # a language Eyrie does not offer, or the C locale: English
    for language in ("de", "C"):
        english = eyrie("import", str(wrong), "--community", "anywhere", language=language)
        assert "wrong.json, line 1, column schema: is not eyrie-exchange/1" in english.stderr
        assert "Nothing was imported." in english.stderr


def test_round_trip_beside_the_server(tmp_path):
    first = tmp_path / "guild.json"
    done = eyrie("export", "--community", "customer-experience-guild", "--out", str(first))
    assert done.returncode == 0, done.stderr
    document = json.loads(first.read_text())
    assert document["schema"] == "eyrie-exchange/1"
    assert all("email" not in m or m["email"] is None for m in document["members"])
    # An own export pointed at another community names that community's rows: refused, exit 1, nothing written.
    refused = eyrie("import", str(first), "--community", "guild-copy")
    assert refused.returncode == 1
    assert "is a row of another community" in refused.stderr
    assert "Nothing was imported." in refused.stderr
    # Back into its own community: nothing changes.
    again = eyrie("import", str(first), "--community", "customer-experience-guild")
    assert again.returncode == 0, again.stderr
    assert "in all: 0 created, 0 updated" in again.stdout


def test_csv_zip_has_a_readme_and_defused_cells(tmp_path):
    archive = tmp_path / "guild.zip"
    done = eyrie("export", "--community", "customer-experience-guild", "--format", "csv", "--out", str(archive))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert {"README.txt", "manifest.csv", "ideas.csv", "supports.csv"} <= set(names)
        ideas = z.read("ideas.csv").decode()
    assert ideas.startswith("id,challenge,author,title,")
    assert "\r\n" in ideas


@pytest.mark.parametrize("form", ["json", "csv"])
def test_an_export_into_a_named_pipe_writes_through_it_and_leaves_it_a_pipe(tmp_path, form):
    """Not a file: written as it is (an export beside it renamed over it would have replaced `/dev/null` itself)."""
    import stat
    import threading
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    received = bytearray()
    reader = threading.Thread(target=lambda: received.extend(open(pipe, "rb").read()))
    reader.start()
    done = eyrie("export", "--community", "customer-experience-guild", "--format", form, "--out", str(pipe))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    if form == "json":
        assert json.loads(received.decode())["schema"] == "eyrie-exchange/1"
    else:
        assert received[:2] == b"PK" and len(received) > 1000


def test_fider_posts_become_a_community_members_can_open(tmp_path):
    slug = f"from-fider-{uuid.uuid4().hex[:8]}"
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "number,title,description,created_at,created_by,votes_count,comments_count,status,responded_by,"
        "responded_at,response,original_number,original_title,tags\n"
        "1,\"=HYPERLINK(\"\"http://evil\"\")\",Body,2020-01-01T10:00:00Z,Faceless,12,0,planned,Arya,2020-02-01T10:00:00Z,Soon,,,ui\n")
    dry = eyrie("import", str(posts), "--community", slug, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: nothing was written" in dry.stdout
    assert eyrie("export", "--community", slug, "--out", str(tmp_path / "none.json")).returncode == 1
    done = eyrie("import", str(posts), "--community", slug)
    assert done.returncode == 0, done.stderr
    assert "status planned → shortlisted: 1" in done.stdout
    archive = tmp_path / "fider.zip"
    assert eyrie("export", "--community", slug, "--format", "csv", "--out", str(archive)).returncode == 0
    with zipfile.ZipFile(archive) as z:
        assert "'=HYPERLINK" in z.read("ideas.csv").decode()
    # The new community is private until a steward opens it: visitors are sent to sign in, not shown it.
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    with pytest.raises(urllib.error.HTTPError) as hidden:
        urllib.request.build_opener(Stay).open(f"{BASE}/communities/{slug}")
    assert hidden.value.code == 303
    assert hidden.value.headers["Location"].startswith("/signin")


def test_exit_codes_for_usage_bad_input_and_an_unavailable_database(tmp_path):
    assert eyrie("import", "--community", "x").returncode == 2
    assert eyrie("export", "--out", "-").returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "eyrie-exchange/1", "members": [')
    result = eyrie("import", str(bad), "--community", "broken")
    assert result.returncode == 1
    assert "bad.json, line 1" in result.stderr
    # A 1 GB file (sparse: no disk used) is refused before it is read into the database, with its name.
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(1 << 30)
    too_big = eyrie("import", str(huge), "--community", "huge")
    assert too_big.returncode == 1
    assert "huge.json: is larger than 512 MiB; raise --max-size to import it" in too_big.stderr
    gone = eyrie("export", "--community", "customer-experience-guild", "--out", str(tmp_path / "x.json"),
                 database="postgres://postgres@127.0.0.1:1/eyrie?sslmode=disable")
    assert gone.returncode == 3, gone.stderr
