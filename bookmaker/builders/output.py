"""build: write output files under a temporary name and rename, so a failed build never
leaves a half-written book and the previous one stays in place; a run's builders write into
one staging generation that replaces every book of the output folder at once, only when all
of them succeeded."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.outdir import OutputFolder
from bookmaker.builders.outdir.names import BUILDS
from bookmaker.errors import BookmakerError, BuildError


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
        if not path.is_relative_to(self.folder):
            raise BuildError(f"a builder wrote outside the output folder: {path}")
        return self.outdir / path.relative_to(self.folder)


def output_root(folder: Path) -> Path:
    """The output folder a builder writes into: OUTDIR itself for the FOLDER a builder is given
    during a run (a generation inside OUTDIR), so what must outlive the run, such as a cache in
    `OUTDIR/.bookmaker-cache/`, goes there and not into the generation."""
    return folder.parent.parent if folder.parent.name == BUILDS else folder


@contextmanager
def staged_outputs(outdir: Path) -> Iterator[Stage]:
    """A fresh generation inside OUTDIR for all of a run's builders; it becomes what OUTDIR
    shows, every book at once, only when every builder succeeded (`outdir` package).  So a
    template error in the PDF leaves no new EPUB either, and a failed or interrupted run leaves
    OUTDIR as it was (not even created, if it was not there)."""
    folder = OutputFolder.open(outdir)
    try:
        staging = folder.begin()
    except OSError as exc:
        raise _write_error(exc, None, outdir) from None
    stage = Stage(staging.path, outdir)
    try:
        yield stage
        folder.commit(staging)
    except OSError as exc:
        folder.abandon(staging)
        raise _write_error(exc, stage, outdir) from None
    except BookmakerError as exc:
        folder.abandon(staging)
        if isinstance(exc.path, Path) and exc.path.is_relative_to(stage.folder):
            exc.path = stage.final(exc.path)
        raise
    except BaseException:
        folder.abandon(staging)
        raise


def _write_error(exc: OSError, stage: Stage | None, outdir: Path) -> BuildError:
    """Disk full, a read-only or forbidden folder: one line naming the file as the user knows
    it (its place in OUTDIR, not in the generation being written), or the file that could not
    be read."""
    name = Path(os.fsdecode(exc.filename)) if exc.filename else outdir
    reason = exc.strerror or str(exc)
    if stage is not None and name.is_relative_to(stage.folder):
        name = stage.final(name)
        if name.name.startswith(".") and name.suffix == ".tmp":  # atomic_path's temporary name
            name = name.with_name(name.name[1:].rsplit(".", 2)[0])
    elif not name.is_relative_to(outdir):
        return BuildError(reason, name)  # a file the build reads, such as a font
    return BuildError(f"cannot write: {reason}", name)
