"""A sponsor reads who won and why from the top of the results, shared with the sponsor's organisation before
everyone; a member of another organisation is told the day; the page prints as a report."""
import base64
import datetime

from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, make_driver, shot
from test_journey import flash, sign_in

CHALLENGE = "/challenges/2"  # "Self-service that people actually use": sponsored by Harbour Health Trust
WINNERS = ("Chat that remembers the last conversation", "Plain answers first on every help page")


def test_sponsor_reads_the_winners_and_prints(browser, second_browser):
    # The steward shares the results with the sponsor's members and says when everyone will see them.
    sign_in(second_browser, "steward@eyrie.example")
    second_browser.get(BASE + CHALLENGE + "/results")
    second_browser.find_element(By.XPATH, "//summary[normalize-space()='Who can read these results']").click()
    second_browser.find_element(By.ID, "audience-sponsor").click()
    day = datetime.date.today() + datetime.timedelta(days=14)
    second_browser.execute_script("document.getElementById('expected').value = arguments[0]", day.isoformat())
    click_and_wait(second_browser, second_browser.find_element(By.XPATH, "//form[@action]//button[normalize-space()='Save']"))
    assert "shared with members of Harbour Health Trust" in flash(second_browser)
    expected = f"{day.day} {day.strftime('%b')} {day.year}"

    # A member from another organisation waits, and is told the day.
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + CHALLENGE + "/results")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Results not published yet" in text and expected in text
    assert "Members of Harbour Health Trust, the sponsor, can read them already" in text

    # The sponsor's member (the facilitator works at Harbour Health Trust) reads the winners and the rule at the top.
    sponsor = make_driver()
    try:
        sign_in(sponsor, "facilitator@eyrie.example")
        sponsor.get(BASE + CHALLENGE + "/results")
        sections = [h.text for h in sponsor.find_elements(By.CSS_SELECTOR, "main h2")]
        assert sections[:3] == ["The decision", "The agreed ranking", "The funnel"]
        decision = sponsor.find_element(By.CSS_SELECTOR, "section[aria-labelledby=decision-title]").text
        assert "Selected (2)" in decision and all(title in decision for title in WINNERS)
        assert "agreed ranking" in decision  # the reason states where the members' votes put them
        ranking = sponsor.find_element(By.CSS_SELECTOR, "section[aria-labelledby=agreed-title]")
        assert "How it is made." in ranking.text and "100 points for first" in ranking.text
        first = ranking.find_elements(By.CSS_SELECTOR, "tbody tr")[0].text
        assert any(title in first for title in WINNERS) and "Supports:" in first
        assert "Who can read these results" not in sponsor.page_source  # stewards only
        assert "expect to publish them to everyone on " + expected in sponsor.page_source
        shot(sponsor, "60-results-sponsor")

        # Printing: the site's header, the buttons and the forms go; the report stays, every bar in its colour.
        sponsor.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not sponsor.find_element(By.CSS_SELECTOR, ".site-header").is_displayed()
        assert not sponsor.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()
        assert sponsor.find_element(By.ID, "agreed-title").is_displayed()
        shot(sponsor, "61-results-print")
        pdf = base64.b64decode(sponsor.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
        sponsor.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

        # On a phone the same page reads top to bottom without sideways scrolling.
        sponsor.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        sponsor.get(BASE + CHALLENGE + "/results")
        assert sponsor.execute_script("return document.documentElement.scrollWidth") <= 390
        sponsor.save_screenshot(str(__import__("conftest").ARTIFACTS / "62-results-sponsor-phone.png"))
    finally:
        sponsor.quit()
