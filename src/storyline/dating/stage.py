"""``dating`` declared: undated articles dated from the corpus, or bounded."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.dating import DatingConfig, infer_dates
from storyline.model import Story
from storyline.stage import Context, Stage, code_version

__all__ = ["DATING"]


def date_story(story: Story, config: DatingConfig, ctx: Context) -> Story:
    """Date each undated article of the story when its own documents settle the day (its
    relative time expressions then resolve against that day); else give it the bounds
    they support."""
    return replace(story, documents=infer_dates(story.documents, story.groups, config))


DATING = Stage("dating", "story", date_story, requires=("documents.timexes", "groups"),
               assigns=("documents.published", "documents.published_evidence", "documents.published_confidence",
                        "documents.published_inferred", "documents.published_bounds", "documents.timexes"),
               config=DatingConfig,
               version=partial(code_version, "storyline.dating", "storyline.timex"))
