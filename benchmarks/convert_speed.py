"""Time per post of read and convert on the seed-like archive, in one process, and where it goes.

    python benchmarks/convert_speed.py [POSTS] [--profile [N]]      (default 100 posts)

Writes POSTS seed-like posts (`archive.py`) to a temporary folder, reads them as a build does
(slugs made unique), builds the link index, then converts each post, timing each step.
Prints the mean and median milliseconds per post, of CPU time (steadier than wall time on a
shared machine) and of wall time, and the mean CPU of each phase of `convert` (parse, clean,
split into sections, resolve, normalise, notes, the chapter); with --profile, cProfile's N most costly functions of the
convert step (by own time, then by cumulative time).  Not a test: the numbers depend on the
machine and its load.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import write_archive

import bookmaker.convert.phases as phases_module
from bookmaker import ids
from bookmaker.config import load
from bookmaker.convert import convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.pipeline import convert_context, read, site_url

#: The phases `convert` runs, by the names it calls them by.
PHASES = ("parse_post", "clean", "split_sections", "resolve", "normalise", "make_notes", "chapter")


def time_phases() -> dict[str, float]:
    """CPU seconds spent in each phase of `convert` from now on, by name (the phases are
    wrapped in `convert.phases`, where `convert` imports them from at each call)."""
    spent = dict.fromkeys(PHASES, 0.0)

    def timed(name: str, phase):
        def run(*args):
            start = time.process_time()
            try:
                return phase(*args)
            finally:
                spent[name] += time.process_time() - start

        return run

    for name in PHASES:
        setattr(phases_module, name, timed(name, getattr(phases_module, name)))
    return spent


def measure(folder: Path, profile: int) -> None:
    config = load(folder)
    t0 = time.process_time()
    reading = read(folder, config, folder / "_build", keep_going=False)
    read_ms = 1000 * (time.process_time() - t0) / len(reading.posts)
    posts = reading.posts
    index = LinkIndex.build(((p, ids.chapter_id(p.slug)) for p in posts), site_url(config))
    ctx = convert_context(config, index)
    convert(posts[0], ctx)  # the first conversion compiles the selectors: not per-post work
    profiler = cProfile.Profile() if profile else None
    spent = time_phases()
    cpu, wall = [], []
    for post in posts:
        if profiler:
            profiler.enable()
        start, start_cpu = time.perf_counter(), time.process_time()
        convert(post, ctx)
        cpu.append(1000 * (time.process_time() - start_cpu))
        wall.append(1000 * (time.perf_counter() - start))
        if profiler:
            profiler.disable()
    print(f"{len(posts)} posts: read {read_ms:.1f} ms CPU/post (mean)")
    for name, times in (("CPU", cpu), ("wall", wall)):
        print(
            f"convert, {name}: mean {statistics.mean(times):.1f} ms/post, "
            f"median {statistics.median(times):.1f}, max {max(times):.1f}"
            + ("  (under cProfile)" if profiler else "")
        )
    phases = ", ".join(f"{name} {1000 * t / len(posts):.1f}" for name, t in spent.items())
    print(f"convert's phases, CPU ms/post (mean): {phases}")
    if profiler:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(profile)
            print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=int, nargs="?", default=100)
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        write_archive(args.posts, folder)
        measure(folder, args.profile)


if __name__ == "__main__":
    main()
