"""The one document/corpus model that flows through every stage.

Data flows one way: ``ingest`` yields :class:`RawDocument` (or :class:`Rejected`),
``clean`` turns each into a :class:`Document`, ``annotate`` fills its sentences,
entities and time expressions, ``dedup`` sets ``duplicate_of``, the corpus stages make a
:class:`Pile`, the story stage splits it into :class:`Story` objects with their
:class:`Event` records, and ``render`` writes the pile. Stages never mutate what they
are given: they return new objects (``dataclasses.replace``).

Every character offset (``start``/``end``) indexes the cleaned ``Document.text``.
The model imports nothing of storyline but :mod:`storyline.reasons`.
"""

from storyline.model.claims import WORLD, Claim, Series
from storyline.model.document import (
    DateBounds,
    Document,
    Entity,
    ExtraValue,
    RawDocument,
    Rejected,
    RemovedLine,
    Sentence,
    Timex,
    sha256,
)
from storyline.model.json_types import JSONObject, JSONScalar, JSONValue
from storyline.model.positions import Account, Comparison, Mark, Position, Side, Statement
from storyline.model.speech import Attribution, CanonicalEntity, Mention, Quote, SharedQuote
from storyline.model.story import SCHEMA, Pile, Story, StoryCluster, written
from storyline.model.timeline import DuplicateGroup, Event, Evidence, Passage, Reprint, Summary

__all__ = [
    "SCHEMA", "WORLD", "Account", "Attribution", "Comparison", "Mark", "Position", "Side", "Statement", "CanonicalEntity", "Claim", "DateBounds", "Document", "DuplicateGroup",
    "Entity", "Event", "Evidence", "ExtraValue", "JSONObject", "JSONScalar", "JSONValue", "Mention", "Passage",
    "Pile", "Quote", "RawDocument", "Rejected", "RemovedLine", "Reprint", "Sentence", "Series", "SharedQuote",
    "Story", "StoryCluster", "Summary", "Timex", "sha256", "written",
]
