"""storyline: turn a pile of news articles about a story into a dated, sourced timeline."""

from storyline.model import (
    Document,
    DuplicateGroup,
    Entity,
    Event,
    Evidence,
    RawDocument,
    Rejected,
    Sentence,
    Story,
    Timex,
)

__version__ = "0.1.0"

__all__ = [
    "Document",
    "DuplicateGroup",
    "Entity",
    "Event",
    "Evidence",
    "RawDocument",
    "Rejected",
    "Sentence",
    "Story",
    "Timex",
    "__version__",
]
