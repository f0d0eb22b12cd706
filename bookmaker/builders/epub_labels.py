"""build: the words only the EPUB prints (cover, colophon, landmarks), by language.

Kept apart from the labels both editions share (`render.LABELS`), which they extend; English
is the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping

from bookmaker.builders.render import labels as shared_labels

EPUB_LABELS = {
    "en": {"cover": "Cover", "colophon": "Colophon", "sources": "Sources", "landmarks": "Landmarks",
           "frontmatter": "Front matter", "edited_by": "Edited by", "with": "With contributions by",
           "sources_intro": "The chapters of this book were first published on the web:",
           "edition": "This edition was made on", "identifier": "Identifier",
           "made_with": "Made with", "published_by": "Published by",
           "all_rights": "the authors", "cover_of": "Cover", "others": "{n} others"},
    "fr": {"cover": "Couverture", "colophon": "Colophon", "sources": "Sources", "landmarks": "Repères",
           "frontmatter": "Pages liminaires", "edited_by": "Sous la direction de",
           "with": "Avec les contributions de",
           "sources_intro": "Les chapitres de ce livre ont d’abord paru sur le web :",
           "edition": "Cette édition a été faite le", "identifier": "Identifiant",
           "made_with": "Fait avec", "published_by": "Publié par",
           "all_rights": "les auteurs", "cover_of": "Couverture", "others": "{n} autres"},
    "de": {"cover": "Umschlag", "colophon": "Impressum", "sources": "Quellen", "landmarks": "Orientierungspunkte",
           "frontmatter": "Titelei", "edited_by": "Herausgegeben von", "with": "Mit Beiträgen von",
           "sources_intro": "Die Kapitel dieses Buches erschienen zuerst im Web:",
           "edition": "Diese Ausgabe entstand am", "identifier": "Kennung",
           "made_with": "Erstellt mit", "published_by": "Verlegt von",
           "all_rights": "die Autorinnen und Autoren", "cover_of": "Umschlag",
           "others": "{n} weitere"},
    "es": {"cover": "Cubierta", "colophon": "Colofón", "sources": "Fuentes", "landmarks": "Puntos de referencia",
           "frontmatter": "Preliminares", "edited_by": "Edición de", "with": "Con contribuciones de",
           "sources_intro": "Los capítulos de este libro se publicaron primero en la web:",
           "edition": "Esta edición se hizo el", "identifier": "Identificador",
           "made_with": "Hecho con", "published_by": "Publicado por",
           "all_rights": "los autores", "cover_of": "Cubierta", "others": "otros {n}"},
}


def epub_labels(language: str) -> Mapping[str, str]:
    own = EPUB_LABELS.get(language.split("-")[0].lower(), EPUB_LABELS["en"])
    return {**shared_labels(language), **own}
