"""read: warnings that may repeat many times in one post (132 `{{ site.url }}`s), reported
once each with the line of the first and how many there were."""

from __future__ import annotations

from dataclasses import dataclass, field

from bookmaker.errors import Diagnostics


@dataclass
class Tally:
    seen: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def warn(self, message: str, code: str, line: int) -> None:
        self.seen.setdefault((message, code), []).append(line)

    def report(self, diags: Diagnostics) -> None:
        for (message, code), lines in self.seen.items():
            more = f" ({len(lines)} times; first here)" if len(lines) > 1 else ""
            diags.warn(message + more, code, lines[0])
