"""Every way in and out: nothing outside the book (or its theme) is read into it, and nothing
outside the output folder is written.  Each way in is a link or a path a hostile or careless
folder of posts could hold; each way out is a name that could lead a write elsewhere."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers.cli import run_cli

from bookmaker.errors import ConfigError, ReadError, ThemeError
from bookmaker.path_safety import is_inside, not_inside
from bookmaker.pipeline import build
from bookmaker.theming.scaffold import new_theme

POST = "---\ntitle: Good\ndate: 2024-01-01\n---\nHello, with ![a figure](images/fig.png).\n"
SECRET = "SECRET-OUTSIDE-THE-BOOK"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082"
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A book folder beside an outside folder holding a secret post, image and stylesheet."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"---\ntitle: Secret\n---\n{SECRET}\n")
    (outside / "secret.png").write_bytes(PNG)
    (outside / "secret.css").write_text(f"/* {SECRET} */ p {{ color: red; }}\n")
    (outside / "secret.html").write_text(f"<p>{SECRET}</p>\n")
    (outside / "labels.toml").write_text(f'[en]\ncontents = "{SECRET}"\n')
    folder = tmp_path / "book"
    (folder / "images").mkdir(parents=True)
    (folder / "2024-01-01-good.md").write_text(POST)
    (folder / "images" / "fig.png").write_bytes(PNG)
    return folder


def _epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as epub:
        return "".join(epub.read(name).decode("utf-8", "replace") for name in epub.namelist())


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


# --- ways in ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes", "2024-01-02-host.txt", "sub/2024-01-03-deep.md"])
def test_a_post_that_links_outside_the_book_is_refused_and_keep_going_skips_it(
    book: Path, tmp_path: Path, name: str, epub_registry
):
    link = book / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(ReadError, match="outside the book's folder; not read") as caught:
        build(book, ["epub"], tmp_path / "out")
    assert name in str(caught.value) and not (tmp_path / "out").exists()
    report = build(book, ["epub"], tmp_path / "out", keep_going=True)
    assert len(report.failed) == 1 and name in str(report.failed[0])
    epub = epub_registry.register(report.results[0].path)
    assert SECRET not in _epub_text(epub) and "Hello" in _epub_text(epub)


def test_links_inside_the_book_are_still_read(book: Path, tmp_path: Path, epub_registry):
    (book / "drafts").mkdir()
    (book / "drafts" / "inner.txt").write_text("---\ntitle: Inner\ndraft: true\n---\nINNER-TEXT\n")
    (book / "2024-02-01-inner.md").symlink_to(book / "drafts" / "inner.txt")
    report = build(book, ["epub"], tmp_path / "out", overrides=("book.include_drafts=true",))
    assert "INNER-TEXT" in _epub_text(epub_registry.register(report.results[0].path))


def test_a_folder_that_links_outside_the_book_is_not_read(
    book: Path, tmp_path: Path, epub_registry
):
    (book / "archive").symlink_to(tmp_path / "outside")
    report = build(book, ["epub"], tmp_path / "out")
    assert SECRET not in _epub_text(epub_registry.register(report.results[0].path))


def test_an_image_that_links_outside_the_book_is_left_out(
    book: Path, tmp_path: Path, epub_registry
):
    (book / "images" / "fig.png").unlink()
    (book / "images" / "fig.png").symlink_to(tmp_path / "outside" / "secret.png")
    report = build(book, ["epub"], tmp_path / "out")
    with zipfile.ZipFile(epub_registry.register(report.results[0].path)) as epub:
        assert not [n for n in epub.namelist() if n.endswith(".png")]


@pytest.mark.parametrize("cover", ["../outside/secret.png", "ABSOLUTE", "cover.png"])
def test_a_cover_outside_the_book_is_a_config_error(book: Path, tmp_path: Path, cover: str):
    if cover == "ABSOLUTE":
        cover = str(tmp_path / "outside" / "secret.png")
    (book / "cover.png").symlink_to(tmp_path / "outside" / "secret.png")
    (book / "book.toml").write_text(f'[epub]\ncover = "{cover}"\n')
    with pytest.raises(ConfigError, match=r"epub\.cover: .* is outside the book's folder"):
        build(book, ["epub"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("rel", "target"),
    [
        ("static/custom.css.jinja", "secret.css"),
        ("static/extra.css", "secret.css"),
        ("templates/partials/byline.html", "secret.html"),
        ("labels.toml", "labels.toml"),
        ("theme.toml", "secret.css"),
    ],
)
def test_a_theme_file_that_links_outside_the_theme_is_refused(
    book: Path, tmp_path: Path, rel: str, target: str
):
    new_theme((book / "_themes",), "house", "default")
    path = book / "_themes" / "house" / rel
    path.unlink(missing_ok=True)
    path.symlink_to(tmp_path / "outside" / target)
    with pytest.raises(ThemeError, match="links to .*, outside the theme's folder; not read") as e:
        build(book, ["epub", "html"], tmp_path / "out", theme_name="house")
    assert str(e.value).startswith(f"{path}: ") and SECRET not in str(e.value)
    assert not (tmp_path / "out").exists()


def test_a_theme_error_from_the_command_line_is_one_line(book: Path, tmp_path: Path):
    new_theme((book / "_themes",), "house", "default")
    (book / "_themes" / "house" / "static" / "extra.css").symlink_to(
        tmp_path / "outside" / "secret.css"
    )
    result = run_cli("build", str(book), "-t", "house", "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "extra.css: links to " in result.stderr and SECRET not in result.stderr


# --- ways out -----------------------------------------------------------------------------------

SLUGS = [
    "../../victim/important",
    "ABSOLUTE",
    "a/b",
    "a\\b",
    "..",
    ".hidden",
    "con",
    "NUL.txt",
    " ",
]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("given", ["book.toml", "-D"])
def test_a_slug_that_is_not_a_plain_file_name_is_refused(
    book: Path, tmp_path: Path, slug: str, given: str
):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "important.epub").write_text("precious")
    if slug == "ABSOLUTE":
        slug = str(victim / "important")
    overrides = ()
    if given == "book.toml":
        escaped = slug.replace("\\", "\\\\")
        (book / "book.toml").write_text(f'[book]\nslug = "{escaped}"\n')
    else:
        overrides = (f"book.slug={slug!r}".replace("'", '"'),)
    before = _files(tmp_path)
    with pytest.raises(ConfigError, match=r"book\.slug: "):
        build(book, ["epub"], tmp_path / "out" / "deep", overrides=overrides)
    assert _files(tmp_path) == before


def test_a_slug_error_from_the_command_line_is_one_line_and_writes_nothing(
    book: Path, tmp_path: Path
):
    (book / "book.toml").write_text('[book]\nslug = "../../victim/important"\n')
    result = run_cli("build", str(book), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "book.slug: expected a file name without '/'" in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "victim").exists()


@pytest.mark.parametrize("name", ["", "../default", "/etc", "con"])
def test_a_theme_name_that_is_not_a_plain_name_is_refused(book: Path, tmp_path: Path, name: str):
    with pytest.raises(ThemeError, match=r"theme name .*\(given with -t\)"):
        build(book, ["epub"], tmp_path / "out", theme_name=name)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ThemeError, match="theme name "):
        new_theme((book / "_themes",), name, "default")
    assert not (book / "_themes").exists()


def test_a_build_writes_only_inside_its_output_folder(book: Path, tmp_path: Path, epub_registry):
    before = _files(tmp_path)
    report = build(book, ["epub", "html"], tmp_path / "out")
    epub_registry.register(report.results[0].path)
    after = {k: v for k, v in _files(tmp_path).items() if not k.startswith("out/")}
    assert after == before
    for result in report.results:
        assert result.path.resolve().is_relative_to((tmp_path / "out").resolve())


def test_not_inside_leaves_out_what_is_inside_as_is_inside_says(tmp_path: Path, monkeypatch):
    """The listing's filter (each directory resolved once) answers as `is_inside` does, links
    to the folder, into it and out of it, relative paths and missing files included."""
    out, posts, other = tmp_path / "out", tmp_path / "posts", tmp_path / "other"
    for folder in (out, posts, other):
        folder.mkdir()
    (out / "kept.md").write_text("x")
    (posts / "a.md").write_text("x")
    (other / "b.md").write_text("x")
    (posts / "to-out.md").symlink_to(out / "kept.md")
    (posts / "to-other.md").symlink_to(other / "b.md")
    (posts / "out-link").symlink_to(out)
    (tmp_path / "link-to-posts").symlink_to(posts)
    monkeypatch.chdir(tmp_path)
    paths = [
        posts / "a.md",
        posts / "to-out.md",
        posts / "to-other.md",
        posts / "out-link" / "kept.md",
        tmp_path / "link-to-posts" / "a.md",
        out / "kept.md",
        Path("posts/a.md"),
        Path("posts/out-link/kept.md"),
        posts / "missing.md",
        out / "missing.md",
    ]
    for skip in (out, posts / "out-link", tmp_path / "nowhere"):
        expected = [p for p in paths if not is_inside(p, skip)]
        assert not_inside(paths, skip) == expected
    kept = ["a.md", "to-other.md", "a.md", "a.md", "missing.md"]
    assert [p.name for p in not_inside(paths, out)] == kept
