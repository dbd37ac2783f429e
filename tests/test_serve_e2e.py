"""``jdgen serve`` end to end, in Debian's chromium driven by Selenium (chromium-driver).

The server runs on 127.0.0.1 with an ephemeral port in a thread and is always stopped.
Two tests, one browser: editing (error at its line, live preview, save, outside edit,
conflict) and signing.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MakeProject
from jdgen.project import load_project
from jdgen.serve.server import Served, prepare

CHROMEDRIVER = Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not CHROMEDRIVER.exists(),
    reason="needs Debian's chromium and chromium-driver (.ci/apt-packages.txt)",
)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    NoSuchElementException,
    NoSuchFrameException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WAIT = 20


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="jdgen-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def start(root: Path) -> tuple[Served, threading.Thread]:
    """The server on an ephemeral loopback port, running in a thread."""
    served = prepare(load_project(root), "127.0.0.1", 0)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    return served, thread


@pytest.fixture
def server(make_project: MakeProject) -> Iterator[tuple[Served, Path]]:
    root = make_project()
    served, thread = start(root)
    try:
        yield served, root
    finally:
        served.stop()
        thread.join(15)
        assert not thread.is_alive()


def wait(driver: WebDriver) -> WebDriverWait:
    return WebDriverWait(driver, WAIT)


def type_at(driver: WebDriver, line_text: str, before: str, keys: str) -> None:
    """Put the cursor in the editor before ``before`` on the line holding ``line_text``,
    then type ``keys`` as a person does."""
    driver.execute_script(
        "var cm = window.jdgenEditor, n = 0;"
        "cm.eachLine(function (l) { if (l.text.indexOf(arguments[0]) >= 0) {"
        "  cm.setCursor({line: cm.getLineNumber(l), ch: l.text.indexOf(arguments[1])}); } });"
        "cm.focus();".replace("arguments[0]", repr(line_text)).replace("arguments[1]", repr(before))
    )
    driver.switch_to.active_element.send_keys(keys)


def preview_text(driver: WebDriver) -> str:
    """The preview's text ("" while the frame is loading a new preview)."""
    try:
        driver.switch_to.frame(driver.find_element(By.ID, "preview"))
        return str(driver.find_element(By.TAG_NAME, "body").text)
    except (StaleElementReferenceException, NoSuchElementException, NoSuchFrameException):
        return ""
    finally:
        driver.switch_to.default_content()


def test_edit_preview_save_and_conflict(browser: WebDriver, server: tuple[Served, Path]) -> None:
    served, root = server
    path = root / "roles" / "am.yaml"
    browser.get(served.url)
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "tr[data-id=am]")))
    assert "Test Co., Ltd." not in browser.page_source  # the catalogue, not a document
    browser.find_element(By.CSS_SELECTOR, "tr[data-id=am] a[href='/edit/am']").click()
    wait(browser).until(lambda d: "สรรหาลูกค้า" in preview_text(d))  # Thai first
    Select(browser.find_element(By.ID, "preview-lang")).select_by_value("en")
    wait(browser).until(lambda d: "Searching for clients." in preview_text(d))

    # an error appears at its line, and the last good preview stays
    type_at(browser, "- id: search", "search", "Bad!")
    problem = wait(browser).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#problems li.error"))
    )
    assert problem.text.startswith("roles/am.yaml:8:9 functions[0].id:")
    marked = browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-code .problem-line")
    assert len(marked) == 1
    assert "id: Bad!search" in marked[0].find_element(By.XPATH, "..").text  # its line
    marker = browser.find_element(By.CSS_SELECTOR, ".problem-marker.error")
    assert marker.find_element(By.XPATH, "../..").text.startswith("8")  # the gutter's line
    assert "Searching for clients." in preview_text(browser)
    browser.switch_to.active_element.send_keys(Keys.BACKSPACE * 4)
    wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#problems li"))

    # the preview follows the text without saving
    type_at(browser, "Searching for clients.", "clients.", "new ")
    wait(browser).until(lambda d: "Searching for new clients." in preview_text(d))
    assert "new clients" not in path.read_text("utf-8")

    browser.find_element(By.ID, "save").click()
    wait(browser).until(ec.text_to_be_present_in_element((By.ID, "save-state"), "✓"))
    assert "Searching for new clients." in path.read_text("utf-8")

    # an edit outside the browser reaches the open page by itself
    path.write_text(path.read_text("utf-8").replace("new clients", "big clients"), "utf-8")
    wait(browser).until(lambda d: "Searching for big clients." in preview_text(d))
    assert "big clients" in browser.execute_script("return window.jdgenEditor.getValue()")

    # unsaved text + a change on disk: saving is refused with the difference
    type_at(browser, "Searching for big clients.", "clients.", "key ")
    path.write_text(path.read_text("utf-8").replace("big clients", "huge clients"), "utf-8")
    wait(browser).until(ec.visibility_of_element_located((By.ID, "disk-changed")))
    browser.find_element(By.ID, "save").click()
    diff = wait(browser).until(ec.visibility_of_element_located((By.ID, "conflict-diff")))
    assert "-    text: {th: สรรหาลูกค้า, en: Searching for huge clients.}" in diff.text
    assert "+    text: {th: สรรหาลูกค้า, en: Searching for big key clients.}" in diff.text
    assert "huge clients" in path.read_text("utf-8")  # nothing overwritten


def test_sign_in_the_browser(browser: WebDriver, server: tuple[Served, Path]) -> None:
    served, root = server
    browser.get(served.url.replace("/?", "/doc/am?"))
    wait(browser).until(ec.presence_of_element_located((By.ID, "sign-form")))
    form = browser.find_element(By.ID, "sign-form")
    Select(form.find_element(By.NAME, "role")).select_by_value("approver")
    form.find_element(By.NAME, "name").send_keys("Dr. Somchai")
    form.find_element(By.TAG_NAME, "button").click()
    refused = wait(browser).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#sign-result.error"))
    )
    assert refused.text.startswith("cannot sign am as approver: the approver signs last")
    form = browser.find_element(By.ID, "sign-form")
    Select(form.find_element(By.NAME, "role")).select_by_value("supervisor")
    name = form.find_element(By.NAME, "name")
    assert name.get_attribute("value") == "Dr. Somchai"  # a refusal keeps what was typed
    name.clear()
    name.send_keys("Ms. Supervisor")
    form.find_element(By.NAME, "date").send_keys("2024-05-01")
    form.find_element(By.TAG_NAME, "button").click()
    done = wait(browser).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#sign-result.ok"))
    )
    assert done.text.splitlines() == [
        "signed am as supervisor: Ms. Supervisor (หัวหน้าฝ่ายขาย / Head of Sales), 2024-05-01; "
        "entry 1 of signoffs/am.yaml",
        "am: in-review; still to sign: lawyer, hr, approver",
    ]
    assert "Ms. Supervisor" in (root / "signoffs" / "am.yaml").read_text("utf-8")
    # the ledger changed on disk: the page shows the new status by itself
    wait(browser).until(
        ec.text_to_be_present_in_element((By.ID, "missing"), "lawyer, hr, approver")
    )
    assert "Ms. Supervisor" in browser.find_element(By.ID, "signed").text


def test_create_a_role_in_the_browser(browser: WebDriver, server: tuple[Served, Path]) -> None:
    served, root = server
    browser.get(served.url)
    wait(browser).until(ec.presence_of_element_located((By.ID, "new-role")))
    form = browser.find_element(By.ID, "new-role")
    form.find_element(By.NAME, "id").send_keys("key-am")
    Select(form.find_element(By.NAME, "extends")).select_by_value("am")
    form.find_element(By.NAME, "title_en").send_keys("Key Account Manager")
    form.find_element(By.NAME, "title_th").send_keys("ผู้จัดการลูกค้ารายใหญ่")
    form.find_element(By.TAG_NAME, "button").click()
    wait(browser).until(ec.url_contains("/edit/key-am"))
    wait(browser).until(
        lambda d: (
            "Key Account Manager"
            in d.execute_script("return window.jdgenEditor ? window.jdgenEditor.getValue() : ''")
        )
    )
    assert "extends: am" in (root / "roles" / "key-am.yaml").read_text("utf-8")
