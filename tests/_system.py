"""Installing a Debian package a test needs (Chromium, PostgreSQL) when it is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable

import pytest


def apt_install(package: str, present: Callable[[], bool], what: str) -> None:
    """Install ``package`` with apt-get unless ``present()``; skip the test with the reason when it cannot
    be (not root, no apt-get, the install failed)."""
    if present():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"{what} is not installed and cannot be installed here (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True, timeout=600)
    run = subprocess.run(
        ["apt-get", "install", "-y", "-qq", package], env=env, capture_output=True, timeout=900
    )
    if run.returncode != 0 or not present():
        pytest.skip(f"could not install {what}: {run.stderr.decode(errors='replace')[-200:]}")
