"""EPUB builds at scale, bookmaker beside pandoc on the same posts, in one run.

    python benchmarks/epub_scale.py [--posts 100 1000] [--edit 500] [--jobs N] [--no-pandoc]
        [--pandoc-from html] [--anchor CHECKOUT]

For each size N: writes N seed-like posts (`archive.py`), then times, each as its own process
tree (wall time, CPU time of the tree, peak RSS of the tree sampled every 0.25 s, summed over
its processes):

- bookmaker: a fresh EPUB build (`--fresh`), then the same build again (all from the cache);
- pandoc 2.x on the same posts: the Markdown files (`-f markdown`), and one HTML file holding
  every post's body (`-f html`, the HTML made beforehand with markdown-it, untimed).

With --edit M (default 500): an archive of M posts is built fresh, one post in the middle is
edited (a sentence added), the EPUB is rebuilt with the cache, and its bytes are compared with
a fresh build of the edited archive into another folder.

With --anchor CHECKOUT (a `git archive` snapshot of main, say), that checkout's bookmaker runs
the same builds in the same run, each beside this one's, on the same posts (its own edit run
on its own copy of the archive).

Memory is given twice: the peak of the tree's resident set summed over its processes (RSS:
pages a forked worker shares with its parent are counted in each), and the peak of the
tree's proportional set (PSS: each shared page split between the processes that share it,
so the sum is what the tree holds).

Each checkout's bytecode is compiled before anything is timed (`compileall`), and the builds
may write it (PYTHONDONTWRITEBYTECODE is dropped): an installed bookmaker has its `.pyc` files,
and a one-post rebuild that compiled bookmaker's 140 modules again would measure that.

Prints a Markdown table, the ratios, and the load average before and after.  SOURCE_DATE_EPOCH
is fixed, so bookmaker's EPUBs are comparable byte for byte.  Not a test: the machine is shared.
"""

from __future__ import annotations

import argparse
import compileall
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
    pss_mb: float = 0.0


# Walking /proc and every process's smaps_rollup is not free: at 20 ms it took a core's share
# from the build it measured (pdf_scale.py saw ~8 % of the wall time); a quarter second still
# catches a peak that lasts as long as a chapter's rendering.
SAMPLE_EVERY = 0.25


def _tree(root: int) -> list[int]:
    """ROOT and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _tree_memory(root: int) -> tuple[int, int]:
    """Bytes resident in ROOT and every process below it: summed RSS, summed PSS."""
    rss = pss = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/statm") as statm:
                rss += int(statm.read().split()[1]) * PAGE
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return rss, pss


def measure(name: str, command: list[str], env: dict[str, str]) -> Run:
    """Run COMMAND to the end: its wall time, its tree's CPU time and peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(SAMPLE_EVERY)

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
    return Run(name, wall, cpu, peak / 2**20, process.returncode == 0, peak_pss / 2**20)


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


def size_runs(
    n: int,
    work: Path,
    env: dict[str, str],
    jobs: list[str],
    pandoc: tuple[str, ...],
    anchor: dict[str, str] | None = None,
) -> list[Run]:
    """This bookmaker's fresh and unchanged builds of N posts (the anchor's beside them), then
    pandoc's."""
    posts = work / f"archive-{n}"
    write_archive(n, posts)
    out, anchored = work / f"out-{n}", work / f"anchor-out-{n}"
    runs = []
    for label, run_env, folder in (("bookmaker", env, out), ("anchor", anchor, anchored)):
        if run_env is None:
            continue
        build = [str(posts), "-o", str(folder), *jobs]
        runs.append(measure(f"{label}, fresh ({n})", bookmaker(*build, "--fresh"), run_env))
        runs.append(measure(f"{label}, unchanged ({n})", bookmaker(*build), run_env))
    if anchor is not None:
        same = (out / "epub" / f"{posts.name}.epub").read_bytes() == (
            anchored / "epub" / f"{posts.name}.epub"
        ).read_bytes()
        print(f"{n} posts: this checkout's EPUB equals the anchor's: {same}")
    if pandoc:
        html = work / f"archive-{n}.html"
        combined_html(posts, html)
        mds = sorted(str(p) for p in posts.glob("*.md"))
    if "markdown" in pandoc:
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
    if "html" in pandoc:
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
    shutil.rmtree(anchored, ignore_errors=True)
    return runs


def edit_runs(
    m: int, work: Path, env: dict[str, str], jobs: list[str], label: str = "bookmaker"
) -> tuple[list[Run], bool]:
    """Fresh build of M posts, one edited, rebuilt; whether the rebuild equals a fresh build."""
    posts = work / f"{label}-edit-{m}"
    write_archive(m, posts)
    out, fresh_out = work / f"{label}-edit-out-{m}", work / f"{label}-edit-fresh-{m}"
    full = measure(
        f"{label}, fresh ({m})", bookmaker(str(posts), "-o", str(out), "--fresh", *jobs), env
    )
    edited = sorted(posts.glob("*.md"))[m // 2]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA sentence added after the build.\n",
        encoding="utf-8",
    )
    rebuild = measure(
        f"{label}, one post edited ({m})", bookmaker(str(posts), "-o", str(out), *jobs), env
    )
    check = measure(
        f"{label}, edited archive fresh ({m})",
        bookmaker(str(posts), "-o", str(fresh_out), "--fresh", *jobs),
        env,
    )
    slug = next((out / "epub").iterdir()).name
    same = (out / "epub" / slug).read_bytes() == (fresh_out / "epub" / slug).read_bytes()
    return [full, rebuild, check], same


def table(runs: list[Run]) -> str:
    lines = [
        "| run | wall s | CPU s | peak RSS MB (tree) | peak PSS MB (tree) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in runs:
        mark = "" if r.ok else " (failed)"
        lines.append(
            f"| {r.name}{mark} | {r.wall:.1f} | {r.cpu:.1f} | {r.rss_mb:.0f} | {r.pss_mb:.0f} |"
        )
    return "\n".join(lines)


def ratio(runs: list[Run], one: str, other: str) -> str:
    a, b = (next(r for r in runs if r.name == name) for name in (one, other))
    return f"{one} / {other}: wall {a.wall / b.wall:.3f}, CPU {a.cpu / b.cpu:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--edit", type=int, default=500, help="0: no edit-and-rebuild run")
    parser.add_argument("--jobs", type=int, help="bookmaker's -j (default: its own)")
    parser.add_argument("--no-pandoc", action="store_true")
    parser.add_argument(
        "--pandoc-from",
        nargs="+",
        choices=("markdown", "html"),
        default=["markdown", "html"],
        help="pandoc's readers to run (its Markdown reader needs ~18 GB for 1,000 posts)",
    )
    parser.add_argument("--anchor", type=Path, help="another checkout, built side by side")
    args = parser.parse_args()
    found = not args.no_pandoc and shutil.which("pandoc") is not None
    pandoc = tuple(args.pandoc_from) if found else ()
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    # Each checkout's bookmaker by PYTHONPATH, the builds run from a folder that holds none.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(HERE.parent)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    anchor = {**env, "PYTHONPATH": str(args.anchor.resolve())} if args.anchor else None
    for checkout, run_env in ((HERE.parent, env), (args.anchor, anchor)):
        if checkout is not None and run_env is not None:
            compileall.compile_dir(checkout / "bookmaker", quiet=1)
            where = [sys.executable, "-c", "import bookmaker; print(bookmaker.__file__)"]
            found = subprocess.run(
                where,
                env=run_env,
                cwd=tempfile.gettempdir(),
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"bookmaker from {found.stdout.strip()}")
    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} cores")
    if pandoc:
        print(
            subprocess.run(
                ["pandoc", "--version"], check=True, capture_output=True, text=True
            ).stdout.splitlines()[0]
        )
    runs: list[Run] = []
    ratios: list[str] = []
    with tempfile.TemporaryDirectory(prefix="epub-scale-") as tmp:
        work = Path(tmp)
        for n in args.posts:
            runs += size_runs(n, work, env, jobs, pandoc, anchor)
            others = ["anchor"] if anchor else []
            others += [f"pandoc -f {reader} ({n})" for reader in pandoc]
            for other in others:
                name = f"{other}, fresh ({n})" if other == "anchor" else other
                ratios.append(ratio(runs, f"bookmaker, fresh ({n})", name))
        if args.edit:
            for label, run_env in (("bookmaker", env), ("anchor", anchor)):
                if run_env is None:
                    continue
                edits, same = edit_runs(args.edit, work, run_env, jobs, label)
                runs += edits
                ratios.append(ratio(runs, edits[1].name, edits[0].name))
                print(f"{label}: the rebuilt EPUB equals a fresh build: {same}")
    print(f"load average after: {os.getloadavg()}")
    print(table(runs))
    print("\n".join(ratios))


if __name__ == "__main__":
    main()
