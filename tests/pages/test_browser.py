"""End to end in a real browser: the real server (uvicorn on a loopback port, in a thread)
over the test county, driven in Debian's headless Chromium through Playwright.

Skipped when ``/usr/bin/chromium`` is missing, unless ``CI`` is set: then it fails.
Screenshots go to ``artifacts/`` (gitignored) for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
import uvicorn
from playwright.sync_api import expect

from api import tokens
from api.app import create_app
from api.settings import Settings
from api.tokens import Role
from projections.db import ViewDb
from tests.pages.county import County

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
STARTUP_SECONDS = 20


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the server thread stopped")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {STARTUP_SECONDS}s")


@pytest.fixture(scope="module")
def server(county: County) -> Iterator[str]:
    """The real server: uvicorn on a free loopback port, in a thread, over the county."""
    _require_chromium()
    settings = Settings(database=county.config, log_vkeys=(county.log_vkey,))
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, name="uvicorn", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, thread)
        yield base
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def token(county: County) -> str:
    """An inspector token for 长白镇, made through the token store."""
    with ViewDb(county.config) as db:
        tokens.ensure_table(db)
        return tokens.create_token(db, Role.INSPECTOR, tokens.Scope.parse("township:T01"),
                                   "browser-inspector")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, kept off the network."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield found
        found.close()


@pytest.fixture(scope="module")
def signed_in(browser: object, server: str, token: str) -> Iterator[object]:
    """A browser context signed in once as the inspector (the token went once, in a header;
    the HttpOnly cookie carries the session)."""
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    first = context.new_page()
    first.goto(f"/pages/login?next=/pages/households/H001#token={token}")
    first.wait_for_url(lambda url: urlparse(url).path == "/pages/households/H001")
    first.close()
    yield context
    context.close()


@pytest.fixture
def page(signed_in: object) -> Iterator[object]:
    """A fresh tab on H001's replay."""
    found = signed_in.new_page()
    found.goto("/pages/households/H001")
    yield found
    found.close()


def test_replay_scrubber_shows_the_income_before_and_after_the_correction(page: object) -> None:
    """Moving the scrubber to the correction changes the income total on the page."""
    income = page.locator("tr[data-field=income_total] td.value")
    assert "¥6,720.00" in income.inner_text()
    correction = int(page.locator("li.correction").first.get_attribute("data-index"))
    slider = page.locator("#replay-scrubber")
    slider.focus()
    slider.press("Home")
    for _ in range(correction - 1):
        slider.press("ArrowRight")
    assert "¥10,440.00" in income.inner_text()
    slider.press("ArrowRight")
    assert "¥6,720.00" in income.inner_text()
    assert "changed" in page.locator("tr[data-field=income_total]").get_attribute("class")
    assert page.locator("li.correction").get_attribute("aria-current") == "step"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "household-replay.png", full_page=False)


def test_an_events_inclusion_proof_opens_verified_in_place(page: object) -> None:
    """Opening the proof expander of the first event loads a verified proof."""
    proof = page.locator("details.proof").first
    proof.locator("summary").click()
    expect(proof.locator(".proof-body")).to_contain_text("已验证")


def test_late_records_and_corrections_are_highlighted(page: object) -> None:
    """The late phone contact and the correction carry their classes and tags."""
    assert page.locator("li.late .tag.late").count() >= 1
    assert page.locator("li.correction .tag.fix").count() == 1
    assert page.locator("li.amended").count() >= 1


def test_the_cadre_trail_and_the_village_heatmap_open_from_the_replay(page: object) -> None:
    """From the replay, follow the cadre, then the village's heatmap."""
    page.locator("a[href='/pages/cadres/C01']").first.click()
    page.wait_for_url(lambda url: urlparse(url).path == "/pages/cadres/C01")
    assert "李明" in page.locator("h1").inner_text()
    assert page.locator("table.trail tbody tr").count() >= 10
    page.goto("/pages/villages/V01")
    assert page.locator("table.heatmap tbody tr").count() == 2
    assert page.locator("table.heatmap td.v0").count() >= 4
    page.locator("#heatmap").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "village-heatmap.png", full_page=True)


def test_integrity_verification_runs_on_demand(page: object) -> None:
    """The verify button runs the full check and reports success; the witness is listed."""
    page.goto("/pages/integrity")
    assert "witness.example" in page.content()
    page.locator("#verify-now").click()
    page.wait_for_url("**/pages/integrity?verify=1")
    expect(page.locator("#verify-result")).to_contain_text("校验通过")
    page.screenshot(path=ARTIFACTS / "integrity.png", full_page=True)


def test_the_public_sees_masked_names_and_no_replay(browser: object, server: str) -> None:
    """Without a token the list masks heads' names and the replay asks to sign in."""
    context = browser.new_context(base_url=server)
    public = context.new_page()
    public.goto("/pages/households")
    text = public.locator("main").inner_text()
    assert "金**" in text
    assert "金大山" not in text
    response = public.goto("/pages/households/H001")
    assert response is not None
    assert response.status == 401
    assert "需要登录" in public.title()
    assert "Invalid token" not in public.content()
    public.goto("/")
    assert public.locator("svg.chart rect").count() > 3
    public.screenshot(path=ARTIFACTS / "county-overview.png", full_page=True)
    context.close()


def test_the_replay_jumps_between_flagged_events(page: object) -> None:
    """n / p and the buttons go to the next and previous flagged event; #ev-N opens on N."""
    flagged = [int(i) for i in page.locator(".events li[data-flagged]").evaluate_all(
        "items => items.map(i => i.getAttribute('data-index'))")]
    assert len(flagged) >= 3
    slider = page.locator("#replay-scrubber")
    slider.focus()
    slider.press("Home")
    page.keyboard.press("n")
    assert int(slider.input_value()) == flagged[0]
    page.locator("#flag-next").click()
    assert int(slider.input_value()) == flagged[1]
    assert page.locator(f"#ev-{flagged[1]}").get_attribute("aria-current") == "step"
    page.keyboard.press("p")
    assert int(slider.input_value()) == flagged[0]
    page.locator("nav.flagged summary").click()
    page.locator(f".flag-list a[href='#ev-{flagged[-1]}']").click()
    assert int(slider.input_value()) == flagged[-1]
    page.goto(f"/pages/households/H001#ev-{flagged[1]}")
    assert int(page.locator("#replay-scrubber").input_value()) == flagged[1]
    page.screenshot(path=ARTIFACTS / "household-replay-flagged.png", full_page=False)


A4_LANDSCAPE_MEDIABOX = re.compile(rb"/MediaBox \[0 0 84[12](?:\.\d+)? 59[45](?:\.\d+)?\]")
A4_LANDSCAPE_PRINTABLE_PX = 1062  # 281 mm at 96 dpi: A4 landscape less the 8 mm margins


def test_the_village_heatmap_fits_the_screen_and_a4_landscape(browser: object,
                                                              server: str) -> None:
    """Two and more years: each year's grid fits a 1280 px screen without scrolling and the
    printable width of A4 landscape; the print is landscape. Screenshots of both."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900},
                                  locale="zh-CN")
    page = context.new_page()
    page.goto("/pages/villages/V01?weeks=120")
    wraps = page.locator(".heatmap-wrap")
    assert wraps.count() == 4
    overflowing = wraps.evaluate_all("ws => ws.filter(w => w.scrollWidth > w.clientWidth)"
                                     ".length")
    assert overflowing == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#heatmap").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "village-heatmap-screen.png", full_page=True)
    page.set_viewport_size({"width": A4_LANDSCAPE_PRINTABLE_PX, "height": 750})
    page.emulate_media(media="print")
    widest = page.locator("table.heatmap").evaluate_all(
        "ts => Math.max(...ts.map(t => t.getBoundingClientRect().right))")
    assert widest <= A4_LANDSCAPE_PRINTABLE_PX
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert A4_LANDSCAPE_MEDIABOX.search(pdf)
    printed = ARTIFACTS / "village-heatmap-print.pdf"
    printed.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run([pdftoppm, "-r", "60", "-png", "-f", "2", "-l", "2", "-singlefile",
                        str(printed), str(ARTIFACTS / "village-heatmap-print")], check=True)
        assert (ARTIFACTS / "village-heatmap-print.png").stat().st_size > 5_000
    context.close()
