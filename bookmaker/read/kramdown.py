"""read: kramdown syntax that CommonMark does not know, prepared before Markdown runs.

`markdown="1"` on an HTML block asks for Markdown inside it: the opening and closing tags are
set on lines of their own with blank lines around, which CommonMark reads the same way.
kramdown extensions (`{::comment}…{:/comment}`, `{::options …/}`) and attribute list
definitions (`{:ref: .class}`) are removed here; attribute lists on blocks and spans
(`{: .class}`, `{:toc}`) are removed from the rendered HTML by convert, where code is known.
"""

from __future__ import annotations

import re

_MD_ATTR = re.compile(r"""\s+markdown\s*=\s*(?:"(?:1|block|span)"|'(?:1|block|span)'|1)""")
_OPEN_MD = re.compile(
    r"""^([ \t]*)(<(\w+)\b[^>]*\smarkdown\s*=\s*["']?(?:1|block|span)["']?[^>]*>)(.*)$"""
)
_EXTENSION = re.compile(
    r"\{::(comment|nomarkdown)\}.*?\{:/(?:\1)?\}|\{::options\b[^}]*/\}", re.DOTALL
)
_ALD = re.compile(r"^[ ]{0,3}\{:[\w-]+:[^}\n]*\}[ \t]*$", re.MULTILINE)


def prepare(text: str) -> str:
    if "{:" in text:
        text = _EXTENSION.sub("", text)
        text = _ALD.sub("", text)
    if "markdown" in text:
        text = _markdown_blocks(text)
    return text


def _markdown_blocks(text: str) -> str:
    """`<div markdown="1">` … `</div>`: tags on their own lines so the inside is Markdown."""
    lines = text.split("\n")
    out: list[str] = []
    closers: list[str] = []
    for line in lines:
        m = _OPEN_MD.match(line)
        if m:
            indent, tag, name, rest = m[1], _MD_ATTR.sub("", m[2]), m[3], m[4]
            out.extend([indent + tag, ""])
            closers.append(name.lower())
            line = indent + rest
            if not rest.strip():
                continue
        if closers:
            close = re.search(rf"</{closers[-1]}\s*>\s*$", line, re.IGNORECASE)
            if close:
                before = line[: close.start()]
                if before.strip():
                    out.append(before)
                out.extend(["", line[close.start() :].strip(), ""])
                closers.pop()
                continue
        out.append(line)
    return "\n".join(out)
