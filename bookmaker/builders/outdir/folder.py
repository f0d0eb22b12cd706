"""build, output folder: opening it, starting a run's generation, committing or abandoning it,
and removing what killed runs left behind (see the package docstring for the layout)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from bookmaker.builders.outdir import locks
from bookmaker.builders.outdir.files import new_folder, remove, temp_name
from bookmaker.builders.outdir.names import (
    BUILDS,
    CACHE,
    CURRENT,
    GENERATION,
    LOCK,
    OLD_STAGING,
    OWNER,
)
from bookmaker.builders.outdir.swap import commit_direct, commit_linked
from bookmaker.errors import BuildError


@dataclass
class Staging:
    """A generation a run is writing; `fd` holds its owner lock until the run ends."""

    path: Path
    fd: int | None = None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


@dataclass
class OutputFolder:
    outdir: Path
    #: The folder this run created (OUTDIR or an ancestor), removed again if the run fails.
    created: Path | None = None
    #: Whether the file system takes symbolic links (else files are moved one by one).
    links: bool = True

    @property
    def builds(self) -> Path:
        return self.outdir / BUILDS

    @classmethod
    def open(cls, outdir: Path) -> OutputFolder:
        """OUTDIR made ready for a run: a folder (created if need be) with its builds folder."""
        if outdir.exists() and not outdir.is_dir():
            raise BuildError("the output folder (-o) is a file; name a folder", outdir)
        created = None
        if not outdir.exists():
            created = outdir
            while not created.parent.exists() and created.parent != created:
                created = created.parent
        try:
            (outdir / BUILDS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(
                f"cannot create the output folder: {exc.strerror or exc}", outdir
            ) from None
        return cls(outdir, created)

    def lock(self) -> contextlib.AbstractContextManager[None]:
        return locks.commit_lock(self.builds / LOCK, self.outdir)

    def begin(self) -> Staging:
        """Remove what killed runs left, then start this run's generation (under the lock)."""
        with self.lock():
            self.remove_stale()
            self.links = _links_work(self.builds)
            path = new_folder(self.builds, GENERATION)
            return Staging(path, locks.hold(path / OWNER))

    def commit(self, staging: Staging) -> None:
        """Make the run's generation what the folder shows, all books at once (under the lock)."""
        with self.lock():
            (commit_linked if self.links else commit_direct)(self, staging.path)
        staging.release()

    def current(self) -> Path | None:
        """The generation the folder shows now, if any."""
        try:
            name = os.readlink(self.builds / CURRENT)
        except OSError:
            return None
        return self.builds / name

    def link_target(self, name: str) -> str:
        """What `OUTDIR/NAME` links to (relative, so the folder can be moved)."""
        return f"{BUILDS}/{CURRENT}/{name}"

    def remove_stale(self) -> None:
        """Generations no living run writes and that are not current, temporary names a killed
        commit left, and the staging folders of bookmaker versions before generations."""
        current = self.current()
        keep = {LOCK, CURRENT, current.name if current else ""}
        for entry in self.builds.iterdir():
            if entry.name in keep:
                continue
            if entry.name.startswith(GENERATION) and not locks.abandoned(entry / OWNER):
                continue
            remove(entry)
        for entry in self.outdir.glob(OLD_STAGING + "*"):
            if entry.is_dir() and not entry.is_symlink():
                remove(entry)

    def abandon(self, staging: Staging) -> None:
        """A failed run: drop its generation (unless it became current before the failure) and
        the output folder itself when the run created it and nothing else is in it."""
        staging.release()
        current = self.current()
        if current is None or current.name != staging.path.name:
            remove(staging.path)
        if self.created is not None and self._untouched():
            remove(self.created)

    def _untouched(self) -> bool:
        """Whether the folder holds only what this run put there: its builds folder and the
        cache it started (`OUTDIR/.bookmaker-cache`, which goes with the folder)."""
        try:
            return set(os.listdir(self.outdir)) <= {BUILDS, CACHE} and set(
                os.listdir(self.builds)
            ) <= {LOCK}
        except OSError:
            return False


def _links_work(folder: Path) -> bool:
    """Whether the file system takes symbolic links (FAT and some network shares do not)."""
    probe = temp_name(folder, "probe")
    try:
        os.symlink(CURRENT, probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True
