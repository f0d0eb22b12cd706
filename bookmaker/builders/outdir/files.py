"""build, output folder: the file operations a commit is made of, each atomic on its own.

Temporary names are made inside the builds folder (`BUILDS`), so anything a killed run leaves
half-done is in one place, where the next run's clean-up finds it.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import sys
from pathlib import Path

#: renameat2(2) flag: swap two paths in one step (Linux 3.15+, glibc 2.28+).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def temp_name(folder: Path, prefix: str) -> Path:
    """A fresh hidden name in FOLDER (nothing is created)."""
    return folder / f".{prefix}-{secrets.token_hex(6)}"


def new_folder(parent: Path, prefix: str) -> Path:
    """A fresh folder PARENT/PREFIX…, with the permissions a plain mkdir gives (the umask's),
    since readers of the output folder see the books through it."""
    while True:
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def place_link(target: str, where: Path, scratch: Path) -> None:
    """Make WHERE a symbolic link to TARGET in one rename (over an older link, if any); the
    link is first made under a temporary name in SCRATCH, on the same file system."""
    tmp = temp_name(scratch, "link")
    os.symlink(target, tmp, target_is_directory=True)  # Windows needs to know
    try:
        os.replace(tmp, where)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """TARGET becomes the same file as SOURCE: a hard link (instant, no space), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def carry_over(old: Path, new: Path) -> None:
    """Put in NEW every file of OLD that NEW lacks, so a run keeps the books it did not rebuild.
    Top-level hidden entries (locks) are not books; where NEW has a file or folder of the same
    name, NEW wins."""
    for dirpath, dirnames, filenames in os.walk(old):
        here = Path(dirpath)
        rel = here.relative_to(old)
        if rel == Path("."):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            filenames = [f for f in filenames if not f.startswith(".")]
        target = new / rel
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            dirnames[:] = []
            continue
        target.mkdir(exist_ok=True)
        for name in filenames:
            source, dest = here / name, target / name
            if source.is_symlink() or not source.is_file() or os.path.lexists(dest):
                continue
            link_or_copy(source, dest)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths (of any kind) in one step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(errno, os.strerror(errno), os.fspath(second))


def sync_tree(root: Path) -> None:
    """Flush ROOT's files and folders to disk. A rename orders nothing on most file systems:
    without this, a power cut just after a commit can leave the new generation current with
    empty or short books in it."""
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            sync_path(Path(dirpath) / name)
        sync_path(Path(dirpath))


def sync_path(path: Path) -> None:
    """fsync one file or folder (a folder so that the names in it are durable); where the
    system cannot sync a folder (Windows, some network file systems), the data alone is."""
    directory = path.is_dir()
    if directory and not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    except OSError:
        if not directory:
            raise
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a file, link or folder, whatever it is; gone already is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
