"""A one-post rebuild timed alone, checkouts side by side (issue 14).

    python benchmarks/rebuild_alone.py ROUNDS NAME=CHECKOUT [NAME=CHECKOUT ...]
        [--posts 500] [--work /tmp/rebuild-alone]

Writes an archive of seed-like posts (`archive.py`) once into WORK, builds it fresh once per
checkout (each its own output folder and cache), then each round edits the middle post (a
sentence, different each round), waits out the file index's racy window (2 s), and rebuilds
with each checkout in turn; then builds again with nothing changed.  Wall time, and the CPU
of the build's process tree (`RUSAGE_CHILDREN`); medians at the end, with the load average.
Each CHECKOUT is put first on PYTHONPATH (a `git archive` snapshot; its bytecode is compiled
first).  A checkout's first round builds everything if its cache is from another commit.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import write_archive

RACY = 2.2


def build(checkout: str, posts: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds of `bookmaker build POSTS -o OUT -b epub` by CHECKOUT."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": checkout}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "bookmaker", "build", str(posts), "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*command, "-b", "epub", "-q", *extra], env=env, cwd="/tmp", check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int)
    parser.add_argument("checkouts", nargs="+", metavar="NAME=CHECKOUT")
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rebuild-alone"))
    args = parser.parse_args()
    checkouts = [tuple(pair.split("=", 1)) for pair in args.checkouts]
    posts = args.work / f"archive-{args.posts}"
    if not posts.is_dir():
        write_archive(args.posts, posts)
    edited = sorted(posts.glob("*.md"))[args.posts // 2]
    original = edited.read_text(encoding="utf-8").split("\nA sentence added")[0]
    edited.write_text(original, encoding="utf-8")
    for name, checkout in checkouts:
        compileall.compile_dir(Path(checkout) / "bookmaker", quiet=1)
        build(checkout, posts, args.work / f"out-{name}", "--fresh")
    times: dict[str, list[tuple[float, float]]] = {}
    print(f"load average before: {os.getloadavg()}")
    for round_ in range(args.rounds):
        edited.write_text(original + f"\nA sentence added {round_}.\n", encoding="utf-8")
        for kind in ("one post edited", "unchanged"):
            time.sleep(RACY)
            for name, checkout in checkouts:
                wall, cpu = build(checkout, posts, args.work / f"out-{name}")
                times.setdefault(f"{name}, {kind}", []).append((wall, cpu))
                print(f"round {round_} {name}, {kind}: wall {wall:.3f} s, CPU {cpu:.3f} s")
    print(f"load average after: {os.getloadavg()}")
    for label, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{label}: wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), "
            f"CPU median {statistics.median(cpus):.3f} s (min {min(cpus):.3f})"
        )
    edited.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
