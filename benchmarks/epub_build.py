"""Benchmark: time and peak memory of an EPUB-only build of a large synthetic blog, and of
`bookmaker check`'s structural pass over the result.

    python benchmarks/epub_build.py [POSTS]      (default 500)

Each post: front matter, four paragraphs with three links each, a heading, a footnote; every
tenth post is a conversation with three contributors.  Prints one line per step.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from bookmaker.check import check_structure
from bookmaker.pipeline import build

WORDS = [
    "library",
    "repair",
    "reading",
    "water",
    "walk",
    "radio",
    "archive",
    "commons",
    "shelf",
    "paper",
    "ink",
    "note",
    "garden",
    "bridge",
    "river",
    "lamp",
    "window",
    "street",
    "market",
    "letter",
]


def paragraph(seed: int) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(60)]
    for k, at in enumerate((10, 30, 50)):
        words[at] = f"[{words[at]}](https://example.org/{seed}/{k})"
    return " ".join(words).capitalize() + "."


def post(n: int) -> str:
    body = "\n\n".join(paragraph(n * 4 + i) for i in range(4))
    head = f"---\ntitle: Post number {n}\ndate: 2020-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z\n"
    if n % 10 == 0:
        people = ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
        head += "contributors: [" + ", ".join(people) + "]\n---\n\nAn introduction.\n\n"
        return head + "\n\n".join(f"## {p}\n\n{body}" for p in people) + "\n"
    return head + f"---\n\n{body}\n\n## Afterwards\n\nA last word.[^1]\n\n[^1]: A footnote.\n"


def main(posts: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "blog"
        root.mkdir()
        for n in range(posts):
            (root / f"2020-01-01-post-{n:04d}.md").write_text(post(n), encoding="utf-8")
        start = time.perf_counter()
        report = build(root, ["epub"], Path(tmp) / "out")
        built = time.perf_counter() - start
        path = report.results[0].path
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"build: {posts} posts, {report.book.endnote_count} notes -> {path.stat().st_size / 1e6:.1f} MB "
            f"in {built:.1f} s, peak RSS {peak:.0f} MB"
        )
        start = time.perf_counter()
        problems = check_structure(path)
        print(f"check: {len(problems)} problems in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
