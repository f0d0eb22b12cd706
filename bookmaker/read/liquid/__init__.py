"""read: Liquid leftovers of Jekyll and Octopress posts, rendered or removed before Markdown.

Jekyll renders Liquid first and Markdown second, so this runs on the raw body.  What a book
can honour becomes HTML (code blocks, images, quotes, embeds, footnotes, links to other
posts); what needs the site (`{% include %}`, `{{ site.* }}`, loops over site data, unknown
plugin tags) is removed with a warning naming the file and line.  Block results go through
placeholders (see `Placeholders`), so Markdown never re-reads code or HTML we made.

This module walks the text and its blocks; `tags.py` says what each tag becomes, `output.py`
what each `{{ … }}` prints, and `run.py` holds one rendering's state.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from bookmaker.read.liquid.hole import close_hole
from bookmaker.read.liquid.output import output
from bookmaker.read.liquid.run import NO_SITE, TOKEN, Run, Site
from bookmaker.read.liquid.tags import blockquote, code_block, footnote_list, tag_result
from bookmaker.read.placeholders import Placeholders

__all__ = ["NO_SITE", "Site", "render"]

#: Block tags whose body we need, and the tag that ends them.
BLOCKS = {
    "raw": "endraw",
    "comment": "endcomment",
    "highlight": "endhighlight",
    "codeblock": "endcodeblock",
    "blockquote": "endblockquote",
    "pullquote": "endpullquote",
    "capture": "endcapture",
    "if": "endif",
    "unless": "endunless",
    "for": "endfor",
    "case": "endcase",
    "tablerow": "endtablerow",
    "footnotes": "endfootnotes",
    "math": "endmath",
    "m": "em",
    "quote": "endquote",
}


def render(
    text: str,
    page: Mapping[str, Any],
    site: Site,
    holders: Placeholders,
    warn: Callable[[str, str, int], None],
    first_line: int = 1,
) -> str:
    """TEXT with its Liquid rendered as far as a book can, placeholders for block results."""
    if "{%" not in text and "{{" not in text:
        return text
    run = Run(text, first_line, page, site, holders, warn)
    return _render(run, 0, len(text))


def _render(run: Run, start: int, end: int, code: bool = False) -> str:
    """The text from START to END rendered; in CODE (a highlight block) no hole is closed."""
    text = run.text
    out: list[str] = []
    pos = start
    while True:
        m = TOKEN.search(text, pos, end)
        if m is None:
            out.append(text[pos:end])
            return "".join(out)
        out.append(text[pos : m.start()])
        if m["expr"] is not None:
            printed = output(run, m)
            if not printed and not code:
                close_hole(out, text[m.end() : m.end() + 3], run.page)
            out.append(printed)
            pos = m.end()
            continue
        tag, args = m["tag"], m["args"].strip()
        if tag in BLOCKS:
            close = _find_end(text, m.end(), end, tag, BLOCKS[tag])
            if close is None:
                run.warn(
                    f"Liquid block {{% {tag} %}} is never closed; tag removed",
                    "liquid.tag",
                    run.line(m.start()),
                )
                pos = m.end()
                continue
            out.append(_block(run, m, tag, args, m.end(), close.start(), _indent(text, m.start())))
            pos = close.end()
            continue
        if tag in {"post_url", "link"} and not _in_link("".join(out[-3:])):
            # Outside a link Jekyll prints the post's path; the post's name says more.
            out.append(args.split()[0] if args.split() else "")
        else:
            printed = tag_result(run, m, tag, args, _indent(text, m.start()))
            if not printed and not code:
                close_hole(out, text[m.end() : m.end() + 3], run.page)
            out.append(printed)
        pos = m.end()


def _in_link(before: str) -> bool:
    """True when what precedes a tag opens a link target: `](`, `href="`, `]: `."""
    return bool(re.search(r"""(?:\]\(\s*|=\s*["']?|\]:\s*|<)$""", before))


def _indent(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return prefix if not prefix.strip() else ""


def _find_end(text: str, pos: int, end: int, name: str, closer: str) -> re.Match[str] | None:
    """The tag that closes NAME, skipping nested blocks of the same name; raw bodies are opaque."""
    if name in {"raw", "comment"}:
        return re.compile(r"\{%-?\s*" + closer + r"\s*-?%\}").search(text, pos, end)
    depth = 0
    for m in TOKEN.finditer(text, pos, end):
        tag = m["tag"]
        if tag == name:
            depth += 1
        elif tag == closer:
            if depth == 0:
                return m
            depth -= 1
    return None


def _block(
    run: Run, m: re.Match[str], tag: str, args: str, start: int, stop: int, indent: str
) -> str:
    line = run.line(m.start())
    body = run.text[start:stop]
    if tag == "raw":
        return body
    if tag == "comment":
        return ""
    if tag in {"highlight", "codeblock"}:
        inner = _render(run, start, stop, code=True)
        return code_block(run, tag, args, inner, indent)
    if tag in {"blockquote", "quote"}:
        return blockquote(run, args, _render(run, start, stop), indent)
    if tag == "pullquote":
        return re.sub(r'\{"\s*|\s*"\}', " ", _render(run, start, stop))
    if tag == "footnotes":
        return footnote_list(run, body, indent)
    if tag in {"math", "m"}:
        tex = body.strip()
        if tag == "m":
            return run.holders.inline(f'<code class="math">{html.escape(tex)}</code>')
        return run.holders.block(f'<pre class="math"><code>{html.escape(tex)}</code></pre>', indent)
    if tag in {"if", "unless"}:
        run.warn(
            f"Liquid {{% {tag} {args} %}} cannot be evaluated without the site; kept its first branch",
            "liquid.tag",
            line,
        )
        branch = _first_branch(run.text, start, stop)
        return _render(run, start, branch)
    run.warn(f"Liquid {{% {tag} %}} block needs the site's data; removed", "liquid.tag", line)
    return ""


def _first_branch(text: str, start: int, stop: int) -> int:
    depth = 0
    for m in TOKEN.finditer(text, start, stop):
        if m["tag"] in {"if", "unless"}:
            depth += 1
        elif m["tag"] in {"endif", "endunless"}:
            depth -= 1
        elif m["tag"] in {"else", "elsif"} and depth == 0:
            return m.start()
    return stop
