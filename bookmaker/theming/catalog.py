"""Themes: what `bookmaker themes` shows — every theme a project can name, and one theme's
chain, files and options — as plain rows the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import BookmakerError
from bookmaker.theming import load_chain
from bookmaker.theming.lookup import all_themes
from bookmaker.theming.spec import merge_options


@dataclass(frozen=True)
class ThemeRow:
    name: str
    origin: str
    parent: str
    description: str
    where: str
    #: The name of the theme this one shadows or is shadowed by, or why it could not be read.
    note: str = ""


def theme_rows(project_dirs: tuple[Path, ...] = ()) -> list[ThemeRow]:
    """One row per theme, sorted by name, shadowed themes after the one that wins."""
    rows: list[ThemeRow] = []
    seen: dict[str, str] = {}
    for ref in all_themes(project_dirs):
        note = f"shadowed by the {seen[ref.name]} theme of that name" if ref.name in seen else ""
        seen.setdefault(ref.name, ref.origin)
        try:
            info = ref.info()
        except BookmakerError as exc:
            rows.append(
                ThemeRow(ref.name, ref.origin, "?", "", ref.where, f"cannot be used: {exc}")
            )
            continue
        rows.append(
            ThemeRow(
                info.name, info.origin, info.inherit or "-", info.description, str(info.path), note
            )
        )
    return sorted(rows, key=lambda r: (r.name, bool(r.note)))


def theme_details(name: str, project_dirs: tuple[Path, ...] = ()) -> list[str]:
    """Lines describing theme NAME: where it is, its chain, stylesheets, fonts and options."""
    chain = load_chain(name, project_dirs)
    head = chain[0]
    lines = [
        f"{head.name} ({head.origin}): {head.description}".rstrip(": "),
        f"  folder:      {head.path}",
        f"  inherits:    {' → '.join(t.name for t in chain[1:]) or '-'}",
    ]
    for builder in sorted({b for t in chain for b in t.stylesheets}):
        names = [f"{n} ({t.name})" for t in reversed(chain) for n in t.stylesheets.get(builder, ())]
        lines.append(f"  {builder + ' css:':<12} {', '.join(names)}")
    fonts = [f for t in chain for f in t.fonts]
    if fonts:
        lines.append(f"  fonts:       {', '.join(sorted(set(fonts)))}")
    lines.append(
        "  options (set in book.toml [theme.options] or with -D theme.options.NAME=VALUE):"
    )
    for spec in sorted(merge_options(chain).values(), key=lambda s: s.name):
        kind = " | ".join(map(str, spec.choices)) if spec.choices else spec.type
        lines.append(
            f"    {spec.name} = {_toml(spec.default)}  [{kind}, from {spec.theme}]  {spec.description}"
        )
    return lines


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)
