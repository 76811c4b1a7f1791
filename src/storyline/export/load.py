"""Read a ``timeline.json`` back into a :class:`~storyline.model.Story`, or a pile's
``index.json`` into a :class:`~storyline.model.Pile`.

>>> story = storyline.load("out/demo")                 # doctest: +SKIP
>>> pile = storyline.load("out/pile/index.json")       # a Pile: each story from its folder

The file is checked against the packaged ``timeline.schema.json`` first; a file that is
not a storyline timeline raises :class:`~storyline.errors.ConfigError` with one line
naming it and what is wrong. The story gets back everything the JSON carries: documents
(text, dates and their evidence, time expressions, removed lines, duplicate links),
events with their evidence, duplicate groups, reprints, entities, quotes, claims and
series, the story's id, label and keywords, skipped inputs and the counts. What the JSON
leaves out stays empty: documents' sentences and entity spans, events' scores, the
build's config, claims' internal series key (set to what they count). Rendering the
loaded story as JSON gives the file back byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.model import (
    Account,
    CanonicalEntity,
    Claim,
    Comparison,
    DateBounds,
    Document,
    DuplicateGroup,
    Event,
    Evidence,
    Mark,
    Mention,
    Passage,
    Pile,
    Position,
    Quote,
    Rejected,
    RemovedLine,
    Reprint,
    Sentence,
    Series,
    SharedQuote,
    Side,
    Statement,
    Story,
    Summary,
    Timex,
)
from storyline.reasons import one_line, quoted

TIMELINE = "timeline.json"
INDEX = "index.json"


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(resources.files("storyline").joinpath("timeline.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _fail(path: Path, reason: str) -> ConfigError:
    return ConfigError(one_line(f"{quoted(str(path))}: {reason}"))


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise _fail(path, f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    validate(data, path)
    return data


def validate(data: Any, path: Path | str = "timeline.json") -> None:
    """Raise :class:`ConfigError` naming ``path`` unless ``data`` follows timeline.schema.json."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "the top level"
        raise _fail(Path(path), f"not a storyline timeline.json: {where.lstrip('.')}: {one_line(error.message, 160)}")


def _resolve(path: Path) -> Path:
    if path.is_dir():
        for name in (TIMELINE, INDEX):
            if (path / name).is_file():
                return path / name
        raise _fail(path, f"a folder with no {TIMELINE} or {INDEX}")
    if not path.exists():
        raise _fail(path, "no such file or folder")
    return path


def load(path: str | Path) -> Story | Pile:
    """The story of a ``timeline.json`` or of a folder holding one; the :class:`Pile` of
    a pile's ``index.json`` (or of a folder holding one), each story read from the file
    its entry names. Rendering what was loaded gives the file back byte for byte."""
    file = _resolve(Path(path))
    data = _read(file)
    story = story_from_dict(data, where=file)
    if not data["stories"]:
        return story
    stories = [_story_file(file, entry) for entry in data["stories"]]
    return Pile(story.documents, story.groups, story.reprints, story.rejected, story.summary, stories=stories)


def _story_file(index: Path, entry: dict[str, Any]) -> Story:
    folder = index.parent.resolve()
    file = (folder / entry["path"]).resolve()
    if not file.is_relative_to(folder):
        raise _fail(index, f"story {entry['id']!r}: path {entry['path']!r} leaves the index's folder")
    data = _read(file)
    if data["stories"]:
        raise _fail(file, "a story of a pile that is itself a pile")
    return story_from_dict(data, where=file)


def story_from_dict(data: dict[str, Any], where: Path | str = "timeline.json") -> Story:
    """The story of a parsed, schema-valid ``timeline.json`` (``Story.to_dict()``), without
    the stories of a pile (see :func:`load`)."""
    documents = [_document(d) for d in data["documents"]]
    texts = {d.id: d.text for d in documents}
    claims = [_claim(c) for c in data["claims"]]
    by_place = {(c.document, c.start): c for c in claims}
    label = data["story"] or {}
    return Story(
        documents=documents,
        events=[_event(e) for e in data["events"]],
        groups=[_record(DuplicateGroup, g) for g in data["duplicates"]],
        rejected=[_record(Rejected, s) for s in data["skipped"]],
        summary=_record(Summary, data["summary"], frozen=False),
        reprints=[_reprint(r) for r in data["reprints"]],
        id=label.get("id"),
        label=label.get("label"),
        keywords=tuple(label.get("keywords", ())),
        entities=[_entity(e, texts) for e in data["entities"]],
        quotes=[_quote(q, texts) for q in data["quotes"]],
        claims=claims,
        series=[_series(s, by_place, where) for s in data["series"]],
        positions=[_position(p) for p in data.get("positions", ())],
        comparisons=[_comparison(c) for c in (*data.get("disagreements", ()), *data.get("agreements", ()))],
    )


def _position(p: dict[str, Any]) -> Position:
    return _record(Position, p, statements=tuple(_record(Statement, s) for s in p["statements"]),
                   marks=tuple(_record(Mark, m) for m in p["marks"]))


def _comparison(c: dict[str, Any]) -> Comparison:
    sides = tuple(_record(Side, s, accounts=tuple(_record(Account, a) for a in s["accounts"])) for s in c["sides"])
    return _record(Comparison, c, sides=sides)


def _tuples(value: Any) -> Any:
    """JSON arrays as the tuples the frozen model keeps (nested ones too)."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _record(cls: type, item: dict[str, Any], frozen: bool = True, **nested: Any) -> Any:
    """``cls`` made from the keys of ``item`` it has a field for (a field a later version
    adds comes along; one the file does not carry keeps its default), arrays as tuples,
    ``nested`` values (already built) in place of the raw ones."""
    names = {f.name for f in fields(cls) if f.init}
    values = {k: (_tuples(v) if frozen else v) for k, v in item.items() if k in names}
    values.update(nested)
    return cls(**values)


def _document(d: dict[str, Any]) -> Document:
    bounds = d["published_bounds"]
    return _record(
        Document, d,
        published_bounds=_record(DateBounds, bounds) if bounds else None,
        removed=tuple(_record(RemovedLine, r) for r in d["removed"]),
        timexes=tuple(_record(Timex, t) for t in d["timexes"]),
    )  # fmt: skip


def _event(e: dict[str, Any]) -> Event:
    return _record(Event, e, evidence=tuple(_record(Evidence, v) for v in e["evidence"]))


def _passages(items: list[dict[str, Any]], document: str) -> tuple[Passage, ...]:
    return tuple(_record(Passage, p, document=document) for p in items)


def _reprint(r: dict[str, Any]) -> Reprint:
    doc = r["document"]
    return _record(Reprint, r, shared=_passages(r["shared"], doc), own=_passages(r["own"], doc))


def _slice(texts: dict[str, str], doc: str, start: int, end: int) -> str:
    return texts.get(doc, "")[start:end]


def _entity(e: dict[str, Any], texts: dict[str, str]) -> CanonicalEntity:
    spans = tuple(Mention(doc, start, end, _slice(texts, doc, start, end)) for doc, start, end in e["spans"])
    return _record(CanonicalEntity, e, spans=spans)


def _quote(q: dict[str, Any], texts: dict[str, str]) -> SharedQuote:
    direct = q["direct"]
    appearances = []
    for a in q["appearances"]:
        spans = _tuples(a["parts"])
        if direct:  # as storyline.quotes.direct words a quote split around "he said"
            text = " … ".join(_slice(texts, a["document"], s, e).strip() for s, e in spans)
        else:
            text = _slice(texts, a["document"], a["start"], a["end"])
        appearances.append(_record(Quote, a, text=text, parts=spans, direct=direct))
    return _record(SharedQuote, q, appearances=tuple(appearances))


def _claim(c: dict[str, Any]) -> Claim:
    # ``key`` (the series key) is not in the file: what the claim counts stands for it
    sentence = Sentence(c["sentence"]["start"], c["sentence"]["end"])
    return _record(Claim, c, sentence=sentence, key=c["what"])


def _series(s: dict[str, Any], by_place: dict[tuple[str, int], Claim], where: Path | str) -> Series:
    members = []
    for doc, start in s["claims"]:
        claim = by_place.get((doc, start))
        if claim is None:
            raise _fail(Path(where), f"series {s['id']!r} names a claim ({doc}, {start}) that is not among the claims")
        members.append(claim)
    return _record(Series, s, claims=tuple(members))
