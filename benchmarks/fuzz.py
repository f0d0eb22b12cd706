"""Fuzzing: generated posts (tests/helpers/fuzzing.py) through read + convert + the EPUB
builder, counting what ends in a one-line refusal, what crashes, and what takes too long.

    python benchmarks/fuzz.py [CASES] [--workers N] [--batch B] [--log FILE]

CASES (default 100,000) are split among N worker processes (default 1), each with its own
random seed.  Each case is read and converted alone; every B (default 50) chapters made are
built together as one EPUB (a build per post would cost ten times the conversion), and a
batch that crashes is built again chapter by chapter to find the post.  Each worker appends
one JSON line per 500 cases, and one per crash or slow run, to the log (default
fuzz-log.jsonl), so a run stopped early still says how far it got.  Prints a summary; the
exit code is 1 when any case crashed or went past the time limit (CPU seconds).
"""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.fuzzing import TIME_LIMIT, Runner, posts
from hypothesis import HealthCheck, Phase, given, seed, settings


def worker(number: int, cases: int, batch: int, log: Path) -> None:
    """Run CASES cases with seed NUMBER, appending progress, crashes and slow runs to LOG."""
    with tempfile.TemporaryDirectory(prefix="bookmaker-fuzz-") as tmp:
        runner = Runner(Path(tmp))
        state = {"cases": 0, "ok": 0, "refused": 0, "crash": 0, "slow": 0, "slowest": 0.0}
        pending: list = []

        def note(record: dict) -> None:
            with log.open("a", encoding="utf-8") as file:
                file.write(json.dumps({"worker": number, **record}) + "\n")

        def count(outcome, what: str, data: bytes | None = None) -> None:
            state["slowest"] = max(state["slowest"], outcome.seconds)
            if outcome.seconds > TIME_LIMIT:
                state["slow"] += 1
                note({"slow": what, "seconds": outcome.seconds, "data": _shown(data)})
            if outcome.kind == "crash":
                state["crash"] += 1
                note({"crash": what, "traceback": outcome.detail, "data": _shown(data)})

        def flush() -> None:
            outcome = runner.build([chapter for chapter, _ in pending])
            if outcome.kind == "crash":  # find the post: each chapter alone
                for chapter, data in pending:
                    count(runner.build([chapter]), "epub", data)
            elif outcome.seconds > TIME_LIMIT * len(pending):
                count(outcome, f"epub of {len(pending)}")
            pending.clear()

        @seed(number)
        @settings(
            max_examples=cases,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(posts())
        def one(case) -> None:
            outcome, chapter = runner.chapter(case)
            state["cases"] += 1
            state[outcome.kind] += 1
            count(outcome, "read+convert", case.data)
            if chapter is not None:
                pending.append((chapter, case.data))
                if len(pending) >= batch:
                    flush()
            if state["cases"] % 500 == 0:
                note({"progress": dict(state), "at": time.time()})

        start = time.time()
        one()
        if pending:
            flush()
        note({"done": dict(state), "seconds": time.time() - start})


def _shown(data: bytes | None) -> str | None:
    """DATA as it can be replayed: base64 of its bytes."""
    return None if data is None else base64.b64encode(data).decode("ascii")


def summary(log: Path) -> dict:
    """The last word of each worker in LOG, added up."""
    last: dict[int, dict] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        state = record.get("done") or record.get("progress")
        if state:
            last[record["worker"]] = state
    total = {"cases": 0, "ok": 0, "refused": 0, "crash": 0, "slow": 0, "slowest": 0.0}
    for state in last.values():
        for key, value in total.items():
            total[key] = max(value, state[key]) if key == "slowest" else value + state[key]
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=int, nargs="?", default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--log", type=Path, default=Path("fuzz-log.jsonl"))
    args = parser.parse_args()
    args.log.write_text("")
    start = time.perf_counter()
    share = -(-args.cases // args.workers)
    jobs = [
        multiprocessing.Process(target=worker, args=(n, share, args.batch, args.log))
        for n in range(args.workers)
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    total = summary(args.log)
    elapsed = time.perf_counter() - start
    print(
        f"{total['cases']:,} cases in {elapsed:,.0f} s: {total['ok']:,} built, "
        f"{total['refused']:,} refused in one line, {total['crash']} uncaught exceptions, "
        f"{total['slow']} past the {TIME_LIMIT:g} s limit (slowest {total['slowest']:.1f} s)"
    )
    sys.exit(1 if total["crash"] or total["slow"] else 0)


if __name__ == "__main__":
    main()
