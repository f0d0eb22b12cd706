"""The seed with its pictures: its five image URLs served from 127.0.0.1 under the same paths,
built in the conversation theme: the lead photo with its caption and credit, and the four
contributors' portraits, in both editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.images import SEED_IMAGES, SEED_SITE, epub_images, image_bytes, image_server
from helpers.pdf import PdfBook, squash
from helpers.text import epub_documents
from test_seed import CONTRIBUTORS

from bookmaker.pipeline import build

CAPTION = "Russia’s President Vladimir Putin and China’s leader Xi Jinping shake hands"
CREDIT = "Sergei Bobylyov—AFP/Getty Images"
LEAD = "/sites/default/files/styles/large/public/assets/images/article/featured/55396_sm.jpg"


@pytest.fixture(scope="module")
def pictured(seed_path: Path, tmp_path_factory: pytest.TempPathFactory, epub_registry):
    """The seed built online (BOOKMAKER_OFFLINE lifted for the build) against a local copy of
    its images; the requests the server saw."""
    work = tmp_path_factory.mktemp("seed-images")
    with pytest.MonkeyPatch.context() as patch, image_server() as server:
        patch.delenv("BOOKMAKER_OFFLINE", raising=False)
        for path, (size, colour) in SEED_IMAGES.items():
            server.add(path, image_bytes(size, colour))
        text = seed_path.read_text(encoding="utf-8")
        (work / "book").mkdir()
        (work / "book" / "seed.md").write_text(
            text.replace(SEED_SITE + "/sites/", server.base + "/sites/")
        )
        (work / "book" / "book.toml").write_text(
            '[theme]\nname = "conversation"\n[images]\nallow_private = true\n'
        )
        report = build(work / "book", ["epub", "pdf", "html"], work / "out")
        requests = list(server.requests)
    epub_registry.register(report.results[0].path)
    return report, requests


def test_the_five_images_are_fetched_once_each(pictured):
    report, requests = pictured
    assert sorted(r.split("?")[0] for r in requests) == sorted(SEED_IMAGES)
    assert [w for w in report.warnings if w.code.startswith("image.")] == []
    assert len(report.book.assets) == 5


def test_the_epub_has_the_lead_photo_with_caption_and_credit_and_four_portraits(pictured):
    report, _ = pictured
    epub = report.results[0].path
    (chapter,) = [d for n, d in epub_documents(epub).items() if "chapter" in n]
    soup = BeautifulSoup(chapter, "xml")
    figure = soup.find("figure")
    img = figure.find("img")
    assert img["src"].startswith("images/web/55396_sm-") and img["alt"].startswith(CAPTION)
    caption = figure.find("figcaption")
    assert CAPTION in caption.get_text() and caption.find("p", class_="credit").get_text() == CREDIT
    portraits = soup.select("ul.participants img.portrait")
    heads = soup.select("header.contributor-head img.portrait")
    assert len(portraits) == 4 and [p["src"] for p in heads] == [p["src"] for p in portraits]
    names = [h.get_text() for h in soup.select("header.contributor-head h2")]
    assert names == CONTRIBUTORS
    files = epub_images(epub)
    assert {img["src"], *(p["src"] for p in portraits)} == set(files)
    sizes = sorted(size for _, size, _ in files.values())
    assert sizes == [(110, 110)] * 4 + [(300, 200)]
    assert not soup.select("a > img")  # the link to the photo's bigger copy is gone


def test_the_pdf_and_its_html_show_them_too(pictured):
    report, _ = pictured
    _, pdf_path, html_path = (r.path for r in report.results)
    html = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    srcs = [i["src"] for i in html.select("figure img, img.portrait")]
    assert len(set(srcs)) == 5 and all((html_path.parent / s).is_file() for s in srcs)
    pdf = PdfBook(pdf_path)
    opening = next(i for i in range(len(pdf.pages)) if squash(CREDIT) in squash(pdf.text(i)))
    assert squash(CAPTION) in squash(pdf.text(opening))
    drawn = {
        (int(x["/Width"]), int(x["/Height"]))
        for page in pdf.pages
        for x in (o.get_object() for o in (page["/Resources"].get("/XObject") or {}).values())
        if x.get("/Subtype") == "/Image"
    }
    assert drawn == {(300, 200), (110, 110)}
