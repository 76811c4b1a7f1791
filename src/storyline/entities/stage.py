"""``entities`` declared: one entry per person, organisation or place across a story."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.entities import canonical_entities
from storyline.model import Story
from storyline.stage import Context, NoConfig, Stage, code_version

__all__ = ["ENTITIES"]


def story_entities(story: Story, config: NoConfig, ctx: Context) -> Story:
    """Merge the story's entity mentions into one entry per real-world thing."""
    return replace(story, entities=canonical_entities(story.documents))


ENTITIES = Stage("entities", "story", story_entities, requires=("documents.entities",), assigns=("entities",),
               version=partial(code_version, "storyline.entities", "storyline.utils"))
