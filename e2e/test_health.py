"""A steward reads the community's health on the demo community: levels, the flow, the organisations, the matrices
and the downloads; members who are not stewards are refused; the thresholds form answers 422 beside the field."""
import csv
import io
import urllib.request

from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, make_driver, shot
from test_journey import sign_in

HEALTH = "/communities/customer-experience-guild/health"


def test_a_steward_reads_the_health_of_the_demo_community(browser):
    sign_in(browser, "steward@eyrie.example")
    browser.get(BASE + "/communities/customer-experience-guild")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Community health"))
    assert browser.current_url.endswith(HEALTH)
    cards = {c.find_element(By.CSS_SELECTOR, ".level-name").text: int(c.find_element(By.CSS_SELECTOR, ".level-count").text)
             for c in browser.find_elements(By.CSS_SELECTOR, ".level-card")}
    assert set(cards) == {"Core", "Active", "Peripheral", "Inactive"}
    assert all(n > 0 for n in cards.values()), f"the demo has members at every level: {cards}"
    reading = browser.find_element(By.CSS_SELECTOR, "#levels-title ~ .reading").text
    assert reading.startswith(f"Of {sum(cards.values())} members")
    # both charts are drawn, each with a title for screen readers, and tables carry the numbers
    assert browser.find_element(By.CSS_SELECTOR, "svg[aria-labelledby=flow-svg-title] path.flow-band")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[aria-labelledby=trend-svg-title] polygon")) == 4
    months = browser.find_elements(By.CSS_SELECTOR, "#trend-title ~ .table-scroll tbody tr")
    assert len(months) == 12
    # several organisations, and some of them co-author
    organisations = browser.find_elements(By.CSS_SELECTOR, "#organisations-title ~ .table-scroll tbody tr")
    assert len(organisations) >= 5
    assert "elephant factor" in browser.find_element(By.CSS_SELECTOR, "#organisations-title ~ .reading").text
    assert browser.find_elements(By.CSS_SELECTOR, "table.matrix td.shade-1, table.matrix td.shade-2, table.matrix td.shade-3")
    shot(browser, "health-desktop")
    # a download has the same numbers as the page
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "members per level").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(link, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.read().decode())))
    assert rows[0] == ["month", "core", "active", "peripheral", "inactive"]
    assert [int(x) for x in rows[-1][1:]] == [cards["Core"], cards["Active"], cards["Peripheral"], cards["Inactive"]]
    # phone width
    phone = make_driver(width=390, height=900)
    try:
        sign_in(phone, "steward@eyrie.example")
        phone.get(BASE + HEALTH)
        wider = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wider <= 1, f"the page scrolls sideways on a phone ({wider}px too wide)"
        shot(phone, "health-phone")
    finally:
        phone.quit()


def test_thresholds_are_checked_beside_the_field_and_members_are_refused(browser):
    sign_in(browser, "steward@eyrie.example")
    browser.get(BASE + HEALTH)
    field = browser.find_element(By.ID, "inactiveDays")
    field.clear()
    field.send_keys("20")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".thresholds-form button[type=submit]"))
    message = browser.find_element(By.ID, "inactiveDays-error").text
    assert "from 30 to 730" in message
    assert browser.find_element(By.ID, "error-summary")
    member = make_driver()
    try:
        sign_in(member, "member@eyrie.example")
        member.get(BASE + HEALTH)
        assert "Health of" not in member.page_source
        assert "Only a steward" in member.page_source
    finally:
        member.quit()


def test_a_steward_writes_to_a_drifting_member(browser):
    sign_in(browser, "steward@eyrie.example")
    browser.get(BASE + HEALTH)
    boxes = browser.find_elements(By.CSS_SELECTOR, "#drifting-title ~ .table-scroll table input[type=checkbox]")
    assert boxes, "the demo has members drifting this month"
    name = boxes[0].get_attribute("aria-label").removeprefix("Write to ")
    # each drifting member's name opens their profile (their box is member-<id>)
    member_id = boxes[0].get_attribute("id").removeprefix("member-")
    row = boxes[0].find_element(By.XPATH, "./ancestor::tr")
    assert row.find_element(By.LINK_TEXT, name).get_attribute("href").endswith(f"/members/{member_id}")
    boxes[0].click()
    browser.find_element(By.ID, "message").send_keys("We would love your view on the new challenge.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".nudge button[type=submit]"))
    assert "Message sent to 1 member." in browser.page_source
    # the same member again within 30 days: left out, and the steward is told
    boxes = browser.find_elements(By.CSS_SELECTOR, f"#drifting-title ~ .table-scroll table input[aria-label='Write to {name}']")
    boxes[0].click()
    browser.find_element(By.ID, "message").send_keys("And again.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".nudge button[type=submit]"))
    assert "1 member was left out" in browser.page_source
