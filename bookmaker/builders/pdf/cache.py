"""build, print edition: laid-out pieces kept between builds, under `OUTDIR/.bookmaker-cache/pdf/`.

An entry is a piece's PDF and a JSON record, named by the hash of everything its layout
depends on (the piece's HTML, the stylesheets, the files it may fetch, the settings, the
versions of bookmaker and WeasyPrint) and by where it starts (page number, side, whether a
blank verso follows).  The record carries the PDF's own hash: an entry whose record does not
parse, does not match its name or its PDF is ignored and laid out again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path

from bookmaker import __version__
from bookmaker.builders.output import output_root
from bookmaker.builders.pdf.layout import LayoutResult
from bookmaker.builders.pdf.render import PieceLayout

#: Bumped when the record's shape or the meaning of a key changes.
FORMAT = 3
MANIFEST = "manifest.json"


def folder(outdir: Path) -> Path:
    """The PDF layout cache for a builder given OUTDIR (the run's generation inside the output
    folder): beside the generations, so it outlives the run."""
    return output_root(outdir) / ".bookmaker-cache" / "pdf"


def content_key(
    html: str, stylesheets: Iterable[str], files: Mapping[str, Path], *settings: object
) -> str:
    """What a piece's layout depends on, apart from where it starts."""
    import weasyprint

    digest = hashlib.sha256()
    for part in (FORMAT, __version__, weasyprint.__version__, *settings, html, *stylesheets):
        digest.update(str(part).encode("utf-8", "surrogatepass") + b"\0")
    for href in sorted(files):
        stat = files[href].stat() if files[href].exists() else None
        digest.update(f"{href}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:40]


def entry_name(key: str, start: int, left: bool, pad: bool) -> str:
    return f"{key}-{start}{'L' if left else 'R'}{'p' if pad else ''}"


class LayoutCache:
    def __init__(self, root: Path, *, fresh: bool = False):
        self.root = root
        #: `--fresh`: no entry is read; all are written anew.
        self.fresh = fresh
        self.used: set[str] = set()

    def pdf(self, name: str) -> Path:
        return self.root / f"{name}.pdf"

    def get(self, name: str) -> PieceLayout | None:
        """The entry NAME, if it is whole and ours."""
        if self.fresh:
            return None
        try:
            record = json.loads((self.root / f"{name}.json").read_text(encoding="utf-8"))
            data = self.pdf(name).read_bytes()
            if record.get("format") != FORMAT or record.get("name") != name:
                return None
            if record.get("sha256") != hashlib.sha256(data).hexdigest():
                return None
            result = LayoutResult(**{k: _tuple(v) for k, v in record["result"].items()})
            anchors = {str(k): int(v) for k, v in record["anchors"].items()}
            levels = tuple(int(v) for v in record["levels"])
            filled = record["filled"]
            if filled is not None:
                filled = int(filled)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        self.used.add(name)
        return PieceLayout(result, anchors, levels, filled)

    def pages_of(self, key: str) -> int | None:
        """How many pages the content KEY took at any start (it does not depend on it)."""
        for path in sorted(self.root.glob(f"{key}-*.json")):
            layout = self.get(path.stem)
            if layout is not None:
                return layout.result.pages
        return None

    def put(self, name: str, layout: PieceLayout) -> None:
        """Record the entry NAME, whose PDF the layout wrote to `pdf(name)`."""
        record = {
            "format": FORMAT,
            "name": name,
            "sha256": hashlib.sha256(self.pdf(name).read_bytes()).hexdigest(),
            "result": asdict(layout.result),
            "anchors": dict(layout.anchors),
            "levels": list(layout.levels),
            "filled": layout.filled,
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(tmp, self.root / f"{name}.json")
        self.used.add(name)

    def last_pages(self) -> dict[str, int]:
        """Pages each piece (by id) took in the last build: the best guess for an edited one."""
        if self.fresh:
            return {}
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            return {str(k): int(v) for k, v in data["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def finish(self, pages: Mapping[str, int]) -> None:
        """Record PAGES as the last build's, and drop the entries this build did not use: the
        cache holds one book's layout."""
        for path in self.root.iterdir():
            if path.name != MANIFEST and path.stem not in self.used:
                path.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".manifest.", suffix=".tmp", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "pages": dict(pages)}, out)
        os.replace(tmp, self.root / MANIFEST)


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value
