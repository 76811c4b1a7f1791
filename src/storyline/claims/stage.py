"""``claims`` declared: the number ledger of a story."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.claims import number_ledger
from storyline.model import Story
from storyline.stage import Context, NoConfig, Stage, code_version

__all__ = ["CLAIMS"]


def ledger(story: Story, config: NoConfig, ctx: Context) -> Story:
    """Every reported figure with what it counts, who says so and its as-of date; figures
    that count the same thing form a series."""
    claims, series = number_ledger(story.documents, story.entities)
    return replace(story, claims=claims, series=series)


CLAIMS = Stage("claims", "story", ledger, requires=("documents.sentences", "entities"), assigns=("claims", "series"),
               version=partial(code_version, "storyline.claims", "storyline.entities", "storyline.utils"))
