"""``duplicates`` and ``reprints`` declared: copy groups, then what each copy carries."""

from __future__ import annotations

from dataclasses import replace

from storyline.dedup import DedupConfig, group_duplicates
from storyline.dedup.passages import PassageConfig, find_reprints
from storyline.model import Document, Pile
from storyline.stage import Context, Stage

__all__ = ["DUPLICATES", "REPRINTS"]


PARTITION = 2_000  # documents per partition when the join runs on a cluster


def find_duplicates(pile: Pile, config: DedupConfig, ctx: Context) -> Pile:
    """Group near-duplicate copies of one article (reprints, wire copy, re-crawls). On a Dask
    cluster (``--executor dask…``) the join runs there as a partitioned job
    (:mod:`storyline.dedup.partitioned`), with the same groups."""
    client = getattr(ctx.executor, "client", None)
    if client is None or len(pile.documents) < 2:
        docs, groups = group_duplicates(pile.documents, config)
        return replace(pile, documents=docs, groups=groups)
    from storyline.dedup.partitioned import group_duplicates_partitioned

    # what the join and the choice of the canonical copy read: the id, the text, the date
    light = [Document(id=d.id, source=d.source, text=d.text, published=d.published) for d in pile.documents]
    parts = client.scatter([light[i : i + PARTITION] for i in range(0, len(light), PARTITION)])
    groups = group_duplicates_partitioned(client, parts, config)
    duplicate_of = {member: g.canonical for g in groups for member in g.members[1:]}
    docs = [replace(d, duplicate_of=duplicate_of.get(d.id)) for d in pile.documents]
    return replace(pile, documents=docs, groups=groups)


def find_shared(pile: Pile, config: PassageConfig, ctx: Context) -> Pile:
    """Paragraph by paragraph, what each copy carries of its original, and the passages
    different articles share word for word."""
    return replace(pile, reprints=find_reprints(pile.documents, pile.groups, config))


DUPLICATES = Stage("duplicates", "corpus", find_duplicates, requires=("documents.text",),
                   assigns=("documents.duplicate_of", "groups"), config=DedupConfig, settings="dedup")
REPRINTS = Stage("reprints", "corpus", find_shared, requires=("documents.text", "groups"), assigns=("reprints",),
                 config=PassageConfig, settings="passages")
