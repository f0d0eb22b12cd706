"""EPUB builds at scale, bookmaker beside pandoc on the same posts, in one run.

    python benchmarks/epub_scale.py [--posts 100 1000] [--edit 500] [--jobs N] [--no-pandoc]

For each size N: writes N seed-like posts (`archive.py`), then times, each as its own process
tree (wall time, CPU time of the tree, peak RSS of the tree sampled every 20 ms, summed over
its processes):

- bookmaker: a fresh EPUB build (`--fresh`), then the same build again (all from the cache);
- pandoc 2.x on the same posts: the Markdown files (`-f markdown`), and one HTML file holding
  every post's body (`-f html`, the HTML made beforehand with markdown-it, untimed).

With --edit M (default 500): an archive of M posts is built fresh, one post in the middle is
edited (a sentence added), the EPUB is rebuilt with the cache, and its bytes are compared with
a fresh build of the edited archive into another folder.

Prints a Markdown table, the ratios, and the load average before and after.  SOURCE_DATE_EPOCH
is fixed, so bookmaker's EPUBs are comparable byte for byte.  Not a test: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from archive import write_archive

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    name: str
    wall: float
    cpu: float
    rss_mb: float
    ok: bool


def _tree_rss(root: int) -> int:
    """Bytes resident in ROOT and every process below it."""
    parents: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry.name}/statm") as statm:
                rss[int(entry.name)] = int(statm.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(parents.get(pid, []))
    return total


def measure(name: str, command: list[str], env: dict[str, str]) -> Run:
    """Run COMMAND to the end: its wall time, its tree's CPU time and peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        print(f"  {name}: exit {process.returncode}: {stderr.decode()[-500:]}", file=sys.stderr)
    return Run(name, wall, cpu, peak / 2**20, process.returncode == 0)


def combined_html(folder: Path, target: Path) -> None:
    """Every post's title and body in one HTML file, as pandoc's `-f html` input."""
    import frontmatter
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    parts = ["<!DOCTYPE html>\n<html><head><title>Archive</title></head><body>"]
    for path in sorted(folder.glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        parts += [f"<h1>{post.get('title', path.stem)}</h1>", md.render(post.content)]
    parts.append("</body></html>\n")
    target.write_text("\n".join(parts), encoding="utf-8")


def bookmaker(*args: str) -> list[str]:
    return [sys.executable, "-m", "bookmaker", "build", *args, "-b", "epub", "-q"]


def size_runs(n: int, work: Path, env: dict[str, str], jobs: list[str], pandoc: bool) -> list[Run]:
    posts = work / f"archive-{n}"
    write_archive(n, posts)
    out = work / f"out-{n}"
    runs = [
        measure(
            f"bookmaker, fresh ({n})", bookmaker(str(posts), "-o", str(out), "--fresh", *jobs), env
        ),
        measure(f"bookmaker, unchanged ({n})", bookmaker(str(posts), "-o", str(out), *jobs), env),
    ]
    if pandoc:
        html = work / f"archive-{n}.html"
        combined_html(posts, html)
        mds = sorted(str(p) for p in posts.glob("*.md"))
        runs.append(
            measure(
                f"pandoc -f markdown ({n})",
                [
                    "pandoc",
                    "-f",
                    "markdown",
                    "-t",
                    "epub3",
                    "-o",
                    str(work / f"pandoc-md-{n}.epub"),
                    *mds,
                ],
                env,
            )
        )
        runs.append(
            measure(
                f"pandoc -f html ({n})",
                [
                    "pandoc",
                    "-f",
                    "html",
                    "-t",
                    "epub3",
                    "-o",
                    str(work / f"pandoc-html-{n}.epub"),
                    str(html),
                ],
                env,
            )
        )
    shutil.rmtree(out, ignore_errors=True)
    return runs


def edit_runs(m: int, work: Path, env: dict[str, str], jobs: list[str]) -> tuple[list[Run], bool]:
    """Fresh build of M posts, one edited, rebuilt; whether the rebuild equals a fresh build."""
    posts = work / f"edit-{m}"
    write_archive(m, posts)
    out, fresh_out = work / f"edit-out-{m}", work / f"edit-fresh-{m}"
    full = measure(
        f"bookmaker, fresh ({m})", bookmaker(str(posts), "-o", str(out), "--fresh", *jobs), env
    )
    edited = sorted(posts.glob("*.md"))[m // 2]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA sentence added after the build.\n",
        encoding="utf-8",
    )
    rebuild = measure(
        f"bookmaker, one post edited ({m})", bookmaker(str(posts), "-o", str(out), *jobs), env
    )
    check = measure(
        f"bookmaker, edited archive fresh ({m})",
        bookmaker(str(posts), "-o", str(fresh_out), "--fresh", *jobs),
        env,
    )
    slug = next((out / "epub").iterdir()).name
    same = (out / "epub" / slug).read_bytes() == (fresh_out / "epub" / slug).read_bytes()
    return [full, rebuild, check], same


def table(runs: list[Run]) -> str:
    lines = ["| run | wall s | CPU s | peak RSS MB (tree) |", "|---|---:|---:|---:|"]
    for r in runs:
        mark = "" if r.ok else " (failed)"
        lines.append(f"| {r.name}{mark} | {r.wall:.1f} | {r.cpu:.1f} | {r.rss_mb:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--edit", type=int, default=500, help="0: no edit-and-rebuild run")
    parser.add_argument("--jobs", type=int, help="bookmaker's -j (default: its own)")
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args()
    pandoc = not args.no_pandoc and shutil.which("pandoc") is not None
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} cores")
    if pandoc:
        print(
            subprocess.run(
                ["pandoc", "--version"], check=True, capture_output=True, text=True
            ).stdout.splitlines()[0]
        )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="epub-scale-") as tmp:
        work = Path(tmp)
        for n in args.posts:
            sized = size_runs(n, work, env, jobs, pandoc)
            runs += sized
            if pandoc:
                fresh = sized[0]
                for other in sized[2:]:
                    print(
                        f"{n} posts: bookmaker wall / {other.name}: {fresh.wall / other.wall:.3f}"
                    )
        if args.edit:
            edits, same = edit_runs(args.edit, work, env, jobs)
            runs += edits
            print(
                f"{args.edit} posts, one edited: rebuild / full build wall: {edits[1].wall / edits[0].wall:.3f}; rebuilt EPUB equals a fresh build: {same}"
            )
    print(f"load average after: {os.getloadavg()}")
    print(table(runs))


if __name__ == "__main__":
    main()
