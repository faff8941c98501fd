"""The library in a real browser: a member adds a resource written in Markdown (with a script that must stay text),
another member improves it with a line for the history, the history and the changes show both versions, the
resource is found by a word and marked useful; axe-core on each page, and the pages fit a phone."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE, click_and_wait, make_driver, shot
from test_journey import flash, sign_in
from test_offerings import fill, no_violations, submit


def test_members_write_improve_and_find_a_resource(browser, second_browser):
    title = f"Callback checklist {time.time_ns() % 100000}"
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/communities/customer-experience-guild/library")
    no_violations(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Add a resource"))
    no_violations(browser)
    # an empty form comes back with the messages beside the fields
    submit(browser, "main form")
    assert "Title must be at least 3 characters" in browser.page_source or "Enter title" in browser.page_source
    fill(browser, "title", title)
    Select(browser.find_element(By.ID, "kind")).select_by_visible_text("Guide")
    fill(browser, "body", "## Steps\n\n1. Call back **the same day**\n2. Write down the promise\n\n<script>window.owned = 1</script>")
    fill(browser, "tags", "callbacks, onboarding")
    submit(browser, "main form")
    assert "Resource added to the library." in flash(browser)
    assert browser.find_element(By.CSS_SELECTOR, ".prose h3").text == "Steps"
    assert browser.find_element(By.CSS_SELECTOR, ".prose strong").text == "the same day"
    assert browser.execute_script("return window.owned === undefined")
    assert "<script>window.owned = 1</script>" in browser.find_element(By.CSS_SELECTOR, ".prose").text
    no_violations(browser)
    address = browser.current_url
    # another member improves it, saying why
    sign_in(second_browser, "facilitator@eyrie.example")
    second_browser.get(address)
    click_and_wait(second_browser, second_browser.find_element(By.LINK_TEXT, "Edit"))
    body = second_browser.find_element(By.ID, "body")
    body.send_keys("\n3. Send the summary by e-mail")
    fill(second_browser, "reason", "Added the e-mail")
    submit(second_browser, "main form")
    assert "Saved as version 2." in flash(second_browser)
    click_and_wait(second_browser, second_browser.find_element(By.LINK_TEXT, "History and changes"))
    assert "Added the e-mail" in second_browser.page_source and "Version 1" in second_browser.page_source
    no_violations(second_browser)
    click_and_wait(second_browser, second_browser.find_element(By.PARTIAL_LINK_TEXT, "What changed in version 2"))
    assert "Send the summary by e-mail" in second_browser.find_element(By.CSS_SELECTOR, ".diff-added").text
    no_violations(second_browser)
    shot(second_browser, "library-changes")
    # found by a word, and marked useful once
    browser.get(BASE + "/communities/customer-experience-guild/library?q=summary")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, title))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Mark as useful']"))
    assert "Marked useful" in flash(browser)
    assert "1 member found it useful" in browser.page_source
    shot(browser, "library-resource")
    # on a phone, nothing wider than the screen
    phone = make_driver(width=390, height=844)
    try:
        for path in ["/communities/customer-experience-guild/library", address.replace(BASE, ""), "/resources/1/changes"]:
            phone.get(BASE + path)
            wider = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wider <= 0, f"{path} is {wider}px wider than the phone"
        shot(phone, "library-phone")
    finally:
        phone.quit()


def test_a_member_attaches_a_file_and_one_that_lies_is_refused(browser, tmp_path):
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/communities/customer-experience-guild/library?q=pilot")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Lessons from the hand-off checklist pilot"))
    assert browser.find_element(By.LINK_TEXT, "pilot-figures.csv")  # the demo's own attachment
    # a PDF named like an image: refused beside the field, with the name it should have
    lying = tmp_path / "photo.png"
    lying.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    browser.find_element(By.ID, "file").send_keys(str(lying))
    submit(browser, "form.attach-form")
    assert "rename it to end in .pdf" in browser.find_element(By.CSS_SELECTOR, ".attach-form .error-message").text
    no_violations(browser)
    # a real CSV: kept, listed, and its link downloads it
    good = tmp_path / f"call-notes-{time.time_ns() % 100000}.csv"
    good.write_text("day,calls\nMonday,4\nTuesday,6\n")
    browser.find_element(By.ID, "file").send_keys(str(good))
    submit(browser, "form.attach-form")
    assert f"Attached “{good.name}”." in flash(browser)
    link = browser.find_element(By.LINK_TEXT, good.name)
    assert "/attachments/" in link.get_attribute("href")
    no_violations(browser)
    shot(browser, "library-attachments")
