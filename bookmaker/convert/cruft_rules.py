"""convert: the evidence that a part of a post is the site's furniture, whatever the site.

- A comment section: a heading such as "3 Responses", "12 Comments", "5 thoughts on …",
  "Comments", "Responses" over a list or blocks (everything under it, to the next heading of
  its level or above, goes).
- A sign-up section: a heading such as "Subscribe" or "Newsletter" over a form and at most a
  line of text (the form itself is removed as a form).
- Share and print tools: a block whose links are all named after sharing services or
  actions (Share, Tweet, Print, Email, Facebook, …), two or more, and no other words.
- An RSS footer: a short paragraph "The post … appeared first on …".
"""

from __future__ import annotations

import re

from bs4 import NavigableString, PageElement, Tag

from bookmaker.names import normal_text
from bookmaker.xhtml import HEADINGS

_COMMENTS_HEADING = re.compile(
    r"^(?:\d+|one|two|three|no)\s+(?:responses?|comments?|replies|thoughts?\s+on\b.*)"
    r"|^(?:comments?|responses?|replies|discussion|leave a (?:comment|reply))$"
    r"|^(?:responses?|comments?) to\b.*",
    re.IGNORECASE,
)
_SIGNUP_HEADING = re.compile(
    r"^(?:subscribe|newsletter|sign up|get (?:the|our) newsletter|stay in touch|join (?:our|the) "
    r"(?:mailing list|newsletter))\b",
    re.IGNORECASE,
)
_SHARE_WORDS = {
    "share", "tweet", "print", "email", "e mail", "mail", "facebook", "twitter", "x", "linkedin",
    "reddit", "pinterest", "whatsapp", "telegram", "pocket", "mastodon", "bluesky", "tumblr",
    "hacker news", "copy link", "like", "save", "print this", "print this page", "share this",
    "share on facebook", "share on twitter", "share on linkedin", "share on x", "email this",
    "pin it", "flipboard", "weibo", "wechat", "line", "skype", "digg", "stumbleupon",
}  # fmt: skip
_RSS_FOOTER = re.compile(r"^\s*the post\b.{1,300}\bappeared first on\b", re.IGNORECASE | re.DOTALL)
_SHARE_BLOCKS = {"div", "ul", "ol", "p", "section", "aside", "span", "footer"}
_INNER_BLOCKS = {"p", "div", "section", "table", "pre", "blockquote", *HEADINGS}


def furniture(tag: Tag) -> str | None:
    """Why TAG, a whole element, is furniture (share tools, an RSS footer), or None.  Only
    blocks that hold no other blocks are read, so each word is looked at about once."""
    if tag.name not in _SHARE_BLOCKS:
        return None
    found = _links_and_strings(tag)
    if found is None:
        return None
    links, strings = found
    if tag.name in {"p", "div"}:
        text = " ".join(strings)
        if len(text) < 400 and _RSS_FOOTER.match(text):
            return "RSS footer 'The post … appeared first on …'"
    if _share_tools(tag, links):
        return f"share tools ({', '.join(a.get_text(' ', strip=True) for a in links)})"
    return None


def _links_and_strings(tag: Tag) -> tuple[list[Tag], list[str]] | None:
    """TAG's links and the strings `get_text` joins, in one walk; None when TAG holds a block
    (that walk stops there).  It runs for every block of the post, three times a post."""
    types = tag.interesting_string_types
    if types is None:
        types = tag.MAIN_CONTENT_STRING_TYPES
    one_type = isinstance(types, type)
    links: list[Tag] = []
    strings: list[str] = []
    for node in tag.descendants:
        if isinstance(node, Tag):
            if node.name in _INNER_BLOCKS:
                return None
            if node.name == "a":
                links.append(node)
        elif isinstance(node, NavigableString) and (
            type(node) is types if one_type else types is None or type(node) in types
        ):
            strings.append(node)
    return links, strings


def _share_tools(tag: Tag, links: list[Tag]) -> bool:
    """Whether TAG's LINKS (two or more) are all named after sharing services or actions, and
    TAG has no other words."""
    if len(links) < 2:
        return False
    for a in links:
        label = normal_text(a.get_text(" ") or str(a.get("title") or a.get("aria-label") or ""))
        if label not in _SHARE_WORDS:
            return False
    words = normal_text(tag.get_text(" "))
    for a in links:
        words = words.replace(normal_text(a.get_text(" ")), " ", 1)
    return len(words.split()) <= 2  # "Share:" and the like


def section_to_remove(heading: Tag, comments: bool = True) -> str | None:
    """Why the section HEADING opens is furniture (with COMMENTS, comments; a sign-up), or
    None."""
    if heading.name not in HEADINGS:
        return None
    text = " ".join(heading.get_text(" ").split())
    # what is under a heading is read only when its words call for it: linear in the post
    if comments and _COMMENTS_HEADING.match(text):
        under = _under(heading)
        if any(
            isinstance(n, Tag) and n.name in {"ol", "ul", "div", "section", "dl"} for n in under
        ):
            return f"comments: heading {text!r} and the {len(under)} element(s) under it"
    if _SIGNUP_HEADING.match(text) and _only_signup(_under(heading)):
        return f"sign-up section {text!r}"
    return None


def remove_section(heading: Tag) -> None:
    for node in _under(heading):
        if isinstance(node, Tag):
            node.decompose()  # decomposed, so the walk over the body skips what it held
        else:
            node.extract()
    heading.decompose()


def _under(heading: Tag) -> list[PageElement]:
    """What follows HEADING up to the next heading of its level or above."""
    out = []
    for node in heading.next_siblings:
        if isinstance(node, Tag) and node.name in HEADINGS and node.name <= heading.name:
            break
        out.append(node)
    return out


def _only_signup(under: list[object]) -> bool:
    """A form, and a line of words at most ("Enter your email"), or nothing left of either."""
    forms = sum(1 for n in under if isinstance(n, Tag) and (n.name == "form" or n.find("form")))
    words = sum(
        len((n.get_text(" ") if isinstance(n, Tag) and n.name != "form" else "").split())
        for n in under
        if not (isinstance(n, Tag) and n.find("form"))
    )
    text_only = sum(len(str(n).split()) for n in under if not isinstance(n, Tag))
    return (forms > 0 or not under) and words + text_only <= 25
