"""The build cache names its entries by the versions of the libraries that shape them, read
from the metadata folders' names on `sys.path` (importing `importlib.metadata` and parsing
each METADATA file cost a rebuild some 0.1 s): they must be what `importlib.metadata` says,
and a library upgraded must give other names."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from bookmaker.cache import keys


@pytest.mark.parametrize("name", [*keys.LIBRARIES, "Pillow", "fonttools", "no-such-library"])
def test_each_version_is_the_one_importlib_metadata_gives(name: str):
    try:
        expected = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = "-"
    assert keys.version(name) == expected


def test_an_upgraded_library_changes_every_entry_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    before = keys.environment()
    for version in ("99.0", "99.1"):
        site = tmp_path / version
        (site / f"jinja2-{version}.dist-info").mkdir(parents=True)
        (site / f"jinja2-{version}.dist-info" / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: Jinja2\nVersion: {version}\n", encoding="utf-8"
        )
    names = []
    for version in ("99.0", "99.1"):
        monkeypatch.setattr(sys, "path", [str(tmp_path / version), *sys.path])
        for cached in (keys.environment, keys._installed):
            cached.cache_clear()
        assert keys.version("Jinja2") == metadata.version("Jinja2") == version
        names.append(keys.environment())
        monkeypatch.undo()
    for cached in (keys.environment, keys._installed):
        cached.cache_clear()
    assert keys.environment() == before
    assert len({before, *names}) == 3
