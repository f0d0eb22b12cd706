"""build: the theme's EPUB stylesheets made fit for e-readers (theme CSS → CSS + the files it uses).

Kindle and Kobo ignore CSS variables, so they are replaced by their values
(`css_variables`).  Every `url()` must be a file of the theme (fonts, images); those files are
packaged beside the stylesheets with their relative paths kept, so relative URLs stay valid.
WOFF and WOFF2 fonts, which many e-readers (those on Adobe's engine, Kindle through
conversion) cannot load, are shipped as the TrueType or OpenType they contain, and the CSS is
pointed at those.  Layout e-readers break on (flex, grid, fixed positions, viewport units) is
reported as a warning.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2 import ast

from bookmaker.builders.epub.css_variables import resolve_variables
from bookmaker.builders.epub.fonts import WEB_FONTS, sfnt_suffix
from bookmaker.errors import Diagnostic, Diagnostics, ThemeError
from bookmaker.theming import Theme

#: Folder of the EPUB that holds the theme's stylesheets and the files they use.
STYLE_DIR = "styles"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FRAGILE = {
    "display": {"flex", "inline-flex", "grid", "inline-grid"},
    "position": {"fixed", "sticky"},
}
_VIEWPORT_UNITS = {"vw", "vh", "vmin", "vmax"}


@dataclass(frozen=True)
class Stylesheet:
    href: str
    text: str


@dataclass(frozen=True)
class EpubCss:
    sheets: tuple[Stylesheet, ...]
    #: EPUB href → theme file, for each file the stylesheets load with `url()`.
    resources: Mapping[str, Path] = field(default_factory=dict)
    #: Characters the CSS itself puts on the page (`content: "↩"`), for font subsetting.
    strings: str = ""


def epub_stylesheets(theme: Theme, diags: Diagnostics) -> EpubCss:
    files = theme.static_files()
    sheets: list[Stylesheet] = []
    resources: dict[str, Path] = {}
    strings: list[str] = []
    # Theme files keep their static/ paths under styles/, so a font's URL from a stylesheet at
    # the top of static/ is its path there; `font_face()` then writes its @font-face rule.
    for name, text in theme.stylesheets("epub", font_url=lambda rel: rel):
        source = files.get(name) or files.get(name + ".jinja") or name
        rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
        if _uses_variables(rules):
            rules = resolve_variables(rules, str(source))
            text = tinycss2.serialize(rules)
        renames: dict[str, str] = {}
        for url in _urls(rules):
            key = _static_key(name, url, str(source))
            if key is None:
                continue
            if key not in files:
                raise ThemeError(
                    f"url({url}) names a file that is not in the theme's static/ folder", source
                )
            stem, dot, suffix = key.rpartition(".")
            if dot and f".{suffix.lower()}" in WEB_FONTS:
                unwrapped = sfnt_suffix(files[key])
                bare = url.split("#")[0].split("?")[0]
                renames[url] = bare[: -len(suffix) - 1] + unwrapped
                key_in_book = stem + unwrapped
            else:
                key_in_book = key
            resources[f"{STYLE_DIR}/{key_in_book}"] = files[key]
        if renames:
            _rename_urls(rules, renames)
            text = tinycss2.serialize(rules)
        strings.extend(_strings(rules))
        _lint(rules, str(source), diags)
        sheets.append(Stylesheet(f"{STYLE_DIR}/{name}", text))
    return EpubCss(tuple(sheets), dict(sorted(resources.items())), "".join(strings))


def _static_key(sheet: str, url: str, source: str) -> str | None:
    """The static/ path URL refers to from the stylesheet SHEET; None for `data:` URLs and
    same-document references (`url(#gradient)`)."""
    if url.startswith("data:") or not url.split("#")[0].split("?")[0]:
        return None
    if _SCHEME.match(url) or url.startswith("//"):
        raise ThemeError(
            f"url({url}): an EPUB carries its own files; remote resources are not allowed", source
        )
    key = posixpath.normpath(
        posixpath.join(posixpath.dirname(sheet), url.split("#")[0].split("?")[0])
    )
    if key.startswith(("../", "/")):
        raise ThemeError(f"url({url}) points outside the theme's static/ folder", source)
    return key


def _walk(nodes: Iterable[object]) -> Iterable[object]:
    """Every token and rule, nested ones included."""
    for node in nodes:
        yield node
        if isinstance(node, (ast.QualifiedRule, ast.AtRule)):
            yield from _walk(node.prelude or [])
            yield from _walk(node.content or [])
        elif isinstance(node, ast.FunctionBlock):
            yield from _walk(node.arguments)
        elif isinstance(
            node, (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)
        ):
            yield from _walk(node.content)


def _urls(rules: list) -> list[str]:
    urls = []
    for node in _walk(rules):
        if isinstance(node, ast.URLToken):
            urls.append(node.value)
        elif isinstance(node, ast.FunctionBlock) and node.lower_name == "url":
            urls.extend(t.value for t in node.arguments if isinstance(t, ast.StringToken))
        elif isinstance(node, ast.AtRule) and node.lower_at_keyword == "import":
            urls.extend(t.value for t in node.prelude if isinstance(t, ast.StringToken))
    return urls


def _rename_urls(nodes: list, renames: dict[str, str]) -> None:
    """Point url()s at the unwrapped fonts, and their format() hints at the new format."""
    new_format = None
    for i, node in enumerate(nodes):
        url = None
        if isinstance(node, ast.URLToken):
            url = node.value
        elif isinstance(node, ast.FunctionBlock) and node.lower_name == "url":
            url = next((t.value for t in node.arguments if isinstance(t, ast.StringToken)), None)
        if url is not None:
            new_format = None
            if url in renames:
                new = renames[url]
                nodes[i] = ast.URLToken(
                    node.source_line, node.source_column, new, f"url({_quote(new)})"
                )
                new_format = "opentype" if new.endswith(".otf") else "truetype"
        elif isinstance(node, ast.FunctionBlock) and node.lower_name == "format" and new_format:
            nodes[i] = ast.FunctionBlock(
                node.source_line,
                node.source_column,
                node.name,
                [
                    ast.StringToken(
                        node.source_line, node.source_column, new_format, f'"{new_format}"'
                    )
                ],
            )
            new_format = None
        elif isinstance(node, ast.LiteralToken) and node.value in {",", ";"}:
            new_format = None
        elif isinstance(node, (ast.QualifiedRule, ast.AtRule)) and node.content is not None:
            _rename_urls(node.content, renames)
        elif isinstance(node, (ast.FunctionBlock,)):
            _rename_urls(node.arguments, renames)
        elif isinstance(
            node, (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)
        ):
            _rename_urls(node.content, renames)


def _quote(url: str) -> str:
    return '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(rules: list) -> list[str]:
    return [n.value for n in _walk(rules) if isinstance(n, ast.StringToken)]


def _uses_variables(rules: list) -> bool:
    for node in _walk(rules):
        if isinstance(node, ast.FunctionBlock) and node.lower_name == "var":
            return True
        if isinstance(node, ast.IdentToken) and node.value.startswith("--"):
            return True
    return False


def _lint(rules: list, source: str, diags: Diagnostics) -> None:
    for rule in rules:
        if (
            isinstance(rule, ast.AtRule)
            and rule.content is not None
            and rule.lower_at_keyword in {"media", "supports", "layer", "container"}
        ):
            _lint(tinycss2.parse_rule_list(rule.content), source, diags)
        if not isinstance(rule, ast.QualifiedRule):
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        for decl in tinycss2.parse_declaration_list(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if not isinstance(decl, ast.Declaration):
                continue
            words = {t.lower_value for t in decl.value if isinstance(t, ast.IdentToken)}
            fragile = _FRAGILE.get(decl.lower_name, set()) & words
            units = {
                t.lower_unit for t in decl.value if isinstance(t, ast.DimensionToken)
            } & _VIEWPORT_UNITS
            if fragile:
                diags.items.append(
                    _warning(
                        f"{selector} {{ {decl.name}: {', '.join(sorted(fragile))} }} breaks "
                        "the layout on Kindle and older Kobo readers",
                        source,
                    )
                )
            if units:
                diags.items.append(
                    _warning(
                        f"{selector} {{ {decl.name} }} uses viewport units "
                        f"({', '.join(sorted(units))}), which many e-readers ignore",
                        source,
                    )
                )


def _warning(message: str, source: str) -> Diagnostic:
    return Diagnostic(message, "epub.css", source)
