"""read: Liquid leftovers of Jekyll and Octopress posts, rendered or removed before Markdown.

Jekyll renders Liquid first and Markdown second, so this runs on the raw body.  What a book
can honour becomes HTML (code blocks, images, quotes, embeds, footnotes, links to other
posts); what needs the site (`{% include %}`, `{{ site.* }}`, loops over site data, unknown
plugin tags) is removed with a warning naming the file and line.  Block results go through
placeholders (see `Placeholders`), so Markdown never re-reads code or HTML we made.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bookmaker.read import embeds
from bookmaker.read.placeholders import Placeholders

TOKEN = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}", re.DOTALL)

#: The scheme of a link to another post, resolved to a chapter by convert (or unwrapped).
POST_SCHEME = "bookmaker-post:"

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
_URL = re.compile(r"^(?:https?:)?//\S+$")
_IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)(?:[?#].*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Site:
    """What `{{ site.url }}` and `{{ site.baseurl }}` stand for ([site] in book.toml)."""

    url: str = ""
    baseurl: str = ""


#: A book with no `[site]`: `{{ site.url }}` is empty.
NO_SITE = Site()


@dataclass
class _Run:
    """One rendering: the text, where it starts in the file, and what it reports."""

    text: str
    first_line: int
    page: Mapping[str, Any]
    site: Site
    holders: Placeholders
    warn: Callable[[str, str, int], None]
    footnote_count: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)


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
    run = _Run(text, first_line, page, site, holders, warn)
    return _render(run, 0, len(text))


def _render(run: _Run, start: int, end: int) -> str:
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
            out.append(_output(run, m))
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
            out.append(_tag(run, m, tag, args, _indent(text, m.start())))
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
    run: _Run, m: re.Match[str], tag: str, args: str, start: int, stop: int, indent: str
) -> str:
    line = run.line(m.start())
    body = run.text[start:stop]
    if tag == "raw":
        return body
    if tag == "comment":
        return ""
    if tag in {"highlight", "codeblock"}:
        inner = _render(run, start, stop)
        return _code_block(run, tag, args, inner, indent)
    if tag in {"blockquote", "quote"}:
        return _blockquote(run, args, _render(run, start, stop), indent)
    if tag == "pullquote":
        return re.sub(r'\{"\s*|\s*"\}', " ", _render(run, start, stop))
    if tag == "footnotes":
        return _footnote_list(run, body, indent)
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


def _code_block(run: _Run, tag: str, args: str, code: str, indent: str) -> str:
    code = code.strip("\n")
    words = _split(args)
    lang = ""
    if tag == "highlight":
        lang = words[0] if words else ""
        caption = ""
    else:
        caption_words, url, link_text = [], None, ""
        for i, word in enumerate(words):
            if word.startswith("lang:"):
                lang = word[5:]
            elif _URL.match(word):
                url, link_text = word, " ".join(words[i + 1 :])
                break
            else:
                caption_words.append(word)
        caption = html.escape(" ".join(caption_words))
        if url:
            caption += f' <a href="{html.escape(url)}">{html.escape(link_text or "link")}</a>'
    cls = f' class="language-{html.escape(lang)}"' if re.fullmatch(r"[\w.+#-]+", lang) else ""
    pre = f"<pre><code{cls}>{html.escape(code)}\n</code></pre>"
    if caption.strip():
        pre = f"<figure>{pre}<figcaption>{caption.strip()}</figcaption></figure>"
    return run.holders.block(pre, indent)


def _blockquote(run: _Run, args: str, body: str, indent: str) -> str:
    """Octopress `{% blockquote [author[, source]] [link] [link title] %}`."""
    words = _split(args)
    url_at = next((i for i, w in enumerate(words) if _URL.match(w)), None)
    author = " ".join(words if url_at is None else words[:url_at])
    parts = [html.escape(author)] if author else []
    if url_at is not None:
        url = words[url_at]
        title = (
            " ".join(words[url_at + 1 :])
            or re.sub(r"^(?:https?:)?//(?:www\.)?", "", url).split("/")[0]
        )
        parts.append(f'<cite><a href="{html.escape(url)}">{html.escape(title)}</a></cite>')
    credit = f"<p>— {', '.join(parts)}</p>" if parts else ""
    open_ = run.holders.block("<blockquote>", indent)
    close = run.holders.block(f"{credit}</blockquote>", indent)
    return f"{open_}\n{indent}{body.strip()}\n{close}"


def _footnote_list(run: _Run, body: str, indent: str) -> str:
    """The `{% footnotes %}{% fn … %}{% endfootnotes %}` plugin: notes for `{% fn_ref N %}`."""
    items = []
    for n, m in enumerate(re.finditer(r"\{%-?\s*fn\s+(.*?)-?%\}", body, re.DOTALL), start=1):
        note = m[1].strip()
        text = (
            f'<a href="{html.escape(note)}">{html.escape(note)}</a>'
            if _URL.match(note)
            else html.escape(note)
        )
        items.append(f'<li id="liquid-fn-{n}">{text}</li>')
    if not items:
        return ""
    return run.holders.block(f'<ol class="footnotes">{"".join(items)}</ol>', indent)


def _tag(run: _Run, m: re.Match[str], tag: str, args: str, indent: str) -> str:
    line = run.line(m.start())
    if tag in {"post_url", "link"}:
        name = args.split()[0] if args.split() else ""
        stem = name.rsplit("/", 1)[-1]
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", stem)
        return POST_SCHEME + stem
    if tag == "img":
        return _image(run, args, line)
    if tag == "fn_ref":
        n = args.strip() or "1"
        return run.holders.inline(
            f'<sup><a href="#liquid-fn-{html.escape(n)}">{html.escape(n)}</a></sup>'
        )
    if tag == "include":
        return _include(run, args, line, indent)
    embed = embeds.from_liquid(tag, _split(args))
    if embed is not None:
        return run.holders.block(embed, indent)
    if tag in {
        "assign",
        "increment",
        "decrement",
        "cycle",
        "else",
        "elsif",
        "when",
        "endif",
        "endunless",
        "endfor",
        "break",
        "continue",
    }:
        run.warn(f"Liquid {{% {tag} %}} needs the site's data; removed", "liquid.tag", line)
        return ""
    url = next((w for w in _split(args) if _URL.match(w)), None)
    if url:
        words = [w for w in _split(args) if w != url]
        run.warn(f"unknown Liquid tag {{% {tag} %}}; kept its link", "liquid.tag", line)
        label = html.escape(" ".join(words) or url)
        return run.holders.inline(f'<a href="{html.escape(url)}">{label}</a>')
    run.warn(f"unknown Liquid tag {{% {tag} %}} removed", "liquid.tag", line)
    return ""


def _image(run: _Run, args: str, line: int) -> str:
    """Octopress `{% img [class names] /path/to/image [width] [height] [title text [alt text]] %}`."""
    m = re.match(
        r"""^(?P<cls>(?:[\w-]+\s+)*?)(?P<src>(?:https?:)?//\S+|/\S+|\S+/\S+|\S+\.\w{3,4})"""
        r"""(?:\s+(?P<w>\d+%?))?(?:\s+(?P<h>\d+%?))?(?P<rest>\s+.+)?$""",
        args.strip(),
    )
    if m is None:
        run.warn("{% img %} without an image path removed", "liquid.tag", line)
        return ""
    title = alt = ""
    rest = (m["rest"] or "").strip()
    quoted = re.findall(r"""["']([^"']*)["']""", rest)
    if quoted:
        title, alt = quoted[0], quoted[1] if len(quoted) > 1 else quoted[0]
    elif rest:
        title = alt = rest
    title_attr = f' title="{html.escape(title)}"' if title else ""
    return run.holders.inline(
        f'<img src="{html.escape(m["src"])}" alt="{html.escape(alt)}"{title_attr}/>'
    )


def _include(run: _Run, args: str, line: int, indent: str) -> str:
    words = _split(args)
    name = words[0] if words else ""
    params = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    embed = embeds.from_include(name, params)
    if embed is not None:
        return run.holders.block(embed, indent)
    src = next(
        (
            v
            for k, v in params.items()
            if k.lower() in {"image", "img", "src", "file", "url", "path"} and _IMAGE_EXT.search(v)
        ),
        None,
    )
    if src:
        alt = params.get("alt") or params.get("caption") or params.get("title") or ""
        return run.holders.inline(f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"/>')
    run.warn(f"{{% include {name} %}} needs the site's files; removed", "liquid.include", line)
    return ""


def _split(args: str) -> list[str]:
    try:
        return shlex.split(args, posix=True)
    except ValueError:
        return args.split()


# -- output expressions -------------------------------------------------------------------

_LITERAL = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)')\s*$""")


def _output(run: _Run, m: re.Match[str]) -> str:
    expr = m["expr"].strip()
    base, *filters = [p.strip() for p in _split_filters(expr)]
    line = run.line(m.start())
    lit = _LITERAL.match(base)
    if lit:
        value = lit[1] if lit[1] is not None else lit[2]
    elif base.startswith("page."):
        raw = run.page.get(base[5:])
        if raw is None or isinstance(raw, (dict, list)):
            run.warn(
                f"{{{{ {base} }}}} is not in the front matter; removed", "liquid.variable", line
            )
            return ""
        value = str(raw)
    elif base in {"site.url", "site.baseurl", "site.github.url"}:
        value = run.site.url.rstrip("/") if base != "site.baseurl" else run.site.baseurl.rstrip("/")
        if base == "site.baseurl" and run.site.url and not run.site.baseurl:
            value = ""
        if not run.site.url and not _before_post_link(run.text, m.end()):
            run.warn(
                f"{{{{ {base} }}}} is not set (give [site] url in book.toml); "
                "read as the site's root",
                "liquid.variable",
                line,
            )
    else:
        shown = " ".join(expr.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        run.warn(f"{{{{ {shown} }}}} needs the site's data; removed", "liquid.variable", line)
        return ""
    for f in filters:
        name, _, arg = f.partition(":")
        name, arg = name.strip(), arg.strip()
        lit_arg = _LITERAL.match(arg)
        arg_value = (lit_arg[1] if lit_arg[1] is not None else lit_arg[2]) if lit_arg else ""
        if name == "relative_url":
            value = run.site.baseurl.rstrip("/") + value if value.startswith("/") else value
        elif name == "absolute_url" and value.startswith("/"):
            value = run.site.url.rstrip("/") + run.site.baseurl.rstrip("/") + value
        elif name == "prepend":
            value = arg_value + value
        elif name == "append":
            value = value + arg_value
    return value


def _before_post_link(text: str, pos: int) -> bool:
    return bool(re.match(r"\s*\{%-?\s*(?:post_url|link)\b", text[pos : pos + 40]))


def _split_filters(expr: str) -> list[str]:
    """`'x' | relative_url` → ["'x'", "relative_url"], minding quotes."""
    parts, current, quote = [], [], ""
    for ch in expr:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            current.append(ch)
        elif ch == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
