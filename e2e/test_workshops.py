"""Workshops in a real browser: the live board between two participants, the board without JavaScript, the
calendar file, and accessibility of the workshop pages. Uses the demo data: workshop 1 is closed, 2 runs a
brainstorm now (the demo member and Aisha Khan have seats), 3 is upcoming and full."""
import time
import urllib.request

import icalendar
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, click_and_wait, make_driver, shot
from test_accessibility import violations
from test_journey import sign_in, phone_width


def notes(driver):
    # Read in one go: the live board replaces a note's element when it changes.
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#board-notes .note-body')).map(e => e.textContent.trim())")


def test_two_participants_see_each_others_notes_without_reloading(browser, second_browser):
    sign_in(browser, "member@eyrie.example")
    sign_in(second_browser, "aisha.khan@eyrie.example")
    for driver in (browser, second_browser):
        driver.get(BASE + "/workshops/2/board")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "board-connection").text == "Live")
    # Each adds a note; the other sees it appear, in the same page (no reload: a marker on the window survives).
    browser.execute_script("window.__samePage = true;")
    second_browser.execute_script("window.__samePage = true;")
    mine = f"Texts the engineer's arrival time {time.time_ns()}"
    theirs = f"Books the visit online {time.time_ns()}"
    browser.find_element(By.ID, "body").send_keys(mine)
    browser.find_element(By.CSS_SELECTOR, "form.board-add button").click()
    second_browser.find_element(By.ID, "body").send_keys(theirs)
    second_browser.find_element(By.CSS_SELECTOR, "form.board-add button").click()
    for driver in (browser, second_browser):
        WebDriverWait(driver, 10).until(lambda d: mine in notes(d) and theirs in notes(d))
        assert driver.execute_script("return window.__samePage === true")
    # The change is announced politely to screen-reader users.
    announcer = browser.find_element(By.ID, "board-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    WebDriverWait(browser, 5).until(lambda d: "added a note" in announcer.get_attribute("textContent"))
    shot(browser, "workshop-board-live")
    # The participant edits her own note; the other sees the new text.
    note = browser.find_element(By.XPATH, f"//li[contains(@class,'note')][p[normalize-space()=\"{mine}\"]]")
    note.find_element(By.CSS_SELECTOR, "details summary").click()
    box = note.find_element(By.CSS_SELECTOR, "textarea[name=body]")
    box.clear()
    box.send_keys(mine + " (edited)")
    note.find_element(By.CSS_SELECTOR, "details button").click()
    WebDriverWait(second_browser, 10).until(lambda d: mine + " (edited)" in notes(d))
    assert browser.execute_script("return window.__samePage === true")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] if hasattr(browser, "get_log") else []
    assert not errors, errors


def test_the_board_works_without_javascript():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        sign_in(driver, "member@eyrie.example")
        driver.get(BASE + "/workshops/2/board")
        assert driver.find_element(By.ID, "board-connection").get_attribute("hidden") is not None
        text = f"Posted without scripts {time.time_ns()}"
        driver.find_element(By.ID, "body").send_keys(text)
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.board-add button"))
        assert "Note added." in driver.page_source
        assert text in notes(driver)
        # An empty note is refused beside the field, with the page kept.
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.board-add button"))
        assert "There is a problem" in driver.page_source
        note = driver.find_element(By.XPATH, f"//li[contains(@class,'note')][p[normalize-space()=\"{text}\"]]")
        click_and_wait(driver, note.find_element(By.XPATH, ".//button[starts-with(normalize-space(), 'Delete')]"))
        assert "Note deleted." in driver.page_source
        assert text not in notes(driver)
        shot(driver, "workshop-board-no-javascript")
    finally:
        driver.quit()


def test_a_full_workshop_puts_a_newcomer_on_the_waiting_list_and_the_calendar_file_parses(browser):
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/workshops/3")
    assert "Full" in browser.page_source
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Join the waiting list']"))
    assert "waiting list" in browser.find_element(By.CSS_SELECTOR, ".banner-success").text
    assert "3rd on the waiting list" in browser.page_source
    shot(browser, "workshop-upcoming")
    # The .ics, fetched with the same session, is a valid calendar with the event in its own zone.
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(BASE + "/workshops/3/calendar.ics", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.read())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]).startswith("workshop-3@")
    assert str(event["SUMMARY"]) == "Self-service test session"
    assert event.decoded("DTSTART").tzinfo is not None
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert [c for c in calendar.walk("VTIMEZONE")][0]["TZID"] == "Europe/Paris"
    # Without a seat, the call link stays out of the file.
    assert "meet.example" not in str(event.get("DESCRIPTION", "")) + str(event.get("LOCATION", ""))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Leave the waiting list']"))


def test_workshop_pages_have_no_serious_accessibility_violations(browser):
    sign_in(browser, "facilitator@eyrie.example")
    for path, name in [("/workshops/1", "workshop-closed"), ("/workshops/2", "workshop-running"),
                       ("/workshops/2/board", "workshop-board-facilitator"), ("/workshops/1/board", "workshop-board-closed"),
                       ("/communities/customer-experience-guild/workshops/new", "workshop-form"),
                       ("/workshops/3/agenda/new", "workshop-activity-form")]:
        browser.get(BASE + path)
        found = violations(browser)
        assert not found, (path, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found])
        shot(browser, name)
    phone_width(browser)
    browser.get(BASE + "/workshops/2/board")
    shot(browser, "workshop-board-phone")


def test_the_facilitator_clusters_live_and_turns_a_cluster_into_an_idea_with_its_authors(browser, second_browser):
    sign_in(browser, "facilitator@eyrie.example")
    sign_in(second_browser, "member@eyrie.example")
    for driver in (browser, second_browser):
        driver.get(BASE + "/workshops/2/board")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "board-connection").text == "Live")
    second_browser.execute_script("window.__samePage = true;")
    # The facilitator names a cluster and moves a note into it; the participant sees both without reloading.
    name = f"Booking the visit {time.time_ns() % 100000}"
    browser.find_element(By.ID, "cluster-name").send_keys(name)
    browser.find_element(By.CSS_SELECTOR, "form.board-cluster button").click()
    WebDriverWait(second_browser, 10).until(
        lambda d: name in d.execute_script("return Array.from(document.querySelectorAll('.cluster h3')).map(h => h.textContent)"))
    note = browser.find_element(By.XPATH, "//li[contains(@class,'note')][p[normalize-space()='Waits for a call to book the visit']]")
    select = note.find_element(By.CSS_SELECTOR, "select[name=cluster]")
    WebDriverWait(browser, 10).until(lambda d: name in select.text)
    for option in select.find_elements(By.TAG_NAME, "option"):
        if option.text == name:
            option.click()
    note.find_element(By.XPATH, ".//button[normalize-space()='Move']").click()
    WebDriverWait(second_browser, 10).until(lambda d: d.execute_script(
        "var s = Array.from(document.querySelectorAll('.cluster')).find(c => c.querySelector('h3').textContent === arguments[0]);"
        "return s && s.textContent.includes('Waits for a call to book the visit');", name))
    assert second_browser.execute_script("return window.__samePage === true")
    # On the closed workshop's board, the second cluster becomes an idea credited to both its notes' authors.
    browser.get(BASE + "/workshops/1/board")
    cluster = browser.find_element(By.XPATH, "//section[contains(@class,'cluster')][h3[normalize-space()='Customers left in the dark']]")
    cluster.find_element(By.CSS_SELECTOR, "details.outputs summary").click()
    title = cluster.find_element(By.CSS_SELECTOR, "input[name=title]")
    title.clear()
    title.send_keys("Tell customers what happens next")
    click_and_wait(browser, cluster.find_element(By.XPATH, ".//button[normalize-space()='Create the idea']"))
    assert "/ideas/" in browser.current_url
    page = browser.page_source
    assert "Tell customers what happens next" in page and "Came from the workshop Onboarding co-design day" in page
    assert "Ben Okafor" in page and "Elena Petrova" in page
    shot(browser, "workshop-output-idea")
    browser.get(BASE + "/challenges/1?q=Tell+customers")
    assert "Tell customers what happens next" in browser.page_source


def test_the_idea_picker_filters_as_you_type(browser):
    sign_in(browser, "facilitator@eyrie.example")
    browser.get(BASE + "/communities/customer-experience-guild/workshops/new")
    boxes = browser.find_elements(By.CSS_SELECTOR, "#ideas .checkbox")
    assert len(boxes) > 5
    first = boxes[0].text
    browser.find_element(By.ID, "ideas-filter").send_keys(first.split()[0] + " " + first.split()[1])
    visible = [b for b in browser.find_elements(By.CSS_SELECTOR, "#ideas .checkbox") if b.is_displayed()]
    assert 1 <= len(visible) < len(boxes) and any(b.text == first for b in visible)
    assert "shown" in browser.find_element(By.ID, "ideas-filter-count").text
