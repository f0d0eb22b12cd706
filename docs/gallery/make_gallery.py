"""Render the gallery: for each built-in theme, the sample book's title page, contents, and the
opening of its conversation chapter, and that chapter in the EPUB as Chromium shows it (a
phone-sized window), side by side in one small PNG (docs/gallery/THEME.png).

    python docs/gallery/make_gallery.py        # needs pdftoppm (poppler-utils), pypdf, chromium

Run it after changing a theme and look at the result before committing it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from bookmaker.pipeline import build
from bookmaker.theming import available_themes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHAPTER = "What Should a Library Keep?"
SUBTITLE = "Conversations and field notes"
DPI = 50
GAP = 12


def pages_to_show(pdf: Path) -> list[int]:
    """1-based numbers of the title page, the contents, and the chapter's first two pages
    (found by their text: the half-title and blank versos come and go with the page model)."""
    texts = [" ".join((page.extract_text() or "").split()).lower() for page in PdfReader(pdf).pages]
    title = next(i for i, text in enumerate(texts) if SUBTITLE.lower() in text)
    contents = next(i for i, text in enumerate(texts) if i > title and "contents" in text)
    opening = next(i for i, text in enumerate(texts) if i > contents and CHAPTER.lower() in text)
    return [title + 1, contents + 1, opening + 1, opening + 2]


def render(theme: str, work: Path) -> Path:
    shutil.copytree(ROOT / "samples", work / theme / "samples")
    results = build(
        work / theme / "samples", ["epub", "pdf"], work / theme / "out", theme_name=theme
    ).results
    epub, pdf = results[0].path, results[1].path
    images = []
    for number in pages_to_show(pdf):
        prefix = work / theme / f"page-{number}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(DPI),
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        images.append(Image.open(f"{prefix}.png").convert("RGB"))
    images.append(epub_page(epub, work / theme, images[0].height))
    width = sum(i.width for i in images) + GAP * (len(images) + 1)
    height = max(i.height for i in images) + 2 * GAP
    sheet = Image.new("RGB", (width, height), (222, 222, 222))
    x = GAP
    for image in images:
        sheet.paste(image, (x, GAP))
        x += image.width + GAP
    target = HERE / f"{theme}.png"
    sheet.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    return target


def epub_page(epub: Path, work: Path, height: int) -> Image.Image:
    """The EPUB's conversation chapter in headless Chromium, scaled to HEIGHT pixels."""
    folder = work / "epub"
    with zipfile.ZipFile(epub) as z:
        z.extractall(folder)
    chapter = next(
        p
        for p in sorted(folder.rglob("chapter-*.xhtml"))
        if CHAPTER in p.read_text(encoding="utf-8")
    )
    shot = work / "epub.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=400,640",
            f"--screenshot={shot}",
            chapter.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    image = Image.open(shot).convert("RGB")
    return image.resize((image.width * height // image.height, height), Image.Resampling.LANCZOS)


def main() -> None:
    themes = sorted(name for name, ref in available_themes().items() if ref.origin == "built-in")
    with tempfile.TemporaryDirectory() as tmp:
        for theme in themes:
            target = render(theme, Path(tmp))
            print(
                f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB", file=sys.stderr
            )


if __name__ == "__main__":
    main()
