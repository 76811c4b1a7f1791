"""Boilerplate that only the corpus reveals: lines an outlet repeats across its articles.

A comment-policy notice, a blog's "about me" box or an advertiser's slogan looks like
prose in one article; seen in dozens of one outlet's articles on many different days,
it is page furniture. News text recurs too (a background paragraph in the updates of
one story), but within days, not across weeks; so a line is dropped only when it
recurs in at least ``min_docs`` articles published on at least ``min_days`` different
days, and in at least ``min_share`` of the outlet's articles; a line that is not a full
sentence (a label, a sign-off) needs no share.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from storyline.clean.boilerplate import is_prose
from storyline.config import check_config
from storyline.model import Document, RemovedLine

__all__ = ["RecurringConfig", "drop_recurring_lines"]

_KEY = re.compile(r"\W+")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class RecurringConfig:
    min_docs: int = field(default=3, metadata={"range": (2, None)})
    min_share: float = field(default=0.05, metadata={"range": (0, 1)})
    min_days: int = field(default=3, metadata={"range": (0, None)})

    def __post_init__(self) -> None:
        check_config(self)


def _key(line: str) -> str:
    return _KEY.sub(" ", line).strip().lower()


def outlet_key(doc: Document) -> str | None:
    """Which outlet's furniture a document carries: its outlet, else its URL's host."""
    if doc.outlet:
        return doc.outlet.lower()
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def drop_recurring_lines(docs: list[Document], config: RecurringConfig = RecurringConfig()) -> list[Document]:
    """The documents without the lines their outlet repeats across the corpus.

    Each dropped line is added to the document's ``removed`` with the count as reason.
    Documents without a known outlet are returned as they are.
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        key = outlet_key(doc)
        if key:
            by_outlet[key].append(i)
    furniture: dict[int, dict[str, str]] = defaultdict(dict)  # doc index -> line key -> reason
    for members in by_outlet.values():
        if len(members) < config.min_docs:
            continue
        holders: dict[str, list[int]] = defaultdict(list)
        sample: dict[str, str] = {}
        for i in members:
            lines = {_key(line): line for line in docs[i].text.splitlines()}
            for key, line in lines.items():
                if key:
                    holders[key].append(i)
                    sample.setdefault(key, line)
        need = max(config.min_docs, config.min_share * len(members))
        outlet = docs[members[0]].outlet or outlet_key(docs[members[0]])
        for key, ids in holders.items():
            if len(ids) < config.min_docs:
                continue
            days = {docs[i].published for i in ids if docs[i].published}
            if len(days) >= config.min_days and (len(ids) >= need or not is_prose(sample[key])):
                reason = f"recurs in {len(ids)} articles of {outlet} (outlet boilerplate)"
                for i in ids:
                    furniture[i][key] = reason
    if not furniture:
        return docs
    return [_without(doc, furniture[i]) if i in furniture else doc for i, doc in enumerate(docs)]


def _without(doc: Document, drop: dict[str, str]) -> Document:
    kept, removed = [], list(doc.removed)
    for line in doc.text.split("\n"):
        reason = drop.get(_key(line)) if line.strip() else None
        if reason:
            removed.append(RemovedLine(line.strip(), reason))
        else:
            kept.append(line)
    text = _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n")
    return replace(doc, text=text, removed=tuple(removed))
