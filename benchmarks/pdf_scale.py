"""The PDF at archive scale, measured side by side in one run (a benchmark, not a test).

    python benchmarks/pdf_scale.py 100                 # 100 seed-like posts (benchmarks/archive.py)
    python benchmarks/pdf_scale.py 300 --no-whole      # skip the one-document render
    python benchmarks/pdf_scale.py 20 -j 1 --keep /tmp/pdf20

Steps, each timed in wall and CPU seconds, with the peak RSS of its whole process tree
(sampled from /proc every 50 ms):
1. the print HTML (`bookmaker build -b html`), the document both layouts start from;
2. `bookmaker build -b pdf` with an empty layout cache (the default settings, `-j` if given);
3. the same after a one-post edit (a sentence added to the middle post's first paragraph);
4. WeasyPrint on the print HTML of 1 as one document (bookmaker's single-document layout, the
   path the PDF/A and PDF/UA variants take), unless --no-whole;
5. checks: same page count, page labels, outline and contents numbers for 4 and 2.
Prints the machine (cores, load average before and after) and a summary with the ratios.
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


def run(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess, float, int, float]:
    """CMD's result, wall seconds, peak tree RSS in bytes and CPU seconds (its whole tree)."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.05)

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
    rows.append(("print HTML (-b html)", wall, rss, cpu, None))
    html = work / "html" / "html" / "posts.html"
    build = [*bookmaker, "build", str(posts), "-b", "pdf", "-o", str(work / "pdf"), *jobs]
    out, cold, rss, cpu = run(build)
    pdf = work / "pdf" / "pdf" / "posts.pdf"
    pages = facts(pdf)["pages"]
    rows.append(("bookmaker -b pdf, empty cache", cold, rss, cpu, pages))
    summary = [line for line in out.stderr.splitlines() if line.startswith("pdf: ")][-1:]
    shutil.copyfile(pdf, work / "cold.pdf")
    middle = sorted(posts.iterdir())[args.posts // 2]
    text = middle.read_text(encoding="utf-8")
    middle.write_text(text.replace("<p>", "<p>One sentence more. ", 1), encoding="utf-8")
    _, edit, rss, cpu = run(build)
    rows.append((f"one post edited ({middle.name})", edit, rss, cpu, facts(pdf)["pages"]))
    if not args.no_whole:
        whole = [sys.executable, "-c", WHOLE, str(html), str(work / "whole.pdf"), "en,fr,de,es,pt"]
        out, wall, rss, cpu = run(whole)
        rows.append(("WeasyPrint, one document", wall, rss, cpu, json.loads(out.stdout)["pages"]))
    load_after = os.getloadavg()

    print(
        f"machine: {os.cpu_count()} cores; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f}"
    )
    print(f"{args.posts} posts, {pages} pages; work folder {work}")
    print(f"  {'step':44s} {'wall':>8s}   {'pages/s':>7s} {'CPU':>8s}   {'peak RSS':>8s}")
    for name, wall, rss, cpu, n in rows:
        rate = f"{n / wall:7.1f}" if n else " " * 7
        print(f"  {name:44s} {wall:8.1f} s {rate} {cpu:8.1f} s {rss / 2**20:6.0f} MB")
    print(f"  {summary[0] if summary else ''}")
    print(f"  one-post edit / full build (wall): {edit / cold:.1%}")
    if not args.no_whole:
        print(f"  throughput, pieces vs one document (wall): {rows[-1][1] / cold:.2f}x")
        print(f"  CPU, one document / pieces: {rows[-1][3] / rows[1][3]:.2f}x")
        a, b = facts(work / "whole.pdf"), facts(work / "cold.pdf")
        for key in ("pages", "labels", "outline", "contents"):
            print(f"  same {key}: {a[key] == b[key]}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
