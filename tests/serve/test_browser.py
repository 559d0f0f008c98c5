"""The web page in headless Chromium (Debian's chromium + chromium-driver, driven by selenium):
the workbench (a saved query, an ad-hoc query typed with prefix completion, permalinks, a table
that sorts and pages, downloads, the history), the pictures (a timeline and a graph, on the
pictures page and on a resource page) and the status page; every page loads only files of this
server and logs no error (a refused inline style or a missing file would).

``DIPLOKG_SCREENSHOTS=DIR`` saves screenshots of what the tests see into DIR."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)")

JP = "https://w3id.org/diplokg/id/state/JP"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--no-proxy-server", "--disable-extensions",
                f"--user-data-dir={profile}", "--window-size=1400,1200"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(driver, css, timeout=30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def wait_until(driver, check, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: check(d))


def screenshot(driver, name, element=None):
    folder = os.environ.get("DIPLOKG_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    if element is not None:
        element.screenshot(os.path.join(folder, name))
    else:
        driver.save_screenshot(os.path.join(folder, name))


def assert_clean(driver, server):
    """No error in the console, and every file the page loaded came from this server."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [u for u in urls if not u.startswith(server.url)]
    assert not foreign, foreign


def editor_text(driver) -> str:
    return driver.execute_script("return document.querySelector('#editor .CodeMirror').CodeMirror.getValue()")


def set_editor(driver, text: str) -> None:
    driver.execute_script("document.querySelector('#editor .CodeMirror').CodeMirror.setValue(arguments[0])", text)


def table_column(driver, name: str) -> list[str]:
    """The texts of the result table's column ``name`` (the rows on the current page)."""
    return driver.execute_script("""
        const table = document.querySelector('#results table.dataTable');
        const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
        const i = heads.indexOf(arguments[0]);
        return [...table.tBodies[0].rows].map(r => r.cells[i].textContent.trim());""", name)


def result_rows(driver):
    wait_for(driver, "#results table.dataTable tbody tr td a, #results table.dataTable tbody tr td span.nonIri")
    return driver.find_elements("css selector", "#results table.dataTable tbody tr")


def open_page(driver, url):
    driver.get(url)
    wait_until(driver, lambda d: d.execute_script("return document.body.classList.contains('ready')"))


# -- the workbench ----------------------------------------------------------------------------

def test_saved_query_shown_in_the_editor_run_and_linked(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server.url + "/")
    assert browser.title == "diplokg"
    browser.find_element(By.CSS_SELECTOR, 'button.saved-pick[data-name="meetings"]').click()
    state = wait_for(browser, "#saved-form #param-state")
    wait_until(browser, lambda d: "SELECT DISTINCT ?meeting" in editor_text(d))
    assert "#+ title" not in editor_text(browser)  # the header is shown above the editor instead
    state.send_keys("Japan")
    wait_until(browser, lambda d: "VALUES ?_state" in editor_text(d))  # the editor follows the form
    assert '"Japan"' in editor_text(browser)
    # highlighting: CodeMirror's SPARQL mode marks keywords and variables
    assert browser.find_elements(By.CSS_SELECTOR, "#editor .cm-keyword")
    assert browser.find_elements(By.CSS_SELECTOR, "#editor .cm-atom, #editor .cm-variable-2")
    browser.find_element(By.ID, "saved-run").click()
    result_rows(browser)
    assert "row" in browser.find_element(By.ID, "run-status").text
    assert table_column(browser, "meeting")[0] and "Japan" in table_column(browser, "party")
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query == {"saved": ["meetings"], "state": ["Japan"]}
    assert browser.find_element(By.ID, "permalink").get_attribute("href") == browser.current_url
    history = browser.find_element(By.ID, "history-list").text
    assert "meetings (state=Japan)" in history
    screenshot(browser, "workbench-saved-query.png")
    assert_clean(browser, server)


def test_adhoc_query_typed_with_prefix_completion(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server.url + "/")
    set_editor(browser, "")
    browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror").click()
    typing = browser.switch_to.active_element
    typing.send_keys("SELECT ?state ?label WHERE { ?state a dkg:")
    # typing a known prefix adds its declaration
    wait_until(browser, lambda d: "PREFIX dkg: <https://w3id.org/diplokg/ontology#>" in editor_text(d))
    typing.send_keys(Keys.ESCAPE)
    typing.send_keys("State ; rdfs:")
    typing.send_keys(Keys.ESCAPE)
    typing.send_keys("label ?label }")
    text = editor_text(browser)
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in text
    assert "?state a dkg:State ; rdfs:label ?label }" in text
    screenshot(browser, "workbench-editor.png", browser.find_element(By.ID, "query"))
    typing.send_keys(Keys.CONTROL, Keys.ENTER)
    result_rows(browser)
    assert {"Japan", "Pakistan"} <= set(table_column(browser, "label"))
    assert parse_qs(urlsplit(browser.current_url).query)["query"] == [editor_text(browser)]
    assert_clean(browser, server)

    set_editor(browser, "DROP ALL")
    browser.find_element(By.ID, "run").click()
    err = wait_for(browser, "#run-status.error")
    assert "403" in err.text and "read-only" in err.text
    browser.get_log("browser")  # the refused request is logged as an error: expected here


def test_permalinks_reproduce_queries(browser, server):
    from selenium.webdriver.common.by import By

    sparql = ("PREFIX dkg: <https://w3id.org/diplokg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
              "SELECT ?label WHERE { ?s a dkg:Person ; rdfs:label ?label } ORDER BY ?label")
    open_page(browser, server.url + "/?query=" + quote(sparql))
    result_rows(browser)
    assert editor_text(browser) == sparql
    assert table_column(browser, "label") == sorted(table_column(browser, "label"))
    assert "Bilawal Bhutto" in table_column(browser, "label")

    open_page(browser, server.url + "/?saved=officials&state=Japan")
    result_rows(browser)
    assert browser.find_element(By.ID, "param-state").get_attribute("value") == "Japan"
    assert "VALUES ?_state" in editor_text(browser) and "Japan" in editor_text(browser)
    assert "Wada Mitsuhiro" in table_column(browser, "person")
    assert "Bilawal Bhutto" not in table_column(browser, "person")
    # a link from the history opens the earlier query again
    browser.find_element(By.CSS_SELECTOR, "#history-list a[href*='query=']").click()
    wait_until(browser, lambda d: "query=" in d.current_url)
    result_rows(browser)
    assert editor_text(browser) == sparql and "Bilawal Bhutto" in table_column(browser, "label")
    assert_clean(browser, server)


def test_table_sorts_and_pages(browser, server):
    from selenium.webdriver.common.by import By

    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 130"
    open_page(browser, server.url + "/?query=" + quote(sparql))
    result_rows(browser)
    info = browser.find_element(By.CSS_SELECTOR, "#results .dt-info").text
    assert "1 to 50 of 130" in info, info
    browser.find_element(By.CSS_SELECTOR, "#results .dt-paging button.next").click()
    wait_until(browser, lambda d: "51 to 100 of 130" in d.find_element(By.CSS_SELECTOR, "#results .dt-info").text)

    open_page(browser, server.url + "/?saved=timeline")
    result_rows(browser)
    header = next(th for th in browser.find_elements(By.CSS_SELECTOR, "#results table.dataTable thead th")
                  if th.get_attribute("textContent").strip() == "type")
    before = table_column(browser, "type")
    assert before != sorted(before) and len(set(before)) > 2  # the query orders by date
    header.click()
    wait_until(browser, lambda d: table_column(d, "type") == sorted(before))
    header.click()
    wait_until(browser, lambda d: table_column(d, "type") == sorted(before, reverse=True))
    screenshot(browser, "workbench-sorted-table.png")
    assert_clean(browser, server)


def test_downloads(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(browser, server.url + "/?saved=meetings&state=Japan")
    result_rows(browser)
    browser.find_element(By.ID, "download-csv").click()
    browser.find_element(By.ID, "download-json").click()
    wait_until(browser, lambda d: (tmp_path / "meetings.csv").exists() and (tmp_path / "meetings.json").exists()
               and not list(tmp_path.glob("*.crdownload")))
    csv_text = (tmp_path / "meetings.csv").read_text()
    assert csv_text.splitlines()[0] == "meeting,kind,date,place,participant,party"
    assert "Japan" in csv_text and "Turkmenistan" not in csv_text  # the parameter applies
    data = json.loads((tmp_path / "meetings.json").read_text())
    assert data["head"]["vars"][0] == "meeting" and data["results"]["bindings"]

    set_editor(browser, "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label")
    wait_until(browser, lambda d: "format=csv" in d.find_element(By.ID, "download-csv").get_attribute("href"))
    browser.find_element(By.ID, "download-csv").click()
    wait_until(browser, lambda d: (tmp_path / "query.csv").exists() and not list(tmp_path.glob("*.crdownload")))
    lines = (tmp_path / "query.csv").read_text().splitlines()
    assert lines[0] == "label" and "Japan" in lines
    assert_clean(browser, server)


# -- the pictures -----------------------------------------------------------------------------

def drawn(driver):
    wait_for(driver, "#pictures.drawn")
    return driver.execute_script("""
        const r = DkgPictures.drawn[DkgPictures.drawn.length - 1];
        return {errors: r.errors, items: document.querySelectorAll('#pictures .timeline-box .vis-item.vis-point').length,
                nodes: r.graph ? r.graph.nodes.map(n => n.label) : [],
                edges: r.graph ? r.graph.edges.map(e => e.kind) : []};""")


def canvas_ink(driver) -> int:
    """How many pixels of the graph's canvas are not background."""
    return driver.execute_script("""
        const c = document.querySelector('#pictures .network-box canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) n++;
        return n;""")


def test_pictures_of_a_pair_timeline_and_graph(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/pictures?state=Japan&state_b=Pakistan")
    got = drawn(browser)
    assert not got["errors"], got["errors"]
    assert got["items"] >= 3, got
    assert {"Japan", "Pakistan", "Bilawal Bhutto", "Wada Mitsuhiro"} <= set(got["nodes"])
    assert "Turkmenistan" not in got["nodes"]  # a meeting Japan was not in
    assert {"meeting", "agreement", "represents"} <= set(got["edges"])
    time.sleep(1)  # let the layout settle before measuring and screenshots
    assert canvas_ink(browser) > 500
    assert browser.find_element(By.ID, "f-state").get_attribute("value") == "Japan"
    screenshot(browser, "pictures-timeline.png", browser.find_element(By.CSS_SELECTOR, "#pictures .timeline-box"))
    screenshot(browser, "pictures-graph.png", browser.find_element(By.CSS_SELECTOR, "#pictures .network-box"))
    screenshot(browser, "pictures-page.png")
    # an event on the timeline links to its page
    browser.find_element(By.CSS_SELECTOR, "#pictures .timeline-box .vis-item.vis-point .vis-item-content").click()
    link = wait_for(browser, "#pictures .picture-details a")
    assert link.get_attribute("href").startswith(server.url + "/resource?iri=")
    assert_clean(browser, server)


def test_pictures_of_an_article_and_on_resource_pages(browser, server):
    from selenium.webdriver.common.by import By

    article = "https://w3id.org/diplokg/id/article/s01"
    browser.get(server.url + "/pictures?article=" + quote(article, safe=""))
    got = drawn(browser)
    assert not got["errors"] and got["items"] >= 3
    assert {"Turkmenistan", "European Union", "Japan"} <= set(got["nodes"])

    browser.get(server.url + "/resource?iri=" + quote(JP, safe=""))
    got = drawn(browser)
    assert not got["errors"] and got["items"] >= 2 and "Japan" in got["nodes"]
    assert canvas_ink(browser) > 200
    screenshot(browser, "resource-state.png")
    assert_clean(browser, server)

    meeting = "https://w3id.org/diplokg/id/meeting/1"
    browser.get(server.url + "/resource?iri=" + quote(meeting, safe=""))
    got = drawn(browser)
    assert not got["errors"] and got["items"] >= 1
    selected = browser.execute_script("return DkgPictures.drawn[DkgPictures.drawn.length - 1].timeline.getSelection()")
    assert len(selected) == 1  # the meeting itself, picked out in its article's timeline
    assert_clean(browser, server)


def test_result_iri_opens_its_page_with_evidence(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server.url + "/?saved=meetings&state=Japan")
    result_rows(browser)
    link = browser.find_element(By.CSS_SELECTOR, "#results table.dataTable tbody tr td a.iri")
    iri = link.get_attribute("data-iri")
    assert iri.startswith("https://w3id.org/diplokg/id/meeting/")
    link.click()
    sentence = wait_for(browser, "#evidence blockquote.sentence")
    assert sentence.text.strip() and "Japan" in browser.find_element(By.ID, "facts").text
    assert iri in browser.find_element(By.CSS_SELECTOR, "p.iri").text
    drawn(browser)
    assert_clean(browser, server)


def test_status_page(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/status")
    table = wait_for(browser, "table#status")
    assert "snapshot" in table.text and "read only" in table.text
    assert_clean(browser, server)
