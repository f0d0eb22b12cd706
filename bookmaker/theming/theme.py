"""Themes: a resolved chain (child first) → rendered templates and stylesheets.

Templates and static files are searched child first; `{% extends "default:epub/chapter.xhtml" %}`
reaches the version a named ancestor would use (its own, else its ancestors').  Stylesheets are layered parent first, and `*.css.jinja`
files are rendered with the options, so EPUB CSS carries plain values.  Every mistake in a
template becomes a `ThemeError` naming the template file and line.
"""

from __future__ import annotations

import difflib
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from bookmaker.errors import BookmakerError, ThemeError
from bookmaker.theming.confined import ConfinedLoader, inside_theme
from bookmaker.theming.credit_names import credit_names_filter
from bookmaker.theming.filters import FILTERS, GLOBALS
from bookmaker.theming.labels import merge_labels, read_labels
from bookmaker.theming.spec import ThemeInfo

#: Maps a font file under static/ to the URL a stylesheet reaches it by, or None when the
#: builder does not ship that file (then the `@font-face` rule is left out).
FontUrl = Callable[[str], "str | None"]

_FONT_FORMATS = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}


class Theme:
    """A resolved theme chain (child first) with its options and Jinja environment."""

    def __init__(self, chain: tuple[ThemeInfo, ...], options: Mapping[str, Any]):
        self.chain = chain
        self.options = dict(options)
        self._labels: list[dict[str, dict[str, Any]]] | None = None
        # "NAME:template" is the template as theme NAME sees it: its own, else its ancestors'.
        prefixes = {
            t.name: ConfinedLoader([str(a.path / "templates") for a in chain[i:]])
            for i, t in enumerate(chain)
        }
        loader = jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader(prefixes, delimiter=":"),
                ConfinedLoader([str(t.path / "templates") for t in chain]),
            ]
        )
        self.env = jinja2.Environment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            autoescape=jinja2.select_autoescape(
                disabled_extensions=("css.jinja", "css"), default=True, default_for_string=False
            ),
        )
        # Every filter and helper, once: builders pass data and never change the environment.
        self.env.filters.update(FILTERS, credit_names=credit_names_filter)
        self.env.globals.update(GLOBALS)
        # Templates and stylesheets read an option as `options.NAME`; `theme.options` is the
        # same mapping, for themes written when templates had only that name.
        self.env.globals["options"] = self.options
        self.env.globals["theme"] = {
            "name": self.name,
            "options": self.options,
            "chain": tuple(t.name for t in chain),
        }

    @property
    def name(self) -> str:
        return self.chain[0].name

    @property
    def chain_text(self) -> str:
        return " → ".join(t.name for t in self.chain)

    def render(self, template: str, **context: Any) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise self._not_found(exc, template) from None
        except Exception as exc:  # noqa: BLE001 - reported as the template's error
            raise self._template_error(exc, template) from None

    def _not_found(self, exc: jinja2.TemplateNotFound, template: str) -> ThemeError:
        missing = exc.name if isinstance(exc.name, str) else template
        path, line = _template_frame(exc)
        if path is None and missing != template:
            path = template
        hint = difflib.get_close_matches(missing.split(":")[-1], self.env.list_templates(), n=1)
        did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        return ThemeError(
            f"template {missing!r} not found in theme chain {self.chain_text}{did_you_mean}",
            path,
            line,
        )

    def _template_error(self, exc: Exception, template: str | Path) -> Exception:
        """The user-facing error for an exception raised while rendering, or EXC itself when it
        is a bug in bookmaker's own Python code (its traceback is then kept)."""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = exc.filename or exc.name or template
            return ThemeError(f"template syntax error: {_one_line(exc.message)}", where, exc.lineno)
        path, line = _template_frame(exc)
        if isinstance(exc, BookmakerError):
            if exc.path is None and path is not None:
                exc.path, exc.line = path, line
            return exc
        if isinstance(exc, jinja2.UndefinedError):
            return ThemeError(
                f"undefined in template: {_one_line(exc.message)}", path or template, line
            )
        if isinstance(exc, jinja2.TemplateError) or _raised_in_template(exc):
            return ThemeError(
                f"template error: {type(exc).__name__}: {_one_line(str(exc))}",
                path or template,
                line,
            )
        return exc

    def labels(self, language: str) -> dict[str, Any]:
        """The words the templates print in LANGUAGE, child themes overriding their parents
        (the chain's tables read once: an EPUB asks three times)."""
        if self._labels is None:
            self._labels = [read_labels(info.path) for info in reversed(self.chain)]
        return merge_labels(self._labels, language)

    def static_files(self) -> dict[str, Path]:
        """Relative path → file, child themes overriding their parents; a link out of its
        theme's folder is refused."""
        files: dict[str, Path] = {}
        for info in reversed(self.chain):
            static = info.path / "static"
            if static.is_dir():
                for f in sorted(static.rglob("*")):
                    if f.is_file():
                        files[f.relative_to(static).as_posix()] = inside_theme(f, info.path)
        return files

    def stylesheet_names(self, builder: str) -> list[str]:
        """The builder's stylesheets, parent first: each theme adds a layer on its parent's.

        A child lists only its own sheets; a name already listed by an ancestor keeps the
        ancestor's place (the file itself is still found child first, so it can be replaced).
        """
        names: list[str] = []
        for info in reversed(self.chain):
            for name in info.stylesheets.get(builder, ()):
                if name not in names:
                    names.append(name)
        return names

    def fonts(self) -> dict[str, Path]:
        """Font files the chain declares, by path under static/, child themes overriding."""
        files = self.static_files()
        missing = [(info, name) for info in self.chain for name in info.fonts if name not in files]
        if missing:
            info, name = missing[0]
            raise ThemeError(
                f"theme.fonts: {name!r} is not in the static/ folder of theme chain "
                f"{self.chain_text}",
                info.toml,
            )
        return {
            name: files[name] for name in sorted({n for info in self.chain for n in info.fonts})
        }

    def stylesheets(self, builder: str, font_url: FontUrl | None = None) -> list[tuple[str, str]]:
        """(name, CSS text) of the builder's stylesheets, `.css.jinja` rendered with the options.

        FONT_URL says where the builder puts the theme's font files; without it (a builder that
        does not ship fonts) `font_face(...)` writes nothing, so no CSS points to a missing file.
        """
        names = self.stylesheet_names(builder)
        files = self.static_files()
        fonts = self.fonts()
        sheets = []
        for name in names:
            source = files.get(name)
            if source is None:
                owner = next(i for i in self.chain if name in i.stylesheets.get(builder, ()))
                raise ThemeError(
                    f"theme.stylesheets.{builder}: {name!r} is not in the static/ folder "
                    f"of theme chain {self.chain_text}",
                    owner.toml,
                )
            try:
                text = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ThemeError(f"cannot read stylesheet: {exc}", source) from None
            if name.endswith(".jinja"):
                text = self._render_css(source, name, text, builder, fonts, font_url)
                name = name[: -len(".jinja")]
            sheets.append((name, text))
        return sheets

    def _render_css(
        self,
        source: Path,
        name: str,
        text: str,
        builder: str,
        fonts: Mapping[str, Path],
        font_url: FontUrl | None,
    ) -> str:
        def font_face(
            family: str, file: str, weight: int | str = 400, style: str = "normal"
        ) -> Markup:
            if file not in fonts:
                known = ", ".join(fonts) or "none"
                raise ThemeError(
                    f"font_face: {file!r} is not declared in theme.toml [theme] fonts "
                    f"(declared: {known})"
                )
            url = font_url(file) if font_url is not None else None
            if url is None:
                return Markup("")
            fmt = _FONT_FORMATS.get(Path(file).suffix.lower(), "truetype")
            return Markup(
                f'@font-face {{ font-family: "{family}"; font-style: {style}; '
                f'font-weight: {weight}; src: url("{url}") format("{fmt}"); }}'
            )

        try:
            code = self.env.compile(text, name=name, filename=str(source))
            template = self.env.template_class.from_code(
                self.env, code, self.env.make_globals(None)
            )
            return template.render(builder=builder, font_face=font_face)
        except Exception as exc:  # noqa: BLE001 - reported as the stylesheet's error
            raise self._template_error(exc, source) from None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of EXC's traceback (Jinja rewrites its
    frames to point at template source lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if (
            frame.filename
            and not frame.filename.endswith(".py")
            and not frame.filename.startswith("<")
        ):
            return frame.filename, frame.lineno
    return None, None


def _raised_in_template(exc: BaseException) -> bool:
    """True when the innermost frame is template code: a mistake in the theme, not in Python."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and not frames[-1].filename.endswith(".py")
