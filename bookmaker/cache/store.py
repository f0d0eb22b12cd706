"""Build cache: signed entries on disk (a value → `FOLDER/NAME`, and back only if it is ours).

An entry is a pickle, signed with HMAC-SHA256 under the user's own key (`secret.py`, kept
outside the output folder) over its name and its bytes.  Reading one checks the signature
before anything is unpickled, and unpickles only the classes a cache holds (`ALLOWED`), so an
entry that was damaged, copied from another user or machine, renamed, or planted in a
downloaded output folder is ignored with a warning, never trusted.  Writes go to a temporary
name and are renamed, so a killed build leaves whole entries or none.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bookmaker.errors import Diagnostic

MAGIC = b"bookmaker-cache-1\n"
_DIGEST = hashlib.sha256().digest_size

#: (module, name) of every class an entry may hold: the model, warnings, the entries
#: themselves, and what front matter and paths are made of.
ALLOWED = (
    {
        ("bookmaker.model", name)
        for name in ("Post", "Person", "Asset", "Endnote", "Section", "Voice", "Chapter")
    }
    | {
        ("bookmaker.book_facts", name)
        for name in ("Credit", "Credits", "Dates", "Source", "ContentsEntry")
    }
    | {
        ("soupsieve.css_types", name)
        for name in (
            "Namespaces",
            "CustomSelectors",
            "Selector",
            "SelectorNull",
            "SelectorTag",
            "SelectorAttribute",
            "SelectorContains",
            "SelectorNth",
            "SelectorLang",
            "SelectorList",
        )
    }
    | {
        ("bookmaker.errors", "Diagnostic"),
        ("bookmaker.cache.entries", "ReadEntry"),
        ("bookmaker.cache.entries", "ConvertEntry"),
        ("bookmaker.cache.entries", "Lookups"),
        ("bookmaker.cache.kept", "ChapterHead"),
        ("bookmaker.cache.kept_posts", "PostHead"),
        ("bookmaker.builders.epub.reuse", "DocumentEntry"),
        ("bookmaker.builders.epub.ocf", "Deflated"),
        ("bookmaker.builders.epub.xhtml", "PageFacts"),
        ("bookmaker.builders.epub.kept_cover", "CoverEntry"),
        ("bookmaker.builders.epub.kept_cover", "CoverImage"),
        # Compiled CSS selectors (`compiled_css.py`), as soupsieve pickles them.
        ("soupsieve.css_match", "SoupSieve"),
        ("soupsieve.css_types", "_unpickle"),
        ("re", "_compile"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("pathlib", "PosixPath"),
        ("pathlib", "WindowsPath"),
        ("pathlib", "PurePosixPath"),
        ("pathlib", "PureWindowsPath"),
    }
)


#: The classes found so far, by (module, name): a rebuild loads some 10,000 references to a
#: dozen classes, and looking each one up again costs more than unpickling the entry.
_FOUND: dict[tuple[str, str], object] = {}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        found = _FOUND.get((module, name))
        if found is None:
            if (module, name) not in ALLOWED:
                raise pickle.UnpicklingError(f"{module}.{name} is not something a cache holds")
            found = _FOUND[module, name] = super().find_class(module, name)
        return found


@dataclass(frozen=True)
class Written:
    """An entry as `put` wrote it: its signature (hex), and its file's size and modification
    time, by which a summary knows it is still the same file without reading it."""

    signature: str
    facts: tuple[int, int]


#: An entry read: its value, how it was written, and the exception unpickling it raised.
_Read = tuple[object, "Written", str | None]


@dataclass
class Store:
    """Entries in FOLDER, signed with SECRET.  With FRESH, none is read (all are written)."""

    folder: Path
    secret: bytes
    fresh: bool = False
    #: Warnings about entries that were ignored, for the build's report.
    ignored: list[Diagnostic] = field(default_factory=list)
    #: The entries read ahead (`read_ahead`), by name, until `load` takes them.
    _ahead: dict[str, _Read | str | None] = field(default_factory=dict, repr=False)

    def get(self, name: str, signed: str | None = None) -> object | None:
        """The value stored as NAME, or None when there is none or it is not to be trusted;
        with SIGNED, only the entry `put` gave that signature (hex) to."""
        found = self.load(name, signed)
        return None if found is None else found[0]

    def load(self, name: str, signed: str | None = None) -> tuple[object, Written] | None:
        """`get`, with the entry as `put` wrote it (its signature, its file's facts)."""
        if self.fresh:
            return None
        found = self._ahead.pop(name, None) or self._read(name)
        path = self.folder / name
        if isinstance(found, str):
            return self._ignore(path, found)
        if found is None:
            return None
        value, written, error = found
        if signed is not None and written.signature != signed:
            return self._ignore(path, "is not the one its summary names")
        if error is not None:
            return self._ignore(path, f"does not load ({error})")
        return value, written

    def read_ahead(self) -> Iterator[None]:
        """Every entry there now read, checked and unpickled, one a step (a rebuild's EPUB
        takes nearly all of its documents): `load` takes them, and says then what was wrong
        with one, if anything (`meanwhile.py`)."""
        try:
            names = [] if self.fresh else sorted(os.listdir(self.folder))
        except OSError:
            return
        for name in names:
            if not name.startswith("."):  # a temporary file of `put`
                self._ahead[name] = self._read(name)
                yield

    def _read(self, name: str) -> _Read | str | None:
        """Entry NAME read: None when there is none, why when it is not ours, else its value
        (or the name of the exception unpickling it raised) and how it was written."""
        try:  # unbuffered, by a string path: a rebuild reads a thousand entries
            with open(os.path.join(self.folder, name), "rb", buffering=0) as file:
                data, facts = file.readall(), os.fstat(file.fileno())
        except OSError:
            return None
        payload = data[len(MAGIC) + _DIGEST :]
        signature = data[len(MAGIC) : len(MAGIC) + _DIGEST]
        if not (
            data.startswith(MAGIC) and hmac.compare_digest(signature, self._sign(name, payload))
        ):
            return "damaged, or not written by this user's bookmaker"
        written = Written(signature.hex(), (facts.st_size, facts.st_mtime_ns))
        try:
            return _Unpickler(io.BytesIO(payload)).load(), written, None
        except Exception as exc:  # noqa: BLE001 - a signed entry that does not load: ignore it
            return None, written, type(exc).__name__

    def loads(self, payload: bytes) -> object | None:
        """A value pickled inside a signed entry (a summary's), unpickled as an entry is: only
        into what a cache holds (None: it does not load)."""
        try:
            return _Unpickler(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - signed, yet it does not load: not to be used
            return None

    def check(self, name: str) -> bool:
        """Whether entry NAME, if there, is signed as `load` wants it, checked without
        unpickling it (for an entry only workers load: `compiled_css.py`); one that is not is
        ignored with a warning, as `load` ignores it."""
        path = self.folder / name
        try:
            data = b"" if self.fresh else path.read_bytes()
        except OSError:
            return True
        payload = data[len(MAGIC) + _DIGEST :]
        signature = data[len(MAGIC) : len(MAGIC) + _DIGEST]
        if not data or (
            data.startswith(MAGIC) and hmac.compare_digest(signature, self._sign(name, payload))
        ):
            return True
        self._ignore(path, "damaged, or not written by this user's bookmaker")
        return False

    def has(self, name: str) -> bool:
        """Whether an entry NAME is there to be read (`get` says whether it is to be trusted)."""
        # os.path, not pathlib: some 1,500 calls a rebuild, 1.4 µs each rather than 3.1
        return not self.fresh and (
            name in self._ahead or os.path.isfile(os.path.join(self.folder, name))
        )

    def put(self, name: str, value: object) -> Written | None:
        """Store VALUE as NAME; a cache that cannot be written is no reason to fail a build
        (None)."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        signature = self._sign(name, payload)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + signature + payload)
                out.flush()
                facts = os.fstat(out.fileno())
            os.replace(tmp, self.folder / name)
        except OSError:
            return None
        return Written(signature.hex(), (facts.st_size, facts.st_mtime_ns))

    def facts(self, name: str) -> tuple[int, int] | None:
        """The size and modification time of entry NAME (None: there is none)."""
        try:
            facts = os.stat(self.folder / name)
        except OSError:
            return None
        return None if self.fresh else (facts.st_size, facts.st_mtime_ns)

    def keep_only(self, names: set[str]) -> None:
        """Remove the entries not named: the cache holds what the last build used."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for path in entries:
            if path.name not in names:
                path.unlink(missing_ok=True)

    def _sign(self, name: str, payload: bytes) -> bytes:
        return hmac.new(self.secret, name.encode() + b"\0" + payload, hashlib.sha256).digest()

    def _ignore(self, path: Path, why: str) -> None:
        self.ignored.append(
            Diagnostic(f"cache entry {path.name} {why}; ignored", "cache.ignored", str(path))
        )
