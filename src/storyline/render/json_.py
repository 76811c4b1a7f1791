"""``timeline.json``: :meth:`Story.to_dict` as indented UTF-8 JSON (docs/timeline-json.md)."""

from __future__ import annotations

import json

from storyline.model import Story


def render_json(story: Story) -> str:
    return json.dumps(story.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
