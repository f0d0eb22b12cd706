"""Running `bookmaker` as a user would: a fresh interpreter, from this checkout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import ROOT


def _command(args: tuple[str, ...], env: dict[str, str] | None) -> tuple[list[str], dict]:
    return [sys.executable, "-m", "bookmaker", *args], {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command, full_env = _command(args, env)
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        check=False,
        text=True,
        env=full_env,
        timeout=600,
    )


def run_cli_within(seconds: float, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`bookmaker ARGS` as `run_cli` runs it, but a hang guard: still running after SECONDS,
    it is killed with every process it started (the PDF workers too) and the test fails."""
    command, full_env = _command(args, None)
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"bookmaker {' '.join(args)}: still running after {seconds:g} s")
        return subprocess.CompletedProcess(command, proc.returncode, out, err)
