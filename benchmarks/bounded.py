"""Benchmark: read + convert CPU time of one post as it grows, to show it grows linearly; side by
side with another checkout of bookmaker (an older commit) when one is given.

    python benchmarks/bounded.py [--base DIR] [--scale S]

Kinds of post, each at size n and 2n (n scaled by S, default 1): links (n links), cp1252
(n stray Windows-1252 bytes in UTF-8 text), footnotes (n footnotes), table (n/10 rows of 10
cells) and words (n paragraphs).  Each run is a fresh interpreter, so the checkouts do not
share anything; a line per run: kind, n, CPU seconds (wall time means little on a shared
machine), and the ratio from n to 2n (about 2 when the
work is linear, about 4 when it is quadratic).  This checkout runs with its limits raised
past the sizes made, to show the work itself.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

#: What each fresh interpreter runs: read and convert the post, print the seconds taken.
PROBE = """
import sys, time
from pathlib import Path
from bookmaker.config import load
from bookmaker.convert import convert
from bookmaker.errors import BookmakerError
from bookmaker.pipeline import convert_context
from bookmaker.read.post import read_post
path = Path(sys.argv[1])
start = time.process_time()
try:
    post, _ = read_post(path)
    convert(post, convert_context(load(path.parent)))
    said = "built"
except BookmakerError as exc:
    said = "refused: " + str(exc).split(": ", 1)[-1][:70]
print(f"{time.process_time() - start:.2f} {said}")
"""


def post(kind: str, n: int) -> bytes:
    head = b"---\ntitle: Big\ndate: 2024-01-01\n---\n"
    if kind == "links":
        return head + " ".join(f"[w{i}](https://example.org/{i})" for i in range(n)).encode()
    if kind == "cp1252":
        line = "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 text ".encode() + b"\x93quoted\x94 "
        return head + b"\n".join(line for _ in range(n))
    if kind == "footnotes":
        refs = " ".join(f"w{i}[^{i}]" for i in range(n))
        return head + (refs + "\n\n" + "\n".join(f"[^{i}]: Note {i}." for i in range(n))).encode()
    if kind == "table":
        rows = "".join("<tr>" + "<td>cell</td>" * 10 + "</tr>" for _ in range(n // 10))
        return head + f"<table>{rows}</table>".encode()
    return head + "\n\n".join(f"Paragraph {i} of some words." for i in range(n)).encode()


#: Limits past every size this benchmark makes (an older checkout has no such section).
RAISED = (
    "[limits]\npost_megabytes = 500\nlinks_per_chapter = 1000000\nnotes_per_chapter = 1000000\n"
    "table_cells_per_chapter = 1000000\n"
)
SIZES = {"links": 2000, "cp1252": 10000, "footnotes": 1000, "table": 5000, "words": 20000}


def run(checkout: Path, path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(  # from the post's folder: `-c` puts the working folder first
        [sys.executable, "-c", PROBE, str(path)],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "crashed: " + done.stderr.strip().splitlines()[-1][:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="another checkout to time side by side")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("kinds", nargs="*", default=list(SIZES))
    args = parser.parse_args()
    checkouts = [("this", HERE)] + ([("base", args.base)] if args.base else [])
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            n = int(SIZES[kind] * args.scale)
            for name, checkout in checkouts:
                times = []
                folder = Path(tmp) / name
                folder.mkdir(exist_ok=True)
                if name == "this":  # limits high enough to see the work grow, not stop
                    (folder / "book.toml").write_text(RAISED)
                for size in (n, 2 * n):
                    path = folder / f"{kind}-{size}.md"
                    path.write_bytes(post(kind, size))
                    said = run(checkout, path)
                    times.append(float(said.split()[0]) if said[0].isdigit() else None)
                    print(f"{name:5} {kind:9} n={size:>7,} {said}", flush=True)
                if None not in times and times[0] > 0:
                    print(f"{name:5} {kind:9} ratio 2n/n = {times[1] / times[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
