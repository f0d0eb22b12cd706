"""convert: the tree builder behind `parse`, bs4's lxml builder with a short way for plain HTML.

bs4 sends every element and string of a parse through its generic path (`handle_starttag`,
`Tag.__init__`, `endData`, `object_was_parsed`): some 3 ms of a post's 12 to 15 ms of
converting.  For an element in no namespace, whose name needs none of bs4's special handling
(whitespace kept, a string class of its own, a charset to substitute), this builder makes the
tag from a copy of what `Tag.__init__` set on a tag of that name, links it as bs4 links it,
and makes each string as `endData` makes it.  Anything else goes bs4's own way, and so does
every element and string if a bs4 upgrade sets other attributes on them than the ones this
copies, or keeps the parse's state under other names (`tests/test_parse_builder.py` compares the trees node for node, attribute for attribute).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder import LXMLTreeBuilder
from bs4.element import AttributeDict, XMLAttributeDict, nonwhitespace_re

#: What `Tag.__init__` (bs4 4.13 to 4.15) sets on a tag, the links and per-tag values below
#: included: a tag made by bs4 with any other set is not copied.
TAG_ATTRIBUTES = frozenset(
    (
        "parser_class", "name", "namespace", "_namespaces", "prefix", "sourceline",
        "sourcepos", "attribute_value_list_class", "attrs", "known_xml", "contents",
        "parent", "previous_element", "next_element", "next_sibling", "previous_sibling",
        "hidden", "can_be_empty_element", "cdata_list_attributes",
        "preserve_whitespace_tags", "interesting_string_types",
    )
)  # fmt: skip
#: Set for each tag, not copied from the template.
_OWN = ("attrs", "contents", "_namespaces", "parent", "previous_element", "next_element")
_OWN += ("next_sibling", "previous_sibling")
#: What `NavigableString.__new__` (bs4 4.13 to 4.15) sets on a string.
STRING_ATTRIBUTES = frozenset(
    ("hidden", "parent", "previous_element", "next_element", "next_sibling", "previous_sibling")
)
_SPACES = BeautifulSoup.ASCII_SPACES
#: The parse's state on the soup (bs4 4.13 to 4.15) that this builder reads and moves on.
SOUP_STATE = frozenset(
    ("currentTag", "tagStack", "open_tag_counter", "current_data", "_most_recent_element")
    + ("preserve_whitespace_tag_stack", "string_container_stack")
)

#: Per tag class and name, what `Tag.__init__` set on a tag of that name (None: bs4's way).
_templates: dict[tuple[type, str], dict | None] = {}
#: Tag names kept at most: a post may invent any number (each new one goes bs4's way).
MOST_NAMES = 2000
#: Per tag name, the attributes bs4 splits into lists of words
#: (`_replace_cdata_list_attribute_values`: `class`, `rel`, ...).
_multi_valued: dict[str, frozenset[str]] = {}
#: Attribute dictionaries that store a string value as it is given.
_STRINGS_KEPT = (AttributeDict, XMLAttributeDict)


class Builder(LXMLTreeBuilder):
    """bs4's lxml builder, elements and strings in no namespace made and linked here."""

    def initialize_soup(self, soup: BeautifulSoup) -> None:
        super().initialize_soup(soup)
        self._tag_class = soup.element_classes.get(Tag, Tag)
        self._string_class = soup.element_classes.get(NavigableString, NavigableString)
        self._plain = soup.parse_only is None and set(self._string_class("").__dict__) == (
            STRING_ATTRIBUTES
        )
        self._special = set(self.preserve_whitespace_tags) | set(self.string_containers) | {"meta"}

    def feed(self, markup: str) -> None:
        if not SOUP_STATE <= self.soup.__dict__.keys():
            self._plain = False
        super().feed(markup)

    def start(self, tag: str, attrib: dict[str, str], nsmap: dict | None = None) -> None:
        if nsmap or len(self.nsmaps) > 1 or tag[:1] == "{":
            super().start(tag, attrib, nsmap or {})
            return
        if attrib and "{" in "".join(attrib):
            super().start(tag, attrib, {})
            return
        namespaces = self.active_namespace_prefixes[-1]
        template = _templates.get((self._tag_class, tag), False) if self._plain else None
        if template is False:
            template = self._template(tag, namespaces)
        if template is None:
            attrs = self.attribute_dict_class()
            for key, value in attrib.items():
                attrs[key] = value
            self.soup.handle_starttag(tag, None, None, attrs, namespaces=namespaces)
            return
        soup = self.soup
        if soup.current_data:
            self._flush()
        # lxml's values are strings, which the dict's `__setitem__` keeps as they are.
        attrs = self.attribute_dict_class(attrib)
        if attrs:
            for key in _multi_valued[tag].intersection(attrs):
                attrs[key] = self.attribute_value_list_class(nonwhitespace_re.findall(attrs[key]))
        self._link(soup, template, attrs, namespaces or {})
        soup.open_tag_counter[tag] += 1

    def _link(self, soup: BeautifulSoup, template: dict, attrs: dict, namespaces: dict) -> None:
        """A tag from TEMPLATE, linked as `handle_starttag` links it, and opened."""
        new = object.__new__(self._tag_class)
        own = new.__dict__
        own.update(template)
        own["attrs"] = attrs
        own["contents"] = []
        own["_namespaces"] = namespaces
        _attach(soup, new, own)
        soup.tagStack.append(new)
        soup.currentTag = new

    def _template(self, name: str, namespaces: dict) -> dict | None:
        """What bs4 sets on a new tag of NAME, but for its own values; None for bs4's way."""
        template = None
        if len(_templates) >= MOST_NAMES:  # a hostile post's invented names: not kept
            return None
        if self._plain and name not in self._special:
            made = self._tag_class(self.soup, self, name, None, None, {}, namespaces=namespaces)
            if (
                set(made.__dict__) == TAG_ATTRIBUTES
                and made.attrs == {}
                and self.attribute_dict_class in _STRINGS_KEPT
            ):
                template = {k: v for k, v in made.__dict__.items() if k not in _OWN}
                cdata = self.cdata_list_attributes or {}
                _multi_valued[name] = frozenset(cdata.get("*", ())) | frozenset(
                    cdata.get(name.lower(), ())
                )
        _templates[(self._tag_class, name)] = template
        return template

    def end(self, tag: str) -> None:
        if len(self.nsmaps) > 1 or tag[:1] == "{":
            super().end(tag)
            return
        soup = self.soup
        if soup.current_data:
            self._flush()
        stack = soup.tagStack
        top = stack[-1]
        if top.name != tag or top.prefix is not None or len(stack) < 2 or tag in self._special:
            soup._popToTag(tag, None)
            return
        stack.pop()
        soup.open_tag_counter[tag] -= 1
        soup.currentTag = stack[-1]

    def data(self, data: str) -> None:
        self.soup.current_data.append(data)

    def _flush(self) -> None:
        """The text read since the last tag, as `endData` adds it (no `parse_only`)."""
        soup = self.soup
        if not self._plain or soup.string_container_stack:
            soup.endData()
            return
        parts = soup.current_data
        text = parts[0] if len(parts) == 1 else "".join(parts)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not text.strip(_SPACES):
            text = "\n" if "\n" in text else " "
        new = str.__new__(self._string_class, text)
        own = new.__dict__
        own["hidden"] = False
        _attach(soup, new, own)


def _attach(soup: BeautifulSoup, new: object, own: dict) -> None:
    """NEW (whose `__dict__` is OWN) made the open tag's last child and the latest element,
    linked both ways, as bs4's `object_was_parsed` links a node."""
    parent = soup.currentTag
    contents = parent.contents
    previous = soup._most_recent_element
    sibling = contents[-1] if contents else None
    own["parent"] = parent
    own["previous_element"] = previous
    own["next_element"] = own["next_sibling"] = None
    own["previous_sibling"] = sibling
    if previous is not None:
        previous.next_element = new
    if sibling is not None:
        sibling.next_sibling = new
    soup._most_recent_element = new
    contents.append(new)
