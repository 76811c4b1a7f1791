"""``positions`` declared: each speaker's statements on one question over time."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.model import Story
from storyline.positions import find_positions
from storyline.stage import Context, NoConfig, Stage, code_version

__all__ = ["POSITIONS"]


def positions(story: Story, config: NoConfig, ctx: Context) -> Story:
    """Each speaker's statements grouped by question and ordered by the day said, with
    shifts and reiterations marked."""
    return replace(story, positions=find_positions(story))


POSITIONS = Stage("positions", "story", positions, requires=("quotes", "entities"), assigns=("positions",),
                  version=partial(code_version, "storyline.positions"))
