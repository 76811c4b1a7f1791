"""``ingest`` declared: the inputs (files, folders, archives, URLs) -> raw documents."""

from __future__ import annotations

from dataclasses import replace

from storyline.ingest import IngestConfig, read
from storyline.model import Pile, RawDocument, Rejected
from storyline.stage import Context, Stage

__all__ = ["INGEST"]


def read_inputs(pile: Pile, config: IngestConfig, ctx: Context) -> Pile:
    """Read every input into raw documents; an unusable one is skipped with its reason."""
    raws: list[RawDocument] = []
    rejected = list(pile.rejected)
    count = 0
    for item in ctx.progress(read(pile.inputs, config), None, "read"):
        count += 1
        (rejected if isinstance(item, Rejected) else raws).append(item)
    return replace(pile, raws=raws, rejected=rejected, summary=replace(pile.summary, read=pile.summary.read + count))


INGEST = Stage("ingest", "corpus", read_inputs, requires=("inputs",), assigns=("raws", "rejected", "summary"),
               config=IngestConfig)
