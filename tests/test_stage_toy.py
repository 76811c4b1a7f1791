"""Adding a stage: a toy that counts each document's words, declared and registered in a
few lines, is run by a build and passes the same conformance checks as the built-in stages."""

from dataclasses import dataclass, field, replace
from pathlib import Path

from storyline import registry
from storyline.conformance import parametrize_with_checks
from storyline.stage import Stage

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


@dataclass(frozen=True)
class WordsConfig:
    minimum: int = field(default=1, metadata={"range": (1, None)})  # shortest word counted, in letters


def count_words(doc, config, ctx):
    """Count the words of one document."""
    words = [w for w in doc.text.split() if len(w.strip(".,;:!?\"'")) >= config.minimum]
    return replace(doc, extra={**doc.extra, "words": len(words)})


WORDS = Stage("words", "document", count_words, requires=("text",), assigns=("extra",), config=WordsConfig)


@parametrize_with_checks([WORDS])
def test_toy_stage_meets_the_contract(stage, check):
    check(stage)


def test_a_registered_stage_runs_in_a_build():
    from storyline.pipeline import build

    with registry.registered(WORDS, after="annotate"):
        names = [s.name for s in registry.stages()]
        assert names[names.index("annotate") + 1] == "words"
        pile = build([DEMO], entities=False)
    assert all(doc.extra["words"] == len(doc.text.split()) for doc in pile.documents)
    assert "words" not in [s.name for s in registry.stages()]  # gone after the block
