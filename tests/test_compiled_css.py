"""A build keeps the CSS selectors its conversions compiled (`cache/compiled_css.py`), and the
next build's conversions take them instead of parsing them again (soupsieve compiles its own
patterns as a process parses its first selector: most of a one-post rebuild's worker).  A
kept selector is used only under its own text, a damaged or foreign entry is ignored with a
warning, and the book is always the one a fresh build makes."""

from __future__ import annotations

from pathlib import Path

import pytest
import soupsieve
import test_incremental
from test_incremental import SECOND, epub_of

from bookmaker import early_standby
from bookmaker.cache import FOLDER, Store, compiled_css, keys
from bookmaker.cache.secret import user_key
from bookmaker.convert import css

# The book of `test_incremental`, built as it builds it (`-j 1`: converted in this process).
_fixed_epoch = test_incremental._fixed_epoch
book = test_incremental.book
calls = test_incremental.calls


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This process as a new one (no selector compiled or taken yet); the selectors soupsieve
    parses from now on."""
    monkeypatch.setattr(css, "_COMPILED", {})
    monkeypatch.setattr(compiled_css, "_known", {})
    seen: list[str] = []
    compile_ = soupsieve.compile

    def counted(pattern, *args, **kwargs):
        seen.append(pattern)
        return compile_(pattern, *args, **kwargs)

    monkeypatch.setattr(soupsieve, "compile", counted)
    return seen


def as_a_new_process(parsed: list[str]) -> None:
    css._COMPILED.clear()
    compiled_css._known.clear()
    parsed.clear()


def chapters(out: Path) -> Store:
    secret = user_key()
    assert secret is not None
    return Store(out / FOLDER / "chapters", secret)


def entry() -> str:
    return compiled_css.name(keys.environment())


def test_a_rebuild_parses_no_selector_the_last_build_compiled(
    book: Path, tmp_path: Path, epub_registry, calls, parsed
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    kept = chapters(out).get(entry())
    assert parsed and isinstance(kept, dict)
    assert {text for text, _ in kept} == set(parsed)
    assert all(value == soupsieve.compile(text, dict(ns)) for (text, ns), value in kept.items())

    as_a_new_process(parsed)
    (book / "2024-01-02-second.md").write_text(SECOND + "\nA sentence added.\n")
    calls["convert"].clear()
    again, warnings = epub_of(book, out, epub_registry)
    assert calls["convert"] == ["2024-01-02-second.md"] and parsed == []
    assert chapters(out).get(entry()) == kept  # kept for the next build, not written again
    assert (again, warnings) == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)


@pytest.mark.parametrize("damage", ["damaged", "another user's", "mislabelled"])
def test_an_entry_not_to_be_trusted_is_parsed_again(
    book: Path, tmp_path: Path, epub_registry, calls, parsed, damage: str, monkeypatch
):
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    path = out / FOLDER / "chapters" / entry()
    if damage == "damaged":
        path.write_bytes(path.read_bytes()[:-3])
    elif damage == "another user's":
        with monkeypatch.context() as other:
            other.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
            epub_of(book, tmp_path / "theirs", epub_registry, fresh=True)
        path.write_bytes((tmp_path / "theirs" / FOLDER / "chapters" / entry()).read_bytes())
    else:  # signed by this user, but a selector kept under another's text
        chapters(out).put(entry(), {("p", ()): soupsieve.compile("div")})

    as_a_new_process(parsed)
    (book / "2024-01-02-second.md").write_text(SECOND + "\nA sentence added.\n")
    again, warnings = epub_of(book, out, epub_registry)
    assert "p" not in css.compiled() and "article.comment" in parsed
    ignored = [w for w in warnings if "cache.ignored" in w and path.name in w]
    assert len(ignored) == (damage != "mislabelled")
    assert again == epub_of(book, tmp_path / "fresh", epub_registry, fresh=True)[0]


def test_the_standby_worker_takes_the_kept_selectors_before_the_post_comes(
    book: Path, tmp_path: Path, epub_registry, parsed
):
    """Its converter thread (`early_standby.py`) takes them instead of warming soupsieve up
    with a selector of its own; with no cache, it warms it up."""
    out = tmp_path / "out"
    epub_of(book, out, epub_registry)
    as_a_new_process(parsed)
    early_standby._import_converter(out)
    assert parsed == [] and css.compiled() == chapters(out).get(entry())

    as_a_new_process(parsed)
    early_standby._import_converter(tmp_path / "no-cache")
    assert parsed == ["div.x > p"]
