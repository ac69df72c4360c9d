"""The command line: each bad input gets one clear error line, a non-zero exit, and no store change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.store import Store

runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    p = tmp_path / "source.txt"
    p.write_text(
        "Joint Statement\n\nThe two sides agreed to expand trade and to meet again next year.\n",
        encoding="utf-8",
    )
    return p


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.seek(50_000_000)
        fh.write(b"x")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 400) + b"\x98\x80")
    nomanifest = tmp_path / "folder"
    nomanifest.mkdir()
    scan = tmp_path / "scan.pdf"
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(72, 600, 100, 100, fill=1)
    c.showPage()
    c.save()
    scan.write_bytes(buf.getvalue())
    return {
        "empty": ([str(empty)], "empty"),
        "binary": ([str(binary)], "binary"),
        "huge": ([str(huge)], "larger than"),
        "encoding": ([str(noise)], "encoding"),
        "no manifest": ([], "manifest"),
        "scanned pdf": ([str(scan)], "no text layer"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "huge", "encoding", "no manifest", "scanned pdf"])
def test_bad_input_is_one_clear_error_and_stores_nothing(
    case: str, tmp_path: Path, good: Path, db: Path
) -> None:
    args, message = _bad_inputs(tmp_path)[case]
    argv = ["check", str(tmp_path / "folder")] if case == "no manifest" else ["check", str(good), *args]
    result = _run(*argv, "--db", str(db), "--no-embeddings")
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines[0].startswith("error:") and message in lines[0]
    assert "Traceback" not in result.output
    assert not db.exists() or Store(db).count_documents() == 0


def test_check_json_on_files_and_store(tmp_path: Path, good: Path, db: Path) -> None:
    art = tmp_path / "article.txt"
    art.write_text("Both sides agreed to expand trade. They will meet again in 2027.\n", encoding="utf-8")
    result = _run("check", str(good), str(art), "--format", "json", "--db", str(db), "--no-embeddings")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "communique.check/1"
    assert [s["kind"] for s in data["articles"][0]["sentences"]] == ["claim", "claim"]
    assert Store(db).count_documents() == 2


def test_help_teaches(tmp_path: Path) -> None:
    result = _run("--help")
    assert result.exit_code == 0
    for command in ("check", "demo", "eval", "analyze", "settings", "runs"):
        assert re.search(rf"\b{command}\b", result.output)
    assert "communique check" in _run("check", "--help").output


def test_unknown_setting_in_config_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("no_such_setting = 1\n", encoding="utf-8")
    result = _run("--config", str(cfg), "settings")
    assert result.exit_code == 6
    assert "unknown setting" in result.output


DIFF = Path(__file__).parent / "data" / "diff"


def test_diff_json_and_html(tmp_path: Path) -> None:
    old, new = str(DIFF / "round6-fictional.txt"), str(DIFF / "round7-fictional.txt")
    result = _run("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "communique.diff/1"
    assert all(
        data["summary"][k] >= 1 for k in ("reworded", "strengthened", "weakened", "moved", "added", "dropped")
    )
    page = tmp_path / "d.html"
    assert _run("diff", old, new, "--format", "html", "-o", str(page)).exit_code == 0
    assert "<ins>" in page.read_text(encoding="utf-8")


def test_ledger_commands(tmp_path: Path, corpus: Path, db: Path) -> None:
    source = str(corpus / "002_758ca5dca03e3884.txt")
    assert _run("ledger", "add", source, "--date", "2026-01-04", "--db", str(db), "--by", "t").exit_code == 0
    listing = _run("ledger", "list", "--db", str(db))
    assert listing.exit_code == 0 and "Pakistan" in listing.output
    assert _run("ledger", "list", "--party", "china", "--db", str(db)).output == listing.output
    unsigned = _run("ledger", "add-evidence", "1", "--score", "1", "--db", str(db))
    assert unsigned.exit_code != 0 and "--by NAME" in unsigned.output  # never the system's user name
    assert "nothing to review" in _run("ledger", "queue", "--db", str(db)).output
    assert _run("ledger", "add-evidence", "1", "--score", "1", "--by", "t", "--db", str(db)).exit_code == 0
    bad = _run("ledger", "add-evidence", "999", "--score", "1", "--db", str(db))
    assert bad.exit_code != 0 and bad.output.startswith("error:")
    shown = _run("ledger", "show", "1", "--db", str(db))
    assert "(accepted)" in shown.output and "added by t" in shown.output
    assert "overall" in _run("ledger", "score", "--db", str(db)).output
    exported = _run("ledger", "export", "--format", "csv", "--db", str(db))
    assert exported.stdout.startswith("id,statement_date")


def test_check_fetches_a_url_argument_instead_of_reading_a_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from communique.ingest import fetch

    monkeypatch.setattr(fetch, "system_resolver", lambda host: ["10.0.0.7"])
    article = tmp_path / "a.txt"
    article.write_text("Talks\n\nThe two sides agreed.", encoding="utf-8")
    r = _run("check", "https://intranet.example/statement", str(article), "--no-store")
    assert r.exit_code == 3, r.output
    assert (
        "non-public address" in r.output
        and "no such file" not in r.output
        and "https:/intranet" not in r.output
    )


def test_check_corpus_stores_the_manifests_outlets_and_days(tmp_path: Path, good: Path, db: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "statement.txt").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.txt").write_text("Both sides agreed to expand trade.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The two sides will meet again next year.\n", encoding="utf-8")
    manifest = {
        "source": {"file": "statement.txt"},
        "articles": [{"file": "a.txt", "outlet": "Dawn", "published": "2026-01-05"}, {"file": "b.txt"}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = _run("check", str(folder), "--format", "json", "--db", str(db), "--no-embeddings")
    assert result.exit_code == 0, result.output
    got = {Path(a["path"]).name: (a["outlet"], a["published"]) for a in Store(db).article_summaries()}
    assert got == {"a.txt": ("Dawn", "2026-01-05"), "b.txt": (None, None)}


def test_version_alone_prints_the_version() -> None:
    from communique import __version__

    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"communique {__version__}"
