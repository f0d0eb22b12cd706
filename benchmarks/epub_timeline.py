"""Where a build's time goes, phase by phase: `bookmaker build ARGS` run in this process with
stamps at the edges of its phases.

    python benchmarks/epub_timeline.py POSTS -o OUT -b epub -q --fresh

(the arguments are `bookmaker build`'s; the bookmaker imported is the one on `sys.path`, so
`PYTHONPATH=SNAPSHOT` times a `git archive` snapshot).  At each stamp: the wall time since
the start, the build's own CPU time, and the CPU time of its live worker processes (read from
`/proc`) and of those already ended.  Between two stamps where the workers' CPU does not move,
only the build's process works: a core idles (on two cores).  The stamps wrap the pipeline's
functions by name, so they follow its shape; a stamp whose function was renamed is missing
from the table.  Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

T0 = time.monotonic()
TICK = os.sysconf("SC_CLK_TCK")
LOG: list[tuple[str, float, float, float, float]] = []


def live_children() -> float:
    """CPU seconds of this process's live children, from `/proc`."""
    me, total = os.getpid(), 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def stamp(what: str) -> None:
    t = os.times()
    own, ended = t.user + t.system, t.children_user + t.children_system
    LOG.append((what, time.monotonic() - T0, own, live_children(), ended))


def wrap(module: Any, name: str, label: str) -> None:
    """MODULE.NAME stamped as it starts and ends."""
    func = getattr(module, name, None)
    if func is None:
        return

    def stamped(*args: Any, **kwargs: Any) -> Any:
        stamp(f"{label} start")
        try:
            return func(*args, **kwargs)
        finally:
            stamp(f"{label} end")

    setattr(module, name, stamped)


def first_of(results: Any, label: str) -> Any:
    """RESULTS (an iterator), stamped when the first comes in."""
    for n, result in enumerate(results):
        if n == 0:
            stamp(label)
        yield result


def install() -> None:
    from bookmaker import pipeline, workers
    from bookmaker.builders.epub import builder, documents

    kept = workers.Workers.kept

    def kept_stamped(self: Any, jobs: Any) -> Any:
        before = self._pool
        pool = kept(self, jobs)
        if before is None and pool is not None:
            stamp("workers forked")
        return pool

    workers.Workers.kept = kept_stamped
    for module, name, label in (
        (pipeline, "read", "read"),
        (pipeline, "convert_all", "convert"),
        (pipeline, "assemble", "assemble"),
        (pipeline, "write_books", "write_books"),
        (builder, "write_documents", "write_documents"),
        (builder, "package_documents", "package_documents"),
    ):
        wrap(module, name, label)
    rendered: Callable[..., Any] = documents.rendered

    def rendered_stamped(*args: Any, **kwargs: Any) -> Any:
        stamp("chapters asked of the workers")
        return first_of(rendered(*args, **kwargs), "first chapter back")

    documents.rendered = rendered_stamped


def main() -> None:
    install()
    stamp("imported")
    from bookmaker.cli import main as cli

    sys.argv = ["bookmaker", "build", *sys.argv[1:]]
    try:
        cli()
    except SystemExit:
        pass
    stamp("exit")
    print(f"{'stamp':32} {'wall s':>7} {'own CPU':>8} {'workers':>8} {'ended':>7}")
    for what, wall, own, live, ended in LOG:
        print(f"{what:32} {wall:7.2f} {own:8.2f} {live:8.2f} {ended:7.2f}")


if __name__ == "__main__":  # spawned workers import this module as __mp_main__
    main()
