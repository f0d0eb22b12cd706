"""convert, voices: a transcript, found by its speaker labels, kept in its dialogue form.

A turn is a paragraph that opens with a label: `**Name**:`, `**Name:**`, `Name:`, `Q:`/`A:`,
`X |`.  A post is a transcript when two or more labels each open two or more turns (a lone
`Note:` is not a speaker).  A label stands for a person through, in order: a legend
(`C = 陈一菲`), the post's declared people (`Ben` for the one `Ben Stone` declared), a full name
given earlier in the text, or itself when it is written as a name.  Each label becomes one
element the theme styles (`<b class="speaker">`), the full name at a speaker's first turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from bookmaker.convert.voices.names import Roster, clean, name_like
from bookmaker.model import Person
from bookmaker.slugs import slugify

SPEAKER_ATTR = "data-bm-speaker"
_SEP = r"[:：|｜]"
#: A plain label at the start of a paragraph: a code (`Q`, `C`, `JS`), a CJK name, or a name.
_PLAIN = re.compile(
    r"^\s*(?P<label>[A-Z]{1,3}|[\u3400-\u9fff]{1,4}|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    rf"\s*(?P<sep>{_SEP})\s*"
)
_BOLD_INSIDE = re.compile(rf"^\s*(?P<label>[^:：|｜]{{1,40}}?)\s*(?P<sep>{_SEP})\s*$")
_QA = {"q": "question", "a": "answer"}


@dataclass
class Turn:
    paragraph: Tag
    label: str
    sep: str
    #: The bold element holding the label, or None for a label in the text.
    bold: Tag | None


@dataclass
class Transcript:
    """What was found: the speakers by label, and how each label was resolved."""

    turns: list[Turn]
    speakers: dict[str, Person] = field(default_factory=dict)
    why: list[str] = field(default_factory=list)


def find(body: Tag, roster: Roster, title: str = "") -> Transcript | None:
    """The transcript BODY is, or None when its paragraphs do not read as turns.  An
    interview whose questions are bold paragraphs needs one named answerer only."""
    paragraphs = body.find_all("p")
    turns = [t for p in paragraphs if (t := _turn(p)) is not None]
    counts = Counter(t.label for t in turns)
    voices = {label for label, n in counts.items() if n >= 2 and _speaker_like(label, roster)}
    questions = sum(1 for p in paragraphs if _bold_question(p))
    if questions >= 3:
        voices |= {lb for lb in counts if lb.lower() not in _QA and _speaker_like(lb, roster)}
    if len(voices) < (1 if questions >= 3 else 2):
        return None
    turns = [t for t in turns if t.label in voices]
    found = Transcript(turns)
    intro = title + " " + _text_before(body, turns[0].paragraph)
    legend = _legend(body.get_text(" "), voices)
    for label in dict.fromkeys(t.label for t in turns):  # in the order they first speak
        person, how = _resolve(label, legend, roster, intro)
        if person is not None:
            found.speakers[label] = person
            found.why.append(f"{label} → {person.name} ({how})" if person.name != label else label)
    return found


def _turn(p: Tag) -> Turn | None:
    first = next(
        (c for c in p.children if not (isinstance(c, NavigableString) and not c.strip())), None
    )
    if isinstance(first, Tag) and first.name in {"strong", "b"}:
        text = first.get_text()
        m = _BOLD_INSIDE.match(text)
        if m:
            return Turn(p, clean(m["label"]), m["sep"], first)
        after = first.next_sibling
        if isinstance(after, NavigableString) and re.match(rf"^\s*{_SEP}", after):
            label = clean(text)
            if label and len(label) <= 40:
                return Turn(p, label, after.strip()[0], first)
        return None
    if isinstance(first, NavigableString):
        m = _PLAIN.match(first)
        if m and len(str(first)) > m.end():
            return Turn(p, m["label"], m["sep"], None)
    return None


def _bold_question(p: Tag) -> bool:
    """A paragraph that is one bold question: how many interviews set the interviewer's turns."""
    kids = [c for c in p.children if not (isinstance(c, NavigableString) and not c.strip())]
    return (
        len(kids) == 1
        and isinstance(kids[0], Tag)
        and kids[0].name in {"strong", "b"}
        and kids[0].get_text().strip().endswith("?")
    )


def _speaker_like(label: str, roster: Roster) -> bool:
    return (
        len(label) <= 3 and label.isupper() or roster.match(label) is not None or name_like(label)
    )


def _text_before(body: Tag, paragraph: Tag) -> str:
    """The words before the first turn, where a post says whom it is talking to."""
    out = []
    for text in body.find_all(string=True):
        if text.find_parent("p") is paragraph:
            break
        out.append(str(text))
    return " ".join(out)


def _legend(text: str, labels: set[str]) -> dict[str, str]:
    """`C = 陈一菲`, `M：Maria Li`: what each short label stands for, where the post says."""
    found = {}
    for label in labels:
        if len(label) > 3:
            continue
        m = re.search(
            rf"(?<![\w]){re.escape(label)}\s*[=＝]\s*"
            r"([\u3400-\u9fff·]{2,8}|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})",
            text,
        )
        if m:
            found[label] = m[1]
    return found


def _resolve(
    label: str, legend: dict[str, str], roster: Roster, intro: str
) -> tuple[Person | None, str]:
    if label in legend:
        named = legend[label]
        return roster.match(named) or Person(named), f"the legend {label} = {named}"
    if label.lower() in _QA:
        return None, ""
    person = roster.match(label)
    if person is not None:
        return person, "declared in the front matter"
    if " " not in label:
        m = re.findall(rf"\b{re.escape(label)}(?: [A-Z][\w'’-]+){{1,2}}\b", intro)
        names = {n for n in m if name_like(n, 2)}
        if len(names) == 1:
            full = names.pop()
            roster.add(Person(full))
            return roster.match(full), f"named {full!r} earlier in the post"
    if name_like(label) or re.fullmatch(r"[\u3400-\u9fff]{2,4}", label):
        return Person(label), "the label as written"
    return None, ""


def mark(soup: BeautifulSoup, found: Transcript) -> None:
    """Each turn's label as one styled element; a speaker's first turn shows the full name
    and carries the anchor the contributors index links to."""
    seen: set[str] = set()
    for turn in found.turns:
        person = found.speakers.get(turn.label)
        shown = turn.label
        label = soup.new_tag("b", attrs={"class": "speaker"})
        if person is not None and person.name not in seen:
            seen.add(person.name)
            shown = person.name if turn.label in person.name else f"{person.name} ({turn.label})"
            label["id"] = f"speaker-{len(seen)}-{slugify(person.name, 30)}".rstrip("-")
            label[SPEAKER_ATTR] = person.name
        label.string = shown
        _replace_label(turn, label)


def _replace_label(turn: Turn, label: Tag) -> None:
    sep = "：" if turn.sep in "：｜" else ":"
    if turn.bold is not None:
        after = turn.bold.next_sibling
        turn.bold.replace_with(label)
        if isinstance(after, NavigableString) and re.match(rf"^\s*{_SEP}", after):
            after.replace_with(re.sub(rf"^\s*{_SEP}\s*", " ", str(after), count=1))
        elif not (isinstance(after, NavigableString) and str(after).startswith(" ")):
            label.insert_after(" ")
    else:
        first = turn.paragraph.contents[0]
        while isinstance(first, NavigableString) and not first.strip():
            first = first.next_sibling
        rest = _PLAIN.sub("", str(first), count=1)
        first.replace_with(" " + rest)
        turn.paragraph.insert(0, label)
    label.append(sep)
