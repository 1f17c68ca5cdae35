"""Shared paths for the tests: the repository, ../shared beside it, the CLI binary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "samples" / "seed-dpa-2025-07-10.txt"
GNAD_TEST = SHARED / "data" / "news-de" / "10kGNAD" / "test.csv"


def cli_binary() -> Path | None:
    """The depesche CLI: $DEPESCHE_BIN, else a build in target/, else one on PATH."""
    env = os.environ.get("DEPESCHE_BIN")
    if env:
        return Path(env).resolve()
    for profile in ("release", "fast", "debug"):
        p = REPO / "target" / profile / "depesche"
        if p.is_file():
            return p
    found = shutil.which("depesche")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    b = cli_binary()
    if b is None:
        pytest.skip("no depesche CLI built (cargo build --release) and DEPESCHE_BIN unset")
    return b


def read_gnad(path: Path, limit: int | None = None) -> list[dict]:
    """10kGNAD's `label;'text'` CSV (`'` quotes, `''` escapes) as JSONL-style dicts."""
    import csv

    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'", doublequote=True)):
            if len(row) < 2:
                continue
            out.append({"id": f"gnad-{i}", "text": row[1], "section": row[0]})
            if limit is not None and len(out) >= limit:
                break
    return out
