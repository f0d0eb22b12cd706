"""Hypothesis strategies for posts as scrapers and old exports leave them, and one run of a post
through read + convert + the EPUB builder, for tests/test_fuzz.py and benchmarks/fuzz.py.

A run may end in a `BookmakerError` (a mistake said in one line: that is the promise) but
never in any other exception, and never take longer than `TIME_LIMIT` seconds.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from hypothesis import strategies as st

from bookmaker import builders, ids
from bookmaker.assemble import assemble
from bookmaker.config import load
from bookmaker.convert import convert
from bookmaker.convert.xrefs import LinkIndex
from bookmaker.errors import BookmakerError
from bookmaker.model import Chapter
from bookmaker.pipeline import convert_context
from bookmaker.read.post import read_post
from bookmaker.theming import load_theme

#: CPU seconds one post may take through read + convert + the EPUB builder.
TIME_LIMIT = 10.0

# -- text ---------------------------------------------------------------------------------

#: Characters posts really carry, and the ones that broke bookmaker: controls (C0, DEL, C1),
#: line and paragraph separators, bidi marks, surrogates' neighbours, combining marks, emoji.
#: Not NUL: a post holding one is refused as a binary file, and stray bytes bring it often enough.
ODD = "\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9b\x9f\u00a0\u00ad\u200b\u200d\u200e\u202e\u2028\u2029\ufeff\ufffd\ufffe\uffff\u0301"
SCRIPTS = [
    "library",
    "café",
    "naïve",
    "東京の図書館",
    "مرحبا بالعالم",
    "שלום",
    "Привет",
    "नमस्ते",
    "🙂🏳️‍🌈",
    "ﷺ",
    "𝔘𝔫𝔦",
]
words = st.one_of(
    st.sampled_from(SCRIPTS),
    st.text(alphabet=st.sampled_from(ODD), min_size=1, max_size=3),
    st.text(max_size=12),
)
text = st.lists(words, max_size=8).map(" ".join)

URLS = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a?utm_source=x&id=1#:~:text=hi",
            "http://[::1",
            "//[::1",
            "http://x.org:99999/",
            "http://[::1]:80/",
            "javascript:alert(1)",
            " JaVa\tScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "../../../etc/passwd",
            "/2020/01/02/other-post/",
            "post:other",
            "#fn1",
            "mailto:a@b.c",
            "",
            "http://",
            "https://ex ample.org/",
            "https://例え.jp/パス",
            "https://a.b/%zz",
            "vbscript:x",
            "about:blank",
        ]
    ),
    st.text(max_size=20),
    st.text(max_size=10).map(lambda t: "https://" + t),
)

# -- front matter -------------------------------------------------------------------------

KEYS = [
    "title", "subtitle", "date", "author", "authors", "contributors", "tags", "categories",
    "category", "from", "source", "canonical_url", "draft", "published", "permalink", "lang",
    "language", "excerpt", "description", "redirect_from", "slug", "image", "layout",
]  # fmt: skip
ODD_DATES = ["2024-02-31", "0001-01-01 00:00:00 +05:00", "9999-12-31 23:00:00 -05:00",
             "2150-06-01", "yesterday", "2024-13-01T25:61:61Z", "1e400"]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    text,
    URLS,
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.dates(),
    st.sampled_from(ODD_DATES),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | text, inner, max_size=4),
    ),
    max_leaves=12,
)
front_matter_map = st.dictionaries(st.sampled_from(KEYS) | text, values, max_size=8)
raw_yaml = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "title: [unclosed",
            'title: "\\e[31mRed"',
            "\ttitle: tabbed",
            "a: &a [x]\nb: *a\nc: *zz",
            "x: " + "[" * 300 + "]" * 300,
            "- just\n- a list",
            "title: !ruby/object:Foo\n  bar: 1",
            "date: 2024-02-31",
            "? [complex, key]\n: value",
            "title: |\n  two\n  lines",
        ]
    ),
)


def _dump(meta: dict) -> str:
    try:
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, OverflowError):
        return "title: unrepresentable\n"


front_matter = st.one_of(front_matter_map.map(_dump), raw_yaml)

# -- bodies -------------------------------------------------------------------------------

ENTITIES = ["&amp;", "&lt;", "&#0;", "&#xD800;", "&#1114112;", "&#x110000;", "&nbsp;", "&bogus;",
            "&#x1b;", "&#8232;", "&", "&#", "&#x;", "&eacute", "&#128512;"]  # fmt: skip
TAGS = ["p", "div", "span", "a", "b", "i", "em", "sup", "sub", "blockquote", "ul", "ol", "li",
        "table", "tr", "td", "th", "thead", "pre", "code", "h1", "h2", "h3", "figure",
        "figcaption", "section", "aside", "dl", "dt", "dd", "br", "hr", "img", "svg", "math",
        "mi", "script", "style", "iframe", "object", "embed", "form", "input", "base", "meta",
        "link", "video", "audio", "source", "wbr", "font", "center", "details", "summary",
        "foreignObject", "noscript", "template", "ruby", "rt"]  # fmt: skip
ATTRS = ["href", "src", "style", "id", "class", "onload", "onclick", "title", "alt", "lang",
         "dir", "http-equiv", "content", "data", "action", "xlink:href", "srcset", "colspan",
         "rowspan", "epub:type", "role", "name", "value", "background", "poster"]  # fmt: skip
STYLES = ["color: red", "background: url(http://127.0.0.1/x.png)", "@import 'x.css'",
          "width: expression(alert(1))", "background:url(javascript:alert(1))",
          "behavior: url(x.htc)", "\\75 rl(x)"]  # fmt: skip


@st.composite
def attributes(draw) -> str:
    parts = []
    for name in draw(st.lists(st.sampled_from(ATTRS), max_size=3)):
        value = draw(st.one_of(URLS, st.sampled_from(STYLES), text, st.sampled_from(ENTITIES)))
        quote = draw(st.sampled_from(['"', "'", ""]))
        parts.append(f" {name}={quote}{value.replace(quote, '') if quote else value}{quote}")
    return "".join(parts)


html_leaf = st.one_of(text, st.sampled_from(ENTITIES), st.sampled_from(["<", ">", "</p>", "<p",
                      "<!--", "-->", "<![CDATA[x]]>", "<?xml x?>", "<!DOCTYPE x>"]))  # fmt: skip


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def element(draw) -> str:
        tag = draw(st.sampled_from(TAGS))
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
        return f"<{tag}{draw(attributes())}>{inner}{close}"

    return element()


html_body = st.recursive(html_leaf, _element, max_leaves=25).map(str)
deep_html = st.integers(min_value=30, max_value=400).flatmap(
    lambda n: st.sampled_from(["div", "span", "blockquote", "table", "li", "b"]).map(
        lambda tag: f"<{tag}>" * n + "deep" + f"</{tag}>" * n
    )
)


@st.composite
def markdown_block(draw) -> str:
    kind = draw(st.integers(min_value=0, max_value=11))
    words_ = draw(text)
    if kind == 0:
        return f"[{words_}]({draw(URLS)})"
    if kind == 1:
        n = draw(st.integers(min_value=1, max_value=3))
        note = draw(st.sampled_from(["", " ", " a note", "\n", " [x](http://[::1)"]))
        return f"{words_}[^{n}]\n\n[^{n}]:{note}"
    if kind == 2:
        return "#" * draw(st.integers(min_value=1, max_value=7)) + " " + words_
    if kind == 3:
        return "\n".join(f"{'  ' * draw(st.integers(0, 3))}- {w}" for w in words_.split()[:5])
    if kind == 4:
        return "> " * draw(st.integers(min_value=1, max_value=40)) + words_
    if kind == 5:
        return f"```\n{words_}\n```"
    if kind == 6:
        cells = draw(st.integers(min_value=1, max_value=4))
        row = "|" + "|".join([words_ or "x"] * cells) + "|"
        return "\n".join([row, "|" + "---|" * cells, row])
    if kind == 7:
        return f"![{words_}]({draw(URLS)})"
    if kind == 8:
        return draw(html_body)
    if kind == 9:
        return f"*{words_}* **{words_}** `{words_}` <{draw(URLS)}>"
    if kind == 10:
        return "".join(draw(st.lists(st.sampled_from(ENTITIES), max_size=5))) + words_
    return words_


markdown_body = st.lists(markdown_block(), max_size=8).map("\n\n".join)


@dataclass(frozen=True)
class Case:
    """One generated post: its file name and its bytes."""

    name: str
    data: bytes


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


@st.composite
def posts(draw) -> Case:
    """A whole post: front matter (or none, or an unclosed block), a Markdown or HTML body,
    in an encoding such a file may have, sometimes with stray bytes or cut short."""
    html = draw(st.booleans())
    body = draw(st.one_of(html_body, deep_html) if html else markdown_body)
    head = draw(st.sampled_from(["closed", "closed", "closed", "none", "open"]))
    fm = draw(front_matter)
    source = {"closed": f"---\n{fm}\n---\n{body}", "none": body, "open": f"---\n{fm}\n{body}"}
    encoding = draw(st.sampled_from(ENCODINGS))
    data = source[head].encode(
        encoding, errors="replace" if encoding != "utf-16" else "surrogatepass"
    )
    damage = draw(st.sampled_from(["none", "none", "none", "stray", "cut"]))
    if damage == "stray" and data:
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    elif damage == "cut" and data:
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    name = draw(st.sampled_from(["2024-01-02-post", "post", "2024-02-31-odd", "x"]))
    return Case(name + (".html" if html else ".md"), data)


# -- one run ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How one step ended: `ok`, `refused` (a BookmakerError, said in one line) or `crash`
    (anything else, with its traceback); and how long it took."""

    kind: str
    seconds: float
    detail: str = ""


def attempt(step: Callable[[], object]) -> tuple[Outcome, object]:
    """(how STEP ended, what it returned); its time is CPU seconds, which a machine shared
    with other work does not stretch as it does the wall clock's."""
    start = time.process_time()
    value: object = None
    try:
        value = step()
        kind, detail = "ok", ""
    except BookmakerError as exc:
        kind, detail = "refused", str(exc)
    except Exception:  # noqa: BLE001 - what the fuzzing is looking for
        kind, detail = "crash", traceback.format_exc()
    return Outcome(kind, time.process_time() - start, detail), value


class Runner:
    """Runs cases through read + convert, and the chapters made through the EPUB builder, in
    one folder, reusing the book's config and theme (loading them is not what is fuzzed)."""

    def __init__(self, folder: Path) -> None:
        self.book = folder / "book"
        self.book.mkdir(parents=True, exist_ok=True)
        self.out = folder / "out"
        self.config = load(self.book)
        self.theme = load_theme("default", (), {}, self.config.origins)
        self.epub = builders.get_builder("epub")(self.config)
        self.made = 0

    def chapter(self, case: Case) -> tuple[Outcome, Chapter | None]:
        """CASE read and converted: the chapter, or None when it was refused or crashed."""
        path = self.book / case.name
        path.write_bytes(case.data)
        try:
            outcome, chapter = attempt(lambda: self._convert(path))
        finally:
            path.unlink()
        return outcome, chapter if isinstance(chapter, Chapter) else None

    def _convert(self, path: Path) -> Chapter:
        post, _ = read_post(path, root=self.book, limits=self.config.limits)
        self.made += 1  # a slug of its own, so chapters from many cases can share a book
        post = replace(post, slug=f"{post.slug[:30]}-{self.made}")
        index = LinkIndex.build([(post, ids.chapter_id(post.slug))], None)
        return convert(post, convert_context(self.config, index))[0]

    def build(self, chapters: list[Chapter], keep: bool = False) -> Outcome:
        """CHAPTERS assembled into one book and built as an EPUB, under `out/epub/` until the
        next build when KEEP says so."""
        shutil.rmtree(self.out, ignore_errors=True)

        def epub() -> None:
            book = assemble(chapters, self.config, self.book, None)
            self.epub.build(book, self.theme, self.out)

        try:
            return attempt(epub)[0]
        finally:
            if not keep:
                shutil.rmtree(self.out, ignore_errors=True)
