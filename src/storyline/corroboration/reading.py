"""What one outlet's sentence reports, read without the statistical model: its figures
(the claims ledger's :func:`storyline.claims.find_claims`), its time expressions (the
timex grammar, resolved against the publication day), who speaks in it ("Finance
Minister Ada Corvin said", "said transport minister Orrin Vale", "according to Human
Rights Watch"; a pronoun names no one here) and the words it quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.annotate import reanchor
from storyline.claims import find_claims
from storyline.model import Claim, Document, Sentence, Timex
from storyline.timex import find_candidates

__all__ = ["Read", "read", "stems"]

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*){0,5}"
_DESCRIBED = r"(?:[Tt]he|[Aa])\s+(?:[a-z-]+\s+){0,3}[a-z-]+"
# lower-case words of a title before a name ("transport minister Orrin Vale"), not a
# preposition or pronoun ("said on Monday", "told him")
_TITLE = r"(?:(?!(?:on|in|at|that|to|by|of|for|with|from|it|he|she|they|we|him|her|them|the|a|an)\b)[a-z-]+\s+){0,3}"
_CUE = r"(?:said|says|say|told|tells|added|stated|announced|declared|insisted|warned|claimed|explained)"
_WHO = rf"(?:[Tt]he\s+)?{_NAME}|{_DESCRIBED}"
_SAID = [re.compile(rf"(?P<who>{_WHO})\s*,?\s+(?:has\s+|had\s+|also\s+|later\s+)?{_CUE}\b"),
         re.compile(rf"\b(?!told){_CUE}\s+(?:the\s+)?{_TITLE}(?P<who>{_NAME})"),
         re.compile(rf"\baccording to\s+(?P<who>{_WHO})")]
_NO_NAME = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
                      r"June|July|August|September|October|November|December|On|In|At|But|And|It|He|She|They|We|I)$")
_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]")
_STEM = 5  # words are compared by their first letters: "Arvenia" and "Arvenian", "exploded" and "explosion"


@dataclass(frozen=True)
class Read:
    """What one sentence reports: its figures, its time expressions, who speaks in it."""

    doc: Document
    claims: tuple[Claim, ...]
    timexes: tuple[Timex, ...]
    speakers: tuple[tuple[str, int, int], ...]  # (name as written, start, end)
    quotes: tuple[str, ...]


def read(text: str, published: str | None) -> Read:
    """The figures, dates and speakers of one sentence (``published``: YYYY-MM-DD or None)."""
    spans = tuple(Timex(c.start, c.end, text[c.start:c.end], None, None, "") for c in find_candidates(text))
    doc = Document(id="report", source="report", text=text, published=published,
                   sentences=(Sentence(0, len(text)),), timexes=spans)
    doc = reanchor(doc) if published else doc
    claims = tuple(c for c in find_claims(doc) if c.kind in ("current", "rate"))
    said = tuple(sorted(set(_speakers_in(text))))
    quotes = tuple(" ".join(m.group(1).split()).strip(" ,.") for m in _QUOTE.finditer(text))
    return Read(doc, claims, tuple(doc.timexes), said, quotes)


def _speakers_in(text: str):
    """``(name, start, end)`` of each speaker the sentence names (see ``_SAID``)."""
    for pattern in _SAID:
        for m in pattern.finditer(text):
            who = m.group("who").strip(" ,.;:'\"’”")
            words = who.split()
            if words and not all(_NO_NAME.match(w) for w in words) and not _NO_NAME.match(words[0]):
                yield who, m.start("who"), m.start("who") + len(who)


def stems(words: frozenset[str]) -> frozenset[str]:
    """Words cut to their first letters, so that forms of one word meet."""
    return frozenset(w[:_STEM] for w in words)
