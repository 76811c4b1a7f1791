"""``duplicates`` and ``reprints`` declared: copy groups, then what each copy carries."""

from __future__ import annotations

from dataclasses import replace

from storyline.dedup import DedupConfig, group_duplicates
from storyline.dedup.passages import PassageConfig, find_reprints
from storyline.model import Pile
from storyline.stage import Context, Stage

__all__ = ["DUPLICATES", "REPRINTS"]


def find_duplicates(pile: Pile, config: DedupConfig, ctx: Context) -> Pile:
    """Group near-duplicate copies of one article (reprints, wire copy, re-crawls)."""
    docs, groups = group_duplicates(pile.documents, config)
    return replace(pile, documents=docs, groups=groups)


def find_shared(pile: Pile, config: PassageConfig, ctx: Context) -> Pile:
    """Paragraph by paragraph, what each copy carries of its original, and the passages
    different articles share word for word."""
    return replace(pile, reprints=find_reprints(pile.documents, pile.groups, config))


DUPLICATES = Stage("duplicates", "corpus", find_duplicates, requires=("documents.text",),
                   assigns=("documents.duplicate_of", "groups"), config=DedupConfig, settings="dedup")
REPRINTS = Stage("reprints", "corpus", find_shared, requires=("documents.text", "groups"), assigns=("reprints",),
                 config=PassageConfig, settings="passages")
