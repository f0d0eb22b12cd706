"""The output folder as a reader sees it, and faults to put in its way: runs that write given
files through `staged_outputs` (no builder needed), runs killed at a chosen step, folders
made really read-only."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from bookmaker.builders.output import staged_outputs

#: The system calls a commit is made of; a run killed before any one of them must leave the
#: earlier books or the new ones.
MUTATIONS = ("replace", "rename", "symlink", "link", "unlink", "rmdir", "mkdir")
BOOK_FOLDERS = ("epub", "pdf", "html")


def visible(outdir: Path) -> dict[str, bytes]:
    """Every book file a reader finds under OUTDIR/epub, pdf and html (links followed)."""
    found = {}
    for name in BOOK_FOLDERS:
        folder = outdir / name
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found[path.relative_to(outdir).as_posix()] = path.read_bytes()
    return found


def write_run(outdir: Path, files: Mapping[str, bytes]) -> None:
    """A run whose builders write FILES (path in OUTDIR → bytes)."""
    with staged_outputs(outdir) as stage:
        for rel, data in files.items():
            target = stage.folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def run_killed_at(outdir: Path, files: Mapping[str, bytes], step: int) -> bool:
    """`write_run` in a forked process that SIGKILLs itself just before its STEP-th change to
    the file system; True if it was killed, False if the run ended before that step."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            _kill_before(step)
            write_run(outdir, files)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _kill_before(step: int) -> None:
    from bookmaker.builders.outdir import swap

    count = [0]

    def wrap(call):
        def counted(*args, **kwargs):
            count[0] += 1
            if count[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return call(*args, **kwargs)

        return counted

    for name in MUTATIONS:
        setattr(os, name, wrap(getattr(os, name)))
    swap.exchange = wrap(swap.exchange)


def generations(outdir: Path) -> list[str]:
    """The generation folders in OUTDIR's builds folder."""
    builds = outdir / ".bookmaker-builds"
    return sorted(p.name for p in builds.iterdir() if p.name.startswith("gen-"))


def copy_folder(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """FOLDER cannot be written, for root too (`chattr +i`; chmod for other users)."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if not chattr or subprocess.run([chattr, "+i", str(folder)], check=False).returncode:
        pytest.skip("cannot make a folder read-only for root on this machine")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)
