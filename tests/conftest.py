"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "samples" / "seeds"
T17 = SHARED / "data" / "t17"
DEMO = ROOT / "examples" / "demo"


def needs_shared(path: Path):
    """Skip unless ``path`` (inside ../shared) exists."""
    return pytest.mark.skipif(not path.exists(), reason=f"test data not found: {path} (../shared is absent)")


@pytest.fixture(scope="session")
def annotator():
    """One loaded spaCy pipeline for the whole session (loading takes a second)."""
    from storyline.annotate import Annotator

    return Annotator()
