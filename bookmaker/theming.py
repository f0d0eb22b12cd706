"""Themes: a folder with `theme.toml`, `templates/` (Jinja2) and `static/` (CSS, fonts, images).

Lookup: the project's theme folders, then installed themes (entry-point group
`bookmaker.themes`), then the built-ins.  A theme may `inherit` another to any depth;
templates and static files are searched child first, and a template can extend an ancestor's
version of itself explicitly with `{% extends "default:epub/chapter.xhtml" %}`.
`*.css.jinja` files are rendered with the options, so EPUB CSS carries plain values.
"""

from __future__ import annotations

import tomllib
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

import jinja2

from bookmaker.errors import ThemeError

THEME_FILE = "theme.toml"
_OPTION_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def builtin_themes_dir() -> Path:
    """`bookmaker/themes` in an installed wheel; the repository's `themes/` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "themes", here.parent / "themes"):
        if candidate.is_dir():
            return candidate
    raise ThemeError("the built-in themes are missing from this installation", here)


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: type
    default: Any
    description: str


@dataclass(frozen=True)
class ThemeInfo:
    name: str
    path: Path
    origin: str
    description: str = ""
    inherit: str | None = None
    stylesheets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: Mapping[str, OptionSpec] = field(default_factory=dict)
    #: Font files under static/ that the theme's CSS uses (`@font-face`); builders embed them.
    fonts: tuple[str, ...] = ()


def read_theme_info(path: Path, origin: str) -> ThemeInfo:
    toml_path = path / THEME_FILE
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeError(f"not valid TOML: {exc}", toml_path) from None
    except OSError as exc:
        raise ThemeError(f"cannot read: {exc.strerror}", toml_path) from None
    theme = data.get("theme", {})
    options = {}
    for name, spec in data.get("options", {}).items():
        if not isinstance(spec, dict) or "default" not in spec:
            raise ThemeError(f"option {name}: expected a table with 'default' and 'description'", toml_path)
        kind = _OPTION_TYPES.get(spec.get("type", type(spec["default"]).__name__))
        if kind is None:
            raise ThemeError(f"option {name}: type must be one of {', '.join(_OPTION_TYPES)}", toml_path)
        options[name] = OptionSpec(name, kind, spec["default"], str(spec.get("description", "")))
    sheets = {k: tuple(v) for k, v in theme.get("stylesheets", {}).items()}
    return ThemeInfo(
        name=str(theme.get("name", path.name)),
        path=path,
        origin=origin,
        description=str(theme.get("description", "")),
        inherit=theme.get("inherit") or None,
        stylesheets=sheets,
        options=options,
        fonts=tuple(str(f) for f in theme.get("fonts", ())),
    )


def available_themes(project_dirs: tuple[Path, ...] = ()) -> dict[str, ThemeInfo]:
    """Every theme that can be named, the first found winning (project, installed, built-in)."""
    found: dict[str, ThemeInfo] = {}

    def scan(folder: Path, origin: str) -> None:
        if not folder.is_dir():
            return
        for child in sorted(folder.iterdir()):
            if (child / THEME_FILE).is_file():
                info = read_theme_info(child, origin)
                found.setdefault(info.name, info)

    for folder in project_dirs:
        scan(folder, "project")
    for ep in metadata.entry_points(group="bookmaker.themes"):
        try:
            module = ep.load()
        except Exception as exc:  # a broken plugin must not break every build
            raise ThemeError(f"installed theme {ep.name!r} failed to load: {exc}") from None
        folder = Path(getattr(module, "__file__", "")).parent if hasattr(module, "__file__") else Path(str(module))
        if (folder / THEME_FILE).is_file():
            info = read_theme_info(folder, "installed")
            found.setdefault(info.name, info)
        else:
            scan(folder, "installed")
    scan(builtin_themes_dir(), "built-in")
    return found


class Theme:
    """A resolved theme chain (child first) with its options and Jinja environment."""

    def __init__(self, chain: tuple[ThemeInfo, ...], options: Mapping[str, Any]):
        self.chain = chain
        self.options = dict(options)
        prefixes = {t.name: jinja2.FileSystemLoader(str(t.path / "templates")) for t in chain}
        loader = jinja2.ChoiceLoader([
            jinja2.PrefixLoader(prefixes, delimiter=":"),
            jinja2.FileSystemLoader([str(t.path / "templates") for t in chain]),
        ])
        self.env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined,
                                      autoescape=True, keep_trailing_newline=True)
        self.env.globals["theme"] = {"name": self.name, "options": self.options}

    @property
    def name(self) -> str:
        return self.chain[0].name

    def render(self, template: str, **context: Any) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise ThemeError(f"template {exc.name!r} not found in theme chain "
                             f"{' → '.join(t.name for t in self.chain)}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
        except jinja2.UndefinedError as exc:
            path, line = _template_frame(exc)
            raise ThemeError(f"undefined in template: {exc.message}", path or template, line) from None

    def static_files(self) -> dict[str, Path]:
        """Relative path → file, child themes overriding their parents."""
        files: dict[str, Path] = {}
        for info in reversed(self.chain):
            static = info.path / "static"
            if static.is_dir():
                for f in sorted(static.rglob("*")):
                    if f.is_file():
                        files[f.relative_to(static).as_posix()] = f
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
        declared = {name for info in self.chain for name in info.fonts}
        missing = sorted(declared - set(files))
        if missing:
            raise ThemeError(f"font file(s) {', '.join(missing)} declared in theme.toml are not in static/")
        return {name: files[name] for name in sorted(declared)}

    def stylesheets(self, builder: str) -> list[tuple[str, str]]:
        """(name, CSS text) of the builder's stylesheets, `.css.jinja` rendered with the options."""
        names = self.stylesheet_names(builder)
        files = self.static_files()
        sheets = []
        for name in names:
            source = files.get(name)
            if source is None:
                raise ThemeError(f"stylesheet {name!r} for {builder} is not in the static/ folder "
                                 f"of theme chain {' → '.join(t.name for t in self.chain)}")
            text = source.read_text(encoding="utf-8")
            if name.endswith(".jinja"):
                try:
                    text = self.env.from_string(text).render(options=self.options)
                except jinja2.TemplateError as exc:
                    raise ThemeError(f"stylesheet template error: {exc}", source) from None
                name = name[: -len(".jinja")]
            sheets.append((name, text))
        return sheets


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno
    return None, None


def load_theme(name: str, project_dirs: tuple[Path, ...], overrides: Mapping[str, Any]) -> Theme:
    themes = available_themes(project_dirs)
    chain: list[ThemeInfo] = []
    current: str | None = name
    while current:
        if current not in themes:
            known = ", ".join(sorted(themes))
            if chain:
                raise ThemeError(f"theme {chain[-1].name!r} inherits unknown theme {current!r} (known: {known})",
                                 chain[-1].path / THEME_FILE)
            raise ThemeError(f"unknown theme {current!r} (known: {known})")
        if any(t.name == current for t in chain):
            cycle = " → ".join([t.name for t in chain] + [current])
            raise ThemeError(f"theme inheritance cycle: {cycle}")
        chain.append(themes[current])
        current = themes[current].inherit
    return Theme(tuple(chain), resolve_options(tuple(chain), overrides))


def resolve_options(chain: tuple[ThemeInfo, ...], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults from the chain (child first wins), then the book's values, type-checked."""
    specs: dict[str, OptionSpec] = {}
    for info in reversed(chain):
        specs.update(info.options)
    values = {name: spec.default for name, spec in specs.items()}
    for key, value in overrides.items():
        if key not in specs:
            valid = ", ".join(sorted(specs)) or "none"
            raise ThemeError(f"theme.options.{key}: theme {chain[0].name!r} has no such option (valid: {valid})")
        spec = specs[key]
        if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
            raise ThemeError(f"theme.options.{key}: expected {spec.type.__name__}; got {value!r}")
        values[key] = value
    return values
