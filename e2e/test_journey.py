"""A newcomer signs up, joins a community and submits an idea; a second member supports and comments;
a steward shortlists it; the idea's history shows each step."""
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, PASSWORD, click_and_wait, shot


def sign_in(driver, email, password=PASSWORD):
    driver.get(BASE + "/signin")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Signed in" in driver.page_source


def flash(driver):
    return driver.find_element(By.CSS_SELECTOR, ".banner-success").text


def test_idea_journey(browser, second_browser):
    newcomer = f"newcomer-{uuid.uuid4().hex[:8]}@example.org"
    title = f"Welcome kit in the post {uuid.uuid4().hex[:4]}"

    # A newcomer signs up.
    browser.get(BASE + "/")
    shot(browser, "01-home-visitor")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Create an account"))
    browser.find_element(By.ID, "name").send_keys("Nia Newcomer")
    browser.find_element(By.ID, "email").send_keys(newcomer)
    Select(browser.find_element(By.ID, "organisation")).select_by_visible_text("Harbour Health Trust")
    browser.find_element(By.ID, "password").send_keys("short")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # A bad password re-renders the form with the message; the name typed is kept.
    assert "There is a problem" in browser.page_source
    assert browser.find_element(By.ID, "name").get_attribute("value") == "Nia Newcomer"
    shot(browser, "02-signup-error")
    browser.find_element(By.ID, "password").send_keys("a much longer password")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Welcome to Eyrie" in flash(browser)

    # They open a challenge of the open community; its Join button brings them back to the challenge.
    browser.get(BASE + "/communities/customer-experience-guild")
    shot(browser, "03-community")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Faster onboarding for new customers"))
    click_and_wait(browser, browser.find_element(
        By.XPATH, "//button[normalize-space()='Join Customer Experience Guild']"))
    assert "You joined" in flash(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Faster onboarding for new customers"
    shot(browser, "04-challenge")

    # They submit an idea.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Submit an idea"))
    browser.find_element(By.ID, "title").send_keys(title)
    browser.find_element(By.ID, "summary").send_keys("Post a welcome kit with everything needed on day one.")
    browser.find_element(By.ID, "body").send_keys("Customers told us they wait for three separate letters.")
    browser.find_element(By.ID, "tags").send_keys("onboarding, post")
    shot(browser, "05-idea-form")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Submit idea']"))
    assert flash(browser) == "Idea submitted."
    idea_url = browser.current_url
    shot(browser, "06-idea-submitted")

    # A second member supports (double-clicking) and comments.
    sign_in(second_browser, "member@eyrie.example")
    second_browser.get(idea_url)
    button = second_browser.find_element(By.XPATH, "//button[normalize-space()='Support this idea']")
    second_browser.execute_script("arguments[0].click(); arguments[0].click();", button)
    time.sleep(0.5)
    assert "1 support" in second_browser.find_element(By.CSS_SELECTOR, ".support-count").text
    second_browser.find_element(By.ID, "body").send_keys("We could add a printed checklist too.")
    click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//button[normalize-space()='Post comment']"))
    assert flash(second_browser) == "Comment added."
    shot(second_browser, "07-idea-supported")

    # A steward shortlists it.
    click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//button[normalize-space()='Sign out']"))
    sign_in(second_browser, "steward@eyrie.example")
    second_browser.get(idea_url)
    second_browser.find_element(By.ID, "shortlist-reason").send_keys("Cheap to pilot")
    click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//button[normalize-space()='Shortlist']"))
    assert flash(second_browser) == "Idea shortlisted."

    # The author sees each step in the history.
    browser.get(idea_url)
    history = browser.find_element(By.CSS_SELECTOR, ".history").text
    assert "Submitted by Nia Newcomer" in history
    assert "Submitted → Shortlisted by Sam Steward" in history
    assert "Cheap to pilot" in history
    assert "1 support" in browser.page_source and "printed checklist" in browser.page_source
    shot(browser, "08-idea-shortlisted")
    browser.get(BASE + "/")
    assert title in browser.page_source
    shot(browser, "09-home-member")


def phone_width(driver):
    """A phone's 390 px viewport (headless Chromium's window is at least 500 px wide)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})


def test_phone_layout_has_no_horizontal_scroll(browser):
    phone_width(browser)
    for path in ["/", "/communities/customer-experience-guild", "/challenges/1", "/signup"]:
        browser.get(BASE + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    shot(browser, "10-challenge-phone")


def test_newcomer_from_an_unlisted_organisation(browser):
    email = f"olu-{uuid.uuid4().hex[:8]}@northwater.example"
    org = f"North Water Trust {uuid.uuid4().hex[:4]}"
    # She signs up: her organisation is not in the list, so she says so and types it (the field appears on choosing).
    browser.get(BASE + "/signup")
    field = browser.find_element(By.ID, "new-organisation-field")
    assert not field.is_displayed()
    browser.find_element(By.ID, "name").send_keys("Olu Newcomer")
    browser.find_element(By.ID, "email").send_keys(email)
    Select(browser.find_element(By.ID, "organisation")).select_by_visible_text("My organisation is not listed")
    assert field.is_displayed()
    browser.find_element(By.ID, "new_organisation").send_keys(org)
    browser.find_element(By.ID, "password").send_keys("a much longer password")
    shot(browser, "12-signup-unlisted-organisation")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # She is welcomed as new, with the first steps, not "Welcome back".
    browser.get(BASE + "/")
    assert "Welcome to Eyrie, Olu" in browser.page_source and "Welcome back" not in browser.page_source
    shot(browser, "13-home-newcomer")
    browser.get(BASE + "/organisations")
    row = browser.find_element(By.XPATH, f"//td[contains(., '{org}')]").text
    assert "Unconfirmed" in row
    # She joins, submits an idea, and is not offered to support it herself.
    browser.get(BASE + "/challenges/1")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Join Customer Experience Guild']"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Submit an idea"))
    browser.find_element(By.ID, "title").send_keys(f"Night shuttle for shift workers {uuid.uuid4().hex[:4]}")
    browser.find_element(By.ID, "summary").send_keys("A shared minibus for people whose shifts end after the last bus.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Submit idea']"))
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Support this idea']")
    assert "own ideas" in browser.page_source
    shot(browser, "14-own-idea-no-self-support")


def test_steward_manages_members_in_bulk(browser):
    sign_in(browser, "steward@eyrie.example")
    # The community page sums up; the list has its own page.
    browser.get(BASE + "/communities/customer-experience-guild")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Manage members"))
    total = browser.find_element(By.CSS_SELECTOR, "p.lead").text
    assert "members" in total
    shot(browser, "15-members-steward")
    # She finds one member by part of the name.
    first = browser.find_elements(By.CSS_SELECTOR, ".member-table tbody tr td:nth-child(2) a")[0].text
    word = first.split()[-1]
    search = browser.find_element(By.ID, "q")
    search.clear()
    search.send_keys(word)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Show']"))
    assert first in browser.page_source and "match" in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    # She picks three members and makes them facilitators, after a confirmation.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Clear"))
    Select(browser.find_element(By.ID, "role")).select_by_visible_text("Member")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Show']"))
    rows = browser.find_elements(By.CSS_SELECTOR, "form.member-table-form:last-of-type tbody tr")[:3]
    names = [row.find_element(By.CSS_SELECTOR, "td:nth-child(2) a").text for row in rows]
    for row in rows:
        row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    Select(browser.find_elements(By.ID, "bulk-action")[-1]).select_by_visible_text("Make them facilitators")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Continue…']"))
    assert "Make these 3 members facilitators?" in browser.page_source
    shot(browser, "16-members-confirm")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Yes, change 3 members')]"))
    assert "3 members now have the facilitator role" in flash(browser)
    Select(browser.find_element(By.ID, "role")).select_by_visible_text("Facilitator")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Show']"))
    for name in names:
        assert name in browser.page_source
    phone_width(browser)
    browser.refresh()
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    shot(browser, "17-members-phone")
