"""The web UI in a real browser: Debian's Chromium, headless, driven by Playwright, against the real server.

An analyst opens the deal list, filters to Pakistan → Azerbaijan, opens the JF-17 deal built from the two seed
reports, sees both reports' claims side by side, clicks a value and sees its sentence with the span marked.
A stored article that contains a script shows it as text and runs nothing. Every page is saved as a screenshot
in ``test-artifacts/`` (or ``$ARMSWATCH_ARTIFACTS``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from armswatch.run import process

from .conftest import ROOT, shared_path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("ARMSWATCH_ARTIFACTS", ROOT / "test-artifacts"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]

OURS = [
    {"id": "own-k2", "outlet": "Test Wire", "published": "2025-08-02", "title": "Poland signs for 180 more K2 tanks",
     "text": "Poland has signed a USD 6.5 billion contract with South Korea's Hyundai Rotem for 180 K2 tanks."},
    {"id": "own-xss", "outlet": "Test Wire", "published": "2025-08-03", "title": "A hostile page",
     "text": "Egypt has ordered 24 Rafale jets from France. <script>window.__pwned = 1</script> "
             "<img src=x onerror=\"window.__pwned = 2\"> The ministry confirmed the order."},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make test`")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    import uvicorn

    from armswatch.serve.app import create_app

    seeds = shared_path("seeds")
    tmp = tmp_path_factory.mktemp("browser")
    own = tmp / "own.jsonl"
    own.write_text("\n".join(json.dumps(x) for x in OURS), encoding="utf-8")
    db = tmp / "ui.db"
    process([*map(str, sorted(seeds.glob("*.txt"))), str(own)], str(db), progress=False, jobs=1)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_analyst_finds_the_jf17_deal_and_its_evidence(server, page):
    page.goto(f"{server}/deals")
    page.screenshot(path=str(ARTIFACTS / "deal-list.png"), full_page=True)
    assert page.locator(".deal-row").count() >= 3
    page.fill("#filters [name=supplier]", "PAK")
    page.fill("#filters [name=recipient]", "AZE")
    page.locator("#filters [type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator(".deal-row")
    assert rows.count() == 1
    assert "JF-17" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "deal-list-filtered.png"), full_page=True)
    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    assert "/deals/PAK-AZE-JF17" in page.url
    claims = page.locator("#claims")
    text = claims.inner_text()
    assert "negotiating" in text and "signed" in text  # both seed reports, side by side
    assert claims.locator("tbody tr").count() == 2
    assert page.locator("#status-chart").count() == 1
    page.screenshot(path=str(ARTIFACTS / "deal-page.png"), full_page=True)
    # click the EUR value of the first report: its sentence appears with the span marked
    cell = page.locator(".claim-cell[data-field=value]", has_text="1.5").first
    cell.click()
    panel = page.locator("#evidence-panel")
    panel.locator("mark.evidence").first.wait_for()
    assert panel.locator("mark.evidence").first.inner_text() == "1.5 billion euros"
    assert "negotiating with Pakistan to purchase JF-17 fighter jets" in panel.inner_text()
    page.screenshot(path=str(ARTIFACTS / "deal-page-evidence.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_article_page_highlights_spans(server, page):
    page.goto(f"{server}/deals")
    page.goto(f"{server}/articles/own-k2")
    marks = page.locator("#article-text mark")
    assert marks.count() >= 3
    assert "K2" in " ".join(marks.all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)


def test_stored_script_shows_as_text_and_runs_nothing(server, page):
    page.goto(f"{server}/articles/own-xss")
    body = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in body
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(ARTIFACTS / "article-script-as-text.png"), full_page=True)


def test_pair_and_network_pages_draw(server, page):
    page.goto(f"{server}/pairs/PAK/AZE")
    text = page.inner_text("body")
    assert "Beijing" in text and "2023-09-19" in text
    page.screenshot(path=str(ARTIFACTS / "pair-page.png"), full_page=True)
    page.goto(f"{server}/network")
    page.locator("#network-svg circle").first.wait_for()
    assert page.locator("#network-svg circle").count() >= 4
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
