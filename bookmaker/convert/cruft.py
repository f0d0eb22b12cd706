"""convert: remove what the site put around the article (navigation, share bars, comment
headings, empty anchors) and the heading that only repeats the post's title."""

from __future__ import annotations

from bs4 import Tag

from bookmaker.convert.footnotes import FOOTNOTE_ATTR
from bookmaker.convert.tree import first, gone, tags
from bookmaker.names import normal_text
from bookmaker.xhtml import HEADINGS

#: Headings that label site furniture, not the article (compared case- and punctuation-blind).
CRUFT_HEADINGS = {
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "responses",
    "share this",
    "share",
    "share this post",
    "like this",
    "related",
    "related posts",
    "related articles",
    "you may also like",
    "read more",
    "tags",
    "categories",
}

#: Class or id tokens of containers that are never article content.
CRUFT_TOKENS = {
    "sharedaddy",
    "sharing",
    "share-buttons",
    "social-share",
    "social-links",
    "jp-relatedposts",
    "related-posts",
    "comment-form",
    "comment-respond",
    "comments-link",
    "post-navigation",
    "nav-links",
    "breadcrumb",
    "breadcrumbs",
    "subscribe",
    "newsletter-signup",
    "wp-block-buttons",
}


def remove_title_heading(body: Tag, title: str) -> bool:
    """Drop the first element when it is a heading that only repeats the title."""
    opening = next((c for c in body.children if isinstance(c, Tag) or str(c).strip()), None)
    if (
        isinstance(opening, Tag)
        and opening.name in HEADINGS
        and normal_text(opening.get_text()) == normal_text(title)
    ):
        opening.decompose()
        return True
    return False


def _tokens(tag: Tag) -> set[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    return {c.lower() for c in classes} | ({ident.lower()} if isinstance(ident, str) else set())


def remove_cruft(body: Tag) -> None:
    for tag in tags(body):
        if gone(tag):
            continue
        if (
            tag.name == "nav"
            or (_tokens(tag) & CRUFT_TOKENS)
            or (
                tag.name in HEADINGS
                and normal_text(tag.get_text()) in CRUFT_HEADINGS
                and _nothing_under(tag)
            )
        ):
            tag.decompose()


def _nothing_under(heading: Tag) -> bool:
    """True when a "Comments" or "Tags" heading labels nothing but links: furniture, not a
    section of the article (a git essay may well have a section called "Tags")."""
    text = 0
    for node in heading.next_siblings:
        if isinstance(node, Tag) and node.name in HEADINGS and node.name <= heading.name:
            break
        if isinstance(node, Tag):
            for a in tags(node, "a"):
                text -= len(a.get_text(strip=True))
            text += len(node.get_text(strip=True)) - (
                len(node.get_text(strip=True)) if node.name == "a" else 0
            )
        else:
            text += len(str(node).strip())
    return text < 40


def remove_empty_anchors(body: Tag) -> None:
    """An `<a>` with no text and no image shows nothing: a comment anchor or a dead widget.

    One without href that names a place (`<a id>`, `<a name>`) may be a link target: it stays,
    as an empty span with that id.
    """
    for a in tags(body, "a"):
        if gone(a) or a.get_text(strip=True) or first(a, "img") is not None or a.get(FOOTNOTE_ATTR):
            continue
        target = a.get("id") or a.get("name")
        if not a.get("href") and isinstance(target, str) and target:
            a.replace_with(_span(a, target))
        else:
            a.decompose()


def _span(a: Tag, ident: str) -> Tag:
    span = Tag(name="span", attrs={"id": ident})
    return span
