"""Throughput and the corpus acceptance, measured outside the test suite.

    python benchmarks/corpus.py [CORPUS_DIR] [--cli]

Reads and converts every post of the shared corpus in one process and prints the time per
post and in total.  With --cli it also runs `bookmaker build FILE -b epub` on each post as a
user would (a fresh interpreter, 120 s limit each) and prints what each run ended with.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bookmaker import ids
from bookmaker.config import Config
from bookmaker.convert import convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError
from bookmaker.pipeline import convert_context
from bookmaker.read import read_post

HERE = Path(__file__).resolve().parent
DEFAULT = next(
    (p / "shared" / "corpus" / "posts" for p in HERE.parents if (p / "shared").is_dir()), None
)


def convert_all(posts: list[Path]) -> None:
    total = time.perf_counter()
    read_time = convert_time = 0.0
    for path in posts:
        t0 = time.perf_counter()
        try:
            post, _ = read_post(path)
        except BookmakerError as exc:
            print(f"{path.name[:48]:48}  refused: {exc}")
            continue
        t1 = time.perf_counter()
        config = replace(Config(), root=path.parent)
        ctx = convert_context(config, LinkIndex.build([(post, ids.chapter_id(post.slug))]))
        chapter, diags = convert(post, ctx)
        t2 = time.perf_counter()
        read_time += t1 - t0
        convert_time += t2 - t1
        print(
            f"{path.name[:48]:48}  read {1000 * (t1 - t0):7.1f} ms  convert {1000 * (t2 - t1):7.1f} ms"
            f"  {len(chapter.endnotes):3d} notes  {len(diags.items):3d} warnings"
        )
    print(
        f"\n{len(posts)} posts: read {read_time:.2f} s, convert {convert_time:.2f} s, "
        f"wall {time.perf_counter() - total:.2f} s"
    )


def cli_each(posts: list[Path]) -> None:
    built = refused = crashed = 0
    for path in posts:
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            try:
                proc = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "bookmaker",
                        "build",
                        str(path),
                        "-b",
                        "epub",
                        "-o",
                        out,
                        "-q",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                crashed += 1
                print(f"{path.name[:48]:48}  HANG (over 120 s)")
                continue
            took = time.perf_counter() - t0
            lines = proc.stderr.strip().splitlines()
            if proc.returncode == 0:
                built += 1
                print(f"{path.name[:48]:48}  built    {took:5.2f} s")
            elif "Traceback" in proc.stderr or len(lines) != 1:
                crashed += 1
                print(f"{path.name[:48]:48}  CRASH    {proc.stderr[-300:]}")
            else:
                refused += 1
                print(f"{path.name[:48]:48}  refused  {lines[0]}")
    print(f"\nCLI: {built} built, {refused} refused with one line, {crashed} crashed or hung")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT
    if corpus is None or not corpus.is_dir():
        print("no corpus folder found; pass one", file=sys.stderr)
        return 2
    posts = sorted(p for p in corpus.iterdir() if p.is_file())
    convert_all(posts)
    if "--cli" in argv:
        cli_each(posts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
