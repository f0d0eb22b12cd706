"""convert: the profiles that say how a site marks its contributors (CSS selectors, data),
apart from the code that applies them (`contributors.py`), so that the pipeline can describe a
conversion without importing the parser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """CSS selectors that find contributor sections in one kind of page."""

    name: str
    section: str
    name_selector: str
    body: str | None = None
    bio: str | None = None
    photo: str | None = None
    intro: str | None = None


#: Built-in profiles, tried in order after the user's own.
DRUPAL_CONVERSATION = Profile(
    name="drupal-conversation",
    section="article.comment",
    name_selector=".node-profile h3, h3",
    body=".field-name-comment-body",
    bio=".field-name-field-profile-bio, .field-name-field-bio",
    photo=".field-name-field-profile-photo img",
)
#: Markup for contributions that pages and hand-written HTML posts use: a block marked as a
#: contribution, with the contributor's name in it.  WordPress comment threads (`li.comment`)
#: are deliberately not here: readers' comments are not contributions.
GENERIC = Profile(
    name="generic",
    section="section.contribution, div.contribution, article.contribution, [data-contributor]",
    name_selector="[data-contributor-name], .contributor-name, .contributor .name, .byline, .author",
    body=".contribution-body",
    bio=".contributor-bio, .bio",
    photo=".contributor-photo img, img.contributor-photo, img.avatar, img.photo",
)
BUILTIN_PROFILES = (DRUPAL_CONVERSATION, GENERIC)
