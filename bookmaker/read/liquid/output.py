"""read: Liquid output expressions (`{{ page.title }}`, `{{ site.url | append: "/x" }}`): what the
front matter and `[site]` can tell is printed, the rest removed with a warning."""

from __future__ import annotations

import re

from bookmaker.read.liquid.run import Run

_LITERAL = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)')\s*$""")


def output(run: Run, m: re.Match[str]) -> str:
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
