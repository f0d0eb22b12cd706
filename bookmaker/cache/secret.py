"""Build cache: the user's own key, which signs every entry (`store.py`).

Kept outside any output folder, in the user's cache folder (`$XDG_CACHE_HOME/bookmaker`, else
`~/.cache/bookmaker`; `%LOCALAPPDATA%` on Windows), readable by the user alone: an output
folder that comes from elsewhere (a download, a copied project) cannot bring entries this
user's bookmaker would trust.  Made once, with the first build.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

KEY_FILE = "cache-key"
_SIZE = 32


def key_folder() -> Path:
    """Where the key lives."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "bookmaker"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bookmaker"


def user_key() -> bytes | None:
    """The user's key, made on first use; None when it can be neither read nor made (a
    read-only home): the build then runs without a cache."""
    path = key_folder() / KEY_FILE
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".key.", dir=path.parent)  # mode 0600
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(_SIZE))
        try:
            os.link(tmp, path)  # never replaces a key another build made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        return _read(path)
    except OSError:
        return None


def _read(path: Path) -> bytes | None:
    data = path.read_bytes()
    return data if len(data) == _SIZE else None
