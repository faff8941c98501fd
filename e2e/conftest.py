"""Browser fixtures: real Chromium from the OS, driven by Selenium; screenshots go to e2e/artifacts/."""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("EYRIE_URL", "http://127.0.0.1:8080")
ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
PASSWORD = "eyrie-demo-2026"


def make_driver(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(arg)
    for attempt in range(3):  # chromedriver occasionally fails to start on a loaded machine
        try:
            return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        except Exception:
            if attempt == 2:
                raise


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def second_browser():
    driver = make_driver()
    yield driver
    driver.quit()


def shot(driver, name):
    """Saves a full-page screenshot under e2e/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(height + 100, 800))
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def click_and_wait(driver, element):
    """Clicks something that loads a new page and waits until the new page has loaded. A marker on the old page's
    window tells the pages apart (more robust than waiting for an element to go stale)."""
    driver.execute_script("window.__eyrieOldPage = true;")
    element.click()
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(
        "return window.__eyrieOldPage === undefined && document.readyState === 'complete'"))
