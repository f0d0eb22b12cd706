"""Path safety, shared by every stage: a name bookmaker writes a file under is one plain file
name, and a file it reads from the book or a theme really lies inside that folder.

Posts come from scrapers and old exports, so a name (`[book] slug = "../../x"`) or a symlink
(`notes -> /etc/passwd`) must never lead a read or a write out of the folder it belongs to.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Names Windows reserves for devices, with or without an extension (`con.epub`, `NUL`).
RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
#: A file name leaves room for an edition's suffix (`-screen.pdf`) within the usual 255 bytes.
MAX_NAME_BYTES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_file_name(name: str) -> str:
    """NAME when it is one plain file name; else ValueError saying why (for a config key)."""
    if not name or not name.strip():
        raise ValueError("expected a file name; got an empty one")
    if "/" in name or "\\" in name:
        raise ValueError(f"expected a file name without '/' or '\\'; got {name!r}")
    if name in (".", "..") or name.startswith("."):
        raise ValueError(f"expected a file name that does not start with '.'; got {name!r}")
    if _CONTROL.search(name):
        raise ValueError(f"expected a file name without control characters; got {name!r}")
    if name.split(".")[0].strip().lower() in RESERVED:
        raise ValueError(f"{name!r} is a name Windows reserves for a device; choose another")
    if name != name.rstrip(" ."):
        raise ValueError(
            f"expected a file name that does not end with a space or '.'; got {name!r}"
        )
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise ValueError(f"expected a file name of at most {MAX_NAME_BYTES} bytes; got {name!r}")
    return name


def outside(path: Path, root: Path) -> Path | None:
    """Where PATH really leads (symlinks followed) when that is outside ROOT, else None."""
    real = path.resolve()
    return None if real.is_relative_to(root.resolve()) else real


def is_inside(path: Path, folder: Path) -> bool:
    """True when PATH, symlinks followed, lies inside FOLDER (False when it cannot be resolved)."""
    try:
        return outside(path, folder) is None
    except (OSError, RuntimeError):
        return False


def not_inside(paths: list[Path], folder: Path) -> list[Path]:
    """PATHS but those `is_inside` FOLDER, each directory among their parents resolved once
    (a path that is no symlink is where its resolved parent says): listing a thousand posts
    resolved each one's every component, twice."""
    try:
        real_folder = folder.resolve()
    except (OSError, RuntimeError):
        return list(paths)  # is_inside says False for every path
    parents: dict[Path, Path] = {}
    kept = []
    for path in paths:
        try:
            if path.is_symlink() or path.name in ("", ".", ".."):
                real = path.resolve()
            else:
                parent = parents.get(path.parent)
                if parent is None:
                    parent = parents[path.parent] = path.parent.resolve()
                real = parent / path.name
        except (OSError, RuntimeError):
            kept.append(path)
            continue
        if not real.is_relative_to(real_folder):
            kept.append(path)
    return kept
