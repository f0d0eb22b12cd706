"""Faults as a user meets them: Ctrl-C, SIGTERM and SIGKILL mid-build, a full disk, a folder
that cannot be written, `-o` that is a file, and bookmaker's own bugs: one line each, the
previous books intact, no staging folder and no PDF process left behind."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import run_cli
from helpers.outputs import generations, read_only, visible, write_run
from helpers.paths import ROOT

from bookmaker.errors import BuildError
from bookmaker.pipeline import build

POST = "---\ntitle: Plain\ndate: 2024-01-01\n---\nText with a [link](https://example.org/x).\n"
#: Long enough that WeasyPrint is still laying it out seconds after it starts.
LONG_POST = POST + "\n\n".join(f"Paragraph {n}: " + "words to lay out " * 60 for n in range(200))
EARLIER = {"epub/plain.epub": b"earlier epub", "pdf/plain.pdf": b"earlier pdf"}

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _book(tmp_path: Path, text: str = POST) -> tuple[Path, Path]:
    (tmp_path / "p.md").write_text(text)
    out = tmp_path / "out"
    write_run(out, EARLIER)
    return tmp_path / "p.md", out


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may never reap one)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _group(pgid: int) -> list[int]:
    """Live processes of the process group PGID (a build started in its own session)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


def _forked_children(pid: int) -> list[int]:
    """Children of PID that are forks of it (the PDF child), not programs it runs (fc-list)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    found = []
    for child in children:
        try:
            if Path(f"/proc/{child}/cmdline").read_bytes() == command:
                found.append(int(child))
        except OSError:
            continue
    return found


def _pdf_children(pid: int) -> set[int]:
    """The PDF workers of PID once they run: forks seen twice, 0.1 s apart (a fork that is about
    to run a program, such as fc-list, looks the same for a moment)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        first = set(_forked_children(pid))
        time.sleep(0.1)
        both = first & set(_forked_children(pid))
        if both:
            return both
    raise AssertionError("the PDF child never started")


def _wait(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _foreground_job(then: Callable[[], None] | None) -> Callable[[], None]:
    """Ctrl-C at its default, as a shell starts a foreground job, then THEN.  A process started
    from a background job (`pytest ... &` in a script, a CI runner, `nohup`) inherits SIGINT
    ignored, and Python then keeps ignoring it: the build would finish, exit 0, whatever the
    test sends."""

    def prepare() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if then is not None:
            then()

    return prepare


def _start_build(
    *args: str, log: Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.Popen[bytes]:
    """`bookmaker build ARGS` as a shell job: its own process group, Ctrl-C at its default, its
    output to LOG (a file, as a terminal would be: a pipe closing under a killed parent changes
    what its child does); PREEXEC_FN runs in the child before bookmaker does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bookmaker", "build", *args],
            stdout=subprocess.DEVNULL,
            stderr=output,
            env=env,
            start_new_session=True,
            preexec_fn=_foreground_job(preexec_fn),  # noqa: PLW1509 - the tests start no thread
        )


@linux_only
@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "bookmaker: stopped (SIGTERM)"),
        (signal.SIGINT, 130, "bookmaker: interrupted (Ctrl-C)"),
        (signal.SIGKILL, -9, None),
    ],
)
def test_a_signal_mid_build_keeps_the_earlier_books_and_leaves_no_process(
    tmp_path, signum, code, line
):
    post, out = _book(tmp_path, LONG_POST)
    proc = _start_build(str(post), "-o", str(out), log=tmp_path / "stderr")
    workers = _pdf_children(proc.pid)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # Ctrl-C reaches the whole foreground group
    else:
        os.kill(proc.pid, signum)
    assert proc.wait(timeout=60) == code
    if line is not None:
        assert (tmp_path / "stderr").read_text().strip() == line
    # every worker holds the run's lock on its staging folder until it is gone; workers that
    # started after the sample are still in the build's process group
    assert workers
    assert _wait(lambda: not _group(proc.pid), 5), (
        f"PDF workers outlived the build: {_group(proc.pid)}"
    )
    assert visible(out) == EARLIER
    # a stopped run removed its own staging; a killed one could not, the next run does
    assert len(generations(out)) == (2 if signum == signal.SIGKILL else 1)
    write_run(out, {"epub/other.epub": b"x"})
    assert len(generations(out)) == 1


@linux_only
def test_ctrl_c_stops_a_build_started_by_a_process_that_ignores_it(tmp_path):
    """The Ctrl-C test must not depend on how pytest was started: run from a background job,
    pytest ignores SIGINT, and a build that inherited that finished the book (exit 0)."""
    post, out = _book(tmp_path, LONG_POST)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        proc = _start_build(str(post), "-o", str(out), log=tmp_path / "stderr")
    finally:
        signal.signal(signal.SIGINT, previous)
    _pdf_children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    assert (tmp_path / "stderr").read_text().strip() == "bookmaker: interrupted (Ctrl-C)"
    assert visible(out) == EARLIER
    assert len(generations(out)) == 1


@linux_only
def test_a_worker_dies_with_its_parent_even_by_sigkill():
    code = (
        "import multiprocessing, os, time\n"
        "from bookmaker.lifeline import die_with_parent\n"
        "def work(parent):\n"
        "    die_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    ctx = multiprocessing.get_context('fork')\n"
        "    p = ctx.Process(target=work, args=(os.getpid(),), daemon=True)\n"
        "    p.start()\n"
        "    print(p.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    child = int(proc.stdout.readline())
    time.sleep(0.2)  # let the child tie itself
    proc.kill()
    proc.wait()
    assert _wait(lambda: not _running(child), 5)


def test_ctrl_c_reaching_a_worker_before_it_is_ready_prints_no_traceback():
    code = (
        "import multiprocessing, os, signal, time\n"
        "from bookmaker.lifeline import die_with_parent, signals_held\n"
        "def work(parent):\n"
        "    time.sleep(0.5)  # a slow start: Ctrl-C comes before the worker is ready\n"
        "    die_with_parent(parent)\n"
        "    time.sleep(0.2)\n"
        "    print('worker finished', flush=True)\n"
        "if __name__ == '__main__':\n"
        "    ctx = multiprocessing.get_context('fork')\n"
        "    p = ctx.Process(target=work, args=(os.getpid(),))\n"
        "    with signals_held():\n"
        "        p.start()\n"
        "    time.sleep(0.2)\n"
        "    os.kill(p.pid, signal.SIGINT)\n"
        "    p.join()\n"
        "    print('exit', p.exitcode)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, text=True, env=env
    )
    assert result.stdout == "worker finished\nexit 0\n" and result.stderr == ""


def test_output_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "books").write_text("not a folder")
    for target, message in (
        ("books", "books: the output folder (-o) is a file; name a folder"),
        ("books/out", "cannot create the output folder: Not a directory"),
    ):
        result = run_cli("build", "p.md", "-b", "epub", "-o", target, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and message in result.stderr
    assert (tmp_path / "books").read_text() == "not a folder"


def test_a_read_only_output_folder_is_one_line(tmp_path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "out").mkdir()
    with read_only(tmp_path / "out"):
        result = run_cli("build", "p.md", "-b", "epub", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("bookmaker: error: out: cannot create the output folder: ")
    assert list((tmp_path / "out").iterdir()) == []


def test_an_output_folder_that_cannot_be_created_is_one_line(tmp_path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "locked").mkdir()
    with read_only(tmp_path / "locked"):
        result = run_cli("build", "p.md", "-b", "epub", "-o", "locked/out", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "bookmaker: error: locked/out: cannot create the output folder: "
    )
    assert list((tmp_path / "locked").iterdir()) == []


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))


def test_a_pdf_that_cannot_be_written_is_one_line_naming_it(tmp_path):
    post, out = _book(tmp_path)
    log = tmp_path / "stderr"
    proc = _start_build(
        str(post), "-b", "pdf", "-o", str(out), log=log, preexec_fn=_limit_file_size
    )
    assert proc.wait(timeout=300) == 1
    assert (
        log.read_text()
        == f"bookmaker: error: {out / 'pdf' / 'plain.pdf'}: cannot write: File too large\n"
    )
    assert visible(out) == EARLIER and len(generations(out)) == 1


def test_disk_full_during_the_pdf_is_one_error_and_keeps_the_earlier_books(tmp_path, monkeypatch):
    from weasyprint import Document

    def full(self, target=None, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")  # write(2) names no file

    monkeypatch.setattr(Document, "write_pdf", full)  # inherited by the forked PDF child
    post, out = _book(tmp_path)
    with pytest.raises(BuildError) as caught:
        build(post, ["epub", "pdf"], out)
    assert (
        str(caught.value) == f"{out / 'pdf' / 'plain.pdf'}: cannot write: No space left on device"
    )
    assert visible(out) == EARLIER and len(generations(out)) == 1


_CRASH = (
    "import sys\n"
    "import bookmaker.pipeline as pipeline\n"
    "def boom(*args, **kwargs):\n"
    "    raise ZeroDivisionError('boom\\nsecond line')\n"
    "setattr(pipeline, sys.argv.pop(1), boom)\n"
    "from bookmaker.cli import main\n"
    "main(sys.argv[1:], prog_name='bookmaker')\n"
)


def _crash(*args: str, cwd: Path, at: str = "assemble") -> subprocess.CompletedProcess[str]:
    """`bookmaker ARGS` with a bug in the pipeline's step AT."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _CRASH, at, *args],
        capture_output=True,
        check=False,
        text=True,
        env=env,
        cwd=cwd,
    )


def test_a_bug_is_one_line_and_its_traceback_is_saved(tmp_path):
    (tmp_path / "p.md").write_text(POST)
    result = _crash("build", "p.md", "-b", "epub", "-o", "out", cwd=tmp_path)
    assert result.returncode == 70
    assert result.stderr == (
        "bookmaker: internal error (a bug in bookmaker): ZeroDivisionError: boom second line; "
        "the full traceback is in out/bookmaker-crash.txt; please report it\n"
    )
    saved = (tmp_path / "out" / "bookmaker-crash.txt").read_text()
    assert "Traceback (most recent call last)" in saved and "in boom" in saved
    assert "build p.md -b epub -o out" in saved


def test_a_bug_is_saved_to_a_temporary_file_when_the_output_folder_cannot_be(tmp_path):
    (tmp_path / "p.md").write_text(POST)
    (tmp_path / "file").write_text("")
    # The bug comes before the output folder is opened (which would refuse it first).
    result = _crash("build", "p.md", "-o", "file/out", cwd=tmp_path, at="source_date_epoch")
    assert result.returncode == 70 and result.stderr.count("\n") == 1
    saved = Path(result.stderr.split("the full traceback is in ")[1].split("; please")[0])
    try:
        assert saved.name.startswith("bookmaker-crash-") and saved.suffix == ".txt"
        assert "ZeroDivisionError: boom" in saved.read_text()
    finally:
        saved.unlink(missing_ok=True)
