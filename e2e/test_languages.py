"""Every page in the pseudo-language en-XA: each message of the catalogues comes out accented and between ⟦ ⟧, so
any plain English word left outside them escaped translation. What members wrote (ideas, names, titles) is in
the database and is left out of the check."""
import os
import re
import subprocess

import pytest

from conftest import BASE, make_driver, shot
from test_accessibility import PAGES
from test_journey import sign_in

DATABASE_URL = os.environ.get("EYRIE_DATABASE_URL")
pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="needs EYRIE_DATABASE_URL (make test sets it)")

# Names that are the same in every language: the product, formats and protocols.
KEPT = {"Eyrie", "CSV", "SVG", "KPI", "KPIs", "API", "JSON", "OpenAPI", "UTC", "PKCE", "S256", "OpenID", "ics",
        "Markdown", "https", "http", "XA", "en", "fr", "ar", "Français", "English", "OK"}

TEXTS = """
const out = [];
const skip = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'TEXTAREA', 'NOSCRIPT', 'DATALIST']);  // a datalist: the time zone database's names
// Text marked as English on purpose (the API reference, from the OpenAPI document) is not a missed translation.
const english = (el) => el.closest('[lang="en"]') !== null;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  let hidden = false;
  for (let p = n.parentElement; p; p = p.parentElement) { if (skip.has(p.tagName)) { hidden = true; break; } }
  if (!hidden && !english(n.parentElement) && n.textContent.trim()) out.push((n.parentElement.closest('svg') ? '\u0001' : '') + n.textContent);
}
for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],[alt],input[type=submit][value]')) {
  for (const a of ['placeholder', 'aria-label', 'title', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  if (el.type === 'submit') out.push(el.value);
}
out.push(document.title);
return out;
"""


def psql(sql):
    out = subprocess.run(["psql", DATABASE_URL, "-Atqc", sql], capture_output=True, text=True, timeout=60, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def written():
    """Every text members and stewards wrote or named, line by line, longest first."""
    columns = psql("""SELECT format('SELECT %I::text AS v FROM %I', column_name, table_name)
                      FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
                      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                        AND c.data_type IN ('text', 'character varying')""").split("\n")
    union = " UNION ".join(c for c in columns if c)
    values = psql(f"SELECT DISTINCT line FROM ({union}) x, regexp_split_to_table(x.v, E'\\n') AS line "
                  "WHERE length(btrim(line)) >= 2").split("\n")
    return sorted({v.strip() for v in values if v.strip()}, key=len, reverse=True)


@pytest.fixture(scope="module")
def pseudo():
    driver = make_driver()
    sign_in(driver, "steward@eyrie.example")
    driver.add_cookie({"name": "eyrie_lang", "value": "en-XA", "path": "/"})
    yield driver
    driver.quit()


SVG = "\u0001"


def vocabulary(written, kept={}):
    if not kept:
        kept.update({w.lower(): True for v in written for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", v)})
    return kept


def escaped(texts, written):
    """The English words of a page outside the pseudo-language's markers and outside what people wrote."""
    found = []
    for text in texts:
        rest = re.sub(r"⟦[^⟧]*⟧", " ", text)
        rest = re.sub(r"\S+@\S+|https?://\S+|/[\w/.-]+|[A-Za-z]+/[\w/+-]+|\{\w+\}", " ", rest)
        if not re.search(r"[A-Za-z]{2,}", rest):
            continue
        for value in written:
            if re.fullmatch(r"[a-z_]+", value):  # one lower-case word (a KPI's unit; a state as stored) only whole
                rest = re.sub(rf"(?<=\d )\b{value}\b", " ", rest)
            elif value in rest:
                rest = rest.replace(value, " ")
                if not re.search(r"[A-Za-z]{2,}", rest):
                    break
        shortened = rest.strip().rstrip("…")
        if shortened != rest.strip() and any(v.startswith(shortened) for v in written):
            continue
        rest = re.sub(r"#[\w-]+|\b(GET|POST|PUT|PATCH|DELETE)\b", " ", rest)  # tags, and HTTP methods
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]+", rest) if w.isascii() and w not in KEPT]
        if text.startswith(SVG):  # a drawing wraps what people wrote over several lines
            words = [w for w in words if w.lower() not in vocabulary(written)]
        if words:
            found.append(" ".join(rest.split())[:120])
    return found


# The accessibility sweep's pages, and the workshop pages besides (the live board, a workshop, the new-workshop form).
SWEPT = PAGES + ["/workshops/2/board", "/workshops/2", "/workshops/3", "/communities/customer-experience-guild/workshops/new",
                 "/members/3", "/communities", "/account/mail"]


@pytest.mark.parametrize("path", SWEPT)
def test_no_english_escapes_translation(pseudo, written, path):
    pseudo.get(BASE + path)
    assert pseudo.find_element("tag name", "html").get_attribute("lang") == "en-XA"
    found = escaped(pseudo.execute_script(TEXTS), written)
    assert not found, f"{path}: {found[:12]}"


# French and Arabic: the home, challenge, idea, board, results and health pages, at desktop and phone width, with the
# page's lang and dir right, no serious accessibility violation, nothing wider than a phone, and screenshots.
SHOWN = ["/", "/challenges/1", "/ideas/1", "/workshops/2/board", "/challenges/2/results",
         "/communities/customer-experience-guild/health", "/offerings/1/blueprint"]


@pytest.fixture(scope="module", params=[("fr", "ltr"), ("ar", "rtl")], ids=["fr", "ar"])
def reader(request):
    from test_accessibility import OVERFLOW, violations
    language, direction = request.param
    desktop, phone = make_driver(), make_driver(width=390, height=844)
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    for driver in (desktop, phone):
        sign_in(driver, "steward@eyrie.example")
        driver.add_cookie({"name": "eyrie_lang", "value": language, "path": "/"})
    yield language, direction, desktop, phone, violations, OVERFLOW
    desktop.quit()
    phone.quit()


@pytest.mark.parametrize("path", SHOWN)
def test_french_and_arabic_pages_read_right_and_pass_axe(reader, path):
    language, direction, desktop, phone, violations, overflow = reader
    name = path.strip("/").replace("/", "-") or "home"
    desktop.get(BASE + path)
    html = desktop.find_element("tag name", "html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction)
    found = violations(desktop)
    assert not found, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    shot(desktop, f"{language}-{name}")
    phone.get(BASE + path)
    measured = phone.execute_script(overflow)
    shot(phone, f"{language}-phone-{name}")
    assert measured["overflow"] <= 0, f"{language} {path} is {measured['overflow']} px too wide: {measured['wide']}"
