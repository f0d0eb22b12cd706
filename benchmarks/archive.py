"""A deterministic archive of seed-like posts, for benchmarks (the PDF at scale, conversion).

    python benchmarks/archive.py 100 /tmp/archive100 [--seed 1]

Shaped like the seed post (a Drupal "conversation" page of about 2,000 words): most posts are
conversations, an editors' intro then 3-5 contributors (`article.comment` with an `h3` name),
each contributor's text carrying 8-15 links; one post in five is a single-author Markdown post.
Posts are in several languages (English, French, German, Spanish, Portuguese), each with its
`lang:`.  The same N and seed always give the same files, byte for byte; post k of an archive
of N is the same post whatever N is, so a 100-post book is the first 100 of a 300-post one.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

#: Words by language: enough variety for hyphenation and justification to do real work.
_TEXT = {
    "en": (
        "archive library repair river contributor reservoir engine pattern paper address "
        "collection decision community shelf digital catalogue evening volunteer station "
        "government negotiation partnership strategic cooperation economic relationship "
        "international diplomatic understanding conversation everything administration the of "
        "and to in that is was for on with as by it at from this be have not"
    ),
    "fr": (
        "bibliothèque réparation rivière contributeur réservoir moteur modèle papier adresse "
        "collection décision communauté étagère numérique catalogue soirée bénévole gare "
        "gouvernement négociation partenariat stratégique coopération économique relation "
        "internationale diplomatique compréhension conversation administration le la les de "
        "des et en un une que qui dans pour sur avec par est pas"
    ),
    "de": (
        "Bibliothek Reparatur Fluss Mitwirkende Speicher Maschine Muster Papier Adresse "
        "Sammlung Entscheidung Gemeinschaft Regal digital Katalog Abend Freiwillige Bahnhof "
        "Regierung Verhandlung Partnerschaft strategisch Zusammenarbeit wirtschaftlich "
        "Beziehung international diplomatisch Verständigung Gespräch Verwaltung der die das "
        "und zu in den von mit ist nicht auf für sich dem"
    ),
    "es": (
        "biblioteca reparación río colaborador depósito motor patrón papel dirección "
        "colección decisión comunidad estante digital catálogo tarde voluntario estación "
        "gobierno negociación asociación estratégica cooperación económica relación "
        "internacional diplomática comprensión conversación administración el la los las de y "
        "en que a por con para es no un una"
    ),
    "pt": (
        "biblioteca reparação rio colaborador reservatório motor padrão papel endereço "
        "coleção decisão comunidade prateleira digital catálogo noite voluntário estação "
        "governo negociação parceria estratégica cooperação económica relação internacional "
        "diplomática compreensão conversa administração o a os as de e em que para com por é "
        "não um uma"
    ),
}
WORDS = {lang: text.split() for lang, text in _TEXT.items()}
LANGUAGES = ("en", "en", "en", "fr", "de", "es", "pt")
SITES = ("reuters.com", "aljazeera.com", "nytimes.com", "kremlin.ru", "scmp.com", "lemonde.fr")
FIRST = [
    "Maria",
    "Evan",
    "Una",
    "Wei",
    "Li",
    "Chen",
    "Anna",
    "Pierre",
    "Jana",
    "Tomás",
    "Ana",
    "Ruth",
    "Omar",
    "Yuki",
    "Sven",
    "Ada",
]
LAST = [
    "Repnikova",
    "Medeiros",
    "Berzina",
    "Wang",
    "Zhang",
    "Dubois",
    "Novak",
    "García",
    "Silva",
    "Cohen",
    "Okafor",
]


class Post:
    """One post, drawn from its own random stream (seed, index)."""

    def __init__(self, index: int, seed: int):
        self.index = index
        self.rng = random.Random(f"{seed}:{index}")
        self.lang = self.rng.choice(LANGUAGES)

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(WORDS[self.lang]) for _ in range(n)]

    def sentence(self) -> str:
        return " ".join(self.words(self.rng.randint(8, 24))).capitalize() + "."

    def url(self) -> str:
        path = "/".join(self.words(self.rng.randint(2, 5))).lower()
        return f"https://www.{self.rng.choice(SITES)}/{self.rng.randint(2000, 2024)}/{path}-{self.rng.randint(1, 99999)}/"

    def paragraphs(self, words: int, links: int) -> list[str]:
        """Paragraphs of about WORDS words in all, with LINKS links spread over them."""
        paras: list[list[str]] = []
        while sum(map(len, paras)) < words:
            paras.append(" ".join(self.sentence() for _ in range(self.rng.randint(3, 7))).split())
        for _ in range(links):
            para = self.rng.choice(paras)
            at = self.rng.randrange(len(para))
            para[at] = f'<a href="{self.url()}">{para[at]}</a>'
        return [" ".join(p) for p in paras]

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def front(self, title: str, author: str) -> str:
        day = 1 + self.index % 28
        month = 1 + (self.index // 28) % 12
        year = 2010 + self.index // 336
        return (
            f'---\nlayout: post\ntitle: "{title}"\ndate: {year}-{month:02d}-{day:02d}T16:47:00Z\n'
            f"author: {author}\nfrom: https://www.example.org/conversation/post-{self.index}\n"
            f"lang: {self.lang}\ntags: [ archive ]\n---\n"
        )

    def conversation(self) -> str:
        people = list(dict.fromkeys(self.name() for _ in range(self.rng.randint(3, 5))))
        title = " ".join(self.words(self.rng.randint(3, 7))).title()
        out = [self.front(title, ", ".join(people[:2]) + " &#38; more"), "<div>"]
        out += ['<div class="field field-name-body">']
        out += [f"<p>{p}</p>" for p in self.paragraphs(self.rng.randint(200, 300), 3)]
        out += ["</div>", '<div id="comments" class="comment-wrapper">']
        for person in people:
            out += [
                '<article class="comment"><div class="node node-profile">',
                f"<h3>{person}</h3></div>",
                '<div class="field field-name-comment-body">',
                *(
                    f"<p>{p}</p>"
                    for p in self.paragraphs(self.rng.randint(350, 500), self.rng.randint(8, 15))
                ),
                "</div></article>",
            ]
        out += ["</div></div>"]
        return "\n".join(out) + "\n"

    def single(self) -> str:
        title = " ".join(self.words(self.rng.randint(3, 7))).title()
        paras = self.paragraphs(self.rng.randint(1400, 2000), self.rng.randint(15, 30))
        for k in range(3, len(paras), 5):
            paras[k] = "## " + " ".join(self.words(3)).title() + "\n\n" + paras[k]
        return self.front(title, self.name()) + "\n" + "\n\n".join(paras) + "\n"

    def text(self) -> str:
        return self.single() if self.index % 5 == 4 else self.conversation()


def write_archive(count: int, folder: Path, seed: int = 1) -> list[Path]:
    """COUNT posts in FOLDER (created), named so they sort in date order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        post = Post(index, seed)
        path = folder / f"{index:04d}-post.md"
        path.write_text(post.text(), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of posts")
    parser.add_argument("outdir", type=Path, help="folder for the posts (created)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_archive(args.count, args.outdir, args.seed)
    print(f"{len(paths)} posts in {args.outdir}")


if __name__ == "__main__":
    main()
