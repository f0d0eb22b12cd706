"""convert: remove what the site put around the article, by evidence rather than by site:
navigation, comment sections (a "3 Responses" or "Comments" heading over a list, `#comments`,
`.comment-list`), forms (newsletter sign-ups, with a "Subscribe" heading over nothing else),
share and print tools (blocks of links named after sharing services), RSS footers ("The post
… appeared first on …"), "Related posts" lists, empty anchors, and the heading that only
repeats the post's title.  Each removal is described (`Removed`), for `-v` and the summary.
"""

from __future__ import annotations

from bs4 import Tag

from bookmaker.convert import cruft_rules as rules
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
    "you might also like",
    "recent posts",
    "popular posts",
    "read more",
    "tags",
    "categories",
}

#: Class or id tokens of containers that are never article content.
CRUFT_TOKENS = {
    "mc_embed_signup",
    "share-tools",
    "sharethis",
    "addtoany",
    "a2a_kit",
    "printfriendly",
    "print-link",
    "yarpp-related",
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
    attrs = tag.attrs
    if "class" not in attrs and "id" not in attrs:
        return set()
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    return {c.lower() for c in classes} | ({ident.lower()} if isinstance(ident, str) else set())


#: Class or id tokens of comment sections.  Some sites hold their contributions in them (a
#: Drupal conversation's `#comments`), so they go only once profiles have taken those out.
COMMENT_TOKENS = {"comments", "comment-list", "commentlist", "comments-area"}


def remove_cruft(body: Tag, comments: bool = False) -> list[str]:
    """Remove the site's furniture from BODY, with COMMENTS its comment sections too; what
    went, each in a few words."""
    removed: list[str] = []
    for tag in tags(body):
        if gone(tag):
            continue
        why = _why(tag) or (_comments(tag) if comments else None)
        if why:
            removed.append(why)
            tag.decompose()
            continue
        why = rules.section_to_remove(tag, comments)
        if why:
            removed.append(why)
            rules.remove_section(tag)
    return removed


def _comments(tag: Tag) -> str | None:
    tokens = _tokens(tag) & COMMENT_TOKENS
    return f"comments: <{tag.name}> marked {min(tokens)!r}" if tokens else None


def _why(tag: Tag) -> str | None:
    """What TAG is, when it is furniture to remove whole."""
    if tag.name == "nav":
        return "navigation"
    tokens = _tokens(tag) & CRUFT_TOKENS
    if tokens:
        return f"<{tag.name}> marked {min(tokens)!r}"
    if tag.name == "form":
        return "a form"
    if (
        tag.name in HEADINGS
        and normal_text(tag.get_text()) in CRUFT_HEADINGS
        and _nothing_under(tag)
    ):
        return f"heading {tag.get_text(' ', strip=True)!r} over links only"
    return rules.furniture(tag)


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
