#!/usr/bin/env python3
"""Load on loopback: 10 concurrent clients against `communique serve`, reads and checks.

usage: python bench/load.py [--small] [--clients 10] [--reads 600] [--checks 60]

Starts `communique serve` as its own process on 127.0.0.1 (a free port, a temporary SQLite store, the
rate limit off for the run), stores one check to read, then runs two bounded phases with N concurrent
clients: reads (the stored run's JSON, its report page, the run list, health) and checks (small
statements and articles, each article different). For each phase it prints requests per second, p50
and p95 latency and the count of non-2xx answers; and the server's resident memory (RSS) after start-up
with the models loaded, and after the load. Nothing leaves the machine.

--small (CI): 120 reads and 12 checks.

--hostile: instead of the load, each hostile input of ``scale_input.hostile_inputs`` is sent once as an
article (API text, and as an upload to the check form), then four anonymous 75 MB JSON bodies; for each
the status, the seconds and the server's RSS growth over its start-up figure (the goal: none over 200 MB).
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from communique.store import Store

SOURCE = (
    "Joint Statement of the Third Round\n\n"
    "1. The two sides agreed to build a new railway between their capitals by 2028.\n\n"
    "2. The two sides called for an immediate and lasting ceasefire in the region.\n\n"
    "3. The ministers welcomed the signing of an agreement on trade in agricultural products.\n"
)


def article(i: int) -> str:
    return (
        f"Ministers meet for talks, report {i}\n\n"
        f"The two countries agreed to build a new railway by {2028 + i % 3}, the statement said. "
        "They urged an “immediate and permanent ceasefire” in the region. "
        f"Officials said {i + 2} agreements were signed on trade."
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def phase(
    base: str, token: str, jobs: list[tuple[str, str, Any]], clients: int
) -> tuple[float, list[float], int]:
    """Run ``jobs`` (method, path, json body) with ``clients`` threads; wall time, latencies, failures."""
    work: queue.Queue[tuple[str, str, Any]] = queue.Queue()
    for j in jobs:
        work.put(j)
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}) as c:
            while True:
                try:
                    method, path, body = work.get_nowait()
                except queue.Empty:
                    return
                t = time.perf_counter()
                r = c.request(method, path, json=body)
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    failures[0] += not r.is_success

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, failures[0]


def report(label: str, wall: float, lat: list[float], failures: int) -> None:
    lat = sorted(lat)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    print(
        f"{label}: {len(lat)} requests in {wall:.1f} s = {len(lat) / wall:.1f} req/s; "
        f"p50 {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; non-2xx {failures}",
        flush=True,
    )


def hostile(base: str, token: str, pid: int, before: float) -> None:
    """Each hostile input once through the API and the check form, then anonymous 75 MB bodies."""
    from scale_input import hostile_inputs

    auth = {"Authorization": f"Bearer {token}"}
    print(f"{'input':<42} {'API':>4} {'form':>4} {'s':>6} {'RSS +MB':>8}", flush=True)
    with httpx.Client(base_url=base, timeout=600) as c:
        for name, (file, data) in hostile_inputs().items():
            t = time.perf_counter()
            body = {"source": {"text": SOURCE}, "articles": [{"text": data.decode("utf-8", "replace")}]}
            api = c.post("/api/v1/check", json=body, headers=auth).status_code
            form = c.post(
                "/check", data={"token": token, "source_text": SOURCE}, files={"article_files": (file, data)}
            ).status_code
            secs = time.perf_counter() - t
            print(f"{name:<42} {api:>4} {form:>4} {secs:>6.1f} {rss_mb(pid) - before:>+8.0f}", flush=True)
        big = b'{"source": {"text": "' + b"x" * 75_000_000 + b'"}, "articles": []}'
        for i in range(4):
            t = time.perf_counter()
            status = c.post(
                "/api/v1/check", content=big, headers={"content-type": "application/json"}
            ).status_code
            secs = time.perf_counter() - t
            print(
                f"{f'anonymous 75 MB body {i + 1}':<42} {status:>4} {'':>4} {secs:>6.1f} {rss_mb(pid) - before:>+8.0f}",
                flush=True,
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--reads", type=int, default=0)
    ap.add_argument("--checks", type=int, default=0)
    ap.add_argument("--hostile", action="store_true", help="Send the hostile inputs instead of the load.")
    a = ap.parse_args()
    reads = a.reads or (120 if a.small else 600)
    checks = a.checks or (12 if a.small else 60)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        token = Store(db).create_token("load")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "COMMUNIQUE_RATE_LIMIT": "0", "COMMUNIQUE_PROGRESS": "0"}
        server = subprocess.Popen(
            [sys.executable, "-m", "communique", "serve", "--port", str(port), "--db", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/api/v1/health", timeout=1).is_success:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                print("the server did not start", file=sys.stderr)
                return 1
            auth = {"Authorization": f"Bearer {token}"}
            first = httpx.post(
                f"{base}/api/v1/check",
                json={"source": {"text": SOURCE}, "articles": [{"text": article(0)}]},
                headers=auth,
                timeout=600,
            )
            first.raise_for_status()
            run_id = first.json()["run_id"]
            before = rss_mb(server.pid)
            print(f"server RSS after start-up and one check (models loaded): {before:.0f} MB", flush=True)
            if a.hostile:
                hostile(base, token, server.pid, before)
                return 0
            paths = [f"/api/v1/runs/{run_id}", f"/runs/{run_id}", "/api/v1/runs", "/api/v1/health"]
            read_jobs = [("GET", paths[i % len(paths)], None) for i in range(reads)]
            report(f"reads, {a.clients} clients", *phase(base, token, read_jobs, a.clients))
            check_jobs = [
                (
                    "POST",
                    "/api/v1/check",
                    {"source": {"text": SOURCE}, "articles": [{"text": article(i + 1)}]},
                )
                for i in range(checks)
            ]
            report(f"checks, {a.clients} clients", *phase(base, token, check_jobs, a.clients))
            after = rss_mb(server.pid)
            print(f"server RSS after the load: {after:.0f} MB ({after - before:+.0f} MB)", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
