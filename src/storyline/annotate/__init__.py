"""Stage ``annotate``: Document -> Document with sentences, entities and time expressions.

Two modes: with the statistical model (sentences, named entities) or, with
``AnnotateConfig(entities=False)``, light: rule-based sentences
(:mod:`storyline.annotate.sentences`), no entities, the model never loaded. Time
expressions come from the same grammar in both.

The documents are parsed and their time expressions resolved in batches through the
run's executor (:mod:`storyline.executors`: this process, a local pool, a cluster), in
order, with the result of one process.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from storyline.annotate.clauses import light_role, role_note, written_role
from storyline.annotate.parse import Parse, model_version, parse_texts, parse_tokens, tokenize, worker_model
from storyline.annotate.sentences import split_sentences
from storyline.executors.local import Processes, Serial
from storyline.config import check_config
from storyline.executors import Executor
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

__all__ = ["AnnotateConfig", "Annotator", "TimeExpression", "annotate_batch", "clause_future", "model_version", "parse_tokens", "tokenize",
           "find_timexes", "reanchor", "time_expressions"]


@dataclass(frozen=True)
class AnnotateConfig:
    """``n_process``: worker processes (parsing, and resolving time expressions) when no
    executor is given; ``batch_size``: documents per task; ``chunk``: documents handed out
    at once; ``entities``: False for the light mode (rule-based sentences, no named
    entities, no model)."""

    n_process: int = field(default=1, metadata={"range": (1, None), "execution": True})
    batch_size: int = field(default=16, metadata={"range": (1, None), "execution": True})
    chunk: int = field(default=1024, metadata={"range": (1, None), "execution": True})
    entities: bool = True

    def __post_init__(self) -> None:
        check_config(self)


class Annotator:
    """Adds sentences, entities and resolved time expressions to documents.

    The work is handed to ``executor`` (:mod:`storyline.executors`) in batches of
    ``batch_size`` documents, each parsed and resolved in one task where it runs (a worker
    loads the model at its first batch and keeps it); without one, ``n_process`` > 1
    starts a local pool for the call. Every batch is parsed as the calling process would
    parse it, so the result does not depend on where it ran."""

    def __init__(self, config: AnnotateConfig = AnnotateConfig(), executor: Executor | None = None):
        self.config = config
        self.executor = executor

    def _model(self):
        """The model, loaded once in this process (:func:`~storyline.annotate.parse.worker_model`)."""
        return worker_model()

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Annotate documents in order, ``chunk`` at a time, each result as soon as its
        batch is done (the pipeline keeps the results: :mod:`storyline.caching`)."""
        executor = self.executor
        own = executor is None
        if executor is None:
            executor = Processes(self.config.n_process) if self.config.n_process > 1 else Serial()
        try:
            chunk: list[Document] = []
            for doc in docs:
                chunk.append(doc)
                if len(chunk) >= self.config.chunk:
                    yield from self._annotate_chunk(chunk, executor)
                    chunk = []
            if chunk:
                yield from self._annotate_chunk(chunk, executor)
        finally:
            if own:
                executor.close()

    def _annotate_chunk(self, docs: list[Document], executor: Executor) -> Iterator[Document]:
        size = self.config.batch_size
        batches = [(docs[i : i + size], self.config.entities) for i in range(0, len(docs), size)]
        for (batch, _), found in zip(batches, executor.map(annotate_batch, batches)):
            for doc, (parse, timexes) in zip(batch, found):
                yield replace(doc, sentences=parse.sentences, entities=parse.entities, timexes=timexes)


def annotate_batch(task: tuple[list[Document], bool]) -> list[tuple[Parse, tuple[Timex, ...]]]:
    """One task of :meth:`Annotator.pipe`, wherever it runs: the parse (by the model when
    the flag is set, which this process loads once; else by the rules) and the resolved
    time expressions of each document of the batch."""
    docs, entities = task
    if entities:
        parses = list(parse_texts(worker_model(), [doc.text for doc in docs], 1, len(docs) or 1))
    else:
        parses = [Parse(split_sentences(doc.text), (), ()) for doc in docs]
    return [(parse, find_timexes(doc, parse)) for doc, parse in zip(docs, parses)]


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
