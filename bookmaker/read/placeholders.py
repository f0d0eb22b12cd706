"""read: stand-ins for HTML we make before Markdown runs, swapped back in after it.

Markdown must not re-read a code block or a figure that Liquid or a shortcode produced, so
such HTML waits in a `Placeholders` table while the body goes through Markdown (or Textile)
and is put back afterwards.  A block stand-in sits in its own paragraph and replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = "zqbmph{:05d}qz"
_FIND = re.compile(r"(?:<p>\s*)?zqbmph(\d{5})qz(?:\s*</p>)?")


@dataclass
class Placeholders:
    items: list[str] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)

    def inline(self, html: str) -> str:
        self.items.append(html)
        return _TOKEN.format(len(self.items) - 1)

    def block(self, html: str, indent: str = "") -> str:
        """A stand-in on a line of its own, blank lines around so Markdown sees a paragraph."""
        token = self.inline(html)
        self.blocks.add(len(self.items) - 1)
        return f"\n\n{indent}{token}\n\n{indent}"

    def restore(self, rendered: str) -> str:
        if not self.items:
            return rendered

        def put(m: re.Match[str]) -> str:
            index = int(m[1])
            html = self.items[index]
            whole = m[0]
            if index not in self.blocks and whole.startswith("<p>") and whole.endswith("</p>"):
                return f"<p>{html}</p>"
            if index not in self.blocks:
                prefix = whole[: whole.index("zqbmph")]
                suffix = whole[whole.index("qz", whole.index("zqbmph")) + 2 :]
                return prefix + html + suffix
            return html

        # Nested stand-ins (a code block inside a quote) need more than one pass.
        for _ in range(4):
            new = _FIND.sub(put, rendered)
            if new == rendered:
                break
            rendered = new
        return rendered
