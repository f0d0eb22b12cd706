"""Hostile content (issue 16, item 6): a post that tries every way to run code, read a file
outside the book or make a request.  Nothing executable reaches either edition, no outside
file is read, no request reaches a server on 127.0.0.1; and EPUBs given to `bookmaker check`
that are zip bombs or name paths outside themselves are problems, not harm."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers.hostile import counting_server
from helpers.text import pdf_text
from lxml import etree

from bookmaker.check import check_structure
from bookmaker.check.archive import MAX_MEMBER
from bookmaker.pipeline import build

SECRET = "SECRET-OUTSIDE-THE-BOOK"
#: Elements that run code, load other documents, send data or change where links go.
ACTIVE = {"script", "object", "embed", "iframe", "form", "input", "button", "base",
          "frame", "frameset", "applet", "handler", "listener", "foreignObject", "set",
          "animate"}  # fmt: skip
URL_ATTRS = ["href", "src", "action", "formaction", "data", "poster", "background", "cite",
             "longdesc", "usemap", "xlink:href", "srcset", "codebase", "manifest", "icon",
             "dynsrc", "lowsrc", "ping", "profile"]  # fmt: skip
TAGS_FOR_URLS = ["a", "img", "form", "button", "object", "video", "audio", "source",
                 "blockquote", "q", "del", "ins", "area", "body", "table", "td", "input",
                 "iframe", "link", "track", "embed", "html", "svg", "image"]  # fmt: skip


def hostile_post(base: str, secret: Path) -> str:
    """One post with each way in the issue lists, aimed at BASE and at the file SECRET."""
    uri = secret.as_uri()
    urls = [f"javascript:fetch('{base}/js')", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            " JAVASCRIPT:alert(1)", "jav&#x09;ascript:alert(1)", "vbscript:msgbox(1)", uri]  # fmt: skip
    every_url = "\n".join(
        f'<{tag} {attr}="{url}">{tag} {attr}</{tag}>'
        for tag in TAGS_FOR_URLS
        for attr in URL_ATTRS
        for url in urls
    )
    return f"""---
title: Every Way In
date: 2024-01-01
---
<p>The words a reader should see.</p>
<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('{base}/svg-onload')">
  <script>fetch('{base}/svg-script')</script>
  <image href="{base}/svg-image.png" width="10" height="10"/>
  <a xlink:href="javascript:alert(1)"><text>svg link</text></a>
  <foreignObject><iframe src="{base}/foreign"></iframe></foreignObject>
  <set attributeName="href" to="javascript:alert(1)"/>
  <animate attributeName="href" values="javascript:alert(1)"/>
</svg>
<math><mtext><script>fetch('{base}/math-script')</script></mtext>
  <maction actiontype="statusline" xlink:href="javascript:alert(1)"><mi>x</mi></maction></math>
<p style="background: url({base}/style-attr.png); color: red">styled</p>
<p style="@import '{base}/style-import.css'">imported</p>
<style>@import url("{base}/style-element.css"); p {{ background: url({uri}) }}</style>
<base href="{base}/base/">
<meta http-equiv="refresh" content="0; url={base}/refresh">
<object data="{base}/object.swf"><param name="movie" value="{base}/param"></object>
<embed src="{base}/embed.swf">
<form action="{base}/form"><input name="q" formaction="{base}/input"><button>Send</button></form>
<iframe src="{uri}"></iframe>
<link rel="stylesheet" href="{base}/link.css">
<img src="{base}/remote.png" srcset="{base}/srcset.png 2x" alt="remote picture" onerror="x()">
<img src="{uri}" alt="outside file">
<!DOCTYPE svg [<!ENTITY leak SYSTEM "{uri}">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&leak;</text></svg>
{every_url}
<p>The last words.</p>
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    """(report, requests made) of the hostile post built as an EPUB and a PDF."""
    tmp = tmp_path_factory.mktemp("hostile")
    secret = tmp / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    book = tmp / "book"
    book.mkdir()
    with counting_server() as (base, requests):
        (book / "every-way-in.html").write_text(hostile_post(base, secret))
        report = build(book, ["epub", "pdf"], tmp / "out")
    return report, list(requests)


def test_no_request_is_made(hostile_build):
    assert hostile_build[1] == []


def test_the_epub_holds_nothing_executable_and_no_outside_file(hostile_build, epub_registry):
    report, _ = hostile_build
    epub = next(r.path for r in report.results if r.path.suffix == ".epub")
    epub_registry.register(epub)
    with zipfile.ZipFile(epub) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert not any(SECRET.encode() in data for data in files.values())
    chapter = files["EPUB/chapter-001.xhtml"].decode()
    assert "The words a reader should see." in chapter and "The last words." in chapter
    for name, data in files.items():
        if name.endswith((".xhtml", ".svg")):
            _assert_inert(name, etree.fromstring(data))
        if name.endswith(".css"):
            assert "@import" not in data.decode() and "javascript" not in data.decode().lower()


def _assert_inert(name: str, root: etree._Element) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        assert local not in ACTIVE, (name, local)
        assert not (local == "meta" and element.get("http-equiv")), (name, element.attrib)
        if local == "style":
            assert "@import" not in (element.text or "") and "url(" not in (element.text or "")
        for attr, value in element.attrib.items():
            key = etree.QName(attr).localname.lower()
            assert not key.startswith("on"), (name, local, attr)
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not squashed.startswith(("javascript:", "vbscript:", "data:", "file:")), (
                name,
                local,
                attr,
                value,
            )
            assert "127.0.0.1" not in value or key == "href" and local == "a", (name, attr, value)
            if key == "style":
                assert "url(" not in squashed and "@import" not in squashed, (name, value)


def test_the_pdf_shows_the_words_and_nothing_fetched_or_read(hostile_build):
    report, _ = hostile_build
    pdf = next(r.path for r in report.results if r.path.suffix == ".pdf")
    text = " ".join(pdf_text(pdf).split())
    assert "The words a reader should see." in text and "The last words." in text
    assert SECRET not in text and "FETCHED FROM THE NETWORK" not in text


def _epub_with(tmp_path: Path, entries: dict[str, bytes], rootfile: str) -> Path:
    path = tmp_path / "hostile.epub"
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        f'<rootfile full-path="{rootfile}" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_check_does_not_unpack_a_zip_bomb(tmp_path: Path):
    bomb = b"<" + b" " * (MAX_MEMBER + 1024)
    epub = _epub_with(tmp_path, {"EPUB/package.opf": bomb}, "EPUB/package.opf")
    assert epub.stat().st_size < 1_000_000  # a thousandfold smaller than it unpacks to
    problems = check_structure(epub)
    assert any(
        p.where == "EPUB/package.opf"
        and "once unpacked; bookmaker checks files up to 64 MB" in p.message
        for p in problems
    ), problems


def test_check_reads_and_writes_nothing_outside_the_epub(tmp_path: Path):
    """Names that climb out of the zip, and an entity that names a file, are looked up in the
    zip only: problems, never a file read or written."""
    secret = tmp_path / "secret.opf"
    secret.write_text('<package xmlns="http://www.idpf.org/2007/opf"><metadata/></package>')
    opf = (
        f'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata>&leak;'
        '</metadata><manifest><item id="x" href="../../../../../../../etc/passwd" '
        'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="x"/></spine>'
        "</package>"
    )
    entries = {"EPUB/package.opf": opf.encode(), "../../evil.txt": b"x"}
    shown = [str(p) for p in check_structure(_epub_with(tmp_path, entries, "EPUB/package.opf"))]
    assert "EPUB/package.opf: error: no dc:title" in shown  # the entity's file was not read
    assert (
        "EPUB/package.opf: error: manifest item 'x': ../../../../../../../etc/passwd "
        "is not in the zip" in shown
    )
    assert "../../evil.txt: warning: in the zip but not in the manifest" in shown
    assert not (tmp_path.parent.parent / "evil.txt").exists()
    outside = "../../../../../.." + str(secret)
    shown = [str(p) for p in check_structure(_epub_with(tmp_path, {}, outside))]
    assert shown == [f"{outside}: error: missing from the zip"]
