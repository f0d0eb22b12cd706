"""A voice's portrait is chosen on evidence: an image a profile's photo selector finds is the
contributor's portrait only when it is no figure, comes before their text and is portrait-shaped
(by its width and height, or the book's file); any other image stays in the section as content."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.images import image_bytes
from helpers.posts import make_post
from helpers.text import visible_text

from bookmaker.convert import ConvertContext, convert
from bookmaker.model import Asset

NO_FILES = ConvertContext()


def block(photo: str, body: str = "<p>To the owner, always.</p>") -> str:
    """A contribution as the generic profile reads it: name, photo, bio, then the answer."""
    return (
        '<section class="contribution"><h3 class="contributor-name">Ines Okafor</h3>'
        f'{photo}<div class="contributor-bio"><p>Ines runs the history room.</p></div>'
        f'<div class="contribution-body">{body}</div></section>'
    )


def files_ctx(tmp_path: Path, sizes: dict[str, tuple[int, int]]) -> ConvertContext:
    """A context whose images stage had these files of the book, of these pixel sizes."""
    found = {}
    for name, size in sizes.items():
        path = tmp_path / name
        path.write_bytes(image_bytes(size))
        found[name] = Asset(f"images/{name}", path, "image/png")
    return ConvertContext(resolve_asset=lambda post, src: found.get(src))


def section_of(body: str, ctx: ConvertContext = NO_FILES):
    chapter, _ = convert(make_post(body), ctx)
    (section,) = chapter.sections
    return section


def test_a_wide_diagram_in_the_photo_place_is_content_not_a_portrait(tmp_path: Path):
    # the conversation sample: a 3:1 signal-path drawing marked as the contributor's photo
    ctx = files_ctx(tmp_path, {"signal-path.png": (900, 300), "okafor.png": (480, 480)})
    diagram = section_of(block('<img class="contributor-photo" src="signal-path.png" alt="">'), ctx)
    assert diagram.person.photo is None
    assert 'src="images/signal-path.png"' in diagram.html  # kept, before her answer
    assert diagram.html.index("signal-path") < diagram.html.index("To the owner")
    face = section_of(block('<img class="contributor-photo" src="okafor.png" alt="">'), ctx)
    assert face.person.photo == "images/okafor.png" and "<img" not in face.html


@pytest.mark.parametrize(
    ("width", "height", "portrait"),
    [(220, 220, True), (300, 400, True), (600, 400, True), (1500, 500, False), (100, 300, False)],
)
def test_the_declared_size_decides_the_shape(width: int, height: int, portrait: bool):
    img = f'<img class="avatar" src="https://x.org/p.jpg" width="{width}" height="{height}">'
    section = section_of(block(img))
    # a remote portrait becomes a monogram (no photo); a remote figure a label in the text
    assert section.person.photo is None
    assert ("[Image" in visible_text(section.html)) is not portrait


def test_a_captioned_figure_or_an_image_in_the_answer_is_never_the_portrait(tmp_path: Path):
    ctx = files_ctx(tmp_path, {"a.png": (400, 400), "b.png": (400, 400)})
    figure = '<figure><img class="photo" src="a.png" alt="A seed packet"><figcaption>A packet'
    captioned = section_of(block(figure + "</figcaption></figure>"), ctx)
    assert captioned.person.photo is None and "<figcaption>A packet" in captioned.html
    answer = '<p>Here is the packet:</p><p><img class="photo" src="b.png" alt="The packet"></p>'
    inside = section_of(block("", answer), ctx)
    assert inside.person.photo is None and 'src="images/b.png"' in inside.html


def test_an_image_after_the_voice_has_begun_is_content_when_the_block_has_no_body(
    tmp_path: Path,
):
    ctx = files_ctx(tmp_path, {"a.png": (400, 400), "b.png": (400, 400)})
    later = '<p>Write it down.</p><p><img class="avatar" src="b.png" alt="The log"></p></div>'
    section = section_of(f'<div data-contributor="Kenji Watanabe">{later}', ctx)
    assert section.person.photo is None and 'src="images/b.png"' in section.html
    first = '<img class="avatar" src="a.png" alt="">'
    section = section_of(f'<div data-contributor="Kenji Watanabe">{first}{later}', ctx)
    assert section.person.photo == "images/a.png"
    assert 'src="images/b.png"' in section.html and 'src="images/a.png"' not in section.html
