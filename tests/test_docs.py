"""Docs checked like code: generated references are current, the README's commands exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_generated_docs_are_current() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_readme_opens_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert [ln.strip() for ln in first_block.splitlines() if ln.strip() and not ln.startswith("#")][-2:] == [
        "make demo",
        "make test",
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_tuning_script_reproduces_a_sweep(shared: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "tune.py"),
            "--only",
            "min_gap",
            "--packs",
            str(shared / "eval" / "packs" / "cpfmsd-7"),
            str(shared / "eval" / "packs" / "g20-finance"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.strip() and line.strip()[0] in "*0123456789"]
    assert len(rows) == 3 and sum(line.lstrip().startswith("*") for line in rows) == 1
    assert any(line.strip().startswith("lopo ") for line in run.stdout.splitlines())


def test_every_registered_check_is_documented() -> None:
    from communique.verify import CHECKS

    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    missing = [c.name for c in CHECKS if f"| `{c.name}` |" not in text]
    assert not missing, f"docs/check.md lacks a row for {missing}"
