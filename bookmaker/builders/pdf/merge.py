"""build, print edition: the pieces' PDFs made one book (pikepdf).

Pages in book order; one name tree of destinations (each name from the piece that defines it,
never from a stub), so the contents, the notes and cross-references link across pieces; the
outline of every piece under one root; page labels (roman for the front matter, arabic from
the first body page); the document information and language of the front matter.  Saved with
a content-derived file identifier, so the same pieces always give the same bytes.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import pikepdf

from bookmaker.builders.pdf.chapters import Laid


def merge(laid: Sequence[Laid], target: Path) -> int:
    """Write the book of LAID's pieces to TARGET; the number of pages."""
    out = pikepdf.Pdf.new()
    dests: dict[str, pikepdf.Array] = {}
    entries: list[tuple[int, pikepdf.OutlineItem]] = []
    sources = [pikepdf.Pdf.open(item.pdf) for item in laid]
    try:
        for item, src in zip(laid, sources, strict=True):
            offset = len(out.pages)
            index = {page.obj.objgen: n for n, page in enumerate(src.pages)}
            with warnings.catch_warnings():
                # Named destinations are rebuilt below, from every piece.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(src.pages)
            names = src.Root.get("/Names")
            if names is not None and "/Dests" in names:
                for name, dest in pikepdf.NameTree(names.Dests).items():
                    if name in item.piece.ids and name not in dests:
                        page = out.pages[offset + index[dest[0].objgen]].obj
                        dests[name] = pikepdf.Array([page, *list(dest)[1:]])
            with src.open_outline() as piece:
                flat = _flatten(piece.root, offset, index)
            entries += zip(item.layout.levels, flat, strict=True)
        tree = pikepdf.NameTree.new(out)
        for name in sorted(dests):
            tree[name] = dests[name]
        out.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        with out.open_outline() as root:
            _nest(root.root, entries)
        front = sum(len(s.pages) for i, s in zip(laid, sources) if i.piece.kind == "front")
        _finish(out, sources[0], front)
        out.save(
            target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )
        return len(out.pages)
    finally:
        for src in sources:
            src.close()


def _finish(out: pikepdf.Pdf, first: pikepdf.Pdf, front: int) -> None:
    """Page labels (roman for the FRONT pages, then arabic from 1), and the document
    information and language of the FIRST piece (every piece has the same)."""
    nums = [0, pikepdf.Dictionary(S=pikepdf.Name.r)] if front else []
    if front < len(out.pages):
        nums += [front, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)]
    out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
    for key, value in first.docinfo.items():
        out.docinfo[key] = value
    if "/Lang" in first.Root:
        out.Root.Lang = first.Root.Lang


def _flatten(items: list, offset: int, index: dict) -> list[pikepdf.OutlineItem]:
    """A piece's outline entries in document order, pointing at the book's pages."""
    out = []
    for item in items:
        dest = item.destination
        left, top = (float(v) for v in list(dest)[2:4])
        new = pikepdf.OutlineItem(
            item.title, offset + index[dest[0].objgen], "XYZ", left=left, top=top
        )
        new.is_closed = item.is_closed
        out.append(new)
        out += _flatten(item.children, offset, index)
    return out


def _nest(root: list, entries: list[tuple[int, pikepdf.OutlineItem]]) -> None:
    """ENTRIES (level, item) nested as WeasyPrint nests one document's: under the last entry
    of a lower level."""
    stack: list[tuple[int, list]] = [(0, root)]
    for level, item in entries:
        while stack[-1][0] >= level:
            stack.pop()
        stack[-1][1].append(item)
        stack.append((level, item.children))
