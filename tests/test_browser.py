"""In a real browser: Playwright drives Debian's Chromium headless against the app on loopback.

The set-up installs Chromium with apt-get when it is missing and the tests run as root; otherwise the
tests are skipped with the reason. With COMMUNIQUE_SCREENSHOTS=1 the screenshots also replace those
in docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from _system import apt_install
from communique.settings import Options
from communique.store import Store
from communique.web import create_app

CHROMIUM = "/usr/bin/chromium"
DOCS_SHOTS = Path(__file__).parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _ensure_chromium() -> None:
    apt_install("chromium", lambda: Path(CHROMIUM).exists(), "Chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory, checker) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    pytest.importorskip("playwright.sync_api")
    _ensure_chromium()
    import uvicorn

    store = Store(tmp_path_factory.mktemp("web") / "web.db")
    token = store.create_token("browser test")
    app = create_app(Options(progress=False), store=store)
    app.state.communique._checker = checker
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/v1/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    yield base, token
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _shot(page, name: str, tmp: Path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp / f"{name}.png"
    page.screenshot(path=str(out), full_page=False)
    if os.environ.get("COMMUNIQUE_SCREENSHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, DOCS_SHOTS / out.name)
    return out


def test_upload_check_and_see_the_misquote(server, browser, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, token = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    _shot(page, "library", tmp_path)
    page.set_input_files("input[name=source_file]", str(corpus / "002_758ca5dca03e3884.txt"))
    page.set_input_files(
        "input[name=article_files]",
        [
            str(corpus / n)
            for n in ("000_ca3a807deedca8da.txt", "003_0165b4165b888c6e.txt", "004_ecbd53d3eb4bde94.txt")
        ],
    )
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_url("**/runs/*", timeout=120_000)
    sentence = page.locator("details.sent", has_text="credible, verifiable")
    assert sentence.count() == 1
    assert "misquote" in sentence.locator(".badge").inner_text().lower()
    assert "visible and verifiable" in sentence.locator(".evidence").first.inner_text()
    assert "visible and verifiable" in sentence.locator(".why").inner_text()
    # the htmx filter: show only the flagged sentences of that article, swapped in without a reload
    article = sentence.locator("xpath=ancestor::div[contains(@id, '-sentences')]")
    box_id = article.get_attribute("id")
    page.click(f"button[hx-target='#{box_id}']:has-text('flagged')")
    page.wait_for_function(f"document.querySelectorAll('#{box_id} details.supported').length === 0")
    kept = page.locator(f"#{box_id} details.sent")
    assert kept.count() >= 1 and page.locator(f"#{box_id} details.misquote").count() >= 1
    sentence = page.locator("details.sent", has_text="credible, verifiable")
    sentence.scroll_into_view_if_needed()
    shot = _shot(page, "report", tmp_path)
    assert shot.stat().st_size > 10_000
    page.goto(page.url + "/statement")
    assert page.locator(".act.commitment").count() > 5
    _shot(page, "statement", tmp_path)
    page.goto(base + "/ledger")
    _shot(page, "ledger", tmp_path)


def test_no_script_runs_in_a_hostile_report(server, browser) -> None:  # type: ignore[no-untyped-def]
    base, token = server
    hostile = (
        'Hostile <script>window.pwned = 1; alert("x")</script> page\n\n'
        '<img src=x onerror="window.pwned = 2"> The two sides agreed to hold the next round in Islamabad.\n'
    )
    body = {
        "source": {
            "name": "s.txt",
            "text": "Statement\n\nThe two sides agreed to hold the next round in Islamabad next year.\n",
        },
        "articles": [{"name": "hostile.txt", "text": hostile}],
    }
    run_id = httpx.post(
        base + "/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=120
    ).json()["run_id"]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/runs/{run_id}")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert dialogs == []
    assert "<script>" in page.locator("body").inner_text()  # shown as text, not run
