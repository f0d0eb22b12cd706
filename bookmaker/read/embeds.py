"""read: Liquid and shortcode embeds (videos, tweets, gists) as one neutral marker element.

`<div data-bm-embed="URL" data-bm-kind="video">` says "here was an embedded thing from URL";
convert's embed transform turns it, like an `<iframe>`, into a short line with an endnote.
"""

from __future__ import annotations

import html
import re

_VIDEO_TAGS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}


def marker(url: str, kind: str, title: str = "") -> str:
    title_attr = f' title="{html.escape(title)}"' if title else ""
    return f'<div data-bm-embed="{html.escape(url)}" data-bm-kind="{kind}"{title_attr}></div>'


def _url_or(template: str, value: str) -> str:
    return value if re.match(r"^(?:https?:)?//", value) else template.format(value)


def from_liquid(tag: str, words: list[str]) -> str | None:
    """`{% youtube ID %}`, `{% vimeo ID %}`, `{% gist ID [file] %}`, `{% tweet URL %}`, `{% video URL %}`."""
    if not words:
        return None
    first = words[0]
    if tag in _VIDEO_TAGS:
        return marker(_url_or(_VIDEO_TAGS[tag], first), "video")
    if tag == "gist":
        return marker(_url_or("https://gist.github.com/{}", first), "gist")
    if tag in {"tweet", "twitter"} and re.match(r"^(?:https?:)?//", first):
        return marker(first, "tweet")
    if tag in {"video", "audio"} and re.match(r"^(?:https?:)?//", first):
        return marker(first, tag)
    return None


def from_include(name: str, params: dict[str, str]) -> str | None:
    """Includes that sites use for embeds, recognised by their parameters."""
    lowered = name.lower()
    if "status_id" in params and (
        "tweet" in lowered or "twitter" in lowered or "username" in params
    ):
        user = params.get("username", "i/web")
        return marker(
            f"https://twitter.com/{user}/status/{params['status_id']}",
            "tweet",
            f"@{user}" if "username" in params else "",
        )
    video_id = params.get("id") or params.get("youtube_id") or params.get("video_id")
    if video_id and ("youtube" in lowered or "video" in lowered):
        return marker(_url_or(_VIDEO_TAGS["youtube"], video_id), "video")
    if video_id and "vimeo" in lowered:
        return marker(_url_or(_VIDEO_TAGS["vimeo"], video_id), "video")
    return None
