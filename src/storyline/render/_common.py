"""Helpers shared by the renderers: counts, dates, anchors and sentence sources.

Everything here is a pure function of the :class:`~storyline.model.Story`, iterates
lists in their given order and never reads the clock or the locale, so every format
renders the same story to the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from urllib.parse import urlsplit

from storyline.model import Document, Event, Evidence, Story, sha256
from storyline.reasons import count_by_kind

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
# C0/C1 control characters other than tab and newline: invalid in HTML, invisible in text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def strip_controls(text: str) -> str:
    """Replace control characters (except tab, newline, carriage return) by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def granularity(value: str) -> str | None:
    """``"day"``, ``"month"`` or ``"year"`` for a valid ISO date prefix, else ``None``."""
    if _DAY.fullmatch(value):
        try:
            _date.fromisoformat(value)
        except ValueError:
            return None
        return "day"
    m = _MONTH.fullmatch(value)
    if m:
        return "month" if 1 <= int(m.group(2)) <= 12 else None
    if _YEAR.fullmatch(value):
        return "year"
    return None


def human_date(value: str) -> str:
    """``4 February 2012``, ``February 2012`` or ``2012``; anything else unchanged."""
    kind = granularity(value)
    if kind == "day":
        y, m, d = value.split("-")
        return f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    if kind == "month":
        y, m = value.split("-")
        return f"{MONTHS[int(m) - 1]} {y}"
    return value


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class Counts:
    documents: int
    duplicates: int
    dated: int
    undated: int
    events: int
    skipped: int

    def phrases(self) -> list[str]:
        return [
            plural(self.documents, "document"),
            plural(self.duplicates, "duplicate"),
            f"{self.dated} dated",
            f"{self.undated} undated",
            plural(self.events, "event"),
            plural(self.skipped, "skipped input"),
        ]


def counts(story: Story) -> Counts:
    """Counts of what the rendered story shows (not the run's ``Summary``)."""
    dated = sum(1 for d in story.documents if d.published)
    return Counts(
        documents=len(story.documents),
        duplicates=sum(1 for d in story.documents if d.duplicate_of),
        dated=dated,
        undated=len(story.documents) - dated,
        events=len(story.events),
        skipped=len(story.rejected),
    )


# what the reports say of the events shown apart, before the timeline
BACKGROUND_NOTE = "Dates before the story that several independent sources recall."
PLANNED_NOTE = "every report was written before this date"


def date_range(story: Story) -> tuple[str, str] | None:
    """The first and last date of the timeline (background dates left out)."""
    dates = sorted(e.date for e in story.events if granularity(e.date) and not e.background)
    return (dates[0], dates[-1]) if dates else None


def anchors(story: Story) -> dict[str, str]:
    """A safe, unique HTML id per document id: ``doc-<ascii slug>-<8 hex of sha256>``."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for doc in story.documents:
        if doc.id in out:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", doc.id.lower()).strip("-")[:40].strip("-")
        digest = sha256(doc.id)
        size = 8
        while True:
            token = f"doc-{slug}-{digest[:size]}" if slug else f"doc-{digest[:size]}"
            if token not in taken or size >= len(digest):
                break
            size += 4
        out[doc.id] = token
        taken.add(token)
    return out


@dataclass(frozen=True)
class SourceRef:
    """A document cited for a sentence, as the renderers show it."""

    id: str
    outlet: str | None
    title: str | None
    duplicate_of: str | None  # set when this document is a copy of another
    known: bool  # False when the id is not among ``story.documents``


@dataclass(frozen=True)
class Line:
    """One summary sentence of an event with the documents it came from."""

    sentence: str
    sources: tuple[SourceRef, ...]
    attributed: bool  # False: no evidence matched, ``sources`` are the event's sources


class Sources:
    """Looks up the documents an event cites."""

    def __init__(self, story: Story) -> None:
        self.docs: dict[str, Document] = {}
        for doc in story.documents:
            self.docs.setdefault(doc.id, doc)

    def ref(self, doc_id: str) -> SourceRef:
        doc = self.docs.get(doc_id)
        if doc is None:
            return SourceRef(doc_id, None, None, None, False)
        return SourceRef(doc_id, doc.outlet, doc.title, doc.duplicate_of, True)

    def lines(self, event: Event) -> tuple[list[Line], list[SourceRef]]:
        """Each summary sentence with the documents of its evidence, and event sources
        that no sentence's evidence names (``Evidence.line`` says which sentence a span backs)."""
        cited: dict[str, None] = {}
        lines: list[Line] = []
        for index, sentence in enumerate(event.summary):
            ids = list(dict.fromkeys(ev.document for ev in event.evidence if ev.line == index))
            attributed = bool(ids)
            if not attributed:
                ids = list(dict.fromkeys(event.sources))
            cited.update(dict.fromkeys(ids))
            lines.append(Line(sentence, tuple(self.ref(i) for i in ids), attributed))
        others = [self.ref(s) for s in dict.fromkeys(event.sources) if s not in cited]
        return lines, others


def support(event: Event) -> str:
    """ "4 reports, 2 independent sources (BBC, Reuters)": reprints and wire copies count once."""
    reports = plural(len(set(event.sources)), "report")
    if not event.independent:
        return reports
    names = ", ".join(one_line(name) for name in event.independent)
    return f"{reports}, {plural(len(event.independent), 'independent source')} ({names})"


def published_label(doc) -> str | None:
    """ "2012-03-14", or "2012-03-14 (inferred)" when the corpus gave the date."""
    if not doc.published:
        return None
    return f"{doc.published} (inferred)" if doc.published_inferred else doc.published


def date_evidence(doc) -> str | None:
    """The date's evidence, and for an undated document the bounds the corpus supports."""
    parts = [doc.published_evidence] if doc.published_evidence else []
    if doc.published_bounds is not None:
        parts += list(doc.published_bounds.evidence)
    return "; ".join(parts) or None


def by_speaker(quotes) -> list[tuple[str | None, list]]:
    """Quotes grouped by speaker, the most quoted first, unresolved ones last; each
    group in date order (undated last)."""
    groups: dict[str | None, list] = {}
    for q in quotes:
        groups.setdefault(q.speaker, []).append(q)
    order = sorted(groups, key=lambda s: (s is None, -len(groups[s]), s or ""))
    return [(s, sorted(groups[s], key=lambda q: (said_day(q) is None, said_day(q) or "", q.documents))) for s in order]


def said_day(quote) -> str | None:
    """The day a quote was said (its reporting clause, else its article), or its
    earliest publication day for a quote read from an older timeline.json."""
    return quote.said_on or quote.date


def said_by(quote) -> str:
    """For a quote whose speaker is not established, the words that stand for them in
    its first appearance that has some ("a senior official"), else ""."""
    if quote.speaker:
        return ""
    return next((a.said_by for a in quote.appearances if a.said_by), "")


def ledger_rows(series) -> list[tuple[str | None, str, list[str], list[str]]]:
    """A series' claims as rows: one per (as-of date, figure), with every source that
    gives it and every document that reports it, in the series' order."""
    rows: dict[tuple[str | None, str], tuple[list[str], list[str]]] = {}
    for c in series.claims:
        sources, docs = rows.setdefault((c.date, c.describe()), ([], []))
        if c.attributed_to and c.attributed_to.lower() not in (x.lower() for x in sources):
            sources.append(c.attributed_to)
        if c.document not in docs:
            docs.append(c.document)
    return [(date, figure, sources, docs) for (date, figure), (sources, docs) in rows.items()]


SKIPS_SHOWN = 100  # skipped inputs a report lists one by one; the rest are counted by reason


def shown_skips(rejected: list) -> tuple[list, list[tuple[str, int]]]:
    """The skipped inputs a report lists, and the others counted by kind of reason (a pile
    of a million bad records must not make a report of a million lines; the JSON has them all)."""
    rest = rejected[SKIPS_SHOWN:]
    return rejected[:SKIPS_SHOWN], list(count_by_kind(r.reason for r in rest).items())


# --------------------------------------------------------------------------- pages and links

DOCUMENTS_DIR = "documents"  # one page per document: documents/<anchor>.html
COMPANION_PAGES = ("documents.html", "quotes.html", "positions.html", "figures.html")  # beside timeline.html

_URL_BAD = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"'`]")


def web_url(url: str | None) -> str | None:
    """``url`` when it is a well-formed http(s) address a report may link to, else None.

    Any other scheme (``javascript:``, ``data:``, ``file:``), a missing host, user
    credentials (``https://bank.example@evil.example/``), whitespace, control characters,
    quotes or angle brackets make it text only."""
    if not url or len(url) > 2048 or _URL_BAD.search(url):
        return None
    try:
        parts = urlsplit(url)
        if parts.port == 0:  # .port raises ValueError for a port that is not a number in range
            return None
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def document_page(anchor: str) -> str:
    """Where a document's own page is, relative to its story's folder."""
    return f"{DOCUMENTS_DIR}/{anchor}.html"


def span_id(span: tuple[int, int]) -> str:
    """The HTML id of a highlighted evidence span on its document's page."""
    return f"span-{span[0]}-{span[1]}"


def evidence_spans(story: Story) -> dict[str, list[tuple[int, int]]]:
    """Per document, the evidence spans the timeline uses that match its text, sorted and
    merged where they overlap or touch (one highlighted run each)."""
    docs: dict[str, Document] = {}
    for doc in story.documents:
        docs.setdefault(doc.id, doc)
    found: dict[str, list[tuple[int, int]]] = {}
    for event in story.events:
        for ev in event.evidence:
            doc = docs.get(ev.document)
            if doc and 0 <= ev.start < ev.end <= len(doc.text) and doc.text[ev.start : ev.end] == ev.sentence:
                found.setdefault(doc.id, []).append((ev.start, ev.end))
    merged: dict[str, list[tuple[int, int]]] = {}
    for doc_id, spans in found.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
        merged[doc_id] = out
    return merged


def span_of(spans: dict[str, list[tuple[int, int]]], ev: Evidence) -> tuple[int, int] | None:
    """The highlighted run that holds ``ev`` on its document's page (None when its offsets
    do not match the text)."""
    for start, end in spans.get(ev.document, ()):
        if start <= ev.start and ev.end <= end:
            return (start, end)
    return None


def dated_by(event: Event, index: int) -> list[tuple[str, list[Evidence]]]:
    """Why line ``index`` of ``event`` has its date: each distinct ``Evidence.dated_by`` of
    the line's evidence with the evidence that gives it, in evidence order."""
    notes: dict[str, list[Evidence]] = {}
    for ev in event.evidence:
        if ev.line == index and one_line(ev.dated_by):
            notes.setdefault(one_line(ev.dated_by), []).append(ev)
    return list(notes.items())


# Timeline filters offer a person only when the sources make them matter: named at
# least FILTER_MENTIONS times across at least FILTER_DOCUMENTS documents (a name one
# article drops once is not a thread a reader follows), and named in a timeline event.
FILTER_MENTIONS = 3
FILTER_DOCUMENTS = 2


def notable(entity) -> bool:
    """True when ``entity`` (a CanonicalEntity) is named often enough to filter by."""
    return entity.mentions >= FILTER_MENTIONS and len(set(entity.documents)) >= FILTER_DOCUMENTS
