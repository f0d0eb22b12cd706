"""build: the EPUB's zip (OCF), written entry by entry as the documents are made
(bytes → `epub/<slug>.epub`), so no more than one document is in memory at a time.

The mimetype comes first, stored; every other entry is deflated, with the book's own
timestamp, in the order the builder writes them, so the same book gives the same bytes.  A
document is deflated once (`deflate`) and its compressed bytes written as they are, which lets
a rebuild copy a chapter it rendered before without deflating it again.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Self

#: zlib's default level: on XHTML, as small as level 9 and a third faster.
LEVEL = 6
MIMETYPE = b"application/epub+zip"


@dataclass(frozen=True)
class Deflated:
    """An entry's bytes compressed as a zip stores them (raw deflate), with their CRC-32 and
    length before compression."""

    data: bytes
    crc: int
    size: int


def deflate(data: bytes) -> Deflated:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # what zipfile itself uses
    return Deflated(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


class Container:
    """The zip at PATH, all entries stamped DATE_TIME; the mimetype is written first."""

    def __init__(self, path: Path, date_time: tuple[int, ...]):
        self.stamp = zip_time(date_time)
        self.zip = zipfile.ZipFile(path, "w")
        info = self._info("mimetype", zipfile.ZIP_STORED)
        self.zip.writestr(info, MIMETYPE)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def _info(self, name: str, compression: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)  # type: ignore[arg-type]
        info.compress_type = compression
        info.external_attr = 0o644 << 16
        return info

    def add(self, name: str, data: bytes) -> None:
        self.add_deflated(name, deflate(data))

    def add_file(self, name: str, source: Path) -> None:
        """A file (a book's image) copied into the zip in pieces, never whole in memory."""
        with source.open("rb") as src, self.zip.open(self._info(name), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

    def add_deflated(self, name: str, entry: Deflated) -> None:
        """An entry whose bytes are deflated already, written as they are.

        zipfile has no public call for this; this does what its own writers do (a local
        header, the data, the entry recorded for the central directory), with the sizes and
        CRC known beforehand, so no data descriptor is needed."""
        info = self._info(name)
        info.CRC, info.compress_size, info.file_size = entry.crc, len(entry.data), entry.size
        archive = self.zip
        with archive._lock:
            archive._writecheck(info)
            archive._didModify = True
            info.header_offset = archive.fp.tell()  # type: ignore[union-attr]
            archive.fp.write(info.FileHeader(False) + entry.data)  # type: ignore[union-attr]
            archive.filelist.append(info)
            archive.NameToInfo[name] = info
            archive.start_dir = archive.fp.tell()  # type: ignore[union-attr]


#: The first and last instants a zip entry's time can hold (MS-DOS dates).
ZIP_FIRST, ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 23, 59, 58)


def zip_time(date_time: tuple[int, ...]) -> tuple[int, ...]:
    """DATE_TIME as a zip entry can hold it: the nearest of its first and last instants
    when it is outside them (the package's metadata keeps the real date)."""
    return min(max(tuple(date_time[:6]), ZIP_FIRST), ZIP_LAST)
