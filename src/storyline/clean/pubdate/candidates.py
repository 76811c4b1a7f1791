"""Candidate dates: what each kind of source proposes, with its evidence.

Each source module (:mod:`~storyline.clean.pubdate.metadata`,
:mod:`~storyline.clean.pubdate.time_elements`, :mod:`~storyline.clean.pubdate.text`,
:mod:`~storyline.clean.pubdate.url`) yields :class:`Candidate` records;
:func:`~storyline.clean.pubdate.find_published` decides between them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PUBLISHED, MODIFIED = "published", "modified"
METADATA, TIME_ELEMENT, URL, TEXT = "metadata", "time element", "url", "text"
# class, id or meta-name words that mark a modified date, not the publication
MODIFIED_WORDS = re.compile(r"modif|updat|revis|lastmod|last-mod|moddate|edited|changed", re.I)


@dataclass(frozen=True)
class Candidate:
    """One date a source proposes: its kind, where it came from, why, and how sure."""

    day: dt.date
    kind: str  # PUBLISHED | MODIFIED
    source: str
    evidence: str
    confidence: float


def excerpt(value: str, limit: int = 60) -> str:
    """``value`` on one line, at most ``limit`` characters: the evidence quotes it."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
