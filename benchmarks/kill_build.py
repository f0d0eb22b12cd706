"""Acceptance (issue 16): SIGKILL a build at random points; the output folder must hold the
earlier book or the new one, complete, every time.

    python benchmarks/kill_build.py [KILLS] [--seed N]      (default: 50 kills, seed 16)

The sample book is built as two editions, "A" and "B" (different titles, same slug), once each
into reference folders; with SOURCE_DATE_EPOCH fixed their EPUB and PDF are the same bytes on
every build.  Each round starts a build (EPUB and PDF, the command line as a user runs it) of
the edition the output folder does not hold, kills it with SIGKILL after a random delay drawn
uniformly from 0 to 1.2 times a full build (timed again every ten rounds, as the machine's
load changes), and checks:

- `epub/<slug>.epub` and `pdf/<slug>.pdf` are byte for byte the reference files of one
  edition, the earlier one or the new one (so both complete, and never one of each);
- bookmaker's structural check passes on the EPUB;
- no process of the killed build is left (the PDF child dies with its parent).

One line per kill, then a summary; exit code 1 if any round failed.  A last build without a
kill checks that it cleans up what the killed runs left.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bookmaker.check import check_structure

ROOT = Path(__file__).resolve().parent.parent
SLUG = "kill-test"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}


def command(source: Path, out: Path, edition: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bookmaker",
        "build",
        str(source),
        "-o",
        str(out),
        "-q",
        "-D",
        f'book.title="Edition {edition}"',
        "-D",
        f'book.slug="{SLUG}"',
    ]


def books(out: Path) -> tuple[bytes | None, bytes | None]:
    pair = []
    for rel in (f"epub/{SLUG}.epub", f"pdf/{SLUG}.pdf"):
        path = out / rel
        pair.append(path.read_bytes() if path.is_file() else None)
    return pair[0], pair[1]


def leftovers(out: Path) -> list[int]:
    """Processes whose command line names OUT: what a killed build may have left running."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if os.fsencode(out) in cmdline and state != "Z":
            found.append(int(proc.name))
    return found


def reference(source: Path, work: Path, edition: str) -> tuple[bytes, bytes]:
    out = work / f"ref-{edition}"
    subprocess.run(command(source, out, edition), env=ENV, check=True, capture_output=True)
    epub, pdf = books(out)
    assert epub is not None and pdf is not None
    return epub, pdf


def round_(source: Path, out: Path, refs: dict[str, tuple], delay: float) -> tuple[str, str]:
    """One kill: (outcome, problem or "")."""
    before = next(name for name, pair in refs.items() if pair == books(out))
    edition = "B" if before == "A" else "A"
    proc = subprocess.Popen(
        command(source, out, edition),
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    now = books(out)
    match = [name for name, pair in refs.items() if pair == now]
    if not match:
        sizes = [len(b) if b is not None else None for b in now]
        return "mixed", f"neither edition on disk (sizes {sizes})"
    outcome = "earlier" if match[0] == before else "new"
    problems = check_structure(out / "epub" / f"{SLUG}.epub")
    if problems:
        return outcome, f"structural check: {problems[0]}"
    alive = leftovers(out)
    if alive:
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
        return outcome, f"processes left running: {alive}"
    return outcome, ""


def timed_build(source: Path, out: Path, refs: dict[str, tuple]) -> float:
    """Build the edition OUT does not hold, to the end; its time sets the next kills' range
    (the machine's load changes how long a build takes)."""
    edition = "B" if books(out) == refs["A"] else "A"
    start = time.perf_counter()
    subprocess.run(command(source, out, edition), env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def main(kills: int, seed: int) -> int:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bookmaker-kill-") as tmp:
        work = Path(tmp)
        source = work / "samples"
        shutil.copytree(ROOT / "samples", source)
        refs = {"A": reference(source, work, "A"), "B": reference(source, work, "B")}
        out = work / "out"
        failures = 0
        counts = {"earlier": 0, "new": 0, "mixed": 0}
        for n in range(1, kills + 1):
            if n % 10 == 1:
                full = timed_build(source, out, refs)
                print(f"full build (EPUB + PDF): {full:.1f} s; killing at 0 to {1.2 * full:.1f} s")
            delay = rng.uniform(0, 1.2 * full)
            outcome, problem = round_(source, out, refs, delay)
            counts[outcome] += 1
            failures += bool(problem)
            verdict = f"FAIL: {problem}" if problem else "ok"
            print(
                f"kill {n:2d} at {delay:5.2f} s: {outcome:7s} book on disk, {verdict}", flush=True
            )
        timed_build(source, out, refs)
        builds = out / ".bookmaker-builds"
        gens = [p.name for p in builds.iterdir() if p.name.startswith("gen-")]
        clean = len(gens) == 1 and not list(out.glob(".staging-*"))
        print(
            f"{kills} kills: {counts['earlier']} left the earlier book, {counts['new']} the new one, "
            f"{counts['mixed']} a mix; {failures} failed; "
            f"after a last build: {len(gens)} generation(s) left ({'clean' if clean else 'NOT clean'})"
        )
        return 1 if failures or not clean else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kills", nargs="?", type=int, default=50)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    sys.exit(main(args.kills, args.seed))
