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
    page.click("button[type=submit]", no_wait_after=True)  # the check may take longer than a click waits
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


FOLLOW_UP = (
    "Talks held\n\nThe eighth round of the China-Pakistan Foreign Ministers' Strategic Dialogue was held in "
    "Islamabad on March 12, 2027.\nThe weather in Lahore was mild.\n"
)


def _percent(page, party: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator(f"#scores tr[data-party='{party}'] .percent").inner_text())


def test_track_scan_accept_and_reject_in_the_browser(server, browser, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, token = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/ledger")
    page.set_input_files(
        "form[action='/ledger/statements'] input[name=file]", str(corpus / "002_758ca5dca03e3884.txt")
    )
    page.fill("form[action='/ledger/statements'] input[name=token]", token)
    page.click("form[action='/ledger/statements'] button[type=submit]", no_wait_after=True)
    page.wait_for_url("**/ledger?statement=*", timeout=120_000)
    assert page.locator("a[href^='/ledger/commitments/']").count() >= 15
    assert _percent(page, "China") == "—"
    page.goto(base + "/ledger/queue")
    page.fill("form[action='/ledger/scan'] textarea[name=text]", FOLLOW_UP)
    page.fill("form[action='/ledger/scan'] input[name=token]", token)
    page.click("form[action='/ledger/scan'] button[type=submit]", no_wait_after=True)
    page.wait_for_url("**/ledger/queue?scanned=*", timeout=120_000)
    item = page.locator(".item.candidate", has_text="was held in Islamabad")
    assert item.count() == 1
    _shot(page, "ledger-queue", tmp_path)
    item.locator("input[name=note]").fill("the round took place")
    item.locator("input[name=token]").fill(token)
    item.locator("button.accept").click()
    page.wait_for_url("**/ledger/queue")
    assert page.locator(".item.candidate", has_text="was held in Islamabad").count() == 0
    page.goto(base + "/ledger")
    assert _percent(page, "China") == "100%" and _percent(page, "Pakistan") == "100%"
    _shot(page, "ledger", tmp_path)
    # the commitment's page: the evidence with its history, and a rejection undoes the score
    link = page.locator("tr", has=page.locator("td", has_text="complied")).locator(
        "a[href^='/ledger/commitments/']"
    )
    link.first.click()
    assert "accepted by browser test: the round took place" in page.locator(".history").inner_text()
    _shot(page, "commitment", tmp_path)
    page.fill("form[action$='/evidence'] input[name=token]", token)
    page.select_option("form[action$='/evidence'] select[name=score]", "-1")
    page.fill("form[action$='/evidence'] textarea[name=quote]", "The ninth round was called off.")
    page.fill("form[action$='/evidence'] input[name=day]", "2027-06-01")
    page.click("form[action$='/evidence'] button[type=submit]")
    item = page.locator(".item", has_text="The ninth round was called off.")
    assert "accepted" in item.inner_text().lower()
    commitment = page.url
    page.goto(base + "/ledger")
    assert _percent(page, "China") == "0%"
    # rejecting it undoes it: the earlier accepted item counts again
    page.goto(commitment)
    item = page.locator(".item", has_text="The ninth round was called off.")
    item.locator("input[name=note]").fill("misread the report")
    item.locator("input[name=token]").fill(token)
    item.locator("button.reject").click()
    assert "rejected by browser test: misread the report" in page.locator(".history").all_inner_texts()[0]
    page.goto(base + "/ledger")
    assert _percent(page, "China") == "100%"


def _a_checked_sample(base: str, token: str, corpus: Path) -> int:
    runs = httpx.get(base + "/api/v1/runs", timeout=10).json()
    if runs:
        return int(runs[-1]["id"])
    body = {
        "source": {"name": "communique.txt", "text": (corpus / "002_758ca5dca03e3884.txt").read_text()},
        "articles": [
            {"name": n, "text": (corpus / n).read_text()}
            for n in ("000_ca3a807deedca8da.txt", "003_0165b4165b888c6e.txt", "004_ecbd53d3eb4bde94.txt")
        ],
    }
    r = httpx.post(
        base + "/api/v1/check", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=300
    )
    return int(r.json()["run_id"])


def test_filter_flagged_claims_reload_and_follow_the_permalink(
    server, browser, corpus: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base, token = server
    _a_checked_sample(base, token, corpus)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/flagged")
    page.select_option("select[name=verdict]", "misquote")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/flagged?*verdict=misquote*")
    page.reload()
    assert page.locator("select[name=verdict]").input_value() == "misquote"
    badges = page.locator("table.flagged .badge").all_inner_texts()
    assert badges and {b.lower() for b in badges} == {"misquote"}
    row = page.locator("table.flagged tr", has_text="credible, verifiable")
    assert row.count() >= 1
    _shot(page, "flagged", tmp_path)
    # the outlet in one click, then the permanent link to the claim
    row.first.locator("td.outlet a").click()
    assert "outlet=" in page.url and "verdict=misquote" in page.url
    page.locator("table.flagged tr", has_text="credible, verifiable").first.locator("a.permalink").click()
    page.wait_for_url("**/runs/*?show=all#a*s*")
    anchor = page.url.split("#")[1]
    assert "credible, verifiable" in page.locator(f"#{anchor}").inner_text()


def test_export_from_a_report_page(server, browser, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    base, token = server
    run_id = _a_checked_sample(base, token, corpus)
    page = browser.new_page()
    page.goto(f"{base}/runs/{run_id}")
    with page.expect_download() as download:
        page.click("p.exports a:has-text('CSV')")
    path = download.value.path()
    text = Path(str(path)).read_text(encoding="utf-8")
    assert text.startswith("article,sentence") and "evidence_text" in text.splitlines()[0]
    assert download.value.suggested_filename == f"communique-run-{run_id}.csv"


def test_api_docs_render_with_no_network(server, browser) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    context = browser.new_context()
    elsewhere: list[str] = []

    def only_loopback(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "communique" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 10  # the operations are listed
    assert elsewhere == []
    context.close()
