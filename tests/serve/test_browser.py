"""The web page in headless Chromium (Debian's chromium + chromium-driver, driven by selenium):
the page loads, a saved query runs from its form, a result links to a resource page that shows
the evidence sentence."""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--no-proxy-server", "--disable-extensions"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(driver, css, timeout=20):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_page_query_form_resource_evidence(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    assert browser.title == "diplokg"
    form = wait_for(browser, "#form-meetings")
    assert browser.find_elements(By.CSS_SELECTOR, "form.saved-query")  # a form per saved query
    form.find_element(By.NAME, "state").send_keys("Japan")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, "#results-rows tbody tr")
    status = browser.find_element(By.ID, "results-status").text
    assert "row" in status, status
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results-rows thead th")]
    assert headers[:2] == ["meeting", "kind"]
    cells = browser.find_elements(By.CSS_SELECTOR, "#results-rows tbody tr td")
    assert any(c.text == "Japan" for c in cells)
    if os.environ.get("DIPLOKG_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["DIPLOKG_SCREENSHOTS"], "page.png"))

    link = browser.find_element(By.CSS_SELECTOR, "#results-rows tbody tr td a")
    iri = link.get_attribute("title")
    assert iri.startswith("https://w3id.org/diplokg/id/meeting/")
    link.click()
    sentence = wait_for(browser, "#evidence blockquote.sentence")
    assert "Japan" in browser.find_element(By.ID, "facts").text
    assert sentence.text.strip()
    assert iri in browser.find_element(By.CSS_SELECTOR, "p.iri").text
    if os.environ.get("DIPLOKG_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["DIPLOKG_SCREENSHOTS"], "resource.png"))


def test_adhoc_sparql_box_and_errors(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    wait_for(browser, "#form-meetings")
    browser.find_element(By.ID, "sparql-run").click()
    wait_for(browser, "#results-rows tbody tr")
    assert "Japan" in browser.find_element(By.ID, "results-rows").text
    box = browser.find_element(By.ID, "sparql-text")
    box.clear()
    box.send_keys("DROP ALL")
    browser.find_element(By.ID, "sparql-run").click()
    err = wait_for(browser, "#results-status.error")
    assert "403" in err.text and "read-only" in err.text
