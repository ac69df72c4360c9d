"""Start-up: commands that need no model import none, and the package's API loads on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import communique

SRC = Path(__file__).resolve().parent.parent / "src"
HEAVY = ("torch", "spacy", "wn", "sentence_transformers", "transformers", "numpy", "alembic")

# Runs one command in-process and reports which heavy modules it imported.
PROBE = """
import json, sys
from communique.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)
"""


def _imported(args: list[str], tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "COMMUNIQUE_DB": str(tmp_path / "store.db"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    found: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "args", [["--help"], ["runs", "list"], ["ledger", "list"], ["outlets"], ["check", "--help"]]
)
def test_commands_without_models_import_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    if args[0] != "--help" and args[-1] != "--help":
        # the store exists and is at the newest schema (a first run creates it, with Alembic)
        from communique.store import Store

        Store(tmp_path / "store.db")
    assert _imported(args, tmp_path) == []


def test_listing_runs_renders_no_templates(tmp_path: Path) -> None:
    from communique.store import Store

    Store(tmp_path / "store.db")
    assert _imported(["runs", "list"], tmp_path, ("jinja2",)) == []


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    # the same probe on a fresh store: creating it runs the migrations, which import Alembic
    assert _imported(["runs", "list"], tmp_path) == ["alembic"]


def test_every_public_name_loads_on_first_use() -> None:
    assert communique.__all__ == sorted(communique.__all__)
    for name in communique.__all__:
        assert getattr(communique, name) is not None, name
    assert set(communique.__all__) <= set(dir(communique))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = communique.no_such_name  # type: ignore[attr-defined]
