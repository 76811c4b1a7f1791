"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

from storyline.model import Document, Sentence, Timex

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


def dated_doc(doc_id, sentences, published=None, duplicate_of=None, *, role="", sep="\n\n"):
    """A document from (sentence, [(expression, value, granularity)]) pairs, no model needed:
    its sentences joined by ``sep``, each expression a Timex with ``role`` (see Timex.role)."""
    text, spans, timexes = "", [], []
    for sentence, exprs in sentences:
        start = len(text) + (len(sep) if text else 0)
        text = f"{text}{sep}{sentence}" if text else sentence
        spans.append(Sentence(start, start + len(sentence)))
        for expr, value, gran in exprs:
            at = start + sentence.index(expr)
            timexes.append(Timex(at, at + len(expr), expr, value, gran, "test", role))
    return Document(id=doc_id, source=doc_id, text=text, published=published, sentences=tuple(spans),
                    timexes=tuple(timexes), duplicate_of=duplicate_of)
