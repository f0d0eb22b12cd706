"""Commands that build nothing start fast: they import only what they need, never the parsers,
Jinja or the EPUB and PDF libraries a build loads (speed itself is measured in benchmarks/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import ROOT, SAMPLES

#: What a build loads, and each command that builds nothing must not.
HEAVY = ("bs4", "soupsieve", "markdown_it", "ebooklib", "weasyprint", "PIL", "fontTools", "yaml")

_PROBE = """
import json, sys
from click.testing import CliRunner
from bookmaker.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "modules": sorted(sys.modules)}))
"""


def imported_by(*args: str) -> tuple[int, set[str]]:
    """The exit code of `bookmaker ARGS` run in a fresh interpreter, and the top-level
    packages it imported."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return report["exit"], {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize(
    ("args", "also_absent"),
    [
        (("--help",), ("jinja2", "lxml", "rich")),
        (("build", "--help"), ("jinja2", "lxml")),
        (("themes", "-p", str(SAMPLES)), ("lxml",)),
        (("themes", "show", "classic"), ("lxml",)),
    ],
)
def test_commands_that_build_nothing_import_no_build_library(args, also_absent):
    code, modules = imported_by(*args)
    assert code == 0
    assert not modules & {*HEAVY, *also_absent}, sorted(modules & {*HEAVY, *also_absent})


def test_check_imports_no_build_library(tmp_path: Path):
    not_an_epub = tmp_path / "book.epub"
    not_an_epub.write_bytes(b"not a zip")
    code, modules = imported_by("check", str(not_an_epub), "--no-epubcheck")
    assert code == 1  # it did run: the file is refused
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
