"""``timeline.json``: the contract of :mod:`storyline.render.contract` as indented UTF-8
JSON (docs/timeline-json.md)."""

from __future__ import annotations

import json

from storyline.model import Pile, Story
from storyline.render.contract import timeline_dict


def render_json(story: Story | Pile) -> str:
    return json.dumps(timeline_dict(story), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
