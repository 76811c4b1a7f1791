"""``series``: claims that count the same thing across documents, ordered by as-of date,
with flags for a cumulative count that goes down and for independent sources that
disagree on the same day."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from storyline.claims.what import cumulative, family_of
from storyline.model import Claim, Document, Series

_GENERIC = {"people", "persons", "individuals"}  # counts of people with no fate: no flags


def series_id(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "count"


def interval(claim: Claim) -> tuple[float, float]:
    """The values the claim allows: "more than 40" -> (40, inf), "about 100" -> (90, 110)."""
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    q = claim.qualifier
    if q in ("more than", "over", "at least"):
        return low, math.inf
    if q in ("up to", "fewer than"):
        return 0, high
    if q in ("about", "some"):
        return low * 0.9, high * 1.1
    if q == "nearly":
        return low * 0.85, high
    return low, high


def series(claims: list[Claim], docs: list[Document]) -> list[Series]:
    """The series of ``claims`` (of any documents of ``docs``), most claims first: one per
    thing counted and place (``subject``), of current figures only (historical ones, rates
    and projections are no part of the running count: see :mod:`storyline.claims.kind`)."""
    by_id = {d.id: d for d in docs}
    groups: dict[str, list[Claim]] = {}
    subjects: dict[str, str | None] = {}
    for c in claims:
        if c.kind != "current":
            continue
        sid = series_id(c.key) + (f"-{series_id(c.subject)}" if c.subject else "")
        groups.setdefault(sid, []).append(c)
        subjects[sid] = c.subject
    out = []
    for sid, members in groups.items():
        members = [replace(c, series=sid) for c in members]
        members.sort(key=lambda c: (c.date is None, c.date or "", c.document, c.start))
        first = members[0]
        is_cumulative = cumulative(family_of(first.key))
        flags: list[str] = []
        if first.key not in _GENERIC:
            if is_cumulative:
                flags += _decreases(members, by_id)
            flags += _disagreements(members, by_id)
        out.append(Series(sid, first.what, first.unit, is_cumulative, tuple(members), tuple(flags), subjects[sid]))
    out.sort(key=lambda s: (-len(s.claims), s.id))
    return out


def _cite(c: Claim) -> str:
    who = f", {c.attributed_to}" if c.attributed_to else ""
    return f"'{c.text}' ({c.document} {c.start}-{c.end}{who})"


def _decreases(members: list[Claim], by_id: dict[str, Document]) -> list[str]:
    """A later figure below the highest earlier one; one line per lower value."""
    flags = []
    dated = [c for c in members if c.date]
    seen: set = set()
    for i, c in enumerate(dated):
        earlier = [e for e in dated[:i] if e.date < c.date]
        if not earlier:
            continue
        top = max(earlier, key=lambda e: (e.value, e.date))
        if c.value >= top.value or (c.value, top.value) in seen:
            continue
        seen.add((c.value, top.value))
        also = sorted({o.document for o in dated[i + 1:] if o.value == c.value and o.document != c.document})
        revised = " (reported as a revision)" if re.search(r"\brevis|\bcut\b|\blowered|\bcorrect",
                                                            _sentence(c, by_id), re.I) else ""
        consistent = ""
        if interval(c)[1] >= interval(top)[0]:
            consistent = "; still compatible as bounds, perhaps an older figure repeated"
        line = (f"decrease: {c.describe()} as of {c.date} in {_cite(c)} is below {top.describe()} as of "
                f"{top.date} in {_cite(top)}{revised}{consistent}")
        if also:
            line += f"; also in {', '.join(also)}"
        flags.append(line)
    return flags


def _sentence(c: Claim, by_id: dict[str, Document]) -> str:
    doc = by_id.get(c.document)
    return doc.text[c.sentence.start:c.sentence.end] if doc else ""


def _source(doc: Document | None, claim: Claim) -> str:
    """Who reported the claim independently: the outlet, else the duplicate group."""
    if doc is None:
        return claim.document
    return (doc.outlet or "").strip().lower() or doc.duplicate_of or doc.id


def _disagreements(members: list[Claim], by_id: dict[str, Document]) -> list[str]:
    flags = []
    seen = set()
    dated = [c for c in members if c.date]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if b.date != a.date or a.document == b.document:
                continue
            da, db = by_id.get(a.document), by_id.get(b.document)
            if _source(da, a) == _source(db, b) or _group(da, a) == _group(db, b):
                continue
            lo_a, hi_a = interval(a)
            lo_b, hi_b = interval(b)
            if lo_a <= hi_b and lo_b <= hi_a:
                continue
            pair = (a.date, a.document, b.document)
            if pair in seen:
                continue
            seen.add(pair)
            flags.append(f"disagreement on {a.date}: {a.describe()} in {_cite(a)} ({_outlet(da)}) vs "
                         f"{b.describe()} in {_cite(b)} ({_outlet(db)})")
    return flags


def _group(doc: Document | None, claim: Claim) -> str:
    return (doc.duplicate_of or doc.id) if doc else claim.document


def _outlet(doc: Document | None) -> str:
    return (doc.outlet if doc and doc.outlet else "outlet unknown")
