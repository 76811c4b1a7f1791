"""Exports newsrooms use, and a story read back from its JSON.

>>> text = render_timelinejs(story)            # TimelineJS3 JSON (timeline.knightlab.com)
>>> files = render_csv(story)                  # {"events.csv": ..., "quotes.csv": ..., ...}
>>> story = load("out/demo/timeline.json")     # a Story again

Every export is a pure function of the story: the same story gives the same text. See
docs/exports.md.
"""

from storyline.export.load import load, story_from_dict
from storyline.export.tables import render_csv, tables
from storyline.export.timelinejs import render_timelinejs

__all__ = ["load", "render_csv", "render_timelinejs", "story_from_dict", "tables"]
