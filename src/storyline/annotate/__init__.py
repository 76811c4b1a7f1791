"""Stage ``annotate``: Document -> Document with sentences, entities and time expressions.

Two modes: with the statistical model (sentences, named entities) or, with
``AnnotateConfig(entities=False)``, light: rule-based sentences
(:mod:`storyline.annotate.sentences`), no entities, the model never loaded. Time
expressions come from the same grammar in both.

With ``n_process`` > 1 the texts are
parsed and the time expressions resolved in storyline's own worker processes
(:func:`storyline.executors.local.start_pool`: they die with the process that started them), in
order, with the result of one process.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from storyline.annotate.clauses import light_role, role_note, written_role
from storyline.annotate.parse import Parse, load_model, load_worker_model, model_version, parse_texts, parse_tokens, tokenize
from storyline.annotate.sentences import split_sentences
from storyline.executors.local import start_pool
from storyline.config import check_config
from storyline.model import Document, Timex
from storyline.timex import (
    Resolution,
    clause_future,
    find_candidates,
    is_crawl_stamp,
    is_name,
    name_like_date,
    resolve,
)

__all__ = ["AnnotateConfig", "Annotator", "TimeExpression", "clause_future", "model_version", "parse_tokens", "tokenize",
           "find_timexes", "reanchor", "time_expressions"]


@dataclass(frozen=True)
class AnnotateConfig:
    """``n_process``: worker processes (parsing, and resolving time expressions);
    ``chunk``: documents annotated and cached per step; ``entities``: False for the
    light mode (rule-based sentences, no named entities, no model)."""

    n_process: int = field(default=1, metadata={"range": (1, None), "execution": True})
    batch_size: int = field(default=16, metadata={"range": (1, None), "execution": True})
    chunk: int = field(default=256, metadata={"range": (1, None), "execution": True})
    entities: bool = True

    def __post_init__(self) -> None:
        check_config(self)


class Annotator:
    """Adds sentences, entities and resolved time expressions to documents."""

    def __init__(self, config: AnnotateConfig = AnnotateConfig()):
        self.config = config
        self._nlp = None

    def _model(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Annotate documents in order, ``chunk`` at a time (the pipeline keeps the results:
        :mod:`storyline.caching`)."""
        pool = _Workers(self.config.n_process, model=self.config.entities)
        try:
            chunk: list[Document] = []
            for doc in docs:
                chunk.append(doc)
                if len(chunk) >= self.config.chunk:
                    yield from self._annotate_chunk(chunk, pool)
                    chunk = []
            if chunk:
                yield from self._annotate_chunk(chunk, pool)
        finally:
            pool.close()

    def _annotate_chunk(self, docs: list[Document], pool: "_Workers") -> Iterator[Document]:
        parses = list(self._parses(docs, pool))
        for doc, parse, timexes in zip(docs, parses, pool.map(list(zip(docs, parses)))):
            yield replace(doc, sentences=parse.sentences, entities=parse.entities, timexes=timexes)

    def _parses(self, docs: list[Document], pool: "_Workers | None" = None) -> list[Parse]:
        """Each document's parse: by the rules in light mode, else by the model (in the
        workers when there are several: this process then never loads it)."""
        if not self.config.entities:
            return [Parse(split_sentences(doc.text), (), ()) for doc in docs]
        texts = [doc.text for doc in docs]
        if pool is not None and pool.parallel:
            return parse_texts(None, texts, batch_size=self.config.batch_size, pool=pool.pool)
        return parse_texts(self._model(), texts, 1, self.config.batch_size)


class _Workers:
    """The run's worker processes, started when first needed: with ``n_process`` > 1 they
    parse texts (holding the model when ``model``) and resolve time expressions of
    (document, parse) pairs, in order; otherwise everything runs in the calling process.

    The workers run module-level functions on picklable items, so any start method works
    (``context``: None for the platform's default, or "spawn", "forkserver").
    Measured on 297 Timeline17 articles (1.76 M characters), 2 free cores: light mode 8.2 s
    serial, 4.7 s with 2 workers; model mode, when spaCy's own 2 processes parsed, 27.8 s,
    24.2 s with the time expressions in 2 workers too (their share 8.2 s -> 4.6 s).
    """

    def __init__(self, n_process: int, context: str | None = None, model: bool = False):
        self.n_process = n_process
        self.context = context
        self.model = model
        self._pool = None

    @property
    def parallel(self) -> bool:
        return self.n_process > 1

    @property
    def pool(self):
        if self._pool is None:
            self._pool = start_pool(self.n_process, load_worker_model if self.model else None, context=self.context)
        return self._pool

    def map(self, items: list[tuple[Document, Parse]]) -> list[tuple[Timex, ...]]:
        """The time expressions of each (document, parse) pair."""
        if not self.parallel or len(items) < 2:
            return [_timexes_of(item) for item in items]
        size = -(-len(items) // (8 * self.n_process))  # small tasks: little idling at a chunk's end
        return self.pool.map(_timexes_of, items, chunksize=size)

    def close(self) -> None:
        """Stop the workers (idle: every ``map`` has returned, or the run was abandoned)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


_TimexPool = _Workers  # the name callers and tests knew it by


def _timexes_of(item: tuple[Document, Parse]) -> tuple[Timex, ...]:
    return find_timexes(*item)


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

    The spans come from the grammar (:mod:`storyline.timex.rules`); names that
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
    return _resolve_spans(doc, spans, parse.sentences, {(a, b): (role, why) for a, b, role, why in parse.roles})


def reanchor(doc: Document) -> Document:
    """The document with its time expressions resolved again against its (new) publication date.

    Used when the date was established after annotation, e.g. inferred from the corpus.
    """
    spans = [(t.start, t.end) for t in doc.timexes]
    note = _anchor_note(doc)
    roles = {(t.start, t.end): (t.role, _why(t.evidence)) for t in doc.timexes if t.role}
    return replace(doc, timexes=tuple(e.timex(note) for e in _resolve_spans(doc, spans, doc.sentences, roles)))


def _why(evidence: str) -> str:
    """The reason of a role kept in a time expression's evidence ("...; a mention ... (WHY)")."""
    match = re.search(r"\(([^()]*)\)$", evidence)
    return match.group(1) if match else ""


@dataclass(frozen=True)
class TimeExpression:
    """A time expression, its resolution, and a caveat when its value should not be trusted."""

    start: int
    end: int
    text: str
    resolution: Resolution
    caveat: str = ""  # e.g. "crawl stamp", "name-like date"
    role: tuple[str, str] = ("", "")  # what it dates in its sentence, and why (annotate.clauses)

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
        role, why = self.role
        if role and res.value:
            evidence += f"; {role_note(role, why)}"
        return Timex(self.start, self.end, self.text, res.value, res.granularity, evidence, role)


def _anchor_note(doc: Document) -> str:
    return f"relative to {doc.published} ({doc.published_evidence})" if doc.published else ""


def _resolve_spans(doc: Document, spans, sentences, roles=None) -> list[TimeExpression]:
    """Resolve each span; ``roles``: (start, end) -> (role, why) from the parse (else the
    light rules of :func:`~storyline.annotate.clauses.light_role`)."""
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
        role = written_role(context, start - lo, end - lo)
        if not role[0]:
            role = (roles.get((start, end)) if roles else None) or light_role(context, start - lo, end - lo)
        out.append(TimeExpression(start, end, expression, res, caveat, role))
    return out


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
