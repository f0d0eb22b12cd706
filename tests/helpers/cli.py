"""Running `bookmaker` as a user would: a fresh interpreter, from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.paths import ROOT


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bookmaker", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        text=True,
        env=full_env,
        timeout=600,
    )
