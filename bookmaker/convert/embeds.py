"""convert: embedded players and widgets (iframes, video, audio, tweets, gists) become a short
line of text linking to the source, so the link turns into an endnote like any other.

A book cannot play a video or run a gist's script, but its reader should still learn that
something was there and where to find it.  Share buttons and like boxes are site furniture and
go without a trace.  Runs before sanitizing, which would drop these elements outright.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin

from bs4 import BeautifulSoup, Tag

from bookmaker.addresses import split_url
from bookmaker.convert.tree import gone, tags
from bookmaker.names import site_name

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)

#: Labels of the line, by the post's language (English is the fallback), and the word that
#: puts the provider after them ("Video on YouTube").
LABELS = {
    "en": {
        "video": "Video",
        "audio": "Audio",
        "tweet": "Post",
        "gist": "Code",
        "embed": "Embedded content",
        "on": "on",
    },
    "fr": {
        "video": "Vidéo",
        "audio": "Audio",
        "tweet": "Message",
        "gist": "Code",
        "embed": "Contenu intégré",
        "on": "sur",
    },
    "de": {
        "video": "Video",
        "audio": "Audio",
        "tweet": "Beitrag",
        "gist": "Code",
        "embed": "Eingebetteter Inhalt",
        "on": "auf",
    },
    "es": {
        "video": "Vídeo",
        "audio": "Audio",
        "tweet": "Publicación",
        "gist": "Código",
        "embed": "Contenido incrustado",
        "on": "en",
    },
    "pt": {
        "video": "Vídeo",
        "audio": "Áudio",
        "tweet": "Publicação",
        "gist": "Código",
        "embed": "Conteúdo incorporado",
        "on": "em",
    },
    "it": {
        "video": "Video",
        "audio": "Audio",
        "tweet": "Post",
        "gist": "Codice",
        "embed": "Contenuto incorporato",
        "on": "su",
    },
}

#: What the big providers are called; any other site goes by its host name.
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "m.youtube.com": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "twitter.com": "X/Twitter",
    "x.com": "X/Twitter",
    "gist.github.com": "GitHub Gist",
    "soundcloud.com": "SoundCloud",
    "open.spotify.com": "Spotify",
}

_FURNITURE = re.compile(
    r"platform\.twitter\.com/widgets|facebook\.com/plugins|plusone|apis\.google\.com|"
    r"addthis|sharethis|disqus|ghbtns\.com|buttons\.github\.io|reddit\.com/static/button",
    re.IGNORECASE,
)
_MARKER = "data-bm-embed"
_STOPS = (".", "!", "?", "…")
#: Parents in which the line may be a paragraph of its own.
_FLOW = {
    "body",
    "div",
    "section",
    "article",
    "aside",
    "blockquote",
    "li",
    "dd",
    "td",
    "th",
    "figure",
    "header",
    "footer",
    "main",
    "center",
}


def label_for(kind: str, language: str) -> str:
    return _labels(language).get(kind, _labels(language)["embed"])


def _labels(language: str) -> dict[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def sentence(kind: str, language: str, title: str, provider: str) -> str:
    """What a reader learns of an embed: "Video on YouTube: The talk" (the title, the
    provider, or both; the address follows as the link's note)."""
    text = label_for(kind, language)
    if provider:
        text += f" {_labels(language)['on']} {provider}"
    if title:
        text += f": {title}"
    return text


def canonical(url: str) -> tuple[str, str]:
    """(kind, the address a reader can open) for a player URL: YouTube/Vimeo embeds to pages."""
    parts = split_url(url)
    if parts is None:
        return "embed", url
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path
    if host in {"youtube.com", "youtube-nocookie.com", "m.youtube.com"} and path.startswith(
        "/embed/"
    ):
        video = path.split("/")[2]
        if video and video != "videoseries":
            return "video", f"https://www.youtube.com/watch?v={video}"
        playlist = parse_qs(parts.query).get("list")
        if playlist:
            return "video", f"https://www.youtube.com/playlist?list={playlist[0]}"
    if host in {"youtube.com", "youtu.be", "m.youtube.com"}:
        return "video", url
    if host == "player.vimeo.com" and path.startswith("/video/"):
        return "video", f"https://vimeo.com/{path.split('/')[2]}"
    if host in {"vimeo.com", "dailymotion.com", "ted.com"}:
        return "video", url
    if host in {"twitter.com", "x.com"} and "/status" in path:
        return "tweet", url
    if host == "gist.github.com":
        return "gist", re.sub(r"\.js$", "", url)
    if host in {"soundcloud.com", "w.soundcloud.com", "open.spotify.com"}:
        return "audio", url
    return "embed", url


def replace_embeds(soup: BeautifulSoup, body: Tag, base_url: str | None, language: str) -> None:
    for tag in tags(body, "iframe", "video", "audio", "object", "embed", "script", "div"):
        if gone(tag):
            continue
        kind, url = _source(tag)
        if url is None:
            if tag.name in {"iframe", "video", "audio", "object", "embed"} and kind != "skip":
                tag.decompose()
            continue
        if kind == "skip" or _FURNITURE.search(url):
            tag.decompose()
            continue
        line = _line(soup, tag, kind, url, base_url, language)
        if line is None:
            tag.decompose()
        else:
            tag.replace_with(line)


def _web_or_relative(src: str) -> bool:
    """Whether an embed's source can be shown as an address: http(s), or relative to the
    post; never `javascript:`, `data:`, `about:` or `file:` (however spaced or cased)."""
    scheme = _SCHEME.match(re.sub(r"[\x00-\x20]", "", src))
    return scheme is None or scheme[1].lower() in {"http", "https"}


def _source(tag: Tag) -> tuple[str, str | None]:
    """(kind, URL) of an embed, (…, None) when TAG is not one."""
    if tag.name == "div":
        if tag.get(_MARKER):
            return str(tag.get("data-bm-kind") or "embed"), str(tag[_MARKER])
        if tag.get("data-gist-id"):
            return "gist", f"https://gist.github.com/{tag['data-gist-id']}"
        return "skip", None
    if tag.name == "script":
        src = str(tag.get("src") or "")
        if "gist.github.com" in src:
            return "gist", src
        return "skip", None
    src = tag.get("src") or tag.get("data") or tag.get("data-src")
    if not src and tag.name in {"video", "audio"}:
        source = tag.find("source", src=True)
        src = source.get("src") if source is not None else None
    if not isinstance(src, str) or not src.strip() or not _web_or_relative(src):
        return "embed", None
    kind = tag.name if tag.name in {"video", "audio"} else "embed"
    return kind, src.strip()


def _line(
    soup: BeautifulSoup, tag: Tag, kind: str, url: str, base_url: str | None, language: str
) -> Tag | None:
    """The embed as a sentence linking to its address; None when it has nothing to say (no
    address a reader can open and no title): a site-relative path is no use in a book."""
    if url.startswith("//"):
        url = "https:" + url
    elif not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) and base_url:
        url = urljoin(base_url, url)
    found_kind, target = canonical(url) if url.startswith(("http:", "https:")) else (kind, url)
    kind = found_kind if kind in {"embed", "video"} and found_kind != "embed" else kind
    title = " ".join(str(tag.get("title") or tag.get("aria-label") or "").split())
    web = target.startswith(("http:", "https:"))
    if not web and not title:
        return None
    host = site_name(target) if web else ""
    text = sentence(kind, language, title, PROVIDERS.get(host, host))
    # In running text it stands in brackets; on its own it is a sentence, its full stop after
    # the link (a note's text is the link's, and its number comes after the stop).
    in_text = tag.parent is not None and tag.parent.name not in _FLOW
    line = soup.new_tag("span" if in_text else "p", attrs={"class": "embed"})
    opening, closing = ("(", ")") if in_text else ("", "" if text.endswith(_STOPS) else ".")
    if opening:
        line.append(opening)
    if web:
        link = soup.new_tag("a", attrs={"href": target})
        link.string = text
        line.append(link)
    else:
        line.append(text)
    if closing:
        line.append(closing)
    return line
