"""The book's credits, decided once in assemble: who is author, editor or contributor, with
their sort names, and when the title page adds "and others"."""

from __future__ import annotations

from bookmaker.config import BookSection
from bookmaker.credits import credits_for
from bookmaker.model import Chapter, Credits, Person, Section
from bookmaker.names import file_as, normal_text, site_name, sort_name


def chapter(
    cid: str,
    authors: tuple[str, ...] = (),
    voices: tuple[str, ...] = (),
    url: str | None = "https://www.example.org/x",
    more: bool = False,
) -> Chapter:
    return Chapter(
        id=cid,
        title=cid,
        subtitle=None,
        authors=tuple(Person(n) for n in authors),
        date=None,
        source_url=url,
        language="en",
        direction=None,
        tags=(),
        intro="",
        sections=tuple(Section(f"{cid}__{i}", Person(n), "<p/>") for i, n in enumerate(voices)),
        endnotes=(),
        assets=(),
        source_path=f"{cid}.md",
        more_authors=more,
    )


def credits_of(*chapters: Chapter, **config: tuple[str, ...]) -> Credits:
    from bookmaker.assemble import contributors_index

    return credits_for(chapters, BookSection(**config), contributors_index(chapters))


def names(credits: tuple) -> list[tuple[str, str]]:
    return [(c.name, c.role) for c in credits]


def test_without_configured_credits_the_common_site_edits_a_book_of_contributions():
    credits = credits_of(chapter("a", ("Ann Lee", "Bo Wu"), ("Ann Lee", "Bo Wu", "Cy Day")))
    assert names(credits.creators) == [("example.org", "edt")]
    assert names(credits.contributors) == [("Ann Lee", "ctb"), ("Bo Wu", "ctb"), ("Cy Day", "ctb")]
    assert credits.principal == credits.creators


def test_post_authors_who_are_not_contributors_are_the_authors_and_nobody_is_named_twice():
    credits = credits_of(
        chapter("a", ("The Desk", "Ann Lee"), ("Ann Lee",)),
        chapter("b", ("the desk",), url="https://other.example.net/y"),
    )
    assert names(credits.authors) == [("The Desk", "aut")] and credits.editors == ()
    assert names(credits.contributors) == [("Ann Lee", "ctb")]
    assert credits.authors[0].file_as == "Desk, The"


def test_configured_authors_and_editors_override_and_leave_the_rest_as_contributors():
    credits = credits_of(
        chapter("a", ("Post Author",), ("Ann Lee", "Bo Wu")),
        authors=("Ann Lee",),
        editors=("Jane Editor",),
    )
    assert names(credits.creators) == [("Ann Lee", "aut"), ("Jane Editor", "edt")]
    assert names(credits.contributors) == [("Bo Wu", "ctb")]


def test_and_others_only_when_a_credited_byline_said_more_and_named_nobody_else():
    assert credits_of(chapter("a", ("Ann Lee", "Bo Wu"), more=True)).more_authors
    assert not credits_of(chapter("a", ("Ann Lee",)), chapter("b", ("Bo Wu",))).more_authors
    configured = credits_of(chapter("a", ("Ann Lee",), more=True), authors=("Ann Lee",))
    assert not configured.more_authors


def test_names_compare_sort_and_name_sites_one_way():
    assert normal_text("  Bērziņa-Čerenkova, UNA ") == normal_text("bērziņa čerenkova una")
    assert file_as("Martin Luther King Jr.") == "King, Martin Luther, Jr."
    assert sort_name("Una Aleksandra Bērziņa-Čerenkova").startswith("bērziņa")
    assert site_name("https://www.chinafile.com/conversation/x") == "chinafile.com"
    assert site_name(None) == ""
