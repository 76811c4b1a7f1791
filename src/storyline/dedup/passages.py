"""Which paragraphs a document shares with another, and which are its own reporting.

Document-level grouping (:func:`storyline.dedup.group_duplicates`) says *that* B carries
A's copy; this module says *where*: "B reprints A's wire story (paragraphs 1–7) and adds
its own reporting (8–14)". Two relations are found:

* **reprint**: each non-canonical member of a duplicate group against its canonical
  member. A paragraph of B is shared when at least ``min_containment`` of its word
  3-shingles occur in A (light copy edits and re-split paragraphs still match); a
  paragraph too short to have shingles is shared when its words occur verbatim in A.
* **shared passage**: two documents outside one group that carry the same paragraph
  word for word (a wire paragraph quoted into an outlet's own story). Candidates come
  from an index of normalized paragraph hashes, so this is an exact check and costs
  one dictionary lookup per paragraph.

Paragraphs are the text's blank-line-separated blocks; a text without blank lines (one
sentence a line, as in Timeline17) has one paragraph per line. Numbers are 1-based.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from storyline.config import check_config
from storyline.model import Document, DuplicateGroup, Passage, Reprint, sha256
from storyline.utils.paragraphs import blocks_or_lines
from storyline.utils.shingles import containment, shingles, words

__all__ = ["PassageConfig", "find_reprints", "paragraphs"]


@dataclass(frozen=True)
class PassageConfig:
    """``min_containment``: share of a paragraph's shingles found in the other document
    for it to count as copied. ``min_words``: shortest paragraph that can make two
    documents outside one group share a passage."""

    min_containment: float = field(default=0.7, metadata={"above": 0, "range": (None, 1)})
    min_words: int = field(default=12, metadata={"range": (1, None)})
    max_sources: int = field(default=30, metadata={"range": (1, None)})

    def __post_init__(self) -> None:
        check_config(self)


paragraphs = blocks_or_lines  # the old name: blank-line blocks, else lines


def _normal(text: str) -> str:
    """Lower-cased words, single-spaced: what the shingles are made of."""
    return " ".join(words(text))


@dataclass(frozen=True)
class _Original:
    """What copies are compared with; made once per duplicate group."""

    shingles: frozenset[str]
    words: str  # " w1 w2 ... " for the verbatim check of a paragraph too short for shingles

    @classmethod
    def of(cls, doc: Document) -> "_Original":
        return cls(shingles(doc.text), f" {_normal(doc.text)} ")


def _copied(paragraph: str, original: _Original) -> float:
    """Share of the paragraph found in the original (0 or 1 when it is too short for shingles)."""
    own = shingles(paragraph)
    if own:
        return containment(own, original.shingles)
    words = _normal(paragraph)
    return float(bool(words) and f" {words} " in original.words)


def _runs(doc: Document, spans: list[tuple[int, int]], flags: list[bool], want: bool) -> tuple[Passage, ...]:
    runs, first = [], None
    for i, flag in enumerate([*flags, not want]):
        if flag == want and first is None:
            first = i
        elif flag != want and first is not None:
            runs.append(Passage(doc.id, first + 1, i, spans[first][0], spans[i - 1][1]))
            first = None
    return tuple(runs)


def _reprint(doc: Document, source: Document, original: _Original, config: PassageConfig) -> Reprint | None:
    spans = blocks_or_lines(doc.text)
    flags = [_copied(doc.text[start:end], original) >= config.min_containment for start, end in spans]
    if not any(flags):
        return None
    return Reprint(doc.id, source.id, "reprint", _runs(doc, spans, flags, True), _runs(doc, spans, flags, False))


def _paragraph_keys(doc: Document, config: PassageConfig) -> list[tuple[str, int, int]]:
    keys = []
    for start, end in blocks_or_lines(doc.text):
        words = _normal(doc.text[start:end])
        if len(words.split()) >= config.min_words:
            keys.append((sha256(words), start, end))
    return keys


def _shared_passages(docs: list[Document], same_group: "_Groups", config: PassageConfig) -> list[Reprint]:
    """Exact paragraph matches between documents of different groups; the later (or,
    on the same day, the larger id) document is the one that shares the other's text."""
    holders: dict[str, list[int]] = defaultdict(list)
    keyed = [_paragraph_keys(doc, config) for doc in docs]
    for i, keys in enumerate(keyed):
        for key in dict.fromkeys(k for k, _, _ in keys):
            holders[key].append(i)
    pairs: dict[tuple[int, int], set[str]] = defaultdict(set)
    for key, owners in holders.items():
        if len({same_group.canonical(docs[i].id) for i in owners}) > config.max_sources:
            continue  # a paragraph this many stories carry is a formula, not a source
        for a in owners:
            for b in owners:
                if a < b and same_group.canonical(docs[a].id) != same_group.canonical(docs[b].id):
                    pairs[(a, b)].add(key)
    out = []
    for (a, b), keys in sorted(pairs.items()):
        source, copier = sorted((a, b), key=lambda i: (docs[i].published or "9999", docs[i].id))
        doc = docs[copier]
        mine = {(s, e) for k, s, e in keyed[copier] if k in keys}
        spans = blocks_or_lines(doc.text)
        flags = [span in mine for span in spans]
        out.append(Reprint(doc.id, docs[source].id, "shared passage", _runs(doc, spans, flags, True), ()))
    return out


class _Groups:
    def __init__(self, group_of: dict[str, str]):
        self._group_of = group_of

    def canonical(self, doc_id: str) -> str:
        return self._group_of.get(doc_id, doc_id)


def find_reprints(
    docs: list[Document], groups: list[DuplicateGroup], config: PassageConfig = PassageConfig()
) -> list[Reprint]:
    """Every reprint (group member against its canonical) and every shared passage
    between documents of different groups, sorted by (source, document)."""
    by_id = {doc.id: doc for doc in docs}
    group_of = {member: g.canonical for g in groups for member in g.members}
    out = []
    for group in groups:
        source = by_id[group.canonical]
        original = _Original.of(source)
        for member in group.members[1:]:
            found = _reprint(by_id[member], source, original, config)
            if found is not None:
                out.append(found)
    out += _shared_passages(docs, _Groups(group_of), config)
    return sorted(out, key=lambda r: (r.source, r.document, r.kind))
