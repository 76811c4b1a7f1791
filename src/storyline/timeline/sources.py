"""Independent sources: forty reprints of one agency story are one source, not forty.

An event's evidence lists every document that carries one of its lines. Those documents
are joined into *families* that are one source:

* members of one duplicate group (a wire story and its reprints), unless the member's
  evidence lies only in the paragraphs it added (its own reporting);
* two documents whose evidence sentence lies in a passage one copied from the other
  (a wire paragraph quoted word for word into an outlet's own story).

Each family speaks for its original (the group's canonical member, or the earlier of two
documents sharing a passage): for the news agency its dateline credits ("VELMORA, Sept. 9
(MPA) -" is MPA's copy, whoever printed it), else for its outlet. Families of one
agency or outlet count once, since a source repeating itself is no confirmation. A
document with no known outlet stands for itself. The result is :attr:`storyline.model.Event.independent`; ``len(event.sources)``
stays the number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from storyline.clean import credited_agency
from storyline.model import Document, Event, Reprint
from storyline.utils.disjoint import DisjointSet

__all__ = ["count_sources"]


def count_sources(events: list[Event], docs: list[Document], reprints: list[Reprint] = ()) -> list[Event]:
    """``events`` with ``independent`` set (sorted outlet names or document ids)."""
    by_id = {doc.id: doc for doc in docs}
    passages: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    own: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for reprint in reprints:
        if reprint.kind == "shared passage":
            for p in reprint.shared:
                passages[reprint.document].append((reprint.source, p.start, p.end))
        else:
            own[reprint.document] += [(p.start, p.end) for p in reprint.own]
    return [replace(e, independent=_independent(e, by_id, passages, own)) for e in events]


def _independent(event: Event, by_id: dict[str, Document], passages, own) -> tuple[str, ...]:
    families: DisjointSet[str] = DisjointSet()  # a family's root is its original
    present = set(event.sources)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ev in event.evidence:
        spans[ev.document].append((ev.start, ev.end))
    for doc_id in event.sources:
        doc = by_id.get(doc_id)
        if doc is None or not doc.duplicate_of:
            continue
        added = own.get(doc_id, ())
        if spans[doc_id] and all(any(a <= s and e <= b for a, b in added) for s, e in spans[doc_id]):
            continue  # it tells this in the paragraphs it added to the copy
        families.union(doc.duplicate_of, doc_id)
    for ev in event.evidence:
        for source, start, end in passages.get(ev.document, ()):
            if source in present and start <= ev.start and ev.end <= end:
                families.union(source, ev.document)
    roots = (families.find(doc_id) for doc_id in event.sources)
    return tuple(sorted({_source_name(by_id.get(root), root) for root in roots}))


def _source_name(doc: Document | None, doc_id: str) -> str:
    """The agency a dateline credits, else the outlet, else the document id."""
    if doc is None:
        return doc_id
    return credited_agency(doc) or doc.outlet or doc_id
