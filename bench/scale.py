#!/usr/bin/env python3
"""Batch at scale: time per article and peak memory as the number of articles grows, Dask against one
process, and a check beside a busy neighbour.

usage: python bench/scale.py [--sizes 1,100,1000,10000] [--small] [--dask N] [--no-neighbour]

Articles are made from the dev packs' news reports with varied text (the paragraphs after the
headline, byline and lede in another order, a line naming the desk), so each is new to the store; the library holds the packs'
statements. Each size runs in a fresh process (`communique.batch.Batch`, in-process) that adds the
library, then checks every article and stores the runs: the figures are seconds per article (after
the models are loaded) and the process's peak RSS.

--dask N: the same articles on a local Dask cluster of 2 workers with one thread each, against one
in-process run with the default threads, in the same run: the speed-up. Both are timed after a warm-up
(models loaded, in the main process and on every worker).
The neighbour: the sample check timed alone and beside a process that keeps one core busy, three times
each, alternating, in one process (medians).
--small (CI): sizes 1 and 100, Dask on 40.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
PACKS = SHARED / "eval" / "packs"
CHUNK = 8  # articles per task: small enough to keep two workers evenly busy on 100 articles


def make_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    """``n`` article rows with varied text and publication days from the packs' manifests."""
    base = []
    for pack in sorted(p for p in PACKS.iterdir() if (p / "manifest.json").exists()):
        man = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
        for art in man.get("articles", []):
            base.append(((pack / art["file"]).read_text(encoding="utf-8"), art.get("published") or ""))
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        text, day = base[i % len(base)]
        paras = [p for p in text.split("\n\n") if p.strip()]
        # the headline, byline and lede stay first (up to the first paragraph of 20 words or more)
        k = next((j for j, p in enumerate(paras) if len(p.split()) >= 20), 0)
        head, rest = paras[: k + 1], paras[k + 1 :]
        if i >= len(base):  # the first copy of each is as published
            rng.shuffle(rest)
        desk = (
            f"Reported by the {rng.choice(['news', 'world', 'politics', 'Asia', 'Africa'])} desk, item {i}."
        )
        rows.append(
            {
                "id": f"article-{i}",
                "text": "\n\n".join([*head, *rest, desk]),
                "published": day,
                "outlet": f"outlet{i % 7}.example",
            }
        )
    return rows


def child(n: int, workers: int, out: Path) -> None:
    """One measurement, in its own process."""
    from communique import Options
    from communique.batch import Batch, read_inputs
    from communique.library import Library
    from communique.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scale.db"
        opts = Options(progress=False, db=str(db))
        store = Store(db)
        Library(store).add([PACKS])  # the manifests name the issuers: no parse needed
        src = Path(tmp) / "news.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in make_articles(n)) + "\n", encoding="utf-8")
        # load the models (and index the library) before the clock starts: one warm-up article
        warm = Path(tmp) / "warm.jsonl"
        first = make_articles(1)[0]
        warm.write_text(json.dumps({**first, "id": "warm", "text": first["text"] + "\n\nWarm-up."}) + "\n")
        client = cluster = None
        if workers:
            from distributed import Client, LocalCluster

            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": "1"},
            )
            client = Client(cluster)
        # the warm-up also loads the models on every Dask worker (Batch prepares each worker)
        Batch(store, opts, chunk_size=CHUNK, client=client).run(read_inputs([warm], opts.max_bytes))
        start = time.perf_counter()
        summary = Batch(store, opts, chunk_size=CHUNK, client=client).run(read_inputs([src], opts.max_bytes))
        seconds = time.perf_counter() - start
        if client is not None:
            client.close()
            cluster.close()  # type: ignore[union-attr]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    out.write_text(
        json.dumps(
            {
                "n": n,
                "workers": workers,
                "seconds": round(seconds, 2),
                "per_article": round(seconds / max(1, n), 3),
                "checked": summary.checked,
                "unmatched": summary.unmatched,
                "errors": summary.errors,
                "peak_rss_mb": round(rss, 1),
            }
        )
    )


def measure(n: int, workers: int = 0) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    env = {**os.environ, "COMMUNIQUE_PROGRESS": "0"}
    subprocess.run(
        [sys.executable, __file__, "--child", str(n), "--workers", str(workers), "--out", str(out)],
        check=True,
        env=env,
    )
    data = json.loads(out.read_text())
    out.unlink()
    return data


NEIGHBOUR = """
import statistics, subprocess, sys, time
from communique import Checker, Options
from communique.data import sample_corpus
c = Checker(Options(progress=False)); c.check_corpus(sample_corpus())
alone, beside = [], []
for _ in range(ROUNDS):
    for where in (alone, beside):
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if where is beside else None
        time.sleep(1.0)  # the neighbour is running before the check starts
        c.clear_cache()
        t = time.perf_counter(); c.check_corpus(sample_corpus()); where.append(time.perf_counter() - t)
        if busy is not None:
            busy.kill(); busy.wait()
print(statistics.median(alone), statistics.median(beside))
"""


def neighbour(rounds: int = 3) -> tuple[float, float]:
    """Median seconds of the sample check (source prepared afresh each time) alone and beside a process
    spinning on one core, alternating in one process with the models loaded."""
    run = subprocess.run(
        [sys.executable, "-c", NEIGHBOUR.replace("ROUNDS", str(rounds))],
        capture_output=True,
        text=True,
        check=True,
    )
    alone, beside = (float(x) for x in run.stdout.split())
    return alone, beside


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,100,1000,10000")
    ap.add_argument("--small", action="store_true", help="CI: sizes 1 and 100, Dask on 40")
    ap.add_argument("--dask", type=int, default=None, help="articles for the Dask comparison (0: none)")
    ap.add_argument("--no-neighbour", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child is not None:
        child(a.child, a.workers, a.out)
        return 0
    if not PACKS.exists():
        print(f"no packs at {PACKS}", file=sys.stderr)
        return 1
    sizes = [1, 100] if a.small else [int(x) for x in a.sizes.split(",") if x.strip()]
    dask_n = a.dask if a.dask is not None else (40 if a.small else 400)
    print(
        f"{'articles':>8} {'s/article':>10} {'peak RSS MB':>12} {'checked':>8} {'no source':>9} {'errors':>6}"
    )
    rows = []
    for n in sizes:
        r = measure(n)
        rows.append(r)
        print(
            f"{n:>8} {r['per_article']:>10.3f} {r['peak_rss_mb']:>12.0f} {r['checked']:>8} "
            f"{r['unmatched']:>9} {r['errors']:>6}",
            flush=True,
        )
    big = [r for r in rows if r["n"] >= 100]
    if len(big) >= 2:
        drift = big[-1]["per_article"] / big[0]["per_article"]
        print(f"time per article, {big[-1]['n']} vs {big[0]['n']}: x{drift:.2f} (flat: within 1.2)")
    print(f"peak RSS: {max(r['peak_rss_mb'] for r in rows):.0f} MB (goal < 1536)")
    if dask_n:
        one = measure(dask_n)
        two = measure(dask_n, workers=2)
        print(
            f"Dask, {dask_n} articles: in-process {one['seconds']:.1f} s, 2 workers x 1 thread "
            f"{two['seconds']:.1f} s: speed-up x{one['seconds'] / two['seconds']:.2f} (goal >= 1.3)"
        )
    if not a.no_neighbour:
        alone, beside = neighbour()
        print(
            f"sample check (median of 3) alone {alone:.2f} s, beside a busy process {beside:.2f} s: "
            f"slowdown x{beside / alone:.2f} (goal <= 1.3)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
