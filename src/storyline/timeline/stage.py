"""``timeline`` and ``sources`` declared: the dated lines of a story, and who reported each."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from storyline.model import Story
from storyline.stage import Context, NoConfig, Stage, code_version
from storyline.timeline import TimelineConfig, summarize
from storyline.timeline.sources import count_sources

__all__ = ["SOURCES", "TIMELINE"]


def tell(story: Story, config: TimelineConfig, ctx: Context) -> Story:
    """Choose the story's dates and, for each, the sentences that say what happened."""
    return replace(story, events=summarize(story.documents, config))


def independent_sources(story: Story, config: NoConfig, ctx: Context) -> Story:
    """Count each event's independent sources: a wire story and its reprints count once."""
    return replace(story, events=count_sources(story.events, story.documents, story.reprints))


TIMELINE = Stage("timeline", "story", tell, requires=("documents.sentences", "documents.timexes", "documents.published"),
                 assigns=("events",), config=TimelineConfig, version=partial(code_version, "storyline.timeline"))
SOURCES = Stage("sources", "story", independent_sources, requires=("events", "reprints"),
                assigns=("events",), version=partial(code_version, "storyline.timeline", "storyline.utils"))
