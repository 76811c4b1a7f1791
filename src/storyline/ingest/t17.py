"""Timeline17 folders: ``<topic>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt``.

A topic folder also holds ``timelines/`` and ``keywords.json``, which are reference
data, not articles. Articles are tokenized text, one sentence per line, and their
date folder is their publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

INPUT_DOCS = "InputDocs"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Topic folders are named <topic>_<outlet> ("bpoil_bbc"): the outlet's usual name.
OUTLETS = {
    "bbc": "BBC",
    "cnn": "CNN",
    "foxnews": "Fox News",
    "guardian": "The Guardian",
    "reuters": "Reuters",
    "washingtonpost": "The Washington Post",
}


def is_topic(folder: str | Path) -> bool:
    """Is ``folder`` a Timeline17 topic (it has an ``InputDocs`` folder)? False when that
    cannot be seen (a folder without search permission): its walk then says why."""
    try:
        return Path(folder, INPUT_DOCS).is_dir()
    except OSError:
        return False


def article_meta(path: Path) -> dict[str, str] | None:
    """The meta of a file in ``InputDocs/<YYYY-MM-DD>/``, or None for any other file."""
    folder = path.absolute().parent
    day = folder.name
    if folder.parent.name != INPUT_DOCS or not _is_day(day):
        return None
    meta = {
        "published": day,
        "published_evidence": f"folder name '{INPUT_DOCS}/{day}'",
        "layout": "t17",
    }
    outlet = folder_outlet(folder.parent.parent.name)
    if outlet:
        meta["outlet"] = outlet
    return meta


def folder_outlet(topic: str) -> str | None:
    """The outlet a topic folder's name ends with: ``"bpoil_bbc"`` -> ``"BBC"``."""
    _, sep, suffix = topic.rpartition("_")
    return OUTLETS.get(suffix.lower()) if sep else None


def _is_day(name: str) -> bool:
    if not _DAY.fullmatch(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True
