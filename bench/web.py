#!/usr/bin/env python3
"""Web speed on loopback: server time for the sample's report page, the flagged-claims page over
10,000 stored sentences, and API requests per second.

usage: python bench/web.py [--small]
Starts the app with uvicorn on 127.0.0.1 (a free port) in this process, stores one check of the sample,
then copies of its articles (each a distinct document from its own outlet, stored from the run's JSON
without checking again) until the store holds 10,000 article sentences; times GET /runs/1, five views
of /flagged (the first page, a verdict and outlet filter, a word search, a sort by outlet on page 3, a
minimum confidence sorted by confidence) and GET /api/v1/runs/1 with a bounded number of requests, and stops.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from _common import quiet
from communique import Checker, Options, result_to_dict
from communique.data import sample_corpus
from communique.ingest import document_from_text
from communique.store import ArticleOrigin, Store
from communique.web import create_app

#: Sentences the flagged-claims page is timed over (stored findings, flagged or not).
SENTENCES = 10_000


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, int(0.95 * len(times)) - 1)]


def fill(store: Store, run_id: int, target: int) -> int:
    """Store copies of the run's articles, each a new document from one of 40 outlets, until the store
    holds ``target`` article sentences; returns how many it holds."""
    from communique.store import DocumentRow, RunArticleRow

    data, source_text = store.run_with_source(run_id)
    source = document_from_text(source_text, str(data["source"].get("path") or "source.txt"))
    with store.session() as s:
        texts = [
            doc.text
            for _, doc in s.query(RunArticleRow, DocumentRow)
            .join(DocumentRow, DocumentRow.id == RunArticleRow.article_id)
            .filter(RunArticleRow.run_id == run_id)
            .order_by(RunArticleRow.id)
        ]
    held = sum(len(a["sentences"]) for a in data["articles"])
    copy = 0
    while held < target:
        copy += 1
        docs, arts, origins = [], [], {}
        for n, (art, text) in enumerate(zip(data["articles"], texts, strict=True)):
            name = f"copy-{copy}-{n}.txt"
            docs.append(document_from_text(f"{text}\n\n(copy {copy})", name))  # offsets unchanged
            arts.append({**art, "path": name})
            origins[name] = ArticleOrigin(f"outlet-{copy % 40}.example", f"2026-{1 + copy % 12:02d}-05")
        store.save_json(source, docs, {**data, "articles": arts}, {}, origins=origins)
        held += sum(len(a["sentences"]) for a in arts)
    return held


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="fewer requests (CI)")
    a = ap.parse_args()
    quiet()
    n = 20 if a.small else 200
    with tempfile.TemporaryDirectory() as tmp:
        opts = Options(progress=False, db=str(Path(tmp) / "web.db"))
        store = Store.from_options(opts)
        result = Checker(opts).check_corpus(sample_corpus())
        run_id = store.save_check(result, result_to_dict(result, base=sample_corpus()), opts)
        held = fill(store, run_id, SENTENCES)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(opts, store=store), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(100):
                try:
                    client.get("/api/v1/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            for _ in range(3):
                client.get(f"/runs/{run_id}")  # warm-up
            page = []
            for _ in range(n):
                t = time.perf_counter()
                r = client.get(f"/runs/{run_id}")
                page.append(time.perf_counter() - t)
                r.raise_for_status()
            views = [
                "/flagged",
                "/flagged?verdict=misquote&outlet=outlet-7.example",
                "/flagged?q=verifiable",
                "/flagged?sort=outlet&page=3",
                "/flagged?min_confidence=0.6&sort=-confidence",
            ]
            flagged: dict[str, list[float]] = {v: [] for v in views}
            for v in views:
                client.get(v).raise_for_status()  # warm-up
            for _ in range(n):
                for v in views:
                    t = time.perf_counter()
                    client.get(v).raise_for_status()
                    flagged[v].append(time.perf_counter() - t)
            t = time.perf_counter()
            for _ in range(n):
                client.get(f"/api/v1/runs/{run_id}").raise_for_status()
            api_secs = time.perf_counter() - t
        server.should_exit = True
        thread.join(timeout=10)
    print(
        f"report page /runs/{run_id}: median {statistics.median(page) * 1000:.0f} ms, "
        f"p95 {p95(page) * 1000:.0f} ms over {n} requests (target ≤ 50 ms)"
    )
    every = [x for times in flagged.values() for x in times]
    print(
        f"flagged-claims page over {held:,} stored sentences: p95 {p95(every) * 1000:.0f} ms (target ≤ 100 ms)"
    )
    for v, times in flagged.items():
        print(f"  {v}: median {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms")
    print(
        f"API GET /api/v1/runs/{run_id}: {n / api_secs:.0f} requests/s over {n} sequential requests on loopback"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
