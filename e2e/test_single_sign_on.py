"""Single sign-on against a real OpenID Connect provider (django-oidc-provider on loopback): a platform admin connects
Harbour Health Trust's provider; a member signs in through it and lands in Harbour Health Trust, and the second
sign-in finds the same account; an existing account is linked only with its password, and never with an address the
provider has not verified; once required, the domain's password sign-in is refused with where to sign in."""
import os
import subprocess
import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, click_and_wait, make_driver, shot
from oidc_provider_server import Provider
from test_accessibility import violations

DATABASE_URL = os.environ.get("EYRIE_DATABASE_URL")
pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="needs EYRIE_DATABASE_URL (make test sets it)")
ORGANISATION = "Harbour Health Trust"


def psql(sql):
    out = subprocess.run(["psql", DATABASE_URL, "-Atqc", sql], capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.strip()


def sign_in_with_password(driver, email, password):
    driver.get(BASE + "/signin")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def sign_up(driver, name, email, password):
    driver.get(BASE + "/signup")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "email").send_keys(email)
    Select(driver.find_element(By.ID, "organisation")).select_by_value("independent")
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Welcome to Eyrie" in driver.page_source, driver.page_source[:2000]


def through_provider(driver, username, password, start=None):
    """From Eyrie's sign-in page, "Continue with Harbour Health Trust", the provider's own login form, and back."""
    driver.get(start or BASE + "/signin")
    if start is None:
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, f"Continue with {ORGANISATION}"))
    if driver.find_elements(By.ID, "id_username"):
        assert "Harbour Health Trust sign-in" in driver.page_source
        driver.find_element(By.ID, "id_username").send_keys(username)
        driver.find_element(By.ID, "id_password").send_keys(password)
        click_and_wait(driver, driver.find_element(By.ID, "provider-submit"))


def flash(driver):
    found = driver.find_elements(By.CSS_SELECTOR, ".banner-success")
    return found[0].text if found else ""


@pytest.fixture(scope="module")
def provider():
    with tempfile.TemporaryDirectory() as workdir:
        running = Provider(workdir, BASE + "/signin/callback").prepare([
            ("hana", "hana-pass-2026", "hana@harbour.example", "Hana Harbour", True),
            ("lina", "lina-pass-2026", "lina@harbour.example", "Lina Linked", True),
            ("ugo", "ugo-pass-2026", "ugo@harbour.example", "Ugo Unverified", False),
        ]).start()
        yield running
        running.stop()


def test_members_sign_in_through_their_organisations_provider(provider, browser):
    # setup: two people already have password accounts with harbour.example addresses
    for name, email in [("Lina Linked", "lina@harbour.example"), ("Ugo Unverified", "ugo@harbour.example")]:
        driver = make_driver()
        try:
            sign_up(driver, name, email, "their own password")
        finally:
            driver.quit()
    # act: the platform admin connects Harbour Health Trust's provider
    sign_in_with_password(browser, "admin@eyrie.example", PASSWORD)
    browser.get(BASE + "/organisations")
    click_and_wait(browser, browser.find_element(By.XPATH, f"//tr[td[contains(., '{ORGANISATION}')]]//a"))
    assert BASE + "/signin/callback" in browser.page_source
    browser.find_element(By.ID, "issuer").send_keys(provider.issuer)
    browser.find_element(By.ID, "clientID").send_keys(provider.client_id)
    browser.find_element(By.ID, "clientSecret").send_keys(provider.client_secret)
    browser.find_element(By.ID, "domains").send_keys("harbour.example")
    shot(browser, "70-provider-settings")
    assert not violations(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.form button[type=submit]"))
    assert "is saved" in flash(browser), browser.page_source[:3000]
    assert provider.client_secret not in browser.page_source
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "header form[action='/signout'] button"))

    # a newcomer signs in through the provider and lands in Harbour Health Trust
    newcomer = make_driver()
    try:
        newcomer.get(BASE + "/signin")
        shot(newcomer, "71-signin-with-provider")
        assert not violations(newcomer), "71-signin-with-provider"
        through_provider(newcomer, "hana", "hana-pass-2026")
        assert newcomer.current_url.startswith(BASE) and "Welcome to Eyrie, Hana Harbour." in flash(newcomer)
        row = psql("SELECT o.name, m.name FROM members m JOIN organisations o ON o.id = m.organisation_id "
                   "WHERE m.email = 'hana@harbour.example'")
        assert row == f"{ORGANISATION}|Hana Harbour"
        # sign out of Eyrie: the provider's own sign-out is offered
        click_and_wait(newcomer, newcomer.find_element(By.CSS_SELECTOR, "header form[action='/signout'] button"))
        assert f"Sign out of {ORGANISATION} too" in newcomer.page_source
        # the second sign-in (still signed in at the provider) finds the same account
        through_provider(newcomer, "hana", "hana-pass-2026")
        assert "Signed in as Hana Harbour." in flash(newcomer)
        assert psql("SELECT count(*) FROM members WHERE email = 'hana@harbour.example'") == "1"
        assert psql("SELECT count(*) FROM member_identities i JOIN members m ON m.id = i.member_id "
                    "WHERE m.email = 'hana@harbour.example'") == "1"
    finally:
        newcomer.quit()

    # an existing account is linked only once its password is given
    linking = make_driver()
    try:
        through_provider(linking, "lina", "lina-pass-2026")
        assert linking.current_url == BASE + "/signin/link" and "lina@harbour.example" in linking.page_source
        shot(linking, "72-link-account")
        assert not violations(linking), "72-link-account"
        linking.find_element(By.ID, "password").send_keys("not the password")
        click_and_wait(linking, linking.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "That is not the password of this account" in linking.page_source
        linking.find_element(By.ID, "password").send_keys("their own password")
        click_and_wait(linking, linking.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert "connected to" in flash(linking)
        assert psql("SELECT count(*) FROM member_identities i JOIN members m ON m.id = i.member_id "
                    "WHERE m.email = 'lina@harbour.example'") == "1"
    finally:
        linking.quit()

    # an address the provider has not verified never links
    unverified = make_driver()
    try:
        through_provider(unverified, "ugo", "ugo-pass-2026")
        assert "Your address is not confirmed" in unverified.page_source
        assert not unverified.find_elements(By.CSS_SELECTOR, "header form[action='/signout']")
        shot(unverified, "73-signin-refused")
        assert not violations(unverified), "73-signin-refused"
    finally:
        unverified.quit()

    # required: the domain's password sign-in is refused, with where to sign in
    browser.get(BASE + "/organisations")
    sign_in_with_password(browser, "admin@eyrie.example", PASSWORD)
    browser.get(BASE + "/organisations")
    click_and_wait(browser, browser.find_element(By.XPATH, f"//tr[td[contains(., '{ORGANISATION}')]]//a"))
    browser.find_element(By.ID, "required").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.form button[type=submit]"))
    assert "is saved" in flash(browser)
    refused = make_driver()
    try:
        sign_in_with_password(refused, "lina@harbour.example", "their own password")
        assert "signs its people in through its own sign-in" in refused.page_source
        assert not refused.find_elements(By.CSS_SELECTOR, "header form[action='/signout']")
    finally:
        refused.quit()
