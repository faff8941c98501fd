"""A steward assigns a reviewer; the reviewer fills a blind scorecard and only then sees the others' scores."""
from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, shot
from test_journey import flash, sign_in

CHALLENGE = "/challenges/3"  # "Greener field operations": in review, with scorecards


def test_blind_scorecard(browser, second_browser):
    sign_in(second_browser, "steward@eyrie.example")
    second_browser.get(BASE + CHALLENGE + "/reviews")
    second_browser.find_element(By.ID, "email").send_keys("facilitator@eyrie.example")
    click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//button[normalize-space()='Add reviewer']"))
    assert "is now a reviewer" in flash(second_browser)

    sign_in(browser, "facilitator@eyrie.example")
    browser.get(BASE + CHALLENGE + "/reviews")
    todo = browser.find_elements(By.XPATH, "//li[span[text()='To do']]/a")
    assert todo, "the reviewer has shortlisted ideas to score"
    click_and_wait(browser, todo[0])
    page = browser.page_source
    assert "Blind review" in page and "Other reviewers" not in page
    shot(browser, "30-scorecard-blind")
    for index in (1, 2, 3):
        browser.find_element(By.ID, f"score-{index}-4").click()
    browser.find_element(By.ID, "comment").send_keys("Clear value, pilot cost unknown.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Submit scorecard']"))
    assert flash(browser) == "Scorecard saved."
    assert "Other reviewers" in browser.page_source and "By " in browser.page_source
    shot(browser, "31-scorecard-submitted")

    second_browser.get(BASE + CHALLENGE + "/results")
    assert "Reviewer scorecards" in second_browser.page_source
    shot(second_browser, "32-results-review")
