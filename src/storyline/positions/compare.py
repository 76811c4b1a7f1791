"""How two statements of one speaker stand to each other: :func:`relate` says "shift",
"reiteration", "unrelated" or "unsure", and why, in the words that changed.

The rules are an editor's, applied to the two readings (:mod:`storyline.positions.reading`),
in this order:

- **one question**: the statements share two content words (after stop words, under one
  key for synonyms and word forms: "authorities"/"government", "hiring"/"hire"), or one
  when a statement has no more than four, or they name opposite orders of moving
  ("simultaneous" against "the first step"); else "unrelated";
- **shift**, on one question: a word a main clause asserts in both is negated in one and
  not the other, the statements' overall sense flips with it, and it is one claim (same
  act, same actor, same object: "we will support" → "we will not support", "a deal is
  possible" → "impossible", "no evidence that its site was the source" → "its plant was
  the source"); opposites stand in its place ("support" → "oppose", "simultaneous" →
  "first"), said of one thing and both asserted; a modal verb changes ("must" →
  "should"; "will" is left out, it tells the future); the speaker says it changed
  ("changed my mind", "reconsidered"); a position held open
  ("too early to say") or a condition ("only when" → "without preconditions") appears or
  goes; a calendar date moves ("by the summer" → "next spring"; "autumn" → "October" is
  made precise, not moved); the same act gets another actor ("both sides must stop" →
  "the government must stop");
- **reiteration**: the same claim again: most content words shared both ways, what each
  main clause asserts found in the other, nothing of the above, no figure that differs,
  no "not" more in one than in the other;
- anything else on one question is "unsure", never marked: precision first.

Measured with ``storyline eval positions --data benchmarks/positions``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from storyline.positions.changes import HEDGE_WORDS, asks_of, held_open, moved_date, on_one_thing, one_act, turned
from storyline.positions.reading import Reading, read_all
from storyline.positions.syntax import Term
from storyline.positions.words import CHANGE_CUES, ORDER, antonym_of

__all__ = ["Relation", "Said", "compare", "relate", "when"]

MAX_DEPTH = 2  # a negation flip counts in the main clauses only (at most this many verbs above its own)
GATE_SMALL = 4  # one shared word is enough when a statement has no more content words than this ...
SHIFT_SMALL = 4  # ... likewise for a shift on one shared word (2 when strict: see compare)
CUES = True  # a later statement that says it changed ("changed my mind") on the same question is a shift
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class Said:
    """One statement as the comparison reads it: ``text`` the words said (the quote, or
    the reported content), ``context`` the whole sentence around it ("" if unknown)."""

    text: str
    speaker: str | None
    said_on: str | None = None  # YYYY-MM-DD
    direct: bool = True
    context: str = ""


@dataclass(frozen=True)
class Relation:
    """``kind``: "shift", "reiteration", "unrelated" or "unsure"; ``why``: a reader's
    sentence naming the words that changed; ``changed``: those words."""

    kind: str
    why: str
    changed: tuple[str, ...] = ()


def relate(earlier: Said, later: Said) -> Relation:
    """How ``later`` stands to ``earlier``, two statements of one speaker."""
    a, b, ca, cb = read_all([earlier.text, later.text, earlier.context, later.context])
    return compare(earlier, later, a, b, ca.keys, cb.keys)


def compare(earlier: Said, later: Said, a: Reading, b: Reading, context_a: Collection[str] = (),
            context_b: Collection[str] = (), common: Collection[str] = (), strict: bool = False) -> Relation:
    """:func:`relate` on readings already made; ``common``: words too frequent in the
    story to tell its questions apart (left out of the shared words); ``strict``: one
    shared word is enough only when a statement has no more than two (a speaker with forty
    statements has 780 pairs of them: one word in common is chance more often)."""
    small_enough = 2 if strict else SHIFT_SMALL
    b = _aligned(a, b)
    ignored = set(common) | _name_words(earlier.speaker) | _name_words(later.speaker)
    ka, kb = a.keys - ignored, b.keys - ignored
    shared = _shared(a, b, ka, kb)
    opposites = [(x, y) for x in sorted(ka - set(shared)) for y in sorted(kb - set(shared)) if antonym_of(x, y)]
    small = min(len(ka), len(kb))
    extra = len((set(context_a) & set(context_b)) - ignored - set(shared)) if context_a and context_b else 0
    ordered = any(x in ORDER and y in ORDER and _orders(a, x) and _orders(b, y) for x, y in opposites)
    if not (len(shared) >= 2 or (shared and (small <= min(GATE_SMALL, small_enough) or opposites or extra >= 3))
            or ordered):
        return Relation("unrelated", f"no words in common with {_dated(earlier)}" if not shared else
                        f"only '{shared[0]}' in common with {_dated(earlier)}")
    names = {t.key for t in (*a.terms, *b.terms) if t.proper}
    if shared and not opposites and all(k in names for k in shared):  # "Port-au-Prince" is not a question
        return Relation("unrelated", f"only names in common with {_dated(earlier)} ({', '.join(shared[:3])})")
    change = _change(earlier, later, a, b, shared, opposites, frozenset(ignored), strict)
    if change is not None and (len(shared) + len(opposites) >= 2 or small <= small_enough):
        return change
    if change is None and _same_claim(a, b, ka, kb, shared):
        pa, pb = _phrases(a, b, shared[0])
        terms = ", ".join(f"'{k}'" for k in shared[:4])
        return Relation("reiteration", f"repeats {_quoted(pa, earlier)} in {_quoted(pb, later)}: the same {terms}")
    reason = "a figure differs" if a.numbers and b.numbers and a.numbers != b.numbers else "no change found for sure"
    return Relation("unsure", f"same question as {_dated(earlier)} ({', '.join(shared[:3]) or 'by context'}); {reason}")


def _aligned(a: Reading, b: Reading) -> Reading:
    """``b`` with each word that is a form of one of ``a``'s under ``a``'s word ("hiring"
    → "hire", "withdrawals" → "withdrawal", "notes" → "banknote")."""
    keys = a.keys
    ordered, stems = _stems(keys)
    names = {}
    for key in b.keys - keys:
        found = stems.get(stem(key)) or next((k for k in ordered if len(key) >= 4 and k.endswith(key)
                                              or len(k) >= 4 and key.endswith(k)), None)
        if found:
            names[key] = found
    if not names:
        return b
    return replace(b, terms=tuple(replace(t, key=names.get(t.key, t.key)) for t in b.terms))


@functools.lru_cache(maxsize=4096)
def _stems(keys: frozenset[str]) -> tuple[tuple[str, ...], dict[str, str]]:
    """A statement's keys in order, and the first key of each stem (read-only)."""
    ordered = tuple(sorted(keys))
    stems: dict[str, str] = {}
    for key in ordered:
        stems.setdefault(stem(key), key)
    return ordered, stems


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word without its inflection or a common suffix ("hiring", "hire" → "hir")."""
    for suffix in ("ings", "ing", "ments", "ment", "als", "al", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix in ("ing", "ed") else 4):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _shared(a: Reading, b: Reading, ka: frozenset[str], kb: frozenset[str]) -> list[str]:
    """The keys both use, most telling first (verbs, then in ``a``'s order); a word with a
    negating prefix counts as its bare word ("impossible" shares "possible")."""
    found = [t.key if t.key in kb else t.bare for t in a.terms if t.key in kb or (t.bare and t.bare in kb)]
    found += [t.bare for t in b.terms if t.bare and t.bare in ka and t.key not in ka]
    keys = list(dict.fromkeys(found))
    verbs = {t.key for t in a.terms if t.verb}
    return sorted(keys, key=lambda k: (k not in verbs, keys.index(k)))


def _polarity(terms: list[Term], key: str) -> tuple[bool, Term | None, str]:
    """Whether ``key`` is negated in a statement (every use of it a main clause asserts),
    its first such use, and the negating word (a prefix counts: "impossible" is "possible"
    negated)."""
    found = [(t, t.negated != bool(t.bare and t.bare == key)) for t in terms
             if (t.key == key or t.bare == key) and t.main]
    if not found:
        return False, None, ""
    negated = all(n for _, n in found)
    first = found[0][0]
    word = first.negator or (first.word if first.bare else "")
    return negated, first, word


def _act(reading: Reading, term: Term) -> Term:
    """The verb a word's clause says of it ("the port authority will not be paying": the
    "paying" of "port"), else the word itself."""
    return next((t for t in reading.terms if t.verb and t.key == term.predicate), term)


def _one_claim(ta: Term, tb: Term, negated_a: bool, strict: bool = False) -> bool:
    """Whether two uses of a word are one claim, one side negated: the same act said of
    the same actor ("we will support" / "we will not support"), or the thing itself
    judged, against the act itself ("the hiring plan is on hold" against "we will hire").
    ``strict`` (in a story): when either says what the act is of, both must share it
    ("paid out on 2,500 claims" / "will not be paying dividends" are not one claim)."""
    if ta.actor and tb.actor and ta.actor != tb.actor:
        return False
    if (ta if negated_a else tb).again and not (tb if negated_a else ta).modal:
        return False  # "had spoken to him" / "will not speak to him again": what was done is not undone
    if (ta.subject or tb.subject) and ta.subject != tb.subject and "@it" in (ta.subject, tb.subject) or \
            ta.subject and tb.subject and ta.subject != tb.subject:
        return False  # "the relief wells will be finished" / "the job is not finished"; "the valve is working" / "it was not"
    said_of = (ta.objects or tb.objects) if strict else (ta.objects and tb.objects)
    if said_of and not ta.objects & tb.objects - {"@figure"}:
        return False  # "did not expect that" against "expected the rest of the city to"
    negated, other = (ta, tb) if negated_a else (tb, ta)
    if ta.predicate and ta.predicate == tb.predicate:
        return True
    return negated.judged and (other.verb or other.predicate == "@exists")  # "hiring is on hold" / "we will hire"


def _change(earlier: Said, later: Said, a: Reading, b: Reading, shared: list[str],
            opposites: list[tuple[str, str]], ignored: frozenset[str] = frozenset(), strict: bool = False
            ) -> Relation | None:
    """The first change between the statements, in the order negation, opposites, modal
    verb, actor; None when none is found. ``strict``: opposites count only when their
    clauses have one subject and share what they act on ("it started to siphon oil" / "the
    oil has stopped leaking" are not one act)."""
    for key in shared:
        neg_a, ta, word_a = _polarity(list(a.terms), key)
        neg_b, tb, word_b = _polarity(list(b.terms), key)
        if ta is not None and tb is not None and neg_a != neg_b and max(ta.depth, tb.depth) <= MAX_DEPTH and \
                len(a.negatives) % 2 != len(b.negatives) % 2 and _one_claim(ta, tb, neg_a) and \
                (not strict or _one_claim(_act(a, ta), _act(b, tb), neg_a, strict=True)) and not turned(a, b):
            what = f"'{tb.word}': '{word_b}' now, not before" if neg_b else f"'{ta.word}': '{word_a}' before, not now"
            changed = (word_a or word_b, (tb if neg_b else ta).word)
            return _shifted(what, a.quote(ta), b.quote(tb), earlier, later, changed)
    for x, y in opposites:
        ta, tb = a.with_key(x)[0], b.with_key(y)[0]
        if x in ORDER and not (_orders(a, x) and _orders(b, y)):
            continue
        one_thing = {k[2:] for k in ta.about & tb.about} - ignored - {"@figure"}
        if x not in ORDER and not (one_thing and ta.main and tb.main):
            continue  # said of different things ("continue drilling", "stop the leak"), or not asserted
        if strict and x not in ORDER and (ta.subject != tb.subject or (ta.objects or tb.objects)
                                          and not ta.objects & tb.objects - {"@figure"}):
            continue  # one act of one actor: "it cut a pipe" / "hopes are rising" are not
        if ta.negated == tb.negated:
            return _shifted(f"'{ta.word}' → '{tb.word}'", a.quote(ta), b.quote(tb), earlier, later,
                            (ta.word, tb.word))
    for key in shared:
        ta, tb = a.with_key(key)[:1], b.with_key(key)[:1]
        if ta and tb and ta[0].verb and tb[0].verb and ta[0].modal and tb[0].modal and ta[0].modal != tb[0].modal and "will" not in (
                ta[0].modal, tb[0].modal) and ta[0].subject == tb[0].subject:  # "will" tells the future more often than it commits;
            # "Gaddafi could be investigated" / "the crimes had to be investigated" are said of two things
            m_a, m_b = ta[0].modal_word, tb[0].modal_word
            return _shifted(f"'{m_a}' → '{m_b}'", a.quote(ta[0]), b.quote(tb[0]), earlier, later, (m_a, m_b))
    cue = next((c for c in CHANGE_CUES if re.search(rf"\b{re.escape(c)}\b", b.text.lower())), "")
    if CUES and cue and not re.search(rf"\b{re.escape(cue)}\b", a.text.lower()):
        pa, pb = _phrases(a, b, shared[0]) if shared else (a.text, b.text)
        return _shifted(f"says it changed: '{cue}'", pa, pb, earlier, later, (cue,))
    held = held_open(a, b)
    if held and on_one_thing(a, b, shared) and asks_of(a, b, ignored):
        return _shifted(held[0], a.text, b.text, earlier, later, held[1])
    moved = moved_date(a, b)
    if moved and not (a.numbers and b.numbers and a.numbers != b.numbers) and on_one_thing(a, b, shared) and \
            one_act(a, b, shared):
        # two figures for two months are two reports, not a date moved ("fell 4 percent in August" / "0.3 percent in September")
        return _shifted(f"the date moved: '{moved[0]}' → '{moved[1]}'", a.text, b.text, earlier, later, moved)
    for key in shared:
        ta, tb = a.with_key(key)[:1], b.with_key(key)[:1]
        if ta and tb and ta[0].verb and ta[0].subject and tb[0].subject and ta[0].subject != tb[0].subject and \
                "both" in (ta[0].subject, tb[0].subject):  # together, or one side: "both sides" → "the army"
            return _shifted(f"who acts: '{ta[0].subject}' → '{tb[0].subject}'", a.quote(ta[0]), b.quote(tb[0]),
                            earlier, later, (ta[0].subject, tb[0].subject))
    return None


def _orders(reading: Reading, key: str) -> bool:
    return any(t.ordering for t in reading.with_key(key))


def _same_claim(a: Reading, b: Reading, ka: frozenset[str], kb: frozenset[str], shared: list[str]) -> bool:
    """Most content words shared both ways, no figure that differs."""
    if a.numbers != b.numbers and a.numbers and b.numbers:
        return False
    if len(a.negatives) % 2 != len(b.negatives) % 2:
        return False  # one says "not" once more: "backs the plan" is not "opposes the plan"
    if not ka or not kb:
        return False
    both = len(shared)
    if not (both >= 2 and both / min(len(ka), len(kb)) >= 0.6 and both / len(ka | kb) >= 0.35):
        return False
    return _asserted(a, kb) and _asserted(b, ka)


def _asserted(reading: Reading, other: frozenset[str]) -> bool:
    """Whether at least half of what a statement's main clause asserts is in the other
    ("the bridge opens" said in passing is not "the bridge will open")."""
    main = {t.key for t in reading.terms if t.main}
    return not main or len(main & other) * 2 >= len(main)


def _shifted(what: str, phrase_a: str, phrase_b: str, earlier: Said, later: Said,
             changed: tuple[str, ...]) -> Relation:
    why = f"{_quoted(phrase_a, earlier)} → {_quoted(phrase_b, later)}: {what}"
    return Relation("shift", why, tuple(dict.fromkeys(w for w in changed if w)))


def _phrases(a: Reading, b: Reading, key: str) -> tuple[str, str]:
    return a.quote(a.with_key(key)[0]), b.quote(b.with_key(key)[0])


def _quoted(phrase: str, said: Said) -> str:
    return f"'{phrase}' ({when(said.said_on)})"


def _dated(said: Said) -> str:
    return f"the statement of {when(said.said_on)}"


def when(day: str | None) -> str:
    """"13 March 2012" for "2012-03-13"; "undated" for None."""
    if not day:
        return "undated"
    try:
        year, month, date = day.split("-")
        return f"{int(date)} {_MONTHS[int(month) - 1]} {year}"
    except (ValueError, IndexError):
        return day


def _name_words(speaker: str | None) -> set[str]:
    return {w.lower() for w in (speaker or "").replace(".", " ").split()}
