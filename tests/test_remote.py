"""`check --via`: a check answered by a running server prints what a local check prints."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from communique.cli import app
from communique.errors import FetchError, InputError
from communique.remote import check_via
from communique.settings import Options
from communique.store import Store
from communique.web import create_app

SOURCE = (
    "Joint Statement\n\n1. The two sides agreed to build a new railway between their capitals by 2028.\n\n"
    "2. The two sides called for an immediate and lasting ceasefire in the region.\n"
)
ARTICLE = (
    "Ministers back railway\n\nThe two countries agreed to build a new railway by 2029, the statement said. "
    "They urged an “immediate and permanent ceasefire” in the region.\n"
)
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(checker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A real server on loopback with the session's models; yields its URL and a token."""
    store = Store(tmp_path_factory.mktemp("server") / "server.db")
    application = create_app(Options(progress=False, rate_limit=0), store=store)
    application.state.communique._checker = checker
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", store.create_token("desk")
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def files(tmp_path: Path) -> list[str]:
    (tmp_path / "statement.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "report.txt").write_text(ARTICLE, encoding="utf-8")
    return [str(tmp_path / "statement.txt"), str(tmp_path / "report.txt")]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_via_prints_what_a_local_check_prints(
    server: tuple[str, str], files: list[str], fmt: str, tmp_path: Path
) -> None:
    url, token = server
    local = runner.invoke(app, ["check", *files, "--no-store", "--format", fmt, "--all"])
    remote = runner.invoke(
        app, ["check", *files, "--via", url, "--format", fmt, "--all"], env={"COMMUNIQUE_TOKEN": token}
    )
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert f"checked by the server at {url}; stored there as run" in remote.stderr
    assert "railway" in local.stdout


def test_via_without_a_token_is_one_clear_error(server: tuple[str, str], files: list[str]) -> None:
    res = runner.invoke(app, ["check", *files, "--via", server[0]], env={"COMMUNIQUE_TOKEN": ""})
    assert res.exit_code == InputError.exit_code
    assert "COMMUNIQUE_TOKEN" in res.stderr


def test_via_with_a_wrong_token_reports_the_servers_answer(server: tuple[str, str], files: list[str]) -> None:
    res = runner.invoke(app, ["check", *files, "--via", server[0]], env={"COMMUNIQUE_TOKEN": "nope"})
    assert res.exit_code == FetchError.exit_code
    assert "answered 401" in res.stderr


def test_via_to_no_server_is_one_clear_error(files: list[str]) -> None:
    res = runner.invoke(
        app, ["check", *files, "--via", f"http://127.0.0.1:{_free_port()}"], env={"COMMUNIQUE_TOKEN": "t"}
    )
    assert res.exit_code == FetchError.exit_code
    assert "no answer" in res.stderr and "communique serve" in res.stderr


@pytest.mark.parametrize(
    "args", [["--pairs", "x.jsonl"], ["--library"], ["--format", "jsonl"], ["only-one-file.txt"]]
)
def test_via_refuses_what_only_a_local_check_does(args: list[str], files: list[str]) -> None:
    inputs = [] if args[0] in {"--pairs", "only-one-file.txt"} else files
    res = runner.invoke(
        app, ["check", *inputs, *args, "--via", "http://127.0.0.1:9"], env={"COMMUNIQUE_TOKEN": "t"}
    )
    assert res.exit_code == InputError.exit_code, res.output


def test_the_files_travel_as_their_bytes(files: list[str]) -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        import json

        seen.append(json.loads(request.content))
        assert request.headers["authorization"] == "Bearer tok"
        return httpx.Response(200, json={"run_id": 7, "schema": "communique.check/1"})

    done = check_via(
        "127.0.0.1:8000/",
        Path(files[0]),
        [Path(files[1])],
        token="tok",
        transport=httpx.MockTransport(handler),
    )
    assert done.run_id == 7 and done.data == {"schema": "communique.check/1"}
    body = seen[0]
    assert body["source"] == {"name": files[0], "data": base64.b64encode(SOURCE.encode()).decode()}
    assert done.source.text == SOURCE
    with pytest.raises(InputError, match="http"):
        check_via("ftp://x", Path(files[0]), [Path(files[1])], token="tok")
