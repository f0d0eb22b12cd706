"""convert: a scraped photo with its caption and credit becomes one `<figure>`.

Magazine and CMS pages put the image, its caption and its credit in sibling `div`s told apart
only by class (`photo-caption`, `photo-credit`, `wp-caption-text`, …).  Once the classes are
gone they read as three stray paragraphs, and the caption can even be taken for the opening
paragraph of the text.  So, while the classes are still there: the smallest element holding
one image and its caption/credit elements, and no other text, becomes a figure.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from bookmaker.convert.tree import gone, tags

_CAPTION = re.compile(r"(?:^|[-_])(?:caption|caption-text|legend)$", re.IGNORECASE)
_CREDIT = re.compile(r"(?:^|[-_])(?:credit|credits|byline-photo|copyright)$", re.IGNORECASE)


def _tokens(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def _kind(tag: Tag) -> str | None:
    tokens = _tokens(tag)
    if any(_CAPTION.search(t) for t in tokens):
        return "caption"
    if any(_CREDIT.search(t) for t in tokens):
        return "credit"
    return None


def _outer_labels(root: Tag) -> list[Tag]:
    """Caption and credit elements of ROOT that are not inside another one."""
    found = []
    for tag in tags(root):
        if _kind(tag) is None:
            continue
        inside = False
        for parent in tag.parents:
            if parent is root:
                break
            if _kind(parent) is not None:
                inside = True
                break
        if not inside:
            found.append(tag)
    return found


def make_figures(soup: BeautifulSoup, body: Tag) -> None:
    for label in _outer_labels(body):
        if gone(label) or label.parent is None or label.find_parent("figure") is not None:
            continue
        group = _group_of(label, body)
        if group is not None:
            _to_figure(soup, group)


def _group_of(label: Tag, body: Tag) -> Tag | None:
    """The smallest ancestor of LABEL with exactly one image and no text but its labels'."""
    for ancestor in label.parents:
        if ancestor is body or not isinstance(ancestor, Tag) or ancestor.name in {"body", "html"}:
            return None
        images = tags(ancestor, "img")
        if not images:
            continue
        if len(images) > 1 or ancestor.name in {"p", "a", "li", "td", "th", "figure"}:
            return None
        label_text = sum(len(t.get_text(strip=True)) for t in _outer_labels(ancestor))
        if len(ancestor.get_text(strip=True)) > label_text:
            return None
        return ancestor
    return None


def _to_figure(soup: BeautifulSoup, group: Tag) -> None:
    image = group.find("img")
    assert image is not None
    holder = image.parent if image.parent is not None and image.parent.name == "a" else image
    labels = _outer_labels(group)
    captions = [t for t in labels if _kind(t) == "caption"]
    credits = [t for t in labels if _kind(t) == "credit"]
    figure = soup.new_tag("figure")
    figure.append(holder.extract())
    figcaption = soup.new_tag("figcaption")
    for tag in captions:
        figcaption.append(_as_paragraph(soup, tag))
    for tag in credits:
        p = _as_paragraph(soup, tag)
        p["class"] = "credit"
        figcaption.append(p)
    if figcaption.get_text(strip=True):
        figure.append(figcaption)
    group.replace_with(figure)


def _as_paragraph(soup: BeautifulSoup, tag: Tag) -> Tag:
    """The label's content as one paragraph (its own paragraphs melted into it)."""
    p = soup.new_tag("p")
    for child in list(tag.contents):
        p.append(child.extract())
    for inner in tags(p, "p", "div"):
        inner.unwrap()
    return p
