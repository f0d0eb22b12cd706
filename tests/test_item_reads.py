"""What a page's templates read of the chapters they look up in `chapter_of`
(`builders/epub/item_reads.py`): the attributes, when every use is one of the two shapes
understood, else None (the page is then named by every chapter whole)."""

from __future__ import annotations

import jinja2
import pytest

from bookmaker.builders.epub.item_reads import item_reads

ENV = jinja2.Environment()


def reads(*sources: str) -> tuple[str, ...] | None:
    return item_reads([ENV.parse(s) for s in sources], "chapter_of")


def test_the_attributes_read_directly_and_through_a_name_set_to_a_value():
    assert reads(
        "{% for s in ids %}{% set chapter = chapter_of[s] %}{{ chapter.title }}{% endfor %}",
        "{{ chapter_of[x].subtitle }}{{ chapter.id }}",
    ) == ("id", "subtitle", "title")


def test_a_template_that_does_not_use_the_mapping_reads_nothing_of_it():
    assert reads("{{ book.title }}") == ()


@pytest.mark.parametrize(
    "source",
    [
        "{{ chapter_of }}",
        "{% for c in chapter_of.values() %}{{ c.title }}{% endfor %}",
        "{{ chapter_of[s] }}",
        "{{ chapter_of[s]|string }}",
        "{{ f(chapter_of[s]) }}",
        "{{ chapter_of[s]['intro'] }}",
        "{% set c = chapter_of[s] %}{{ c }}",
        "{% set c = chapter_of[s] %}{{ c.title }}{{ c|attr('intro') }}",
        "{% set c = chapter_of[s] %}{% set d = c %}{{ d.intro }}",
        "{% set c, d = chapter_of[s], 1 %}{{ c.title }}",
        "{% with c = chapter_of[s] %}{{ c.title }}{% endwith %}",
        "{% set c = chapter_of[s] %}{{ c.title }}{{ macros.c.intro }}",
        "{% from 'x.html' import c %}{% set c = chapter_of[s] %}{{ c.title }}",
    ],
)
def test_any_other_use_means_all_of_it(source: str):
    assert reads(source) is None


def test_a_name_used_whole_in_another_template_of_the_page_means_all_of_it():
    assert reads("{% set c = chapter_of[s] %}{{ c.title }}", "{{ c }}") is None
