#!/usr/bin/env python3
"""Start-up: how long whole `communique` processes take, beside the cost of loading the models alone.

usage: python bench/startup.py [--runs 5] [--via]

Each case is a fresh process, run N times (default 5) after one unmeasured run (which fills the
operating system's file cache and any cache communique builds on first use); the median and the range
are printed. Cases:

- `python -c "import torch"`: the import floor of the embedding model's library;
- the model-load floor: a process that loads the spaCy pipeline and the embedding model (as
  `communique check` names them) and embeds one sentence, nothing else;
- `communique --help`, `communique runs list` (on an empty temporary store);
- a cold one-sentence `communique check`: a two-line statement and a one-sentence article, each run
  with a statement text of its own (so no cached preparation of an earlier run helps);
- with --via: the same check through a running `communique serve` on loopback (`check --via URL`,
  with a token created for the run), the server started once before the runs and stopped after.

Every process gets the same temporary store and cache folders; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

STATEMENT = (
    "Joint Statement {n}\n\n"
    "1. The two sides agreed to build a new railway between their capitals by 2028.\n\n"
    "2. The two sides called for an immediate and lasting ceasefire in the region.\n"
)
ARTICLE = "The two countries agreed to build a new railway by 2029, the statement said.\n"

FLOOR = """
from communique.nlp import load_embedder, load_spacy
from communique.settings import load_options
o = load_options()
nlp = load_spacy(o.spacy_model)
nlp("The two sides agreed to build a new railway.")
load_embedder(o.embedding_model).encode(["The two sides agreed to build a new railway."])
"""


def timed(cmd: Sequence[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    secs = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return secs


def measure(label: str, make: Callable[[int], Sequence[str]], env: dict[str, str], runs: int) -> float:
    timed(make(-1), env)  # unmeasured: file cache, first-use caches
    times = [timed(make(i), env) for i in range(runs)]
    med = statistics.median(times)
    print(f"{label:<44} median {med:6.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={runs})")
    sys.stdout.flush()
    return med


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit("communique serve exited before it listened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("communique serve did not listen in time")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="measured runs of each case (default 5)")
    ap.add_argument("--via", action="store_true", help="also time check --via a running local server")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-startup-") as tmp:
        t = Path(tmp)
        env = dict(os.environ)
        env.update(
            COMMUNIQUE_DB=str(t / "store.db"),
            XDG_CACHE_HOME=str(t / "cache"),
            XDG_DATA_HOME=str(t / "data"),
            XDG_CONFIG_HOME=str(t / "config"),
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p),
        )
        env.pop("COMMUNIQUE_CONFIG", None)
        (t / "article.txt").write_text(ARTICLE, encoding="utf-8")

        def statement(i: int) -> str:
            path = t / f"statement{i + 1}.txt"
            path.write_text(STATEMENT.format(n=i + 2), encoding="utf-8")
            return str(path)

        def check(i: int, *extra: str) -> list[str]:
            return [PY, "-m", "communique", "check", statement(i), str(t / "article.txt"), *extra]

        cli = [PY, "-m", "communique"]
        torch = measure('python -c "import torch"', lambda i: [PY, "-c", "import torch"], env, a.runs)
        floor = measure("model-load floor (load both, encode one)", lambda i: [PY, "-c", FLOOR], env, a.runs)
        measure("communique --help", lambda i: [*cli, "--help"], env, a.runs)
        measure("communique runs list", lambda i: [*cli, "runs", "list"], env, a.runs)
        cold = measure("communique check, one sentence, cold", check, env, a.runs)
        print(
            f"cold check / model-load floor: {cold / floor:.2f}; cold check / import torch: {cold / torch:.2f}"
        )
        if a.via:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            server = subprocess.Popen(
                [*cli, "serve", "--port", str(port)],
                env={**env, "COMMUNIQUE_RATE_LIMIT": "0"},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            token = subprocess.run(
                [*cli, "token", "create", "bench"], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
            via_env = {**env, "COMMUNIQUE_TOKEN": token}
            try:
                wait_for(port, server)
                measure(
                    "communique check --via, one sentence", lambda i: check(i, "--via", url), via_env, a.runs
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
