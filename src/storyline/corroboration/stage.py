"""``corroboration`` declared (not registered): what independent outlets of a story report
alike or differently."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.corroboration import compare_outlets
from storyline.model import Story
from storyline.stage import Context, NoConfig, Stage, code_version

__all__ = ["CORROBORATION"]


def corroborate(story: Story, config: NoConfig, ctx: Context) -> Story:
    """Figures, speakers and dates independent outlets report alike or differently; a
    copy or a reprint counts as the outlet it copies."""
    return replace(story, comparisons=compare_outlets(story))


CORROBORATION = Stage("corroboration", "story", corroborate,
                      requires=("claims", "series", "quotes", "reprints", "groups", "entities", "documents.timexes"),
                      assigns=("comparisons",),
                      version=partial(code_version, "storyline.corroboration", "storyline.claims", "storyline.timex",
                                      "storyline.entities", "storyline.annotate"))
