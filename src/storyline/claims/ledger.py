"""``number_ledger``: a story's figures and their series, read against its entities.

1. every document's claims (:func:`storyline.claims.find_claims`), each with its kind:
   current, historical, rate or projection (:mod:`storyline.claims.kind`);
2. their sources made canonical, and kept only when they name a person or an
   organisation (:class:`storyline.claims.source.Sources`): "the UN" -> "United Nations",
   "a good friend of mine" -> None, with ``attributed_evidence`` saying why;
3. the place each counts (:mod:`storyline.claims.subject`);
4. the series of current figures, one per thing counted and place
   (:func:`storyline.claims.series`).

All claims are returned, those set aside included (their ``series`` is None).
"""

from __future__ import annotations

from dataclasses import replace

from storyline.claims.find import Claim, find_claims
from storyline.claims.series import Series, series
from storyline.claims.source import Sources
from storyline.claims.subject import with_subjects
from storyline.model import CanonicalEntity, Document

__all__ = ["number_ledger"]


def number_ledger(docs: list[Document], entities: list[CanonicalEntity]) -> tuple[list[Claim], list[Series]]:
    """``(claims, series)`` of the documents (see the module's docstring); claims by
    document and position, series most claims first."""
    sources = Sources(entities)
    found = []
    for doc in docs:
        for c in find_claims(doc):
            who, why = sources.named(c.attributed_to)
            found.append(replace(c, attributed_to=who, attributed_evidence=why or c.attributed_evidence))
    found = with_subjects(found, docs, entities)
    ledger = series(found, docs)
    placed = {(c.document, c.start, c.end): c for s in ledger for c in s.claims}
    claims = sorted((placed.get((c.document, c.start, c.end), c) for c in found), key=lambda c: (c.document, c.start, c.end))
    return claims, ledger
