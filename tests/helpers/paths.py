"""Where the tests' inputs are: the checkout, its samples and roots, and the shared seed and
corpus (outside the project: `BOOKMAKER_SHARED`, else `../shared` beside the checkout, else
the nearest `shared/` above it, for a worktree)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
#: One small book project per feature: `tests/roots/test-<feature>/`.
ROOTS = ROOT / "tests" / "roots"
GOLDEN = ROOT / "tests" / "golden"


def _find_shared() -> Path:
    if os.environ.get("BOOKMAKER_SHARED"):
        return Path(os.environ["BOOKMAKER_SHARED"])
    for folder in ROOT.parents:
        if (folder / "shared").is_dir():
            return folder / "shared"
    return ROOT.parent / "shared"


SHARED = _find_shared()
SEED = SHARED / "seeds" / "000_757e41e2329b2dfd.txt"
CORPUS = SHARED / "corpus" / "posts"
