"""Time and memory of the PDF build, stage by stage, on a synthetic book or a folder of posts.

    python benchmarks/pdf_build.py --chapters 60            # synthetic conversation posts
    python benchmarks/pdf_build.py --posts ../shared/corpus/posts -D pdf.notes=footnote

Prints one line per stage: wall seconds and, for the layout child, its peak RSS.  Not a test:
numbers depend on the machine.  Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from bookmaker.assemble import assemble
from bookmaker.builders.pdf.document import print_document
from bookmaker.builders.pdf.fonts import missing_fonts, system_coverage
from bookmaker.builders.pdf.layout import LayoutJob, run_layout
from bookmaker.config import load
from bookmaker.pipeline import Report, convert_all, read
from bookmaker.theming import load_theme

WORDS = [
    "archive",
    "library",
    "repair",
    "river",
    "contributor",
    "reservoir",
    "engine",
    "pattern",
    "paper",
    "address",
    "collection",
    "decision",
    "community",
    "shelf",
    "digital",
    "catalogue",
    "evening",
    "volunteer",
    "station",
]


def synthetic(folder: Path, chapters: int, seed: int = 1) -> None:
    """CHAPTERS conversation posts: an intro and three contributors, links in most paragraphs."""
    rng = random.Random(seed)

    def paragraph() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(60, 120))]
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(words))
            words[at] = (
                f"[{words[at]}](https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 99999)})"
            )
        return " ".join(words).capitalize() + "."

    for n in range(1, chapters + 1):
        people = [f"Person {n}-{k}" for k in range(1, 4)]
        body = [paragraph() for _ in range(2)]
        for person in people:
            body.append(f"## {person}")
            body.extend(paragraph() for _ in range(rng.randint(4, 7)))
        (folder / f"2024-01-01-chapter-{n:03d}.md").write_text(
            f"---\ntitle: Chapter {n}\ndate: 2024-01-{1 + n % 28:02d}\n"
            f"contributors: {people}\n---\n" + "\n\n".join(body) + "\n",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--posts", type=Path, help="a folder of posts instead of synthetic ones")
    parser.add_argument("-D", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.posts
        if source is None:
            source = Path(tmp) / "posts"
            source.mkdir()
            synthetic(source, args.chapters)
        t0 = time.perf_counter()
        config = load(source, tuple(args.overrides))
        posts = read(source, config, Path(tmp) / "out", keep_going=True).posts
        chapters = convert_all(posts, config, Report(), keep_going=True)
        book = assemble(chapters, config, source)
        theme = load_theme(config.theme.name, (source / "_themes",), config.theme.options)
        t1 = time.perf_counter()
        doc = print_document(book, theme, config, link_stylesheets=False)
        t2 = time.perf_counter()
        fonts = missing_fonts(book, theme.fonts(), system_coverage())
        t3 = time.perf_counter()
        languages = tuple(sorted({book.meta.language, *(c.language for c in book.chapters)}))
        job = LayoutJob(
            doc.html,
            tuple(doc.stylesheets.values()),
            dict(doc.files),
            doc.body_start,
            Path(tmp) / "book.pdf",
            config.pdf.variant,
            doc.geometry.bleed,
            languages,
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run_layout(job, config.pdf.time_limit)
        t4 = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_rss = after.ru_maxrss / 1024
        child_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        size = job.target.stat().st_size / 1e6
    print(
        f"{len(book.chapters)} chapters, {book.endnote_count} notes, {result.pages} pages "
        f"({result.front_pages} front), PDF {size:.2f} MB, {len(fonts.warnings)} font warnings"
    )
    print(f"read+convert+assemble  {t1 - t0:7.2f} s")
    print(f"print document         {t2 - t1:7.2f} s  ({len(doc.html) / 1e6:.2f} MB of HTML)")
    print(f"font coverage check    {t3 - t2:7.2f} s")
    print(
        f"layout + write (child) {t4 - t3:7.2f} s  {result.pages / (t4 - t3):.1f} pages/s wall; "
        f"{child_cpu:.2f} s CPU, {result.pages / child_cpu:.1f} pages/s; "
        f"peak RSS {child_rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
