"""E-mail: digests leave through the outbox and arrive once each although the mail server (aiosmtpd) stops and
starts again while they go out; a member chooses the daily digest and follows an idea; the unsubscribe link in a
received e-mail works in one click."""
import asyncio
import email
import os
import subprocess
import time
import urllib.request

import pytest
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By

from conftest import BASE, click_and_wait, shot
from test_journey import sign_in

DATABASE_URL = os.environ.get("EYRIE_DATABASE_URL")
SMTP_PORT = int(os.environ.get("EYRIE_TEST_SMTP_PORT", "8026"))


def psql(sql):
    out = subprocess.run(["psql", DATABASE_URL, "-Atqc", sql], capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.strip()


class Collect:
    """Keeps every message the server accepted; a little slow on purpose, so that the outage falls mid-stream."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.03)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def wait_for(what, predicate, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.skipif(not DATABASE_URL, reason="needs EYRIE_DATABASE_URL (make test sets it)")
def test_digests_arrive_once_across_a_mail_server_outage():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        start = psql("SELECT now()")
        community = psql("SELECT id FROM communities ORDER BY id LIMIT 1")
        psql(f"""INSERT INTO notifications (member_id, community_id, kind, body, link)
                 SELECT id, {community}, 'comment', 'Outage check for member ' || id, '/communities'
                 FROM members WHERE password_hash <> '!imported'""")
        psql("UPDATE members SET digest = 'weekly', mail_opt_out = false, digest_due_at = now() - interval '1 minute'")
        expected = int(psql("SELECT count(*) FROM members WHERE password_hash <> '!imported'"))
        assert expected > 50
        wait_for("the first digests", lambda: len(handler.messages) >= 15, 60)
        controller.stop()  # the mail server goes away while digests go out
        received_before = len(handler.messages)
        time.sleep(3)
        assert received_before < expected, "the outage came too late to test anything"
        controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
        controller.start()
        sql_waiting = f"SELECT count(*) FROM outbox WHERE kind = 'digest' AND created_at >= '{start}' AND sent_at IS NULL"
        wait_for("every digest to be sent", lambda: psql(sql_waiting) == "0"
                 and int(psql(f"SELECT count(*) FROM outbox WHERE kind = 'digest' AND created_at >= '{start}'")) == expected)
        ids = [m["Message-ID"] for m in handler.messages if "Outage check" in body(m)]
        assert len(ids) == expected, "every digest arrived"
        assert len(set(ids)) == len(ids), "and none twice"
        sent = set(psql(f"SELECT id FROM outbox WHERE kind = 'digest' AND created_at >= '{start}'").split())
        assert {i.split(".")[0].removeprefix("<outbox-") for i in ids} == sent
        message = handler.messages[-1]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = message["List-Unsubscribe"].strip("<>")
        member = link.rsplit("/", 1)[1].split(".")[0]
        # the mail client's one click
        path = link.split("/unsubscribe/")[1]
        request = urllib.request.Request(f"{BASE}/unsubscribe/{path}", data=b"List-Unsubscribe=One-Click", method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        assert psql(f"SELECT digest || ' ' || mail_opt_out FROM members WHERE id = {member}") == "never true"
    finally:
        controller.stop()


def body(message):
    return message.get_payload(decode=True).decode()


def test_a_member_chooses_the_daily_digest_and_follows_an_idea(browser):
    sign_in(browser, "member@eyrie.example")
    browser.get(BASE + "/account/mail")
    browser.find_element(By.ID, "digest-daily").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.ID, "digest-daily").is_selected()
    browser.get(BASE + "/ideas/2")
    button = browser.find_element(By.CSS_SELECTOR, ".follow-form button")
    if button.get_attribute("aria-pressed") == "true":  # already following: start from not following
        click_and_wait(browser, button)
        button = browser.find_element(By.CSS_SELECTOR, ".follow-form button")
    click_and_wait(browser, button)
    assert browser.find_element(By.CSS_SELECTOR, ".follow-form button").get_attribute("aria-pressed") == "true"
    shot(browser, "idea-following")
    browser.get(BASE + "/account/mail")
    assert browser.find_element(By.CSS_SELECTOR, "a[href='/ideas/2']")
    shot(browser, "mail-settings")
