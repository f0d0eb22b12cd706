"""Fixtures every test module may ask for.  Helpers a test imports live in `helpers/`; nothing
is imported from here or from another test module."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import epubcheck
from helpers.paths import ROOTS, SAMPLES, SEED
from hypothesis import settings


def pytest_configure(config: pytest.Config) -> None:
    """Builds fetch no image unless a test asks (they never reach the network; the tests of
    the fetcher serve their images from 127.0.0.1).  Subprocesses inherit the setting."""
    os.environ["BOOKMAKER_OFFLINE"] = "1"


# Property tests check what comes out, not how fast: Hypothesis's 200 ms deadline per example
# failed a filter test at load 24 (301 ms), on a machine shared with builds.
settings.register_profile("bookmaker", deadline=None)
settings.load_profile("bookmaker")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden from the current output instead of comparing with it.",
    )


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_key(tmp_path_factory: pytest.TempPathFactory):
    """The key that signs build caches (kept in the user's cache folder) is the session's own,
    for builds in this process and the commands it runs: tests leave the home folder alone."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not here (the seed post is outside the project)")
    return SEED


@pytest.fixture
def project(tmp_path: Path):
    """Copy a folder of posts to a temp dir, so no test builds in place."""

    def make(source: Path, name: str = "book") -> Path:
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.mkdir()
            shutil.copy2(source, target / source.name)
        return target

    return make


@pytest.fixture
def root(project):
    """`root("notes")`: a copy of the project `tests/roots/test-notes`, to build."""

    def make(name: str) -> Path:
        return project(ROOTS / f"test-{name}", name)

    return make


class EpubRegistry:
    """EPUBs built by any test; all are checked in one EPUBCheck run when the session ends."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.paths: list[Path] = []

    def register(self, path: Path) -> Path:
        keep = self.workdir / f"{len(self.paths):03d}-{path.name}"
        shutil.copy2(path, keep)
        self.paths.append(keep)
        return path


@pytest.fixture(scope="session")
def epub_registry(tmp_path_factory: pytest.TempPathFactory):
    registry = EpubRegistry(tmp_path_factory.mktemp("epubs"))
    yield registry
    verdicts = epubcheck.check(registry.paths, tmp_path_factory.getbasetemp())
    bad = {p: v for p, v in verdicts.items() if not v.clean}
    assert not bad, "EPUBCheck found problems:\n" + "\n".join(
        f"{p}: {v.errors} errors, {v.warnings} warnings\n  " + "\n  ".join(v.messages[:20])
        for p, v in bad.items()
    )


@pytest.fixture(scope="session")
def seed_build(
    tmp_path_factory: pytest.TempPathFactory, seed_path: Path, epub_registry: EpubRegistry
):
    """The seed post built once for the session as EPUB, PDF and print HTML."""
    from bookmaker.pipeline import build

    out = tmp_path_factory.mktemp("seed-out")
    report = build(seed_path, ["epub", "pdf", "html"], out)
    epub_registry.register(report.results[0].path)
    return report


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory, epub_registry: EpubRegistry):
    """The project's sample book, copied out of the tree and built once for the session."""
    from bookmaker.pipeline import build

    work = tmp_path_factory.mktemp("samples")
    shutil.copytree(SAMPLES, work / "samples")
    report = build(work / "samples", ["epub", "pdf", "html"], work / "_build")
    epub_registry.register(report.results[0].path)
    return report


@pytest.fixture(scope="session")
def world_build(tmp_path_factory: pytest.TempPathFactory, epub_registry: EpubRegistry):
    """samples/world, the second sample book (Arabic and Japanese posts), built as an EPUB."""
    from bookmaker.pipeline import build

    work = tmp_path_factory.mktemp("world")
    shutil.copytree(SAMPLES / "world", work / "world")
    report = build(work / "world", ["epub"], work / "_build")
    epub_registry.register(report.results[0].path)
    return report
