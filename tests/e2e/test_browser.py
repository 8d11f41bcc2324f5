"""The page in a real browser: Debian's headless Chromium, driven by Playwright (never a downloaded browser).

``igflab serve`` runs in a subprocess on a free local port. The test fills the form with the
keyboard, submits, reads the summary, checks the chart's result point and the guidance,
checks there is no horizontal scroll at 375 px, runs axe-core in the page (zero serious or
critical violations) and saves screenshots into docs/img/ (the quickstart shows them).

In CI (``CI=true``) a missing Chromium, Playwright or axe-core fails the test; elsewhere it skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import igflab
from tests.support import ROOT

IN_CI = os.environ.get("CI", "").lower() == "true"
AXE = Path(os.environ.get("AXE_JS", ROOT / ".cache/npm/node_modules/axe-core/axe.min.js"))
IMG = ROOT / "docs" / "img"


def _need(ok: bool, what: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(f"{what} is missing; .ci/run installs it")
        pytest.skip(f"{what} is missing (.ci/run installs it)")


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    _need(bool(path), "Debian's chromium")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "igflab", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("igflab serve did not answer")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "playwright (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def _axe(page: Any) -> list[dict[str, Any]]:
    _need(AXE.is_file(), "axe-core (npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _fill_with_the_keyboard(page: Any) -> None:
    page.focus("#value")
    page.keyboard.type("180")
    page.keyboard.press("Tab")  # -> unit (ng/mL is chosen)
    page.keyboard.press("Tab")  # -> age
    page.keyboard.type("38")
    page.check("input[name=sex][value=female]")
    page.focus("button.primary")
    page.keyboard.press("Enter")
    page.wait_for_selector("#summary")


def test_the_page_in_chromium(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(server + "/")
    assert page.get_attribute("html", "lang") == "en"
    assert _axe(page) == []
    _fill_with_the_keyboard(page)
    r = igflab.interpret(180, "ng/mL", age=38, sex="female")
    assert page.inner_text("#summary").startswith(r.summary.text)
    point = page.locator("svg circle#result")
    assert point.get_attribute("data-ng-per-ml") == "180"
    assert point.get_attribute("data-age") == "38"
    assert "your result 180 ng/mL" in (page.text_content("#result-label") or "")
    assert page.inner_text("#guidance") == r.guidance
    assert _axe(page) == [], "axe-core: serious or critical violations on the result page"
    IMG.mkdir(exist_ok=True)
    page.screenshot(path=str(IMG / "page-result.png"), full_page=False)
    page.emulate_media(media="print")  # the print stylesheet: the result without the form
    assert not page.is_visible("section.again")
    assert not page.is_visible("form")
    assert page.is_visible("#summary")
    assert page.is_visible("ol.sources")
    pdf = page.pdf(format="A4")  # the print for the doctor fits two A4 pages
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 2
    page.close()


def test_a_pasted_report_line_fills_the_form(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    page.fill("#report_line", "IGF-1 23.1 nmol/L (11.3-31.0)")
    page.press("#report_line", "Enter")
    page.wait_for_selector("#line-read")
    assert "Read: IGF-1 23.1 nmol/L, laboratory range 11.3-31.0 nmol/L." in page.inner_text("#line-read")
    assert page.input_value("#value") == "23.1"
    assert page.input_value("#unit") == "nmol/L"
    assert (page.input_value("#lab_low"), page.input_value("#lab_high")) == ("11.3", "31.0")
    assert _axe(page) == []
    page.locator("div.paste").screenshot(path=str(IMG / "page-paste.png"))
    page.fill("#age", "52")
    page.check("input[name=sex][value=female]")
    page.click("button.primary")
    page.wait_for_selector("#summary")
    r = igflab.interpret("23.1", "nmol/L", age=52, sex="female", lab_range="11.3-31.0")
    assert page.inner_text("#summary").startswith(r.summary.text)
    page.close()


def test_no_horizontal_scroll_at_375_px(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not page.is_visible("input[name=context]")  # folded: the button follows the fields
    button = page.locator("button.primary").bounding_box()
    folded = page.locator("details.contexts > summary").bounding_box()
    assert button is not None
    assert folded is not None
    assert 0 < button["y"] - folded["y"] < 250, (button, folded)  # only the two chart choices lie between
    page.goto(server + "/?value=19.6&unit=nmol/L&age=45&sex=male&lab_low=6.8&lab_high=42.9")
    page.wait_for_selector("#summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("document.querySelector('svg.chart').getBoundingClientRect().right") <= 375
    page.locator("section:has(#chart-heading)").screenshot(path=str(IMG / "page-mobile-chart.png"))
    page.close()


def test_bad_input_in_the_browser_keeps_what_was_typed(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    page.fill("#value", "150 kg")
    page.fill("#age", "45")
    page.check("input[name=sex][value=male]")
    page.click("button.primary")
    page.wait_for_selector("#unit-error")
    assert page.input_value("#value") == "150 kg"
    assert page.input_value("#age") == "45"
    assert _axe(page) == []
    page.close()


def test_a_link_in_ng_per_dl_sent_again_from_the_form_keeps_its_unit(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "/?value=15000&unit=ng/dL&age=45&sex=m&context=pregnant")
    page.wait_for_selector("#summary")
    first = page.inner_text("#summary")
    assert page.input_value("#unit") == "ng/dL"
    page.click("section.again button.primary")
    page.wait_for_selector("#summary")
    assert page.inner_text("#summary") == first
    assert page.input_value("#unit") == "ng/dL"
    assert page.is_checked("input[name=sex][value=male]")
    assert page.is_checked("input[name=context][value=pregnancy]")
    page.close()


def test_the_api_docs_render_with_no_file_from_elsewhere(server: str, browser: Any) -> None:
    page = browser.new_page()
    asked: list[str] = []

    def only_here(route: Any) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith(server + "/"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_here)
    page.goto(server + "/")
    page.click("text=the JSON API and its documentation")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/v1/batch']", timeout=30_000)
    for path in ("/api/v1/interpret", "/api/v1/panel", "/api/v1/series", "/api/v1/references"):
        assert page.locator(f".opblock-summary-path[data-path='{path}']").count() == 1, path
    assert [u for u in asked if not u.startswith(server + "/")] == []
    page.close()
