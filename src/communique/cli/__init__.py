"""The command line: thin Typer commands over the library (``communique --help``).

One Typer ``app`` (``_common``, with what the command groups share) and a module per command group:

- ``check``: check, demo, eval
- ``statements``: analyze, diff, settings
- ``runs``: the runs group
- ``ledger``: the ledger group
- ``serve``: serve and the token group
- ``library``: the library group, match, batch, batch-errors, outlets

A module registers its commands on ``app`` when it is imported, and ``--help`` lists the commands in
the order they were registered, then the groups in the order they were added: the imports below
keep that order (``docs/cli.md``, generated from ``--help``, shows it).
"""

from __future__ import annotations

from ._common import app, main

# isort: off
from . import check, statements, runs, ledger, serve, library  # noqa: F401  (registers the commands)

# isort: on
from .serve import server_settings

__all__ = ["app", "main", "server_settings"]
