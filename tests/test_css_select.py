"""`convert.css.select` finds what soupsieve's `select` finds, in its order, for any selector."""

from __future__ import annotations

import pytest
from helpers.posts import fragment

from bookmaker.convert import css
from bookmaker.convert.contributors import BUILTIN_PROFILES

PAGE = """
<article class="comment Contribution" id="c1">
  <div class="node-profile"><h3>Ada <a href="https://ada.example">Lovelace</a></h3></div>
  <div class="field-name-comment-body"><p class="bio">Text <img class="avatar" src="a.png"></p>
  <H3 class="x y">Upper</H3></div>
  <template><h3 class="byline">in a template</h3></template>
  <section data-contributor="Grace" class="contribution"><span class="author">G</span></section>
</article>
<div class="contribution"><p id="Odd" class="contributor-name">Alan</p>
  <figure><img class="photo" src="b.png"></figure></div>
<h3>Loose</h3>
<div class="field-name-field-bio">Bio <span class="field-name-field-profile-photo"><img src="c.png">
</span><p class="contribution-body">Body</p></div>
"""
#: Selectors that differ from the page's names only in case, or reach into a template: soupsieve
#: finds nothing, though the walk's first test lets their elements through.
NOTHING = {".X", "#odd", "template h3"}

SELECTORS = [
    *(
        s
        for p in BUILTIN_PROFILES
        for s in (p.section, p.name_selector, p.body, p.bio, p.photo)
        if s
    ),
    "h3",
    "H3",
    ".X",
    "#odd",
    "#Odd",
    "*",
    ":scope > h3",
    ":scope > div h3",
    ":is(h3, p).bio, img[src$='.png']",
    "article > :not(div)",
    "div:has(> img), p:first-child",
    "template h3",
    "[data-contributor]",
    "h3:-soup-contains(Ada)",
]


@pytest.mark.parametrize("selector", SELECTORS)
def test_select_finds_what_soupsieve_finds(selector: str) -> None:
    _, body = fragment(PAGE)
    scopes = [body, *body.find_all(True)]
    for scope in scopes:
        expected = scope.select(selector)
        assert [id(t) for t in css.select(scope, selector)] == [id(t) for t in expected]
        one = css.select_one(scope, selector)
        assert one is (expected[0] if expected else None)
    assert any(scope.select(selector) for scope in scopes) is (selector not in NOTHING)
