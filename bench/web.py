#!/usr/bin/env python3
"""Web speed on loopback: server time for the sample's report page, and API requests per second.

usage: python bench/web.py [--small]
Starts the app with uvicorn on 127.0.0.1 (a free port) in this process, stores one check of the sample,
then times GET /runs/1 and GET /api/v1/runs/1 with a bounded number of requests, and stops.
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
from communique.store import Store
from communique.web import create_app


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
            t = time.perf_counter()
            for _ in range(n):
                client.get(f"/api/v1/runs/{run_id}").raise_for_status()
            api_secs = time.perf_counter() - t
        server.should_exit = True
        thread.join(timeout=10)
    print(
        f"report page /runs/{run_id}: median {statistics.median(page) * 1000:.0f} ms, "
        f"p95 {sorted(page)[int(0.95 * len(page)) - 1] * 1000:.0f} ms over {n} requests (target < 300 ms)"
    )
    print(
        f"API GET /api/v1/runs/{run_id}: {n / api_secs:.0f} requests/s over {n} sequential requests on loopback"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
