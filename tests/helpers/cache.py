"""The build cache of a test's output folder, opened as the build opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bookmaker.cache import FOLDER, Store
from bookmaker.cache.secret import user_key


def cache_store(out: Path, name: str) -> Store:
    """The cache NAME (`posts`, `chapters`…) of the output folder OUT, with this user's key."""
    secret = user_key()
    assert secret is not None
    return Store(out / FOLDER / name, secret)


def entry_file(out: Path, name: str, holds: Callable[[object], bool]) -> Path:
    """The file of the entry of cache NAME in OUT whose value HOLDS (there must be one)."""
    store = cache_store(out, name)
    for path in store.folder.iterdir():
        if holds(store.get(path.name)):
            return path
    raise AssertionError(f"no entry in {name} holds what the test looks for")


def spoil(entry: Path, how: str) -> None:
    """ENTRY's file removed ("missing"), or one byte near its end flipped ("damaged")."""
    if how == "missing":
        entry.unlink()
    else:
        data = bytearray(entry.read_bytes())
        data[-5] ^= 0xFF
        entry.write_bytes(bytes(data))
