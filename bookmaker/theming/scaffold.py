"""Themes: `bookmaker themes new NAME --from PARENT` → `_themes/NAME/` in the project: a
commented theme.toml that inherits PARENT, a stylesheet layer, and one template override to
start from.  Written to a temporary folder and renamed, so it appears whole or not at all."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bookmaker.errors import ThemeError
from bookmaker.theming import available_themes, load_chain
from bookmaker.theming.confined import valid_theme_name
from bookmaker.theming.spec import merge_options

#: The template copied as the example override: small, and used by both editions.
EXAMPLE_TEMPLATES = ("partials/byline.html", "partials/contributor.html")

_TOML = """\
# The "{name}" theme: {parent}'s look, changed only where this folder says so.
#   Build with it:     bookmaker build POSTS -t {name}   (or in book.toml: [theme] name = "{name}")
#   See its options:   bookmaker themes show {name}
#   Guide:             README, section "Customizing a theme".

[theme]
name = "{name}"                # must match the folder's name
description = "{parent}, customized."
inherit = "{parent}"           # templates, static files and options not found here come from {parent}

# Stylesheets this theme ADDS on top of {parent}'s, per builder ("pdf" also styles the html preview).
# A *.css.jinja file is rendered with the options first, so write {{{{ options.NAME }}}} in it.
# To replace one of {parent}'s stylesheets instead, put a file of the same name in static/.
[theme.stylesheets]
epub = ["custom.css.jinja"]
pdf = ["custom.css.jinja"]

# Font files under static/ that your CSS uses through font_face(...); freely licensed, with their
# licence file beside them.  Example, with static/fonts/MyFont-Regular.woff2:
#   fonts = ["fonts/MyFont-Regular.woff2"]
# and in custom.css.jinja:
#   {{{{ font_face("My Font", "fonts/MyFont-Regular.woff2") }}}}
#   body {{ font-family: "My Font", serif; }}
{inherited}
# A new option: a default, a type (str, int, float, bool, color, length; or a list of
# `choices`) and a one-line description.  Templates and stylesheets read it as
# {{{{ options.rule_color }}}}; a book sets it in book.toml [theme.options] or with
# -D theme.options.rule_color='#336699'.
[options.rule_color]
default = "#999999"
type = "color"
description = "Colour of the rule under chapter titles."
"""

_INHERITED = """
# Change an option {parent} already has by naming it again with a new default:
[options.{option}]
default = {value}
"""

_CSS = """\
{{#- The {name} theme: this stylesheet is added after {parent}'s, in the EPUB and in the PDF.
    It is rendered with the options first: {{{{ options.NAME }}}} becomes the option's value, and
    {{{{ builder }}}} is "epub" or "pdf" should the two editions need different rules. -#}}
.chapter-head {{ border-bottom: 0.5pt solid {{{{ options.rule_color }}}}; padding-bottom: 0.6em; }}
"""

_OVERRIDE_HEAD = """\
{{#- The {name} theme's own {template}: it replaces {parent}'s (and started as a copy of it).
    Delete this file to follow {parent}'s version again.  A template can also extend the
    version of a named theme, e.g. {{% extends "default:epub/layout.xhtml" %}}, and change
    only its blocks. -#}}
"""


def new_theme(dirs: tuple[Path, ...], name: str, parent: str) -> Path:
    """Create DIRS[0]/NAME inheriting PARENT; returns the new folder."""
    valid_theme_name(name)
    folder = dirs[0] / name
    if folder.exists():
        raise ThemeError("already exists; choose another name or delete it first", folder)
    known = available_themes(dirs)
    if name in known:
        raise ThemeError(
            f"a {known[name].origin} theme is already called {name!r} ({known[name].where}); "
            f"a project theme of that name would hide it. Choose another name"
        )
    chain = load_chain(parent, dirs, "--from")
    options = merge_options(chain)
    inherited = ""
    if "accent_color" in options:
        inherited = _INHERITED.format(parent=parent, option="accent_color", value='"#1d5c63"')
    template, source = _example_template(chain)
    dirs[0].mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=dirs[0]))
    try:
        (work / "theme.toml").write_text(
            _TOML.format(name=name, parent=parent, inherited=inherited), encoding="utf-8"
        )
        (work / "static").mkdir()
        (work / "static" / "custom.css.jinja").write_text(
            _CSS.format(name=name, parent=parent), encoding="utf-8"
        )
        if source is not None:
            target = work / "templates" / template
            target.parent.mkdir(parents=True)
            head = _OVERRIDE_HEAD.format(name=name, parent=parent, template=template)
            target.write_text(head + source.read_text(encoding="utf-8"), encoding="utf-8")
        work.rename(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _example_template(chain: tuple) -> tuple[str, Path | None]:
    """The first of EXAMPLE_TEMPLATES the parent chain has, as the parent would render it."""
    for template in EXAMPLE_TEMPLATES:
        for info in chain:
            source = info.path / "templates" / template
            if source.is_file():
                return template, source
    return "", None
