"""Which reports are independent: a document's copy belongs to the outlet that wrote it.

A document that is a copy of another (one duplicate group, or a wire story another
outlet reprints) speaks with its source's voice, not its own: the two count as one
outlet. A passage one article shares word for word with another ("shared passage") is
its source's too; the rest of that article is its own. Two documents of the same outlet
are one outlet. Everything here reads the story; nothing is guessed from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from storyline.model import Account, Document, Sentence, Side, Story

__all__ = ["Outlets", "outlet_key", "sentence_span", "sentences"]


class Outlets:
    """The independent source of each report of a story (see the module's docstring)."""

    def __init__(self, story: Story) -> None:
        self.documents: dict[str, Document] = {d.id: d for d in story.documents}
        self._copy_of: dict[str, str] = {}
        for group in story.groups:
            for member in group.members:
                if member != group.canonical:
                    self._copy_of[member] = group.canonical
        for doc in story.documents:
            if doc.duplicate_of and doc.duplicate_of != doc.id:
                self._copy_of.setdefault(doc.id, doc.duplicate_of)
        self._sentences: dict[str, tuple[Sentence, ...]] = {}
        self._shared: dict[str, list[tuple[int, int, str]]] = {}
        for reprint in story.reprints:
            if reprint.document == reprint.source:
                continue
            if reprint.kind == "reprint":
                self._copy_of.setdefault(reprint.document, reprint.source)
            else:
                self._shared.setdefault(reprint.document, []).extend(
                    (p.start, p.end, reprint.source) for p in reprint.shared)

    def origin(self, doc_id: str, start: int | None = None, end: int | None = None) -> str:
        """The document whose copy ``doc_id`` (its span ``start:end``) carries."""
        seen = {doc_id}
        while True:
            if start is not None and end is not None:
                inside = [s for a, b, s in self._shared.get(doc_id, ()) if a <= start and end <= b]
                if inside and min(inside) not in seen:
                    doc_id = min(inside)
                    seen.add(doc_id)
                    start = end = None  # a passage's offsets are its reprint's, not its source's
                    continue
            nxt = self._copy_of.get(doc_id)
            if nxt is None or nxt in seen:
                return doc_id
            doc_id = nxt
            seen.add(doc_id)
            start = end = None

    def source(self, doc_id: str, start: int | None = None, end: int | None = None) -> str:
        """The independent source of a report: the outlet of the document it copies (its
        own when it is no copy), else the site its address is on, else that document."""
        origin = self.origin(doc_id, start, end)
        doc = self.documents.get(origin)
        name = outlet_key(doc.outlet if doc else None)
        if name:
            return f"outlet:{name}"
        host = _host(doc.url) if doc and doc.url else None
        return f"site:{host}" if host else f"document:{origin}"

    def outlet(self, doc_id: str) -> str:
        """The outlet a reader sees: the document's own, else its id."""
        doc = self.documents.get(doc_id)
        return " ".join(doc.outlet.split()) if doc and doc.outlet and doc.outlet.strip() else doc_id

    def sentences(self, doc_id: str) -> tuple[Sentence, ...]:
        """The sentences of a document of the story (split once)."""
        if doc_id not in self._sentences:
            self._sentences[doc_id] = sentences(self.documents[doc_id])
        return self._sentences[doc_id]

    def side(self, value: str, reports: Iterable[tuple[str, int, int, str, Sentence | None]],
             sources: Iterable[str]) -> Side:
        """One side of a comparison: ``value``, an account of the first report of each
        document (document, start, end, the value as it says it, its sentence or None),
        and how many independent ``sources`` give it."""
        accounts, seen = [], set()
        for doc_id, start, end, said, sentence in reports:
            if doc_id not in seen:
                seen.add(doc_id)
                accounts.append(self.account(doc_id, start, end, said, sentence))
        return Side(value, tuple(accounts), len(set(sources)))

    def names(self, doc_ids: Iterable[str]) -> str:
        """The outlets of documents as a reader sees them: "A, B and C"."""
        names = sorted({self.outlet(d) for d in doc_ids})
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)

    def account(self, doc_id: str, start: int, end: int, value: str, sentence: Sentence | None = None) -> Account:
        """One outlet's report of ``value``, in ``sentence`` (default: the sentence around
        ``start:end``)."""
        doc = self.documents[doc_id]
        if sentence is not None and sentence.start < sentence.end:
            s_start, s_end = sentence.start, sentence.end
        else:
            s_start, s_end = sentence_span(self.sentences(doc_id), start, end)
        return Account(document=doc_id, outlet=self.outlet(doc_id), published=doc.published, start=s_start,
                       end=s_end, text=doc.text[s_start:s_end], value=value)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an address that does not parse names no site
        return None
    return host.removeprefix("www.") if host else None


def outlet_key(outlet: str | None) -> str:
    """An outlet's name as compared: "The Velmora Citizen" and "velmora citizen" are one."""
    words = (outlet or "").lower().split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


# a sentence ends at ".", "!" or "?" (and closing quotes or brackets) before a space, or
# at a line end; a document read back from timeline.json keeps no sentences
_SENTENCE = re.compile(r"[^\n]+?(?:(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?][\"”’')\]]*(?=\s)|$)", re.M)


def sentences(doc: Document) -> tuple[Sentence, ...]:
    """The document's sentences; a document read back from ``timeline.json`` has none
    kept, and is split at sentence ends and line ends."""
    if doc.sentences:
        return doc.sentences
    out = []
    for m in _SENTENCE.finditer(doc.text):
        start, end = m.start(), m.end()
        while start < end and doc.text[start].isspace():
            start += 1
        if start < end:
            out.append(Sentence(start, end))
    return tuple(out)


def sentence_span(spans: tuple[Sentence, ...], start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``spans`` holding ``start:end`` (the span itself when none does)."""
    first = next((s for s in spans if s.start <= start < s.end), None)
    last = next((s for s in spans if s.start < end <= s.end), None)
    lo = first.start if first is not None else start
    hi = last.end if last is not None else end
    return lo, max(hi, lo)
