"""read: Hugo shortcodes (`{{< name … >}}`, `{{% name … %}}`), rendered before Liquid and Markdown.

Hugo renders its shortcodes where Jekyll renders Liquid, so this runs first on the raw body.
The shortcodes a book can honour become what their Liquid equivalents become (`shapes.py`
says what each one is); an unknown one is removed with a warning naming it and its line, and
the text between its opening and closing tags is kept.  Opening and closing tags are paired
in one pass with a stack, so the work is linear in the size of the post.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bookmaker.read.hugo.shapes import KNOWN, Call
from bookmaker.read.placeholders import Placeholders

__all__ = ["render"]

#: `{{< name args >}}`, `{{% /name %}}`, `{{< name args />}}`; `{{</* … */>}}` is a literal.
_TOKEN = re.compile(
    r"\{\{(?P<open>[<%])(?P<lit>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)"
    r"(?P<self>/)?\s*(?:\*/)?[>%]\}\}",
    re.DOTALL,
)
_PARAM = re.compile(r"""(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'([^']*)'|(\S+))""")


@dataclass
class _Node:
    """One shortcode: where its opening tag is, its body (for a paired one), its children."""

    m: re.Match[str]
    body_start: int
    body_end: int | None = None
    end: int | None = None
    children: list[_Node] = field(default_factory=list)


def params(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named parameters, as Hugo reads them (quotes, backticks)."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _PARAM.finditer(text.strip()):
        value = next((v for v in m.groups()[1:] if v is not None), "")
        value = re.sub(r'\\(["\\])', r"\1", value) if m[2] is not None else value
        if m[1]:
            named[m[1].lower()] = value
        else:
            positional.append(value)
    return positional, named


def render(
    text: str,
    page: dict,
    holders: Placeholders,
    warn: Callable[[str, str, int], None],
    first_line: int = 1,
) -> str:
    """TEXT with its shortcodes rendered or removed."""
    if "{{<" not in text and "{{%" not in text:
        return text
    roots = _tree(text)
    line = _Lines(text, first_line)
    return _render(text, 0, len(text), roots, page, holders, warn, line)


class _Lines:
    """The line in the file of an offset in the body (a binary search, not a count)."""

    def __init__(self, text: str, first_line: int):
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.first = first_line

    def __call__(self, offset: int) -> int:
        return self.first + bisect.bisect_left(self.breaks, offset)


def _tree(text: str) -> list[_Node]:
    """The shortcodes of TEXT, paired open with close, nested as written."""
    tokens = list(_TOKEN.finditer(text))
    closing: dict[int, re.Match[str]] = {}
    open_at: list[int] = []
    for i, m in enumerate(tokens):
        if m["lit"] or m["self"]:
            continue
        if not m["close"]:
            open_at.append(i)
            continue
        name = m["name"].lower()
        at = next(
            (k for k in range(len(open_at) - 1, -1, -1) if _is(tokens[open_at[k]], name)), None
        )
        if at is not None:  # the unclosed ones above it stand alone
            closing[open_at[at]] = m
            del open_at[at:]
    roots: list[_Node] = []
    stack: list[_Node] = []
    for i, m in enumerate(tokens):
        while stack and stack[-1].body_end is not None and m.start() >= stack[-1].body_end:
            stack.pop()
        if m["close"] and not m["lit"]:
            continue  # paired with its opening, or stray: dropped
        close = closing.get(i)
        node = _Node(m, m.end(), close.start() if close else None, close.end() if close else None)
        (stack[-1].children if stack else roots).append(node)
        if close is not None:
            stack.append(node)
    return roots


def _is(m: re.Match[str], name: str) -> bool:
    return m["name"].lower() == name


def _name(node: _Node) -> str:
    return node.m["name"].lower()


def _render(
    text: str,
    start: int,
    stop: int,
    nodes: list[_Node],
    page: dict,
    holders: Placeholders,
    warn: Callable[[str, str, int], None],
    line: _Lines,
) -> str:
    out: list[str] = []
    pos = start
    for node in nodes:
        m = node.m
        out.append(text[pos : m.start()])
        if m["lit"]:  # `{{</* x */>}}` shows the shortcode itself
            shown = m[0][:3] + m[0][5:].rsplit("*/", 1)[0].rstrip() + " " + m[0][-3:]
            out.append(holders.inline(html.escape(shown)))
            pos = m.end()
            continue
        paired = node.body_end is not None
        body_end = node.body_end if paired else m.end()
        inner = (
            _render(text, node.body_start, body_end, node.children, page, holders, warn, line)
            if paired
            else ""
        )
        positional, named = params(m["args"])
        call = Call(_name(node), positional, named, inner, m["open"] == "%", page, holders)
        shape = KNOWN.get(call.name)
        if shape is None:
            warn(
                f"unknown Hugo shortcode {{{{< {call.name} >}}}} removed"
                + ("; kept the text inside it" if inner.strip() else ""),
                "hugo.shortcode",
                line(m.start()),
            )
            out.append(inner)
        else:
            out.append(shape(call))
        pos = node.end if node.end is not None else m.end()
    out.append(text[pos:stop])
    return "".join(out)
