"""Discussions in a real browser: a member asks a question naming a colleague, the colleague is told and answers,
the asker quotes the answer and marks it; the question leaves the unanswered list. axe-core on each page, and the
discussion fits a phone."""
import time

from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, make_driver, shot
from test_journey import flash, sign_in
from test_offerings import fill, no_violations, submit


def test_a_question_is_asked_answered_and_marked(browser, second_browser):
    title = f"Who has a good first-week checklist {time.time_ns() % 100000}?"
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/communities/customer-experience-guild/discussions")
    no_violations(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Start a discussion"))
    no_violations(browser)
    fill(browser, "title", title)
    fill(browser, "body", "We keep reinventing it. @Fay Facilitator, did the workshop produce one?")
    submit(browser, "main form")
    assert "Question asked" in flash(browser)
    address = browser.current_url
    # the colleague named is told, and answers from the notification
    sign_in(second_browser, "facilitator@eyrie.example")
    second_browser.get(BASE + "/notifications")
    assert f"mentioned you in “{title}”" in second_browser.page_source
    second_browser.get(address)
    fill(second_browser, "body", "Yes: the **hand-off checklist** in the library.")
    click_and_wait(second_browser, second_browser.find_element(By.CSS_SELECTOR, "#reply-form button[type=submit]"))
    assert "Reply posted." in flash(second_browser)
    # the asker quotes it, then marks it as the answer
    browser.get(address)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Quote"))
    assert "Quoting Fay Facilitator" in browser.page_source
    fill(browser, "body", "Perfect, thank you!")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reply-form button[type=submit]"))
    assert "Fay Facilitator wrote:" in browser.page_source
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Mark as the answer']"))
    assert "Marked as the answer" in flash(browser)
    assert browser.find_element(By.CSS_SELECTOR, ".answer strong").text == "hand-off checklist"
    no_violations(browser)
    shot(browser, "discussion-answered")
    browser.get(BASE + "/communities/customer-experience-guild/discussions?filter=unanswered")
    assert title not in browser.page_source
    phone = make_driver(width=390, height=844)
    try:
        phone.get(address)
        wider = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wider <= 0, f"the discussion is {wider}px wider than the phone"
        shot(phone, "discussion-phone")
    finally:
        phone.quit()
