"""Writing a pile into the corpus tables (:mod:`.tables`).

:func:`write_pile` makes the corpus tables the pile's: the documents and duplicate groups
in one transaction (the previous pile's are replaced), then each story in a transaction of
its own (its old rows deleted, the new inserted: a reader sees a story whole, old or new),
then the stories of an earlier pile that this one no longer has are deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict

from storyline.model import Document, Pile, Position, Story
from storyline.model.json_types import JSONObject
from storyline.store.cache import dumps, escaped_text
from storyline.store.tables import CLAIM_COLUMNS, STORY_TABLES

__all__ = ["write_pile", "story_id"]

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]


def _text(value: str | None) -> str | None:
    """A text SQLite can store: a lone surrogate (an undecodable byte of a file name) is
    written as its escape, ``\\udce9``, here and in every list, so that an id reads the
    same in every table."""
    return None if value is None else escaped_text(value)


def _json(values: list[str]) -> str:
    return json.dumps([_text(v) for v in values], ensure_ascii=False)


def story_id(story: Story, position: int) -> str:
    """A story's key in the tables: its id; ``story-N`` (1-based) for one made without."""
    return escaped_text(story.id) if story.id is not None else f"story-{position + 1}"


def write_pile(transaction: Transaction, pile: Pile) -> None:
    """Write ``pile``: its documents, duplicate groups and stories."""
    stories = list(pile.stories)
    documents = {d.id: d for d in pile.documents}
    for story in stories:  # a story's documents carry what its dating added
        documents.update((d.id, d) for d in story.documents)
    with transaction() as db:
        db.execute("DELETE FROM documents")
        db.execute("DELETE FROM duplicates")
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [_document_row(doc, n) for n, doc in enumerate(documents.values())])
        db.executemany("INSERT OR IGNORE INTO duplicates VALUES (?, ?, ?)",
                       [(_text(g.canonical), _text(member), n)
                        for g in pile.groups for n, member in enumerate(g.members)])
    ids = []
    for position, story in enumerate(stories):
        ids.append(story_id(story, position))
        with transaction() as db:
            _delete_story(db, ids[-1])
            _insert_story(db, ids[-1], position, story)
    with transaction() as db:
        marks = ",".join("?" * len(ids))
        kept = f" WHERE id NOT IN ({marks})" if ids else ""  # PostgreSQL has no empty IN ()
        for (gone,) in db.execute(f"SELECT id FROM stories{kept}", ids).fetchall():
            _delete_story(db, gone)


def _document_row(doc: Document, position: int) -> tuple:
    return (_text(doc.id), position, _text(doc.source), _text(doc.url), _text(doc.title), _text(doc.outlet),
            _text(doc.author), doc.published, _text(doc.published_evidence), int(bool(doc.published_inferred)),
            _text(doc.duplicate_of), doc.language, doc.text_hash, _text(doc.text))


def _delete_story(db: sqlite3.Connection, story: str) -> None:
    for table in STORY_TABLES:
        db.execute(f"DELETE FROM {table} WHERE {'id' if table == 'stories' else 'story'} = ?", (story,))


def _insert_story(db: sqlite3.Connection, sid: str, position: int, story: Story) -> None:
    dates = sorted(d.published for d in story.documents if d.published)
    db.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (sid, position, _text(story.label), _json(list(story.keywords)), dates[0] if dates else None,
                dates[-1] if dates else None, len(story.documents), len(story.events), len(story.quotes),
                len(story.entities), len(story.claims)))
    db.executemany("INSERT OR IGNORE INTO story_documents VALUES (?, ?, ?)",
                   [(sid, _text(d.id), n) for n, d in enumerate(story.documents)])
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (sid, n, e.date, _json(list(e.summary)), _text("\n".join(e.summary)), int(e.planned), int(e.background),
         _json(list(e.sources)), len(e.independent))
        for n, e in enumerate(story.events)])
    db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(_evidence_rows(sid, story)))
    db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (sid, n, _text(q.speaker), _text(q.text), int(q.direct), q.date, _json(list(q.documents)), q.said_on,
         _text(q.said_on_evidence or ""))
        for n, q in enumerate(story.quotes)])
    db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (sid, n, _text(e.name), e.type, _json(list(e.aliases)), _json(list(e.roles)), e.mentions,
         _json(list(e.documents)))
        for n, e in enumerate(story.entities)])
    db.executemany("INSERT OR IGNORE INTO entity_names VALUES (?, ?, ?)", [
        (sid, n, _text(name.casefold())) for n, e in enumerate(story.entities) for name in {e.name, *e.aliases}])
    columns = ", ".join(f'"{c}"' for c in ("story", "position", *CLAIM_COLUMNS, "sentence_start", "sentence_end"))
    marks = ", ".join("?" * (len(CLAIM_COLUMNS) + 4))
    number = getattr(db, "json_value", None)  # a PostgreSQL store keeps the numbers as JSON text
    db.executemany(f"INSERT INTO claims ({columns}) VALUES ({marks})",
                   [_claim_row(sid, n, claim.to_dict(), number) for n, claim in enumerate(story.claims)])
    db.executemany("INSERT INTO positions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [_position_row(sid, n, p) for n, p in enumerate(story.positions)])
    db.executemany("INSERT INTO comparisons VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (sid, n, _text(c.kind), _text(c.about), c.day, int(c.disagree), len(c.sides),
         sum(side.outlets for side in c.sides), dumps(c.to_dict()))
        for n, c in enumerate(story.comparisons)])


def _position_row(sid: str, n: int, position: Position) -> tuple:
    days = sorted(s.said_on for s in position.statements if s.said_on)
    kinds = [m.kind for m in position.marks]
    return (sid, n, _text(position.speaker), _text(position.question), _json(list(position.terms)),
            days[0] if days else None, days[-1] if days else None, len(position.statements),
            kinds.count("shift"), kinds.count("reiteration"), dumps(position.to_dict()))


def _evidence_rows(sid: str, story: Story) -> Iterator[tuple]:
    for n, event in enumerate(story.events):
        for k, evidence in enumerate(event.evidence):
            item = asdict(evidence)
            yield (sid, n, k, item["line"], _text(item["document"]), item["start"], item["end"],
                   _text(item["sentence"]), _text(item["dated_by"]))


def _claim_row(sid: str, position: int, data: JSONObject, number: Callable | None = None) -> tuple:
    sentence = data.get("sentence")
    sentence = sentence if isinstance(sentence, dict) else {}
    values = [_text(v) if isinstance(v, str) else v for v in (data.get(c) for c in CLAIM_COLUMNS)]
    if number is not None:
        values[:3] = [number(v) for v in values[:3]]  # value, low, high
    return (sid, position, *values, sentence.get("start"), sentence.get("end"))
