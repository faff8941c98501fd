"""Offerings in a real browser: a steward makes an offering from the two selected ideas the demo keeps waiting,
fills its canvas, drafts a six-step blueprint with a fail point, adds a KPI with two measurements and posts an
update; the demo member, who wrote one of the ideas, sees it on her profile and in her notifications. Screenshots
of the canvas, the blueprint (desktop and phone) and the portfolio; axe-core on each page."""
import datetime
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, click_and_wait, make_driver, shot
from test_accessibility import violations
from test_journey import flash, sign_in


def fill(driver, field_id, text):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def submit(driver, form_selector):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]"))


def no_violations(driver):
    found = violations(driver)
    assert not found, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in found]


def test_a_steward_turns_two_selected_ideas_into_a_designed_tracked_offering(browser):
    sign_in(browser, "steward@eyrie.example")
    name = f"Help that talks back {time.time_ns() % 100000}"
    browser.get(BASE + "/communities/customer-experience-guild/offerings/new")
    no_violations(browser)
    for title in ("Chat that remembers the last conversation", "Plain answers first on every help page"):
        browser.find_element(By.XPATH, f"//label[normalize-space()='{title}']").click()
    fill(browser, "name", name)
    fill(browser, "promise", "Every answer starts with what you asked, and remembers you.")
    fill(browser, "segment", "Customers using chat and the help pages")
    Select(browser.find_element(By.ID, "owner")).select_by_visible_text("Fay Facilitator (Harbour Health Trust)")
    submit(browser, "main form")
    assert "Offering made" in flash(browser)
    offering = browser.current_url.split("/offerings/")[1].split("#")[0]
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert "Mia Member" in browser.page_source  # a contributor, by organisation

    # The canvas: two pains, a reliever linked to one of them, a gain and its creator.
    browser.get(f"{BASE}/offerings/{offering}/canvas")
    for section, text in [("pains", "Explaining the problem again to each advisor"), ("pains", "Help pages that bury the answer"),
                          ("relievers", "The chat keeps the history of the last conversation"),
                          ("gains", "Sorted in one contact"), ("creators", "Answer first, details after")]:
        fill(browser, f"body-{section}", text)
        submit(browser, f"#section-{section} form.form")
    Select(browser.find_element(By.ID, "from")).select_by_visible_text(
        "Pain relievers: The chat keeps the history of the last conversation")
    Select(browser.find_element(By.ID, "to")).select_by_visible_text("Pains: Explaining the problem again to each advisor")
    submit(browser, "form[action$='/canvas/fits']")
    assert "Linked." in flash(browser)
    no_violations(browser)
    shot(browser, "offering-canvas")

    # The blueprint: six steps across the lanes, one of them a fail point with a wait.
    browser.get(f"{BASE}/offerings/{offering}/blueprint")
    steps = [("customer", "Opens the chat on the help page", "end", False, ""),
             ("frontstage", "Advisor greets by name", "1", False, ""),
             ("backstage", "History of the last chat loads", "1", True, "2"),
             ("support", "CRM links chat and account", "1", False, ""),
             ("customer", "Gets the answer", "end", False, ""),
             ("evidence", "Summary sent by e-mail", "2", False, "")]
    for lane, text, place, fail, wait in steps:
        fill(browser, "body", text)
        Select(browser.find_element(By.ID, "lane")).select_by_value(lane)
        Select(browser.find_element(By.ID, "place")).select_by_value(place)
        fill(browser, "waitMinutes", wait)
        if fail:
            browser.find_element(By.ID, "failPoint").click()
        submit(browser, "form[action$='/blueprint/steps']")
        assert "Step added." in flash(browser)
    # A taken place is refused beside its field and the typed text kept.
    fill(browser, "body", "A second customer step in column 1")
    Select(browser.find_element(By.ID, "place")).select_by_value("1")
    submit(browser, "form[action$='/blueprint/steps']")
    assert "Column 1 already has a step in Customer actions" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert browser.find_element(By.ID, "body").get_attribute("value") == "A second customer step in column 1"
    browser.get(f"{BASE}/offerings/{offering}/blueprint")
    assert "6 steps in 2 stages, 1 fail point, 2 min of waiting." in browser.page_source
    no_violations(browser)
    shot(browser, "offering-blueprint")

    # A KPI measured twice, and an update.
    browser.get(f"{BASE}/offerings/{offering}")
    browser.find_element(By.XPATH, "//summary[normalize-space()='Add a KPI']").click()
    fill(browser, "name", "Contacts to sort a problem")
    fill(browser, "unit", "contacts")
    browser.find_element(By.ID, "direction-lower").click()
    fill(browser, "baseline", "2.4")
    fill(browser, "target", "1.2")
    submit(browser, "form[action$='/kpis']")
    assert "KPI added" in flash(browser)
    today = datetime.date.today()
    for days_ago, value in ((14, "2.2"), (0, "1,8")):
        form = browser.find_element(By.CSS_SELECTOR, "form.measure-form")
        Select(form.find_element(By.ID, "kpi")).select_by_visible_text("Contacts to sort a problem")
        day = form.find_element(By.CSS_SELECTOR, "input[name=day]")
        browser.execute_script("arguments[0].value = arguments[1]", day, (today - datetime.timedelta(days=days_ago)).isoformat())
        value_box = form.find_element(By.CSS_SELECTOR, "input[name=value]")
        value_box.clear()
        value_box.send_keys(value)
        click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert "Measurement saved." in flash(browser)
    assert "1.8 contacts" in browser.page_source and "50%" in browser.page_source
    fill(browser, "note", "Chat history now loads for every advisor in the pilot team.")
    fill(browser, "percent", "30")
    submit(browser, "form[action$='/updates']")
    assert "contributors have been told" in flash(browser)
    no_violations(browser)
    shot(browser, "offering-page")

    # The portfolio lists it under Concept.
    browser.get(BASE + "/communities/customer-experience-guild/offerings")
    concept = browser.find_element(By.XPATH, "//section[contains(@class,'portfolio-state')][.//span[normalize-space()='Concept']]")
    assert name in concept.text
    no_violations(browser)
    shot(browser, "offering-portfolio")

    # The blueprint on a phone scrolls sideways inside its own box, not the page.
    phone = make_driver(390, 844)
    try:
        phone.get(f"{BASE}/offerings/{offering}#blueprint")
        assert phone.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        box = phone.find_element(By.CSS_SELECTOR, ".drawing-scroll")
        assert phone.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
        assert box.find_element(By.XPATH, "following-sibling::p[contains(@class,'scroll-hint')]").is_displayed()
        # Scrolled sideways, the lanes' names stay at the box's left edge.
        names = box.find_element(By.CSS_SELECTOR, ".blueprint-lane-names")
        before = names.rect["x"]
        phone.execute_script("arguments[0].scrollLeft = 400", box)
        assert phone.execute_script("return arguments[0].scrollLeft", box) > 0
        assert abs(names.rect["x"] - before) <= 1 and "Customer actions" in names.text
        shot(phone, "offering-blueprint-phone")
    finally:
        phone.quit()

    # The demo member wrote one of the ideas: her profile and notifications say what became of it.
    member = make_driver()
    try:
        sign_in(member, "member@eyrie.example")
        badge = member.find_element(By.CSS_SELECTOR, ".site-nav .count-badge")
        assert int(badge.text.split()[0]) >= 2  # made into an offering, then an update
        member.get(BASE + "/notifications")
        assert f"Your idea became part of the offering “{name}”." in member.page_source
        assert "30 % along: Chat history now loads" in member.page_source
        no_violations(member)
        member.find_element(By.XPATH, "//a[normalize-space()='Mia Member']").click()
        time.sleep(0.5)
        fate = member.find_element(By.XPATH, f"//ul[contains(@class,'fates')]/li[.//a[normalize-space()='{name}']]")
        assert "Chat that remembers the last conversation" in fate.text and "Concept" in fate.text
        assert "Chat history now loads" in fate.text
        shot(member, "offering-member-profile")
    finally:
        member.quit()
