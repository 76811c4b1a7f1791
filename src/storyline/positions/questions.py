"""Each speaker's statements grouped by question, in the order they were said, with the
shifts and reiterations between them marked: :func:`find_positions`.

Statements of one speaker are joined when :func:`~storyline.positions.compare.compare`
finds a shift or a reiteration between them, or when they share enough words (two, and
a fifth of all); a group is the connected statements. Each later statement is marked
against the nearest earlier one it shifts from or reiterates; two statements said on one
day are never marked against each other (one speech does not shift itself; one statement
reported twice does not reiterate itself). A group is kept when it has a mark or at least
three statements, so that forty quotes do not make forty positions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.model import Mark, Position, SharedQuote, Statement, Story
from storyline.positions.compare import Relation, Said, compare
from storyline.positions.reading import Reading, read_all

__all__ = ["find_positions", "statements_of"]

MIN_STATEMENTS = 3  # a group without a mark is kept from this many statements
COMMON_SHARE = 0.15  # a word in this share of the story's statements names no question ...
COMMON_FROM = 12  # ... when it has at least this many
MAX_TERMS = 6
LINK_SHARE = 0.2  # close statements share this part of their words (see _close)


def find_positions(story: Story) -> list[Position]:
    """Every speaker's positions in ``story``: groups of their statements on one
    question, ordered by the day said, shifts and reiterations marked. Quotes with no
    speaker are left out. Deterministic: the same story gives the same positions."""
    statements = statements_of(story)
    spoken = Counter(s.speaker for s in statements)
    # the sentence around a statement is read only when its speaker said something else
    contexts = [c if spoken[s.speaker] > 1 else "" for s, c in zip(statements, _contexts(story, statements))]
    readings = read_all([s.text for s in statements] + contexts)
    reading = dict(zip([s.text for s in statements], readings))
    context_keys = [r.keys for r in readings[len(statements):]]
    common = _common([reading[s.text] for s in statements])
    by_speaker: dict[str, list[int]] = {}
    for i, statement in enumerate(statements):
        by_speaker.setdefault(statement.speaker, []).append(i)
    positions: list[Position] = []
    for speaker in sorted(by_speaker):
        own = by_speaker[speaker]
        said = [_said(statements[i], contexts[i]) for i in own]
        texts = [reading[statements[i].text] for i in own]
        keys = [context_keys[i] for i in own]
        relations = {(x, y): compare(said[x], said[y], texts[x], texts[y], keys[x], keys[y], common, strict=True)
                     for y in range(len(own)) for x in range(y)}
        ignored = common | {w.lower() for w in speaker.split()}
        links = {pair for pair, r in relations.items()
                 if r.kind in ("shift", "reiteration") or _close(texts[pair[0]], texts[pair[1]], ignored)}
        for group in _groups(len(own), links):
            position = _position([statements[own[i]] for i in group], [texts[i] for i in group],
                                 {(group.index(x), group.index(y)): r for (x, y), r in relations.items()
                                  if x in group and y in group}, common)
            if position.marks or len(position.statements) >= MIN_STATEMENTS:
                positions.append(position)
    return positions


def statements_of(story: Story) -> list[Statement]:
    """The story's quotes with a speaker as statements, ordered by the day said (undated
    last), then text: dated by the earliest ``said_on`` of their appearances, else by the
    quote's date (its earliest publication day)."""
    found = [_statement(i, quote) for i, quote in enumerate(story.quotes) if quote.speaker]
    return sorted(found, key=lambda s: (s.said_on is None, s.said_on or "", s.text, s.quote))


def _statement(index: int, quote: SharedQuote) -> Statement:
    dated = sorted((q.said_on, q.document, q.start) for q in quote.appearances if q.said_on)
    if dated:
        said_on, document, start = dated[0]
        first = next(q for q in quote.appearances if (q.document, q.start) == (document, start))
        evidence = first.said_on_evidence or "the reporting clause"
    else:
        first = min(quote.appearances, key=lambda q: (q.document, q.start)) if quote.appearances else None
        said_on = quote.date
        evidence = "the earliest publication day of the quote's documents" if said_on else ""
    document, start, end = (first.document, first.start, first.end) if first else ("", 0, 0)
    return Statement(index, quote.text, quote.speaker or "", said_on, evidence, document, start, end, quote.direct)


def _contexts(story: Story, statements: Sequence[Statement]) -> list[str]:
    """The sentence around each statement in its document ("" when not found)."""
    docs = {d.id: d for d in story.documents}
    found = []
    for s in statements:
        doc = docs.get(s.document)
        sentence = next((x for x in (doc.sentences if doc else ()) if x.start <= s.start < x.end), None)
        found.append(doc.text[sentence.start:max(sentence.end, s.end)] if doc and sentence else "")
    return found


def _said(statement: Statement, context: str) -> Said:
    return Said(statement.text, statement.speaker, statement.said_on, statement.direct, context)


def _common(readings: Sequence[Reading]) -> frozenset[str]:
    """Words used by at least ``COMMON_SHARE`` of the story's statements (from
    ``COMMON_FROM`` on): a story about Syria says "Syria" in everything."""
    if len(readings) < COMMON_FROM:
        return frozenset()
    counts = Counter(k for r in readings for k in r.keys)
    return frozenset(k for k, n in counts.items() if n >= COMMON_SHARE * len(readings))


def _close(a: Reading, b: Reading, ignored: frozenset[str]) -> bool:
    """Two statements close enough to put on one question: at least two content words in
    common, and a fifth of all their words (a word of a shift or a reiteration is enough
    on its own: see :func:`find_positions`)."""
    ka, kb = a.keys - ignored, b.keys - ignored
    both = len(ka & kb)
    return both >= 2 and both >= LINK_SHARE * len(ka | kb)


def _groups(count: int, links: set[tuple[int, int]]) -> list[list[int]]:
    """The connected statements (by shift, reiteration or close words), each in order."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, y in sorted(links):
        parent[max(root(x), root(y))] = min(root(x), root(y))
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return [g for _, g in sorted(groups.items()) if len(g) >= 2]


def _position(statements: list[Statement], readings: list[Reading], relations: dict[tuple[int, int], Relation],
              common: frozenset[str]) -> Position:
    marks = []
    for later in range(1, len(statements)):
        for earlier in range(later - 1, -1, -1):
            relation = relations[(earlier, later)]
            if relation.kind in ("shift", "reiteration") and not _one_speech(statements[earlier], statements[later]):
                marks.append(Mark(relation.kind, earlier, later, relation.why, relation.changed))
                break
    terms = _terms(readings, common)
    question = ", ".join(terms[:3]) if terms else statements[0].text[:60]
    return Position(statements[0].speaker, question, terms, tuple(statements), tuple(marks))


def _one_speech(a: Statement, b: Statement) -> bool:
    """Two statements said on one day (or undated, in one document): never marked, for
    they are one speech, or one statement reported twice."""
    return (a.said_on is not None and a.said_on == b.said_on) or (a.document == b.document and a.said_on == b.said_on)


def _terms(readings: Sequence[Reading], common: frozenset[str]) -> tuple[str, ...]:
    """The words the group's statements share, most shared first (then alphabetical);
    parts of names ("au" of "Port-au-Prince") only when nothing else is shared."""
    names = {t.key for r in readings for t in r.terms if t.proper}
    counts = Counter(k for r in readings for k in r.keys if k not in common)
    if any(n >= 2 and k not in names for k, n in counts.items()):
        counts = Counter({k: n for k, n in counts.items() if k not in names})
    shared = sorted((k for k, n in counts.items() if n >= 2), key=lambda k: (-counts[k], k))
    return tuple(shared[:MAX_TERMS])
