"""axe-core finds no serious or critical accessibility violation on the main pages."""
import time

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.support.ui import Select

from conftest import BASE, click_and_wait, make_driver, shot
from test_journey import sign_in

PAGES = ["/", "/signin", "/signup", "/communities", "/organisations", "/communities/customer-experience-guild",
         "/challenges/1", "/challenges/1?sort=supported", "/ideas/1", "/challenges/1/ideas/new", "/members/2",
         "/communities/customer-experience-guild/challenges/new", "/no-such-page", "/challenges/2/pairwise",
         "/challenges/2/results", "/challenges/2/settings", "/challenges/3/results",
         "/challenges/3/reviews", "/offerings/1", "/offerings/1/canvas", "/offerings/1/blueprint", "/offerings/2",
         "/communities/customer-experience-guild/offerings", "/notifications", "/account/tokens", "/api/v1/docs",
         "/communities/customer-experience-guild/health", "/account/mail",
         "/communities/customer-experience-guild/members", "/communities/customer-experience-guild/settings",
         "/communities/customer-experience-guild/library", "/communities/customer-experience-guild/library/new",
         "/resources/1", "/resources/3", "/resources/1/edit", "/resources/1/history", "/resources/1/changes?from=1&to=2",
         "/communities/customer-experience-guild/discussions", "/communities/customer-experience-guild/discussions/new",
         "/discussions/1", "/discussions/2"]


def violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def steward():
    driver = make_driver()
    sign_in(driver, "steward@eyrie.example")
    yield driver
    driver.quit()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations(steward, path):
    steward.get(BASE + path)
    found = violations(steward)
    assert not found, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]


def test_no_serious_violations_on_an_invalid_form(browser):
    browser.get(BASE + "/signup")
    click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    assert "There is a problem" in browser.page_source
    assert not violations(browser)
    shot(browser, "11-signup-errors")


@pytest.mark.parametrize("path", ["/challenges/1", "/ideas/1", "/challenges/1/ideas/new"])
def test_the_join_prompts_a_newcomer_meets_have_no_serious_violations(browser, path):
    # A newcomer signed in but not a member: the challenge, an idea and the 403 page each offer to join.
    browser.get(BASE + "/signup")
    browser.find_element("id", "name").send_keys("Axe Newcomer")
    browser.find_element("id", "email").send_keys(f"axe.newcomer.{time.time_ns()}@example.org")
    Select(browser.find_element("id", "organisation")).select_by_index(1)
    browser.find_element("id", "password").send_keys("a long enough password")
    click_and_wait(browser, browser.find_element("css selector", "main form button[type=submit]"))
    browser.get(BASE + path)
    assert browser.find_elements("css selector", "form.join-prompt button"), "no join button"
    found = violations(browser)
    assert not found, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]


FOCUS_CONTRAST = """
const el = arguments[0];
el.focus();
function rgb(text) { const m = text.match(/rgba?\\(([^)]+)\\)/g) || []; return m.map(c => c.replace(/rgba?\\(|\\)/g, '').split(',').map(Number)); }
function lum([r, g, b]) { return [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                                 .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0); }
function contrast(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
let bg = null;
for (let node = el.parentElement; node && !bg; node = node.parentElement) {
  const c = rgb(getComputedStyle(node).backgroundColor)[0];
  if (c && (c.length < 4 || c[3] > 0)) { bg = c; }
}
bg = bg || [255, 255, 255];
const style = getComputedStyle(el);
const rings = rgb(style.outlineColor).concat(rgb(style.boxShadow));
return {rings: rings.length, style: style.outlineStyle, best: Math.max(0, ...rings.map(c => contrast(c, bg)))};
"""


@pytest.mark.parametrize("selector", ["header a", "main a", "main button", "main input:not([type=hidden])"])
def test_the_focus_ring_stands_out_three_to_one_against_its_background(steward, selector):
    # Links and controls in the header (on its own background) and in the page, on pages that have each.
    for path in ["/challenges/1", "/signup", "/communities/customer-experience-guild"]:
        steward.get(BASE + path)
        found = steward.find_elements("css selector", selector)
        if not found:
            continue
        measured = steward.execute_script(FOCUS_CONTRAST, found[0])
        assert measured["rings"] >= 1 and measured["style"] != "none", f"{path} {selector}: no focus ring"
        assert measured["best"] >= 3, f"{path} {selector}: focus ring contrast {measured['best']:.2f}"
        return
    pytest.fail(f"no element for {selector}")


@pytest.fixture(scope="module")
def phone():
    driver = make_driver(width=390, height=844)
    # Headless Chromium's window is at least 500 px wide: the phone's width is emulated, as a phone reports it.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    sign_in(driver, "steward@eyrie.example")
    yield driver
    driver.quit()


OVERFLOW = """
const width = document.documentElement.clientWidth;
const wide = [...document.querySelectorAll('body *')].filter(el => {
  const r = el.getBoundingClientRect();
  if (r.right <= width + 1) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
  }
  return true;
}).slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
return {overflow: document.documentElement.scrollWidth - width, wide: wide};
"""


@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_a_phone_without_sideways_scrolling(phone, path):
    # Wide content (tables, the blueprint) scrolls inside its own box; the page itself never scrolls sideways.
    phone.get(BASE + path)
    measured = phone.execute_script(OVERFLOW)
    name = "phone-" + (path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home")
    shot(phone, name)
    assert measured["overflow"] <= 0, f"{path} is {measured['overflow']} px too wide: {measured['wide']}"
