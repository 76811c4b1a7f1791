"""storyline: turn a pile of news articles about a story into a dated, sourced timeline."""

from storyline.model import (
    Document,
    DuplicateGroup,
    Entity,
    Event,
    Evidence,
    Pile,
    RawDocument,
    Rejected,
    Sentence,
    Story,
    Timex,
)

__version__ = "0.1.0"


def __getattr__(name: str):
    # ``storyline.build`` and ``storyline.BuildConfig`` load the stages (and their
    # libraries) on first use, so ``import storyline`` stays light.
    if name in ("build", "prepare", "tell", "BuildConfig"):
        from storyline import pipeline

        return getattr(pipeline, name)
    if name == "load":  # storyline.load("out/demo"): a timeline.json back into a Story (an index: a Pile)
        from storyline.export import load

        return load
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")


__all__ = [
    "Document",
    "DuplicateGroup",
    "Entity",
    "Event",
    "Evidence",
    "Pile",
    "RawDocument",
    "Rejected",
    "Sentence",
    "Story",
    "Timex",
    "__version__",
    "build",
    "prepare",
    "tell",
    "BuildConfig",
    "load",
]
