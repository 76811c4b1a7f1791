"""What a reader gets from the default build of each Timeline17 topic.

For each topic under ``data`` (folders merged into news-tls topics exactly as
``storyline eval t17`` merges them: ``bpoil_bbc`` and ``bpoil_reuters`` are ``bpoil``),
the topic's folders go through :func:`storyline.pipeline.build` with its default
settings: no span, no number of dates, nothing taken from the references. The main
story is the one with the most documents (:attr:`storyline.model.Pile.story`; on a tie,
the first; a pile's only story as written, with the pile's skipped inputs and counts). Its timeline is compared with all
of the topic's reference timelines, and each line (every line of every event's
``summary``) is checked for what puts a reader off:

* ``in_span``: share of events dated within the references' span ± 14 days (from the
  earliest first date to the latest last date over the topic's references). An event
  dated to a month (``YYYY-MM``) counts as its 15th day, one dated to a year
  (``YYYY``) as its 1 July; an unreadable date is out of span.
* ``date_precision``: share of day-level event dates (``YYYY-MM-DD``) that some
  reference timeline of the topic has (same day).
* ``artifacts``: share of lines with tokenizer debris (:func:`is_artifact`).
* ``comment_like``: share of lines that look like reader comments or page stamps
  (:func:`is_comment_like`).
* ``needs_context``: share of lines that open on a pronoun or connective and so lean on
  a sentence the reader does not see (:func:`needs_context`).
* ``events``, ``lines``: counts; ``html_mb``: size in MB (bytes / 1e6) of the main
  story's ``timeline.html`` as :func:`storyline.render.write` writes it for that story
  alone (to a temporary folder, or to ``outputs/<topic>/`` when given).

A share with nothing to count (no events, no day-level date) is None and left out of
the mean over topics. Topics are taken in name order; ``limit`` keeps the first ones.
``db`` keeps parses between runs; ``jobs`` is the build's ``n_process``. Nothing is
written under ``data``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

from storyline.eval import EvalResult
from storyline.eval.t17 import read_references, topic_folders
from storyline.model import Pile, Story, written
from storyline.store import redacted

__all__ = ["ARTIFACT", "COMMENT_LIKE", "KEYS", "NEEDS_CONTEXT", "SPAN_SLACK_DAYS", "date_precision", "evaluate",
           "event_day", "in_span", "is_artifact", "is_comment_like", "main_story", "needs_context",
           "story_metrics"]

KEYS = ("in_span", "date_precision", "artifacts", "comment_like", "needs_context", "events", "lines", "html_mb",
        "background", "in_span_all")
SHOWN_LINES = 12  # dated lines kept per topic in per_item, for a reader to inspect
SPAN_SLACK_DAYS = 14

# Tokenizer debris: PTB bracket tokens, `` and '' quotes, split clitics ("Mexico 's",
# "do n't") and a space before punctuation ("Haiti , the" / "said ." / "why ?").
ARTIFACT = re.compile(r"-[LR][RSC]B-|``|''| '[sS]\b| n't\b| [,.;:?!](?!\w)")

# Reader comments and page stamps: "Theboywho wrote :", "# 25", a leading "At 19:23",
# "posted by", "Have Your Say", "click here" (any case), "Also:" (as written).
COMMENT_LIKE = re.compile(
    r"(?i:\bwrote ?:|\bposted by\b|\bhave your say\b|\bclick here\b)"
    r"|#\s+\d+\b"
    r"|^\s*(?i:at)\s+\d{1,2}:\d{2}\b"
    r"|\bAlso ?:"
)

# A line that opens on a pronoun or connective, as a whole word followed by a space or comma.
NEEDS_CONTEXT = re.compile(
    r"^\s*(?:He|She|They|It|This|That|These|Those|But|However|And|Also|Yet|Meanwhile|Still|So|Then"
    r"|His|Her|Their|Its)(?=[ ,])"
)


def is_artifact(line: str) -> bool:
    """Does ``line`` carry tokenizer debris (:data:`ARTIFACT`)? ``"Mexico 's"`` does,
    ``"Mexico's"`` does not."""
    return ARTIFACT.search(line) is not None


def is_comment_like(line: str) -> bool:
    """Does ``line`` look like a reader comment or a page stamp (:data:`COMMENT_LIKE`)?"""
    return COMMENT_LIKE.search(line) is not None


def needs_context(line: str) -> bool:
    """Does ``line`` open on a pronoun or connective (:data:`NEEDS_CONTEXT`)?"""
    return NEEDS_CONTEXT.match(line) is not None


def event_day(date: str) -> dt.date | None:
    """The day an event's date counts as: itself, a month's 15th, a year's 1 July; None
    when it is none of ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            return dt.date.fromisoformat(date)
        if re.fullmatch(r"\d{4}-\d{2}", date):
            return dt.date(int(date[:4]), int(date[5:]), 15)
        if re.fullmatch(r"\d{4}", date):
            return dt.date(int(date), 7, 1)
    except ValueError:
        pass
    return None


def _timelines(references: Iterable[Any]) -> list[dict[dt.date, list[str]]]:
    """Each reference's timeline (a :class:`~storyline.eval.tilse_format.Reference` or
    the timeline dict itself)."""
    return [getattr(ref, "timeline", ref) for ref in references]


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def in_span(events: Iterable[Any], references: Iterable[Any]) -> float | None:
    """Share of ``events`` dated within the references' first and last date ± 14 days."""
    events = list(events)
    dates = [day for timeline in _timelines(references) for day in timeline]
    if not events or not dates:
        return None
    slack = dt.timedelta(days=SPAN_SLACK_DAYS)
    first, last = min(dates) - slack, max(dates) + slack
    days = [event_day(e.date) for e in events]
    return _share(sum(1 for day in days if day is not None and first <= day <= last), len(events))


def date_precision(events: Iterable[Any], references: Iterable[Any]) -> float | None:
    """Share of day-level event dates that some reference timeline has."""
    known = {day for timeline in _timelines(references) for day in timeline}
    days = [e.date for e in events if re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.date)]
    return _share(sum(1 for d in days if event_day(d) in known), len(days))


def main_story(pile: Pile) -> Story:
    """The story with the most documents (the first on a tie); a pile's only story as
    it is written (with the pile's skipped inputs and counts)."""
    shown = written(pile)
    return pile.story if isinstance(shown, Pile) else shown


def story_metrics(story: Any, references: Iterable[Any]) -> dict[str, Any]:
    """Every metric but ``html_mb`` for ``story``'s events against ``references``.

    The timeline's metrics leave out the events shown apart as background (dates before
    the story that several independent sources recall); ``background`` counts them and
    ``in_span_all`` is ``in_span`` with them counted too."""
    references = list(references)
    timeline = [e for e in story.events if not getattr(e, "background", False)]
    lines = [line for event in timeline for line in event.summary]
    return {
        "in_span": in_span(timeline, references),
        "date_precision": date_precision(timeline, references),
        "artifacts": _share(sum(map(is_artifact, lines)), len(lines)),
        "comment_like": _share(sum(map(is_comment_like, lines)), len(lines)),
        "needs_context": _share(sum(map(needs_context, lines)), len(lines)),
        "events": len(timeline),
        "lines": len(lines),
        "background": len(story.events) - len(timeline),
        "in_span_all": in_span(story.events, references),
    }


def first_lines(story: Any, n: int = SHOWN_LINES) -> list[dict[str, str]]:
    """The first ``n`` dated lines: date, text, and its evidence's ``dated_by`` ("" if none)."""
    out: list[dict[str, str]] = []
    for event in story.events:
        for index, line in enumerate(event.summary):
            if len(out) == n:
                return out
            dated_by = next((e.dated_by for e in event.evidence if e.line == index and e.dated_by), "")
            out.append({"date": event.date, "line": line, "dated_by": dated_by})
    return out


def html_mb(story: Any, folder: Path | None) -> float:
    """Size in MB of ``timeline.html`` for ``story`` alone, written to ``folder`` (a
    temporary one when None)."""
    from storyline.render import FILENAMES, write

    if folder is not None:
        write(story, folder, formats=("html",))
        return (folder / FILENAMES["html"]).stat().st_size / 1e6
    with tempfile.TemporaryDirectory(prefix="storyline-reader-") as tmp:
        write(story, tmp, formats=("html",))
        return (Path(tmp) / FILENAMES["html"]).stat().st_size / 1e6


def _mean(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [row[key] for row in rows if row[key] is not None]
    return sum(values) / len(values) if values else None


def evaluate(data: Path, limit: int | None = None, db: Path | None = None, jobs: int | None = None,
             outputs: Path | None = None, entities: bool = True) -> EvalResult:
    """Build each topic in ``data`` (the first ``limit``) with default settings and measure
    its main story. ``entities=False``: light annotation, as ``build --no-entities``."""
    from storyline.pipeline import build

    begin = time.perf_counter()
    data = Path(data)
    references, notes = read_references(data)
    topics = topic_folders(data, references)
    names = sorted(topics)[:limit] if limit else sorted(topics)
    options: dict[str, Any] = {"n_process": jobs or 1, "entities": entities}
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for topic in names:
        start = time.perf_counter()
        pile = build(topics[topic], db=db, **options)
        built = time.perf_counter() - start
        main = main_story(pile)
        stories = len(pile.stories) or 1
        refs = [ref for ref in references if ref.topic == topic]
        row = {"topic": topic, **story_metrics(main, refs)}
        row["html_mb"] = html_mb(main, None if outputs is None else Path(outputs) / topic)
        rows.append(row)
        items.append({**row, "folders": [f.name for f in topics[topic]], "references": [r.name for r in refs],
                      "articles": len(pile.documents), "stories": stories,
                      "main_story_articles": len(main.documents), "seconds": round(built, 1),
                      "lines_shown": first_lines(main)})
        notes.append(f"{topic}: {len(pile.documents)} articles from {len(topics[topic])} folder(s), "
                     f"{stories} {'story' if stories == 1 else 'stories'}, main story {len(main.documents)} "
                     f"articles; built in {built:.1f} s")
    metrics = {key: _mean(rows, key) for key in KEYS}
    table = rows + [{"topic": "mean", **metrics}]
    notes.insert(0, f"default build of each topic (no span, no number of dates, nothing from the references); "
                    f"annotation: {'spaCy model' if entities else 'light (rules, no entities)'}, "
                    f"{options['n_process']} worker(s); store: {redacted(db) if db else 'none'}; in_span: references' span "
                    f"± {SPAN_SLACK_DAYS} days, a month at its 15th, a year at 1 July")
    notes.append(f"time: {time.perf_counter() - begin:.1f} s in all")
    return EvalResult("reader", metrics, table, items, notes)
