"""Stage ``annotate``: Document -> Document with sentences, entities and time expressions.

The model's output (:class:`~storyline.annotate.parse.Parse`) is cached by text hash
through any object with ``get_parses(keys) -> dict`` and ``put_parses(dict)`` (the
SQLite store is one), so a re-run over the same texts skips the model. Time expressions
are resolved on every run: their values depend on the document's reference date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Protocol

from storyline.annotate.parse import Parse, load_model, model_version, parse_texts
from storyline.annotate.timex import Resolution, resolve, tense
from storyline.annotate.timex_filters import is_crawl_stamp, is_name, name_like_date
from storyline.annotate.timex_rules import find_candidates
from storyline.model import Document, Timex

__all__ = ["AnnotateConfig", "Annotator", "ParseCache", "TimeExpression", "clause_future", "find_timexes", "reanchor", "time_expressions"]


class ParseCache(Protocol):
    def get_parses(self, keys: list[str]) -> dict[str, Parse]: ...

    def put_parses(self, parses: dict[str, Parse]) -> None: ...


@dataclass(frozen=True)
class AnnotateConfig:
    """``n_process``: spaCy worker processes; ``chunk``: documents parsed and cached per step."""

    n_process: int = 1
    batch_size: int = 16
    chunk: int = 256

    def __post_init__(self) -> None:
        for name in ("n_process", "batch_size", "chunk"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")


class Annotator:
    """Adds sentences, entities and resolved time expressions to documents."""

    def __init__(self, config: AnnotateConfig = AnnotateConfig()):
        self.config = config
        self._nlp = None
        self.reused = 0  # documents whose parse came from the cache in the last run

    @property
    def cache_key(self) -> str:
        return model_version()

    def _model(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    def pipe(self, docs: Iterable[Document], cache: ParseCache | None = None) -> Iterator[Document]:
        """Annotate documents in order, in chunks; reuse and fill ``cache`` when given."""
        self.reused = 0
        chunk: list[Document] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= self.config.chunk:
                yield from self._annotate_chunk(chunk, cache)
                chunk = []
        if chunk:
            yield from self._annotate_chunk(chunk, cache)

    def _annotate_chunk(self, docs: list[Document], cache: ParseCache | None) -> Iterator[Document]:
        keys = [f"{self.cache_key}|{doc.text_hash}" for doc in docs]
        found = cache.get_parses(keys) if cache is not None else {}
        self.reused += sum(1 for key in keys if key in found)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            texts = [docs[i].text for i in missing]
            parsed = parse_texts(self._model(), texts, self.config.n_process, self.config.batch_size)
            fresh = {keys[i]: p for i, p in zip(missing, parsed)}
            if cache is not None:
                cache.put_parses(fresh)
            found = {**found, **fresh}
        for doc, key in zip(docs, keys):
            yield with_parse(doc, found[key])


def with_parse(doc: Document, parse: Parse) -> Document:
    """The document with the parse's annotations and its resolved time expressions."""
    return replace(
        doc,
        sentences=parse.sentences,
        entities=parse.entities,
        timexes=find_timexes(doc, parse),
    )


def find_timexes(doc: Document, parse: Parse) -> tuple[Timex, ...]:
    """Resolve every time expression of the document against its publication date."""
    return tuple(expression.timex(_anchor_note(doc)) for expression in time_expressions(doc, parse))


def time_expressions(doc: Document, parse: Parse) -> list[TimeExpression]:
    """The document's time expressions in text order, each with its full resolution.

    The spans come from the grammar (:mod:`storyline.annotate.timex_rules`); names that
    merely contain a time word ("Arab Spring", "Sunday Times") are dropped, with the help
    of the model's named entities. The model's own DATE spans are not used: on
    TBAQ-cleaned they added 9 right and 52 wrong expressions (mostly ages, "6-year-old")
    to the grammar's and lowered every TempEval-3 score.
    """
    spans = [
        (c.start, c.end)
        for c in find_candidates(doc.text)
        if not is_name(doc.text, c.start, c.end, parse.entities)
    ]
    return _resolve_spans(doc, spans, parse.sentences)


def reanchor(doc: Document) -> Document:
    """The document with its time expressions resolved again against its (new) publication date.

    Used when the date was established after annotation, e.g. inferred from the corpus.
    """
    spans = [(t.start, t.end) for t in doc.timexes]
    note = _anchor_note(doc)
    return replace(doc, timexes=tuple(e.timex(note) for e in _resolve_spans(doc, spans, doc.sentences)))


@dataclass(frozen=True)
class TimeExpression:
    """A time expression, its resolution, and a caveat when its value should not be trusted."""

    start: int
    end: int
    text: str
    resolution: Resolution
    caveat: str = ""  # e.g. "crawl stamp", "name-like date"

    def timex(self, anchor: str) -> Timex:
        """The model's :class:`Timex`; ``anchor`` says what relative values were resolved against."""
        res = self.resolution
        if res.value is None:
            detail = f", TIMEX3 {res.type} {res.timeml}" if res.timeml else ""
            evidence = f"'{self.text}': {res.how}{detail}"
        elif res.how in ("full date", "month and year", "year", "decade", "century", "season and year"):
            evidence = f"'{self.text}' ({res.how} written in full)"
        else:
            evidence = f"'{self.text}' {anchor}, {res.how}".replace("'  ", "' ")
        if self.caveat:
            evidence += f" [{self.caveat}]"
        return Timex(self.start, self.end, self.text, res.value, res.granularity, evidence)


def _anchor_note(doc: Document) -> str:
    return f"relative to {doc.published} ({doc.published_evidence})" if doc.published else ""


def _resolve_spans(doc: Document, spans, sentences) -> list[TimeExpression]:
    ref = dt.date.fromisoformat(doc.published) if doc.published else None
    sentence_of = {sentence.start: sentence for sentence in sentences}
    starts = sorted(sentence_of)
    out: list[TimeExpression] = []
    anchor: dt.date | None = None
    for start, end in spans:
        expression = doc.text[start:end]
        sentence = _containing(sentence_of, starts, start)
        lo = sentence.start if sentence else start
        context = doc.text[lo : sentence.end if sentence else end]
        future = clause_future(context, start - lo, end - lo)
        res = resolve(expression, ref, future=future, anchor=anchor)
        if res.type == "TIME" and res.how == "clock time on the reference day" and out:
            day = _written_day_before(doc.text, out[-1], start)
            if day is not None:  # "February 8, 2012 / 7:06 PM": the time of that day
                res = resolve(expression, day, future=future)
        caveat = ""
        if is_crawl_stamp(doc.text, start, end) and res.value is not None and res.how != "full date":
            caveat = "crawl stamp: relative to when the page was fetched, not to the article"
            res = Resolution(None, None, f"{res.how}; discarded", res.type, None)
        named = name_like_date(doc.text, start, end, res)
        if named is not None:
            res, caveat = named
        if res.value and res.granularity == "day" and res.how == "full date":
            anchor = dt.date.fromisoformat(res.value)
        out.append(TimeExpression(start, end, expression, res, caveat))
    return out


def clause_future(sentence: str, start: int, end: int) -> bool | None:
    """The direction ``resolve`` takes for ``sentence[start:end]``: True forward, False back,
    None when the clause has no tense marker (the nearest occurrence)."""
    direction = tense(sentence, start, end)
    return True if direction == "future" else False if direction == "past" else None


def _written_day_before(text: str, previous: TimeExpression, start: int) -> dt.date | None:
    """The day of a full date written right before ``start`` (only separators between)."""
    res = previous.resolution
    if res.how == "full date" and res.value and re.fullmatch(r"[\s,/|·@-]*(?:at\s+)?", text[previous.end : start]):
        return dt.date.fromisoformat(res.value)
    return None


def _containing(sentence_of, starts, offset):
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    sentence = sentence_of[starts[i]]
    return sentence if offset < sentence.end else None
