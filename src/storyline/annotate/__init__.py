"""Stage ``annotate``: Document -> Document with sentences, entities and time expressions.

The model's output (:class:`~storyline.annotate.parse.Parse`) is cached by text hash
through any object with ``get_parses(keys) -> dict`` and ``put_parses(dict)`` (the
SQLite store is one), so a re-run over the same texts skips the model. Time expressions
are resolved on every run: their values depend on the document's reference date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Protocol

from storyline.annotate.parse import Parse, load_model, model_version, parse_texts
from storyline.annotate.timex import FINDER, is_future, resolve
from storyline.model import Document, Timex

__all__ = ["AnnotateConfig", "Annotator", "ParseCache", "find_timexes", "reanchor"]


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


def _spans(doc: Document, parse: Parse) -> list[tuple[int, int]]:
    """Model DATE spans and finder matches, overlaps merged into the longer span."""
    candidates = sorted(
        set(parse.dates) | {(m.start(), m.end()) for m in FINDER.finditer(doc.text)},
        key=lambda span: (span[0], -span[1]),
    )
    merged: list[tuple[int, int]] = []
    for start, end in candidates:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end))
        else:
            merged.append((start, end))
    return merged


def find_timexes(doc: Document, parse: Parse) -> tuple[Timex, ...]:
    """Resolve every time expression of the document against its publication date."""
    return _resolve_spans(doc, _spans(doc, parse), parse.sentences)


def reanchor(doc: Document) -> Document:
    """The document with its time expressions resolved again against its (new) publication date.

    Used when the date was established after annotation, e.g. inferred from the corpus.
    """
    spans = [(t.start, t.end) for t in doc.timexes]
    return replace(doc, timexes=_resolve_spans(doc, spans, doc.sentences))


def _resolve_spans(doc: Document, spans, sentences) -> tuple[Timex, ...]:
    ref = dt.date.fromisoformat(doc.published) if doc.published else None
    anchor = f"relative to {doc.published} ({doc.published_evidence})" if ref else ""
    sentence_of = {sentence.start: sentence for sentence in sentences}
    starts = sorted(sentence_of)
    out = []
    for start, end in spans:
        expression = doc.text[start:end]
        sentence = _containing(sentence_of, starts, start)
        lo = sentence.start if sentence else start
        context = doc.text[lo : sentence.end if sentence else end]
        res = resolve(expression, ref, future=is_future(context, start - lo, end - lo))
        if res.value is None:
            evidence = f"'{expression}': {res.how}"
        elif res.how in ("full date", "month and year", "year", "decade"):
            evidence = f"'{expression}' ({res.how} written in full)"
        else:
            evidence = f"'{expression}' {anchor}, {res.how}"
        out.append(Timex(start, end, expression, res.value, res.granularity, evidence))
    return tuple(out)


def _containing(sentence_of, starts, offset):
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    sentence = sentence_of[starts[i]]
    return sentence if offset < sentence.end else None
