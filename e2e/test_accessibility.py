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
         "/communities/customer-experience-guild/health", "/account/mail"]


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
