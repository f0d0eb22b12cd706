"""The command line's last guard: how a run ends when it does not end normally.

Ctrl-C and SIGTERM stop a run with one line and the exit codes shells expect (130, 143), after
the run's own clean-up has run (the staged generation removed, the PDF child stopped), so the
output folder keeps its previous books.  Any other exception is a bug in bookmaker: the user
reads one line saying so and where the full traceback was saved (`OUTDIR/bookmaker-crash.txt`,
else a temporary file), never a raw traceback.
"""

from __future__ import annotations

import os
import platform
import shlex
import signal
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any

import click

from bookmaker import __version__

#: Where the build command records its output folder for the crash report (`ctx.meta`).
OUTDIR_KEY = "bookmaker.outdir"
CRASH_FILE = "bookmaker-crash.txt"
#: Exit code of a bug (sysexits' EX_SOFTWARE), apart from the user's mistakes.
BUG_EXIT = 70
#: Signals that stop a run as Ctrl-C does (exit code 128 + the signal's number).
_SIGNALS = {getattr(signal, n): n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)}


class Stopped(BaseException):
    """A signal asked the run to stop; raised where the run is, so its clean-up runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise Stopped(signum)


class GuardedGroup(click.Group):
    """A click group whose commands end in one line, whatever happens in them."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = _catch_signals()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _say("interrupted (Ctrl-C)")
            sys.exit(130)
        except Stopped as stop:
            _say(f"stopped ({_SIGNALS.get(stop.signum, stop.signum)})")
            sys.exit(128 + stop.signum)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the guard: a bug, reported in one line
            _say(bug_line(exc, save_crash(exc, ctx.meta.get(OUTDIR_KEY))))
            sys.exit(BUG_EXIT)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _catch_signals() -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, _stop) for signum in _SIGNALS}


def _say(text: str) -> None:
    click.echo(f"bookmaker: {text}", err=True)


def bug_line(exc: BaseException, saved: Path | None) -> str:
    """The one line a user reads about a bug: what broke, and where the details are."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    where = f"the full traceback is in {saved}" if saved else "the traceback could not be saved"
    return f"internal error (a bug in bookmaker): {detail}; {where}; please report it"


def save_crash(exc: BaseException, outdir: Path | None) -> Path | None:
    """Write the report of EXC to OUTDIR/bookmaker-crash.txt, else to a temporary file."""
    text = (
        f"bookmaker {__version__} crashed\ncommand: {shlex.join(sys.argv)}\n"
        f"python: {sys.version.split()[0]} on {platform.platform()}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    if outdir is not None:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            (outdir / CRASH_FILE).write_text(text, encoding="utf-8")
            return outdir / CRASH_FILE
        except OSError:
            pass
    try:
        fd, name = tempfile.mkstemp(prefix="bookmaker-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError:
        return None
    return Path(name)
