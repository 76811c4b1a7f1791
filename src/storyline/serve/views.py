"""What each page shows, read from the store in one snapshot: the JSON API returns these
dicts as they are (their models: :mod:`.models`), the HTML pages render them, with the
links (:func:`chips`) worked out here.

Every read opens its own read-only connection and reads in one read transaction
(:func:`reading`), so a page never mixes the states before and after an update.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from storyline.model.json_types import JSONObject
from storyline.render._common import span_id, web_url
from storyline.store import Store
from storyline.store import query as q

__all__ = ["SEARCH_LIMIT", "NotFound", "by_speaker", "chips", "doc_href", "document_page", "figures_page",
           "entities_page", "positions_page", "quotes_page", "reading", "search_page", "segments", "stories_page",
           "story_page", "timeline", "updates_page"]

SEARCH_LIMIT = 50  # documents and events a search lists, each


class NotFound(LookupError):
    """No such story or document."""


@contextlib.contextmanager
def reading(db: str | Path) -> Iterator[Store]:
    """A read-only connection to the store, in one read transaction, closed after."""
    with Store(db, readonly=True) as store, q.snapshot(store):
        yield store


def doc_href(document_id: str, span: tuple[int, int] | None = None) -> str:
    """The server's page of a document, at a highlighted span."""
    return f"/documents/{quote(document_id, safe='')}" + (f"#{span_id(span)}" if span else "")


def stories_page(store: Store) -> JSONObject:
    updates = q.updates(store, limit=1)
    return {"stories": q.stories_by_activity(store), "latest_update": updates[0] if updates else None}


def _story(store: Store, story_id: str) -> JSONObject:
    found = q.story(store, story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}")
    # for the pages' bar (the API's story summary leaves it out)
    found["positions"] = store.rows("SELECT COUNT(*) AS n FROM positions WHERE story = ?", (story_id,))[0]["n"]
    return found


def story_page(store: Store, story_id: str) -> JSONObject:
    story = _story(store, story_id)
    return {"story": story, "events": q.events(store, story=story_id)}


def quotes_page(store: Store, story_id: str, speaker: str | None = None) -> JSONObject:
    story = _story(store, story_id)
    speaker = speaker or None
    return {"story": story, "speaker": speaker, "speakers": q.speakers(store, story_id),
            "quotes": q.quotes(store, speaker=speaker, story=story_id)}


def positions_page(store: Store, story_id: str, speaker: str | None = None) -> JSONObject:
    """A story's positions (``speaker``: only theirs, under any of their names), the speakers
    who have some, and what independent outlets report differently and alike."""
    story = _story(store, story_id)
    speaker = speaker or None
    compared = q.comparisons(store, story=story_id)
    return {"story": story, "speaker": speaker, "speakers": q.position_speakers(store, story_id),
            "positions": q.positions(store, story=story_id, speaker=speaker),
            "disagreements": [c for c in compared if c["disagree"]],
            "agreements": [c for c in compared if not c["disagree"]]}


def by_speaker(positions: list[JSONObject]) -> list[tuple[str, list[JSONObject]]]:
    """For the HTML page: the positions grouped by speaker (in the order they first come),
    each statement with the mark that joins it to an earlier one (``mark``: kind, why,
    changed, and ``against``: the earlier statement's day), if any."""
    groups: dict[str, list[JSONObject]] = {}
    for position in positions:
        statements = position["statements"]
        marks = {m["later"]: m for m in position["marks"] if 0 <= m["earlier"] < len(statements)}
        shown = [{**s, "mark": {**marks[i], "against": statements[marks[i]["earlier"]]["said_on"]} if i in marks
                  else None} for i, s in enumerate(statements)]
        groups.setdefault(position["speaker"], []).append({**position, "shown": shown})
    return list(groups.items())


def figures_page(store: Store, story_id: str) -> JSONObject:
    return {"story": _story(store, story_id), "claims": q.claims(store, story=story_id)}


def entities_page(store: Store, story_id: str) -> JSONObject:
    return {"story": _story(store, story_id), "entities": q.entities(store, story=story_id)}


def document_page(store: Store, document_id: str) -> JSONObject:
    doc = q.document(store, document_id)
    if doc is None:
        raise NotFound(f"no document {document_id!r}")
    spans = q.evidence_spans(store, [document_id]).get(document_id, [])
    cited = [{**row, "mark": span_id(run) if (run := _span_of(spans, row)) else None}
             for row in q.document_evidence(store, document_id)]
    return {**doc, "spans": [{"start": s, "end": e, "id": span_id((s, e))} for s, e in spans], "cited": cited}


def search_page(store: Store, text: str) -> JSONObject:
    text = text.strip()
    if not text:
        return {"q": "", "documents": [], "events": []}
    return {"q": text, "documents": q.documents(store, match=text, limit=SEARCH_LIMIT),
            "events": q.events(store, match=text, limit=SEARCH_LIMIT)}


def updates_page(store: Store) -> JSONObject:
    return {"feeds": q.feeds(store), "updates": q.updates(store, limit=20)}


# --------------------------------------------------------------------------- for the HTML pages

def _span_of(spans: list[tuple[int, int]], ev: JSONObject) -> tuple[int, int] | None:
    for start, end in spans:
        if start <= ev["start"] and ev["end"] <= end:
            return (start, end)
    return None


def chips(store: Store, events: list[JSONObject]) -> dict[str, JSONObject]:
    """Per document the events cite: outlet, title, id, its page and the original (http(s)
    only); ``spans``: its highlighted runs."""
    ids = sorted({d for e in events for d in [*e["sources"], *(ev["document"] for ev in e["evidence"])]})
    spans = q.evidence_spans(store, ids)
    rows = store.rows("SELECT id, url, title, outlet, duplicate_of FROM documents "
                      "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    out = {}
    for row in rows:
        out[row["id"]] = {**row, "original": web_url(row["url"]), "spans": spans.get(row["id"], [])}
    return out


def timeline(store: Store, events: list[JSONObject]) -> list[JSONObject]:
    """The events as the story page shows them: each line with its source chips (linking to
    the document at the evidence span), why it has its date, and the event's other sources."""
    docs = chips(store, events)
    shown = []
    for event in events:
        lines, cited = [], set()
        for index, sentence in enumerate(event["lines"]):
            evidence = [ev for ev in event["evidence"] if ev["line"] == index]
            first: dict[str, JSONObject] = {}
            for ev in evidence:
                first.setdefault(ev["document"], ev)
            attributed = bool(first)
            ids = list(first) if attributed else list(dict.fromkeys(event["sources"]))
            cited.update(ids)
            why: dict[str, list[JSONObject]] = {}
            for ev in evidence:
                if ev["dated_by"].strip():
                    why.setdefault(ev["dated_by"], []).append(_chip(docs, ev["document"], ev))
            lines.append({"text": sentence, "attributed": attributed, "why": list(why.items()),
                          "chips": [_chip(docs, d, first.get(d)) for d in ids]})
        others = [_chip(docs, d) for d in dict.fromkeys(event["sources"]) if d not in cited]
        shown.append({**event, "shown_lines": lines, "others": others})
    return shown


def _chip(docs: dict[str, JSONObject], document_id: str, ev: JSONObject | None = None) -> JSONObject:
    doc = docs.get(document_id)
    if doc is None:
        return {"id": document_id, "known": False, "href": None, "original": None, "outlet": None, "title": None,
                "duplicate_of": None}
    span = _span_of(doc["spans"], ev) if ev is not None else None
    return {"id": document_id, "known": True, "href": doc_href(document_id, span), "original": doc["original"],
            "outlet": doc["outlet"], "title": doc["title"], "duplicate_of": doc["duplicate_of"]}


def segments(text: str, spans: list[JSONObject]) -> list[tuple[str, str | None]]:
    """A document's text cut at its highlighted spans: (text, the mark's id or None)."""
    out, pos = [], 0
    for span in spans:
        out.append((text[pos:span["start"]], None))
        out.append((text[span["start"]:span["end"]], span["id"]))
        pos = span["end"]
    out.append((text[pos:], None))
    return [(piece, mark) for piece, mark in out if piece]
