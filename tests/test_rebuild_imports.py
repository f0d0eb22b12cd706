"""A rebuild after one post's edit reads and converts that post in a worker process and takes
the others from the cache, so the build's own process never needs the parsers, the HTTP
client or the image library: it must not import them (their import was a third of a one-post
rebuild).  How fast a rebuild is is measured in benchmarks/, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers.paths import ROOT

#: What reading and converting a post load, and the images stage's fetching and probing.
PARSING = (
    "bs4",
    "soupsieve",
    "markdown_it",
    "mdit_py_plugins",
    "yaml",
    "frontmatter",
    "charset_normalizer",
    "urllib3",
    "certifi",
    "PIL",
)

#: `bookmaker ARGS`, printing at its end the modules the build's own process imported (a
#: forked worker leaves without running `atexit`).
_PROBE = """
import atexit, json, os, sys
from bookmaker.cli import main
me = os.getpid()
atexit.register(lambda: os.getpid() == me and print(json.dumps(sorted(sys.modules))))
main(sys.argv[1:])
"""


def at_start() -> set[str]:
    """The top-level packages this Python imports before running anything (a site's `.pth`
    files may import some: not the build's doing)."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {name.split(".")[0] for name in json.loads(done.stdout)}


def build(posts: Path, out: Path, *more: str) -> set[str]:
    """The top-level packages a `-j 2` EPUB build of POSTS into OUT imported in its own process."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "build", str(posts), "-o", str(out), "-b", "epub"]
        + ["-q", "-j", "2", *more],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"},
        timeout=300,
    )
    return {name.split(".")[0] for name in json.loads(done.stdout.strip().splitlines()[-1])}


def test_a_one_post_rebuild_imports_no_parser_in_its_own_process(tmp_path: Path):
    posts = tmp_path / "posts"
    posts.mkdir()
    for n in range(1, 7):
        (posts / f"2024-01-0{n}-post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-0{n}\n---\nThe *{n}th* post, with "
            f"[a link](https://example.org/{n}) and a [neighbour](/2024/01/0{n % 6 + 1}/).\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    fresh = build(posts, out, "--fresh")
    assert {"bookmaker", "jinja2", "lxml"} <= fresh  # the probe sees what the build imports
    edited = posts / "2024-01-03-post-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA sentence added.\n", "utf-8")

    rebuilt = build(posts, out)

    imported = (rebuilt - at_start()) & set(PARSING)
    assert not imported, sorted(imported)
    with zipfile.ZipFile(out / "epub" / "posts.epub") as epub:
        text = b"".join(epub.read(n) for n in epub.namelist() if n.endswith(".xhtml"))
    assert b"A sentence added." in text
