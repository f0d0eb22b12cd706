"""build: the cover image: the one the config names, or one drawn from the title page's text.

The drawn cover is a 1600×2560 JPEG (the size e-book stores ask for) set in the theme's own
fonts, or in the machine's fontconfig fonts when the theme declares none.  Text a font cannot
show is set in a font fontconfig finds for those characters; when none has them, the build
warns rather than print boxes silently.  Same input, same fonts, same bytes: nothing here
reads the clock or draws at random.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from PIL import Image, ImageDraw, ImageFont, features

from bookmaker.builders.epub.cover_text import CoverText
from bookmaker.builders.epub.kept_cover import CoverImage
from bookmaker.errors import BuildError, ConfigError, Diagnostics
from bookmaker.image_settings import ImagesSection
from bookmaker.images.probe import ImageProblem, header
from bookmaker.limits import read_at_most, size_text

WIDTH, HEIGHT = 1600, 2560
#: Formats every EPUB reading system shows as a cover, by Pillow's name for them.
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
_MARGIN = 170
#: More characters than a line of the cover holds at its smallest size.
_MOST_PER_LINE = 200


def load_cover(path: Path, shown: str, diags: Diagnostics, limits: ImagesSection) -> CoverImage:
    """The cover image the config names, checked to be one e-readers show and within the
    `[images]` LIMITS: in bytes (read no further) and in pixels (read from its header)."""
    if not path.exists() and shown.lower().startswith(("http:", "https:")):
        raise ConfigError(f"epub.cover: {shown} is not a web address bookmaker can read")
    if not path.exists():
        raise ConfigError(f"epub.cover: no such file: {shown}")
    if not path.is_file():
        raise ConfigError(f"epub.cover: {shown} is not a file")
    try:
        data = read_at_most(path, int(limits.max_mb * 2**20))
        if data is None:
            raise ConfigError(
                f"epub.cover: {shown} is {size_text(path.stat().st_size)}, more than "
                f"images.max_mb = {limits.max_mb:g} allows (raise it in book.toml)"
            )
        kind, size = header(data, limits.max_pixels)
    except OSError as exc:
        raise ConfigError(f"epub.cover: {shown} cannot be read ({exc.strerror or exc})") from None
    except ImageProblem as exc:
        raise ConfigError(f"epub.cover: {shown} {exc}") from None
    if kind not in FORMATS:
        raise ConfigError(f"epub.cover: {shown} is {kind}; use JPEG or PNG (or GIF, WebP)")
    if size[1] < 1600:
        diags.warn(
            f"cover image {shown} is {size[0]}×{size[1]}; e-book stores ask for at least "
            f"{WIDTH}×{HEIGHT}",
            "epub.cover",
        )
    media_type, extension = FORMATS[kind]
    return CoverImage(data, media_type, extension, size[0], size[1], generated=False)


def generate_cover(
    text: CoverText, fonts: dict[str, Path], background: str, diags: Diagnostics
) -> CoverImage:
    """Draw the cover: title, rule, subtitle, the names, and a footer line with site and date."""
    chosen = _cover_fonts(fonts)
    paper = _colour(background)
    ink = (28, 28, 28) if sum(paper) / 3 > 150 else (246, 241, 230)
    image = Image.new("RGB", (WIDTH, HEIGHT), paper)
    draw = ImageDraw.Draw(image)
    for inset, width in ((70, 6), (92, 2)):
        draw.rectangle((inset, inset, WIDTH - inset, HEIGHT - inset), outline=ink, width=width)
    writer = _Writer(draw, ink, text.language, diags)
    y = writer.block(text.title, writer.font(chosen["title"], text.title), 520, 1000, (168, 72), 6)
    y += 70
    draw.line((WIDTH / 2 - 160, y, WIDTH / 2 + 160, y), fill=ink, width=4)
    y += 90
    if text.subtitle:
        writer.block(
            text.subtitle, writer.font(chosen["italic"], text.subtitle), y, 1820 - y, (76, 44), 4
        )
    if text.names:
        writer.block(text.names, writer.font(chosen["regular"], text.names), 1880, 330, (70, 40), 3)
    if text.footer:
        writer.block(
            text.footer, writer.font(chosen["regular"], text.footer), 2290, 110, (46, 30), 1
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, optimize=True, progressive=False, subsampling=0)
    return CoverImage(out.getvalue(), "image/jpeg", "jpg", WIDTH, HEIGHT, generated=True)


class _Writer:
    """Sets centred lines of text, shrinking the size until the block fits its box."""

    def __init__(
        self,
        draw: ImageDraw.ImageDraw,
        ink: tuple[int, int, int],
        language: str,
        diags: Diagnostics,
    ):
        self.draw, self.ink, self.diags = draw, ink, diags
        self.language = language if features.check("raqm") else None

    def font(self, path: Path, text: str) -> Path:
        """PATH, or a font fontconfig finds for the characters PATH lacks."""
        missing = _missing(path, text)
        if not missing:
            return path
        other = _fc_match(":charset=" + " ".join(f"{ord(c):x}" for c in sorted(missing)))
        if other is not None and len(_missing(other, text)) < len(missing):
            missing = _missing(other, text)
            path = other
        if missing:
            self.diags.warn(
                f"cover: no font here has {len(missing)} character(s) of {text!r} "
                f"({''.join(sorted(missing))[:12]}); set epub.cover or give the theme a font "
                "that has them",
                "epub.cover-glyphs",
            )
        return path

    def block(
        self,
        text: str,
        font_path: Path,
        top: float,
        height: float,
        sizes: tuple[int, int],
        max_lines: int,
    ) -> float:
        largest, smallest = sizes
        size = largest
        # One line of words, and no more of them than the box could ever show: line breaks
        # and separators stop Pillow's layout, and a title of a million words would take hours.
        text = " ".join(_SPACES.split(text[: _MOST_PER_LINE * max_lines].strip()))
        while True:
            font = ImageFont.truetype(str(font_path), size)
            lines = _wrap(self.draw, text, font, WIDTH - 2 * _MARGIN)
            leading = size * 1.18
            wide = any(
                self.draw.textlength(line, font=font) > WIDTH - 2 * _MARGIN for line in lines
            )
            if (len(lines) <= max_lines and len(lines) * leading <= height and not wide) or (
                size <= smallest
            ):
                break
            size = max(smallest, size - 6)
        if wide:  # a name wider than the cover even at the smallest size: it breaks after all
            lines = _wrap(self.draw, text.replace(_NO_BREAK, " "), font, WIDTH - 2 * _MARGIN)
        if len(lines) > max_lines:  # still too long at the smallest size: end with an ellipsis
            lines = lines[:max_lines]
            while (
                lines[-1] and self.draw.textlength(lines[-1] + "…", font=font) > WIDTH - 2 * _MARGIN
            ):
                lines[-1] = lines[-1][:-1]
            lines[-1] = lines[-1].rstrip() + "…"
        y = top
        for line in lines:
            self.draw.text(
                (WIDTH / 2, y),
                line.replace(_NO_BREAK, " "),
                font=font,
                fill=self.ink,
                anchor="ma",
                language=self.language,
            )
            y += leading
        return y


#: A break may come between any two of these (CJK ideographs, kana, Hangul, their punctuation).
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
#: A no-break space (inside a name) joins the words on each side of it into one unit.
_NO_BREAK = "\u00a0"
_SPACES = re.compile(rf"[^\S{_NO_BREAK}]+")
_UNITS = re.compile(rf"[^\S{_NO_BREAK}]+|[{_CJK}]|(?:[^\s{_CJK}]|{_NO_BREAK})+")


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Greedy lines no wider than WIDTH, broken at spaces (never at a no-break space: a
    name stays whole) and between CJK characters (a Chinese title with a space in it still
    breaks between its characters)."""
    lines: list[str] = []
    current = ""
    space = False
    for unit in _UNITS.findall(text.strip()):
        if unit.isspace():
            space = True
            continue
        candidate = current + (" " if space and current else "") + unit
        space = False
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = unit
    if current:
        lines.append(current)
    return lines


def _cover_fonts(theme_fonts: dict[str, Path]) -> dict[str, Path]:
    """Fonts for title, text and subtitle: the theme's, else the machine's serif faces."""
    faces = [f for f in (_face(p) for p in theme_fonts.values()) if f is not None]
    if faces:
        upright = [f for f in faces if not f[2]] or faces
        regular = min(upright, key=lambda f: abs(f[1] - 400))
        title = max(upright, key=lambda f: (f[1] <= 800, f[1]))
        italic = min((f for f in faces if f[2]), key=lambda f: abs(f[1] - 400), default=regular)
        return {"title": title[0], "regular": regular[0], "italic": italic[0]}
    found = {
        role: _fc_match(pattern)
        for role, pattern in (
            ("title", "serif:bold"),
            ("regular", "serif"),
            ("italic", "serif:italic"),
        )
    }
    if found["regular"] is None:
        raise BuildError(
            "cannot draw the cover: the theme declares no fonts and fontconfig (fc-match) "
            "found none on this machine; set epub.cover to an image, or declare fonts in "
            "the theme's theme.toml"
        )
    return {role: path or found["regular"] for role, path in found.items()}  # type: ignore[misc]


def _face(path: Path) -> tuple[Path, int, bool] | None:
    """(path, weight, italic) of a font file Pillow can draw with; None otherwise."""
    try:
        ImageFont.truetype(str(path), 12)
        with TTFont(str(path), lazy=True) as font:
            os2 = font.get("OS/2", None)
            weight = os2.usWeightClass if os2 is not None else 400
            italic = bool(os2.fsSelection & 1) if os2 is not None else "italic" in path.name.lower()
    except (OSError, TTLibError, KeyError):
        return None
    return path, weight, italic


def _missing(path: Path, text: str) -> set[str]:
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError):
        return set()
    return {c for c in text if not c.isspace() and ord(c) not in cmap and ord(c) >= 0x20}


def _fc_match(pattern: str) -> Path | None:
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        out = subprocess.run(
            [fc, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.strip())
    return path if out.strip() and path.is_file() else None


def _colour(value: str) -> tuple[int, int, int]:
    """A `#rrggbb` or `#rgb` colour; anything else gives a dark grey."""
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return (
            (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
            if len(value) == 6
            else (43, 43, 43)
        )
    except ValueError:
        return (43, 43, 43)
