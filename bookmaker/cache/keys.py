"""Build cache: an entry's name, a digest of everything its value depends on.

Every name starts from `environment()`: the entry format, Python's version, bookmaker's
version and its own source files (a checkout between releases changes them without changing
the version), and the versions of the libraries that shape what is cached.  So an entry made by
another bookmaker or another set of libraries is never found, only made again.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path

import bookmaker

#: Bumped when what an entry holds changes shape or meaning.
FORMAT = 2
#: The libraries whose output is cached: parsers, Markdown, Textile, templates, XML, math.
LIBRARIES = (
    "beautifulsoup4",
    "lxml",
    "soupsieve",
    "markdown-it-py",
    "mdit-py-plugins",
    "python-frontmatter",
    "PyYAML",
    "textile",
    "charset-normalizer",
    "Jinja2",
    "MarkupSafe",
    "latex2mathml",
    "ziamath",
)


def environment() -> str:
    """The digest every entry name starts from (computed once per build: a few milliseconds)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{bookmaker.__version__}\0".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    package = Path(bookmaker.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()


def name(*parts: object) -> str:
    """An entry name from PARTS: strings and bytes as they are, anything else by its pickle
    (the model's frozen dataclasses, tuples and strings): values built alike get one name,
    different values never share one."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        elif isinstance(part, bytes):
            data = part
        else:
            data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:40]
