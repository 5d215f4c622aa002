"""The village compliance grid in a real browser (headless Chromium, as test_browser.py): a
whole year of weeks fits the screen and the printable width of A4 landscape, every cell opens
its obligation. Screenshots and the print go to ``artifacts/``."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from ledger.storage.config import DatabaseConfig
from tests.pages.duties_county import WEEKS
from tests.pages.test_browser import (
    A4_LANDSCAPE_MEDIABOX,
    A4_LANDSCAPE_PRINTABLE_PX,
    ARTIFACTS,
    CHROMIUM,
    FLAGS,
    _free_port,
    _require_chromium,
    _wait_until_up,
)


@pytest.fixture(scope="module")
def duties_server(duties_store: DatabaseConfig) -> Iterator[str]:
    """The real server over the county that owes duties."""
    _require_chromium()
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(database=duties_store)), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, name="uvicorn-duties", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, thread)
        yield base
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, kept off the network."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield found
        found.close()


def test_the_compliance_grid_of_a_year_fits_the_screen_and_a4_landscape(
        chromium: object, duties_server: str) -> None:
    """52 weeks and more in one block without horizontal scrolling at 1280 px, within the
    printable width of A4 landscape in print, printed landscape; a missed cell opens its
    obligation with the escalation chain."""
    context = chromium.new_context(base_url=duties_server,
                                   viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto("/pages/villages/V01/compliance")
    assert page.locator("table.compliance th.week").count() >= WEEKS
    wraps = page.locator(".heatmap-wrap")
    overflowing = wraps.evaluate_all("ws => ws.filter(w => w.scrollWidth > w.clientWidth)"
                                     ".length")
    assert overflowing == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "village-compliance-screen.png", full_page=True)
    page.set_viewport_size({"width": A4_LANDSCAPE_PRINTABLE_PX, "height": 750})
    page.emulate_media(media="print")
    widest = page.locator("table.compliance").evaluate_all(
        "ts => Math.max(...ts.map(t => t.getBoundingClientRect().right))")
    assert widest <= A4_LANDSCAPE_PRINTABLE_PX
    page.screenshot(path=ARTIFACTS / "village-compliance-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert A4_LANDSCAPE_MEDIABOX.search(pdf)
    printed = ARTIFACTS / "village-compliance-print.pdf"
    printed.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run([pdftoppm, "-r", "60", "-png", "-f", "2", "-l", "2", "-singlefile",
                        str(printed), str(ARTIFACTS / "village-compliance-print-page")],
                       check=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("td.s-missed a").first.click()
    page.wait_for_url("**/pages/obligations/visit/H001/2024-W03")
    assert page.locator("ol.chain > li").count() == 4
    page.screenshot(path=ARTIFACTS / "obligation-chain.png", full_page=True)
    context.close()
