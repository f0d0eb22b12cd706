"""build: write output files under a temporary name and rename, so a failed build never
leaves a half-written book and the previous one stays in place; a run's builders write into
one staging folder whose files are moved into place only when all of them succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside FINAL; renamed onto it only if the block succeeds."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Stage:
    """Where builders write during a run (`folder`), and where their files end up (`outdir`)."""

    folder: Path
    outdir: Path

    def final(self, path: Path) -> Path:
        return self.outdir / path.relative_to(self.folder)


@contextmanager
def staged_outputs(outdir: Path) -> Iterator[Stage]:
    """A hidden folder inside OUTDIR for all of a run's builders; its files move into OUTDIR
    only when every builder succeeded.  So a template error in the PDF leaves no new EPUB
    either, and a failed run leaves OUTDIR as it was (not even created, if it was not there)."""
    created = outdir
    while not created.parent.exists() and created.parent != created:
        created = created.parent
    existed = outdir.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=outdir))
    try:
        yield Stage(folder, outdir)
        for source in sorted(folder.rglob("*")):
            if source.is_file():
                target = outdir / source.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        if not existed:
            shutil.rmtree(created, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
