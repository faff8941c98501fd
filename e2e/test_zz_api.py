"""The JSON API against its OpenAPI document with schemathesis: every operation, generated inputs, with a write
token made through the site's tokens page; no 500, no status, content type, header or body outside the document.
Runs last (the file name): its writes add ideas and comments to the demo."""
import html
import http.cookiejar
import json
import os
import pathlib
import re
import subprocess
import urllib.parse
import urllib.request

import pytest

from conftest import BASE, PASSWORD

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMATHESIS = ROOT / "e2e" / ".venv" / "bin" / "schemathesis"


def signed_in(email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/signin").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "_csrf": csrf}).encode()
    opener.open(f"{BASE}/signin", data=body)
    return opener


def make_token(opener, scope):
    page = opener.open(f"{BASE}/account/tokens").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"name": f"schemathesis {scope}", "scope": scope, "_csrf": csrf}).encode()
    answer = opener.open(f"{BASE}/account/tokens", data=body).read().decode()
    return html.unescape(re.search(r'<code class="token" id="new-token">([^<]+)</code>', answer).group(1))


def api(path, token=None, method="GET", body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"{BASE}{path}", method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def test_a_token_made_on_the_profile_reads_and_writes_and_a_read_token_cannot_write():
    opener = signed_in("member@eyrie.example")
    writer = make_token(opener, "write")
    reader = make_token(opener, "read")
    status, page, headers = api("/api/v1/challenges/1/ideas?sort=supported&limit=2", reader)
    assert status == 200 and len(page["ideas"]) == 2 and page["next"]
    assert "ETag" in headers and headers["RateLimit"].startswith('"token"')
    status, more, _ = api(f"/api/v1/challenges/1/ideas?sort=supported&limit=2&after={page['next']}", reader)
    assert status == 200 and not {i["id"] for i in more["ideas"]} & {i["id"] for i in page["ideas"]}
    status, problem, headers = api("/api/v1/ideas/1/comments", reader, "POST", {"body": "From a script"})
    assert status == 403 and headers["Content-Type"] == "application/problem+json"
    status, created, _ = api("/api/v1/ideas/1/comments", writer, "POST", {"body": "From a script"})
    assert status == 201, created
    tokens = opener.open(f"{BASE}/account/tokens").read().decode()
    assert "schemathesis write" in tokens and writer not in tokens


def test_the_api_keeps_to_its_document():
    writer = make_token(signed_in("member@eyrie.example"), "write")
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{BASE}/api/v1/openapi.json", "--url", BASE,
         "--header", f"Authorization: Bearer {writer}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                     "response_headers_conformance,response_schema_conformance",
         "--phases", "examples,fuzzing", "--max-examples", "15", "--workers", "2",
         "--generation-deterministic", "--suppress-health-check", "all"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_tokens_page_and_api_reference_in_a_browser(browser):
    from conftest import click_and_wait, make_driver, shot
    from test_journey import sign_in
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/members/4")
    browser.find_element("link text", "API tokens").click()
    click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    assert "Give the token a name" in browser.page_source
    browser.find_element("id", "name").send_keys("Weekly report")
    browser.find_element("css selector", "#scope-write").click()
    click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    token = browser.find_element("id", "new-token").text
    assert token.startswith("eyr_")
    shot(browser, "api-tokens")
    status, _, _ = api("/api/v1/communities", token)
    assert status == 200
    browser.get(BASE + "/api/v1/docs")
    assert "Submit an idea" in browser.page_source
    shot(browser, "api-docs")
    phone = make_driver(390, 844)
    try:
        sign_in(phone, "member@eyrie.example")
        phone.get(BASE + "/account/tokens")
        shot(phone, "api-tokens-phone")
    finally:
        phone.quit()
