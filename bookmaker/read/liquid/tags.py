"""read: what each Liquid tag a book can honour becomes: code blocks, quotations, footnote
lists, images, links to other posts, embeds; the rest is removed with a warning."""

from __future__ import annotations

import html
import re

from bookmaker import ids
from bookmaker.read import embeds
from bookmaker.read.liquid.run import Run, split_args

_URL = re.compile(r"^(?:https?:)?//\S+$")
_IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)(?:[?#].*)?$", re.IGNORECASE)


def code_block(run: Run, tag: str, args: str, code: str, indent: str) -> str:
    code = code.strip("\n")
    words = split_args(args)
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


def blockquote(run: Run, args: str, body: str, indent: str) -> str:
    """Octopress `{% blockquote [author[, source]] [link] [link title] %}`."""
    words = split_args(args)
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


def footnote_list(run: Run, body: str, indent: str) -> str:
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


def tag_result(run: Run, m: re.Match[str], tag: str, args: str, indent: str) -> str:
    line = run.line(m.start())
    if tag in {"post_url", "link"}:
        name = args.split()[0] if args.split() else ""
        stem = name.rsplit("/", 1)[-1]
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", stem)
        return ids.POST_SCHEME + stem
    if tag == "img":
        return _image(run, args, line)
    if tag == "image" and len(split_args(args)) >= 2:
        # Eleventy's image shortcode: `{% image "src" "description" [widths…] %}`.
        src, alt = split_args(args)[:2]
        return run.holders.inline(f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"/>')
    if tag == "fn_ref":
        n = args.strip() or "1"
        return run.holders.inline(
            f'<sup><a href="#liquid-fn-{html.escape(n)}">{html.escape(n)}</a></sup>'
        )
    if tag == "include":
        return _include(run, args, line, indent)
    embed = embeds.from_liquid(tag, split_args(args))
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
    url = next((w for w in split_args(args) if _URL.match(w)), None)
    if url:
        words = [w for w in split_args(args) if w != url]
        run.warn(f"unknown Liquid tag {{% {tag} %}}; kept its link", "liquid.tag", line)
        label = html.escape(" ".join(words) or url)
        return run.holders.inline(f'<a href="{html.escape(url)}">{label}</a>')
    run.warn(f"unknown Liquid tag {{% {tag} %}} removed", "liquid.tag", line)
    return ""


def _image(run: Run, args: str, line: int) -> str:
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


def _include(run: Run, args: str, line: int, indent: str) -> str:
    words = split_args(args)
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
