"""The PDF at archive scale, measured side by side in one run (a benchmark, not a test).

    python benchmarks/pdf_scale.py 100                 # 100 seed-like posts (benchmarks/archive.py)
    python benchmarks/pdf_scale.py 300 --no-whole      # skip the one-document render
    python benchmarks/pdf_scale.py 20 -j 1 --keep /tmp/pdf20
    python benchmarks/pdf_scale.py 20 --anchor /work/main   # and main's build, side by side

Steps, each timed in wall and CPU seconds, with the peak RSS of its whole process tree
(sampled from /proc every 0.5 s: a sampler walking /proc every 50 ms took enough of the two
cores to slow the build it measured by about 8 %):
1. the print HTML (`bookmaker build -b html`), the document both layouts start from;
2. `bookmaker build -b pdf` with an empty layout cache (the default settings, `-j` if given);
3. the same after a one-post edit (a sentence added to the middle post's first paragraph);
4. WeasyPrint on the print HTML of 1 as one document (bookmaker's single-document layout, the
   path the PDF/A and PDF/UA variants take), unless --no-whole;
5. checks: same page count, page labels, outline and contents numbers for 2 and 4, and
   for 2 and the anchor's build.
With --anchor, the empty-cache PDF build of another checkout runs too (same posts), for a
side-by-side CPU ratio.  Every row gives CPU per page and the peak RSS of the tree and of the
parent alone.  Prints the machine (cores, load average before and after), the pieces laid out
(and how many more than once), and a summary with the ratios.
Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import write_archive

WHOLE = """
import json, sys, time
from pathlib import Path
from bookmaker.builders.pdf.layout import LayoutJob, layout, preload
from bookmaker.builders.pdf.pieces import split
html = Path(sys.argv[1])
start = next(p.id for p in split(html.read_text()) if p.kind != "front")
sheets = tuple((html.parent / n).read_text() for n in ("print.css", "page-size.css"))
preload(tuple(sys.argv[3].split(",")))
t = time.perf_counter()
r = layout(LayoutJob(html.read_text(), sheets, {}, start, Path(sys.argv[2])))
print(json.dumps({"pages": r.pages, "front": r.front_pages, "layout_s": time.perf_counter() - t}))
"""


def tree_rss(pid: int) -> int:
    """Resident bytes of PID and all its descendants."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def own_rss(pid: int) -> int:
    """Resident bytes of PID alone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


#: Peak RSS of the last `run`'s own process (the parent of the PDF workers), in bytes.
PARENT_PEAK = [0]


def run(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess, float, int, float]:
    """CMD's result, wall seconds, peak tree RSS in bytes and CPU seconds (its whole tree);
    the peak of CMD's own process alone goes to PARENT_PEAK."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    peak = [0]
    PARENT_PEAK[0] = 0

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            PARENT_PEAK[0] = max(PARENT_PEAK[0], own_rss(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - began
    sampler.join()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return result, wall, peak[0], used


def facts(pdf: Path) -> dict:
    """Page count, labels, outline (depth, title, page) and the contents' numbers."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    outline: list = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    labels = list(reader.page_labels)
    contents = [
        reader.pages[i].extract_text()
        for i, label in enumerate(labels)
        if label.isalpha() and i > 2
    ]
    return {"pages": len(reader.pages), "labels": labels, "outline": outline, "contents": contents}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=int)
    parser.add_argument("-j", "--jobs", type=int, help="bookmaker -j (default: its own)")
    parser.add_argument("--no-whole", action="store_true", help="skip the one-document render")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--anchor",
        type=Path,
        help="another bookmaker checkout (e.g. /work/main) whose -b pdf build runs in the same "
        "run, for a side-by-side ratio",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pdf-scale-"))
    shutil.rmtree(work, ignore_errors=True)
    posts = work / "posts"
    write_archive(args.posts, posts, args.seed)
    bookmaker = [sys.executable, "-m", "bookmaker"]
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    load_before = os.getloadavg()
    rows = []

    html_build = [*bookmaker, "build", str(posts), "-b", "html", "-o", str(work / "html")]
    _, wall, rss, cpu = run(html_build)
    rows.append(("print HTML (-b html)", wall, rss, cpu, None, PARENT_PEAK[0]))
    html = work / "html" / "html" / "posts.html"
    build = [*bookmaker, "build", str(posts), "-b", "pdf", "-o", str(work / "pdf"), *jobs]
    out, cold, rss, cpu = run(build)
    pdf = work / "pdf" / "pdf" / "posts.pdf"
    pages = facts(pdf)["pages"]
    rows.append(("bookmaker -b pdf, empty cache", cold, rss, cpu, pages, PARENT_PEAK[0]))
    summary = [line for line in out.stderr.splitlines() if line.startswith("pdf: ")][-1:]
    if args.anchor:
        anchor = [*bookmaker, "build", str(posts), "-b", "pdf", "-o", str(work / "anchor"), *jobs]
        env = {**os.environ, "PYTHONPATH": str(args.anchor)}
        out, wall, rss, cpu = run(anchor, env=env, cwd=args.anchor)
        n = facts(work / "anchor" / "pdf" / "posts.pdf")["pages"]
        rows.append((f"anchor ({args.anchor}) -b pdf", wall, rss, cpu, n, PARENT_PEAK[0]))
        summary += [line for line in out.stderr.splitlines() if line.startswith("pdf: ")][-1:]
    shutil.copyfile(pdf, work / "cold.pdf")
    middle = sorted(posts.iterdir())[args.posts // 2]
    text = middle.read_text(encoding="utf-8")
    middle.write_text(text.replace("<p>", "<p>One sentence more. ", 1), encoding="utf-8")
    _, edit, rss, cpu = run(build)
    rows.append(
        (f"one post edited ({middle.name})", edit, rss, cpu, facts(pdf)["pages"], PARENT_PEAK[0])
    )
    if not args.no_whole:
        whole = [sys.executable, "-c", WHOLE, str(html), str(work / "whole.pdf"), "en,fr,de,es,pt"]
        out, wall, rss, cpu = run(whole)
        n = json.loads(out.stdout)["pages"]
        rows.append(("WeasyPrint, one document", wall, rss, cpu, n, PARENT_PEAK[0]))
    load_after = os.getloadavg()

    print(
        f"machine: {os.cpu_count()} cores; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f}"
    )
    print(f"{args.posts} posts, {pages} pages; work folder {work}")
    print(
        f"  {'step':44s} {'wall':>8s}   {'pages/s':>7s} {'CPU':>8s}   {'CPU/page':>8s} "
        f"{'RSS tree':>8s}    {'parent':>6s}"
    )
    for name, wall, rss, cpu, n, parent in rows:
        rate = f"{n / wall:7.1f}" if n else " " * 7
        per = f"{cpu / n:8.3f} s" if n else " " * 10
        print(
            f"  {name:44s} {wall:8.1f} s {rate} {cpu:8.1f} s {per} {rss / 2**20:6.0f} MB "
            f"{parent / 2**20:6.0f} MB"
        )
    for line in summary:
        print(f"  {line}")
    cores = min(2, os.cpu_count() or 1)
    print(
        f"  idle {cores}-core estimate from CPU (pieces, all CPU shared by {cores} cores): "
        f"{pages / (rows[1][3] / cores):.1f} pages/s"
    )
    print(f"  one-post edit / full build (wall): {edit / cold:.1%}")
    if not args.no_whole:
        print(f"  throughput, pieces vs one document (wall): {rows[-1][1] / cold:.2f}x")
        print(f"  CPU, one document / pieces: {rows[-1][3] / rows[1][3]:.2f}x")
    if args.anchor:
        print(f"  CPU, anchor / this checkout: {rows[2][3] / rows[1][3]:.2f}x")
    others = [] if args.no_whole else [("one document", work / "whole.pdf")]
    if args.anchor:
        others.append(("the anchor", work / "anchor" / "pdf" / "posts.pdf"))
    ours = facts(work / "cold.pdf")
    for name, other in others:
        theirs = facts(other)
        same = [
            key for key in ("pages", "labels", "outline", "contents") if ours[key] == theirs[key]
        ]
        print(
            f"  pieces against {name}: same {', '.join(same) or 'nothing'} (of page count, "
            "labels, outline and contents numbers)"
        )
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
