"""Images of a blog as the source: a Hugo site's root-relative image (under its base path) is
found where Hugo serves it from (`static/`), and a `[matter]` text's image goes through the
images stage like a post's, in the EPUB."""

from __future__ import annotations

from pathlib import Path

from helpers.images import epub_images, image_bytes

from bookmaker.pipeline import build


def test_a_hugo_sites_static_image_and_a_forewords_image_are_in_the_book(
    tmp_path: Path, epub_registry
):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "static" / "img").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://blog.example/notes/"\ntitle = "Notes"\n')
    (site / "content" / "posts" / "harbour.md").write_text(
        "---\ntitle: Harbour\ndate: 2024-03-01\nauthor: Ann\n---\n\n"
        "The pier: ![The pier](/notes/img/pier.png)\n"
    )
    (site / "foreword.md").write_text(
        "---\ntitle: Foreword\n---\n\n![The editors](/img/editors.png)\n\nWords.\n"
    )
    (site / "book.toml").write_text('[matter]\nforeword = "foreword.md"\n')
    pier, editors = image_bytes(kind="PNG"), image_bytes(colour=(10, 200, 10), kind="PNG")
    (site / "static" / "img" / "pier.png").write_bytes(pier)
    (site / "static" / "img" / "editors.png").write_bytes(editors)
    report = build(site, ["epub"], tmp_path / "out")
    assert [w for w in report.warnings if w.code.startswith("image.")] == []
    epub = report.results[0].path
    epub_registry.register(epub)
    shipped = {href: data for href, (_, _, data) in epub_images(epub).items()}
    assert shipped == {"images/static/img/pier.png": pier, "images/static/img/editors.png": editors}
