"""convert: TeX math, however the post carried it, becomes MathML with the TeX as its alt text.

Blogs show math with MathJax or KaTeX in the browser; a book has no script.  `collect` (before
sanitizing, which drops scripts) finds every way a post writes math and leaves one marker,
`<span data-bm-math="inline|display">TeX</span>`:

- read's `<code class="math">` and `<pre class="math">` (Markdown's `$$…$$`, `\\(…\\)`, `\\[…\\]`
  and `$…$`, Liquid's `{% math %}`), delimiters included;
- MathJax's `<script type="math/tex">` (`; mode=display`), as kramdown writes it, with the
  rendered copy a scraped page keeps beside it (`.MathJax`, `.MathJax_Preview`) dropped;
- KaTeX's rendered `span.katex` (its `annotation encoding="application/x-tex"`), and
  pandoc's `span.math.inline` / `span.math.display`;
- `\\(…\\)`, `\\[…\\]` and `$$…$$` written in the text of an HTML post (never a lone `$`:
  "$5 and $10" is money).

`render` (after sanitizing) turns each marker into MathML with latex2mathml, keeping only
Presentation MathML's elements and attributes (no `href`, no `style`); an operator name it does
not know (`\\arg`, a blog's `\\Hom`) is set upright, as TeX sets it (see `bookmaker.tex`); TeX it
cannot read stays as written, in `<code>`, with a warning.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert.tree import gone, strings, tags
from bookmaker.errors import Diagnostics
from bookmaker.tex import readable

MATHML = "http://www.w3.org/1998/Math/MathML"
MARKER = "data-bm-math"

#: What each delimiter pair means: (opening, closing, display).
_DELIMITERS = (("$$", "$$", None), ("\\[", "\\]", True), ("\\(", "\\)", False), ("$", "$", False))
#: Math written in the text of an HTML post (MathJax's default delimiters, and kramdown's $$).
_IN_TEXT = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(?!\$)(.*?[^\s$])\$\$(?!\$)", re.DOTALL)
_NOT_TEXT = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "math", "svg"}

#: Presentation MathML that EPUB readers render, and the attributes it may keep.
ELEMENTS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "mfenced",
    "menclose",
    "mtable",
    "mtr",
    "mtd",
    "mlabeledtr",
    "mmultiscripts",
    "mprescripts",
    "none",
    "semantics",
    "annotation",
}
ATTRIBUTES = {
    "display",
    "alttext",
    "mathvariant",
    "mathcolor",
    "mathbackground",
    "mathsize",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "width",
    "height",
    "depth",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "columnlines",
    "rowlines",
    "frame",
    "accent",
    "accentunder",
    "movablelimits",
    "symmetric",
    "minsize",
    "maxsize",
    "largeop",
    "form",
    "displaystyle",
    "scriptlevel",
    "notation",
    "open",
    "close",
    "separators",
    "encoding",
    "xmlns",
}


def collect(soup: BeautifulSoup, body: Tag) -> None:
    """Every way the post writes math becomes one marker holding the bare TeX."""
    for tag in tags(body, "code", "pre", "script", "span", "div", "math"):
        if gone(tag):
            continue
        classes = tag.get("class") or []
        if any(str(c).startswith("MathJax") for c in classes):
            tag.decompose()  # MathJax's rendering of a script kept beside it
            continue
        found = _found(tag, classes)
        if found is not None:
            tex, display = found
            tag.replace_with(_marker(soup, tex, display))
    _from_text(soup, body)


def _found(tag: Tag, classes: list) -> tuple[str, bool] | None:
    """(TeX, display) of TAG when it holds math."""
    if tag.name in {"code", "pre"} and "math" in classes:
        if tag.name == "code" and tag.parent is not None and tag.parent.name == "pre":
            return None  # the pre around it is the math
        return _strip(tag.get_text(), tag.name == "pre")
    if tag.name == "script":
        kind = str(tag.get("type") or "").replace(" ", "").lower()
        if kind.startswith("math/tex"):
            return tag.get_text().strip(), "mode=display" in kind
        return None
    if tag.name == "math":
        annotation = tag.find("annotation", encoding="application/x-tex")
        tex = annotation.get_text() if annotation else str(tag.get("alttext") or "")
        return (tex.strip(), tag.get("display") == "block") if tex.strip() else None
    if "katex" in classes or "katex-display" in classes:
        annotation = tag.find("annotation", encoding="application/x-tex")
        if annotation is None:
            return None
        display = "katex-display" in classes or tag.find_parent(class_="katex-display")
        return annotation.get_text().strip(), bool(display)
    if "math" in classes and tag.name in {"span", "div"}:
        return _strip(tag.get_text(), "display" in classes or tag.name == "div")
    return None


def _strip(source: str, display: bool) -> tuple[str, bool]:
    """TeX without its delimiters; `$$` alone in a paragraph or a block is display math."""
    text = source.strip()
    for opening, closing, shown in _DELIMITERS:
        if text.startswith(opening) and text.endswith(closing) and len(text) > 2 * len(opening):
            inner = text[len(opening) : len(text) - len(closing)]
            return inner.strip(), display if shown is None else (shown or display)
    return text, display


def _marker(soup: BeautifulSoup, tex: str, display: bool) -> Tag:
    marker = soup.new_tag("span", attrs={MARKER: "display" if display else "inline"})
    marker.string = tex
    return marker


def _from_text(soup: BeautifulSoup, body: Tag) -> None:
    """`\\(…\\)`, `\\[…\\]` and `$$…$$` in running text (an HTML post's MathJax source)."""
    for text in list(strings(body)):
        if type(text) is not NavigableString or not _IN_TEXT.search(text):
            continue
        if any(p.name in _NOT_TEXT or p.get(MARKER) for p in text.parents if p is not body):
            continue
        pieces: list[NavigableString | Tag] = []
        pos = 0
        for m in _IN_TEXT.finditer(text):
            pieces.append(NavigableString(text[pos : m.start()]))
            tex = next(g for g in m.groups() if g is not None)
            pieces.append(_marker(soup, tex.strip(), m[2] is not None))
            pos = m.end()
        pieces.append(NavigableString(text[pos:]))
        text.replace_with(*[p for p in pieces if not isinstance(p, str) or p])


def render(soup: BeautifulSoup, root: Tag, diags: Diagnostics) -> None:
    """Each marker becomes MathML, its TeX the alt text; unreadable TeX stays as written."""
    for marker in [t for t in tags(root) if t.get(MARKER) is not None]:
        tex = marker.get_text()
        display = marker[MARKER] == "display"
        math = mathml(tex, display)
        if math is None:
            diags.warn(f"TeX {_short(tex)!r} could not be read; printed as written", "math.tex")
            code = soup.new_tag("code")
            code.string = f"\\[{tex}\\]" if display else f"\\({tex}\\)"
            marker.replace_with(code)
        else:
            marker.replace_with(math)


def mathml(tex: str, display: bool) -> Tag | None:
    """TEX as a MathML element (only Presentation MathML kept), None when it is not TeX."""
    if not tex.strip():
        return None
    # Imported here: it takes 0.4 s, which a book without math should not pay.
    from latex2mathml.converter import convert as tex_to_mathml

    try:
        markup = tex_to_mathml(readable(tex), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds on TeX it cannot read
        return None
    math = BeautifulSoup(markup, "lxml-xml").find("math")
    if math is None:
        return None
    for tag in [math, *math.find_all(True)]:
        if tag.name not in ELEMENTS:
            tag.unwrap()
            continue
        for attr in list(tag.attrs):
            if attr not in ATTRIBUTES:
                del tag.attrs[attr]
    math["alttext"] = tex.strip()
    math["xmlns"] = MATHML
    return math.extract()


def _short(tex: str) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= 40 else tex[:37] + "..."
