"""convert, voices: the detectors on their own, on small trees, and the property that they
lose no word and move none out of order, whatever the post looks like."""

from __future__ import annotations

import re

from helpers.posts import fragment, inner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookmaker.convert import contributors
from bookmaker.convert.voices.names import Roster, name_like
from bookmaker.model import Person


def split(html: str, declared=(), authors=()):
    soup, body = fragment(html)
    return contributors.split_contributors(
        soup, body, contributors.Declared(declared, authors), (), detect=True
    )


def test_names_match_loosely_but_never_two_people():
    roster = Roster([Person("Bob Stone"), Person("Ann Marie Lee"), Person("Ann Wu")])
    assert roster.match("Dr. Bob Stone").name == "Bob Stone"
    assert roster.match("Prof. Ann Lee").name == "Ann Marie Lee"  # a middle name left out
    assert roster.match("Bob").name == "Bob Stone"  # a first name given once
    assert roster.match("Ann") is None  # two people are Ann
    assert roster.match("Robert Stone") is None


def test_what_reads_as_a_name():
    for name in ("Marta Olsen", "Dr. Idris Kamara", "Ludwig van Beethoven", "陈一菲", "J. R. Ward"):
        assert name_like(name), name
    for text in ("Getting Started", "Final thoughts", "What we learned", "2024 Review", "Notes"):
        assert not name_like(text, min_words=2), text


def test_blocks_of_one_class_opening_with_a_link_name_are_sections():
    parts = split(
        "<p>Intro.</p><div class='zq'><h4><a href='/people/ann'>Ann Lee</a></h4><p>A.</p></div>"
        "<div class='zq'><h4><a href='/people/bo'>Bo Ng</a></h4><p>B.</p></div>"
    )
    assert [(p.name, p.url) for _, p in parts.sections] == [
        ("Ann Lee", "/people/ann"),
        ("Bo Ng", "/people/bo"),
    ]
    assert inner(parts.intro) == "<p>Intro.</p>"
    assert parts.notes and '2 repeated <div class="zq"> blocks' in parts.notes[0]


def test_blocks_that_are_not_people_stay_text():
    parts = split(
        "<div class='tip'><p><b>Note</b>: one.</p></div><div class='tip'><p><b>Note</b>: two.</p></div>"
    )
    assert parts.sections == [] and parts.speakers == []


def test_headings_that_are_all_names_need_three_of_them():
    two = split("<h2>Ann Lee</h2><p>a</p><h2>Bo Ng</h2><p>b</p>")
    assert two.sections == []
    three = split("<h2>Ann Lee</h2><p>a</p><h2>Bo Ng</h2><p>b</p><h2>Cy Wu</h2><p>c</p>")
    assert [p.name for _, p in three.sections] == ["Ann Lee", "Bo Ng", "Cy Wu"]


def test_an_essay_with_title_case_headings_is_not_a_panel():
    parts = split(
        "<h2>Getting Started</h2><p>a</p><h2>Next Steps</h2><p>b</p><h2>Final Thoughts</h2>"
    )
    assert parts.sections == []


def test_qa_labels_are_styled_without_making_up_people():
    parts = split("<p>Q: one?</p><p>A: yes.</p><p>Q: two?</p><p>A: no.</p>")
    assert parts.speakers == []
    parts = split(
        "<p>Q: one?</p><p>A: yes.</p><p>Q: two?</p><p>A: no.</p>",
        authors=(Person("Ida Moss"),),
    )
    assert parts.speakers == []  # Q and A name no one; a label must say who


def test_a_single_note_label_is_not_a_speaker():
    parts = split("<p>Note: this.</p><p>Ann: hi there.</p><p>Bo: hello.</p><p>Ann: bye.</p>")
    assert parts.speakers == []  # Bo speaks once: not a dialogue of two voices


def test_labels_take_the_declared_full_name():
    parts = split(
        "<p><strong>Ann:</strong> one.</p><p><strong>Bo:</strong> two.</p>"
        "<p><strong>Ann:</strong> three.</p><p><strong>Bo:</strong> four.</p>",
        declared=(Person("Ann Lee"), Person("Bo Ng")),
    )
    assert [p.name for p in parts.speakers] == ["Ann Lee", "Bo Ng"]
    text = " ".join(p.get_text() for p in parts.root.find_all("p"))
    assert text == "Ann Lee: one. Bo Ng: two. Ann: three. Bo: four."


NAMES = ["Ann Lee", "Bo Ng", "Cy Wu", "Dee Ray", "Getting Started", "Notes", "Q", "陈一菲"]
WORDS = st.lists(st.sampled_from(["tide", "net", "gull", "rope", "salt", "x1", "Ann", "Bo"]), min_size=1, max_size=6)  # fmt: skip


@st.composite
def posts(draw) -> str:
    """A post of random blocks in the shapes the detectors look for, and others."""
    out = []
    for _ in range(draw(st.integers(1, 9))):
        words = " ".join(draw(WORDS))
        name = draw(st.sampled_from(NAMES))
        shape = draw(st.sampled_from(["p", "h2", "h3", "turn", "bold", "block", "link"]))
        if shape == "p":
            out.append(f"<p>{words}</p>")
        elif shape in {"h2", "h3"}:
            out.append(f"<{shape}>{name}</{shape}><p>{words}</p>")
        elif shape == "turn":
            out.append(f"<p>{name}: {words}</p>")
        elif shape == "bold":
            out.append(f"<p><strong>{name}</strong>: {words}</p>")
        elif shape == "block":
            out.append(f"<div class='voice'><p><b>{name}</b>, keeper</p><p>{words}</p></div>")
        else:
            out.append(
                f"<h2><a href='https://x.example/people/{len(out)}'>{name}</a></h2><p>{words}</p>"
            )
    return "".join(out)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts(), st.booleans())
def test_the_detectors_lose_no_word_and_keep_the_order(html, declare):
    _, source = fragment(html)
    before = tokens(source.get_text(" "))
    declared = (Person("Ann Lee"), Person("Bo Ng")) if declare else ()
    parts = split(html, declared=declared)
    after = tokens(parts.intro.get_text(" "))
    for wrapper, person in parts.sections:
        after += tokens(person.name if person else "") + tokens(wrapper.get_text(" "))
    # every source word, in order (a first turn may add a full name, never drop one)
    it = iter(after)
    assert all(word in it for word in before), (before, after)


def test_an_interview_with_bold_questions_needs_one_named_answerer():
    questions = "".join(
        f"<p><strong>Question {n}, what do you think?</strong></p><p>Answer {n}.</p>"
        for n in range(3)
    )
    soup, body = fragment(f"<p>We spoke to Mike Gifford.</p>{questions}<p><b>Mike:</b> yes.</p>")
    parts = contributors.split_contributors(
        soup, body, contributors.Declared(title="Q&A"), (), detect=True
    )
    assert [p.name for p in parts.speakers] == ["Mike Gifford"]
    two = split("<p><strong>Why?</strong></p><p>Ok.</p><p><b>Mike:</b> yes.</p>")
    assert two.speakers == []  # one bold question is not an interview
