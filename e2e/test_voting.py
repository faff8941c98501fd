"""A member spends dots, answers ten pairwise questions and adds an idea; the steward approves it and publishes the
results, which the member then sees with their charts."""
import re

from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, shot
from test_journey import flash, sign_in

CHALLENGE = "/challenges/2"  # "Self-service that people actually use": voting, with dots and the pairwise survey


def dots_left(driver):
    driver.get(BASE + CHALLENGE)
    text = driver.find_element(By.CSS_SELECTOR, "main .banner").text
    return int(re.search(r"(\d+) dots? left", text).group(1))


def test_dots_pairwise_and_results(browser, second_browser):
    sign_in(browser, "facilitator@eyrie.example")
    before = dots_left(browser)

    # Spend a dot on the first idea of the challenge, from the idea page.
    browser.get(BASE + CHALLENGE)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".idea-card .card-title a"))
    add = browser.find_elements(By.XPATH, "//button[normalize-space()='Add a dot']")
    if before > 0 and add:
        click_and_wait(browser, add[0])
        assert "Dot added" in flash(browser)
        assert dots_left(browser) == before - 1

    # Answer ten pairs.
    browser.get(BASE + CHALLENGE + "/pairwise")
    shot(browser, "20-pairwise")
    for n in range(10):
        pair = browser.find_elements(By.CSS_SELECTOR, ".pair-card h2")
        titles = [p.text for p in pair]
        assert len(titles) == 2 and titles[0] != titles[1]
        click_and_wait(browser, browser.find_elements(By.XPATH, "//button[@name='choice']")[n % 2])
        assert "another pair" in flash(browser)
        new_titles = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".pair-card h2")]
        assert set(new_titles) != set(titles), "the same pair came twice in a row"

    # Add an idea during the survey.
    browser.find_element(By.XPATH, "//summary[normalize-space()='Add your own idea']").click()
    browser.find_element(By.ID, "title").send_keys("Self-service kiosk in branches")
    browser.find_element(By.ID, "summary").send_keys("A simple kiosk for the five most common requests.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Add idea']"))
    assert "once a steward approves it" in flash(browser)

    # The steward approves it and publishes the results.
    sign_in(second_browser, "steward@eyrie.example")
    second_browser.get(BASE + CHALLENGE + "/pairwise")
    click_and_wait(second_browser, second_browser.find_element(
        By.XPATH, "//div[contains(@class,'pending-line')][a[text()='Self-service kiosk in branches']]//button"))
    assert "Idea approved" in flash(second_browser)
    second_browser.get(BASE + CHALLENGE + "/results")
    if "Published to everyone" not in second_browser.page_source:
        second_browser.find_element(By.XPATH, "//summary[normalize-space()='Who can read these results']").click()
        second_browser.find_element(By.ID, "audience-community").click()
        click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//form[@action]//button[normalize-space()='Save']"))
        assert "published to everyone" in flash(second_browser)

    # The member sees the results: the decision, the agreed ranking, each method with ideas named beside bars.
    browser.get(BASE + CHALLENGE + "/results")
    page = browser.page_source
    assert "The agreed ranking" in page and "Pairwise survey" in page and "Dot voting" in page
    assert len(browser.find_elements(By.CSS_SELECTOR, "td.bar-cell svg.bar")) >= 20
    shot(browser, "21-results")
