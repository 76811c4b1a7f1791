"""The changes a later statement makes to an earlier one that are read from the whole
statement rather than from one word: a position held open or taken ("too early to say" →
"wrong to blame only BP"), a condition dropped or set, a date moved; and the guards that
keep them to one question ("too early to say *who is at fault*" asks what "absolutely
responsible" answers; a figure for August and one for September are two reports), and a
negation turned around by a second word ("not ... off the table" / "on the table")."""

from __future__ import annotations

import re

from storyline.positions.reading import Reading, read_all
from storyline.positions.words import CONDITIONS, HEDGES, UNCONDITIONAL

__all__ = ["HEDGE_WORDS", "asks_of", "held_open", "moved_date", "on_one_thing", "one_act", "phrase_in", "turned",
           "within"]

# the words of a hedge ("too early to say", "not possible to say"), and "simply" and "just"
# which often go with it: sharing only these is not being about one thing
HEDGE_WORDS = frozenset(w for hedge in HEDGES for w in hedge.split()) | {"simply", "just", "unclear", "possible"}
_SEASONS = {"spring": ("march", "april", "may"), "summer": ("june", "july", "august"),
            "autumn": ("september", "october", "november"), "fall": ("september", "october", "november"),
            "winter": ("december", "january", "february")}

# words that turn a phrase around, so that a "not" with one says what the other says
# ("not taking any options off the table" / "all options are on the table")
_TURNED = (("off", "on"), ("out", "in"), ("without", "with"), ("against", "for"))


def turned(a: Reading, b: Reading) -> bool:
    """Whether one statement has a word of a turning pair and the other the other word,
    and not both of either: a second change that undoes the negation's."""
    wa, wb = set(re.findall(r"[a-z]+", a.text.lower())), set(re.findall(r"[a-z]+", b.text.lower()))
    return any((x in wa and y in wb and x not in wb and y not in wa) or (y in wa and x in wb and y not in wb and x not in wa)
               for x, y in _TURNED)


def held_open(a: Reading, b: Reading) -> tuple[str, tuple[str, ...]] | None:
    """A position held open in one statement and not the other ("too early to say"), or
    a condition dropped or set ("only when" → "without preconditions")."""
    hedge_a, hedge_b = phrase_in(a.text, HEDGES), phrase_in(b.text, HEDGES)
    if bool(hedge_a) != bool(hedge_b):
        return ("no longer held open", (hedge_a,)) if hedge_a else ("held open now", (hedge_b,))
    cond_a, cond_b = phrase_in(a.text, CONDITIONS), phrase_in(b.text, CONDITIONS)
    free_a, free_b = phrase_in(a.text, UNCONDITIONAL), phrase_in(b.text, UNCONDITIONAL)
    if cond_a and free_b and not cond_b:
        return f"the condition dropped: '{cond_a}' → '{free_b}'", (cond_a, free_b)
    if free_a and cond_b and not free_a == cond_b:
        return f"a condition set: '{free_a}' → '{cond_b}'", (free_a, cond_b)
    return None


def phrase_in(text: str, phrases: tuple[str, ...]) -> str:
    lowered = " ".join(text.lower().replace("’", "'").split())
    return next((p for p in phrases if re.search(rf"\b{re.escape(p)}\b", lowered)), "")


def moved_date(a: Reading, b: Reading) -> tuple[str, str] | None:
    """The first date only the earlier statement names and the first only the later one
    does, when both name one ("by the summer" → "next spring")."""
    only_a = [d for d in a.dates if d not in b.dates]
    only_b = [d for d in b.dates if d not in a.dates]
    if not (only_a and only_b) or within(only_a[0], only_b[0]) or within(only_b[0], only_a[0]):
        return None
    return only_a[0], only_b[0]


def within(season: str, month: str) -> bool:
    """Whether a date names a month of the season another names ("October" of "autumn"),
    or says all the other says ("February 2011" of "2011"): a date made precise, not moved."""
    words = set(season.split())
    if words <= set(month.split()):
        return True
    return any(m in month.split() for s, months in _SEASONS.items() if s in words for m in months)


def one_act(a: Reading, b: Reading, shared: list[str]) -> bool:
    """Whether two dated statements can be of one act: a verb in common, or one subject of
    their main verbs ("the bridge will be finished by the summer" / "the bridge will now
    open next spring"; not "the well had been completed" / "modifications were done")."""
    if any(t.verb for key in shared for t in (*a.with_key(key)[:1], *b.with_key(key)[:1])):
        return True
    subjects = [{t.subject for t in r.terms if t.verb and t.main and t.subject and t.subject != "@it"} for r in (a, b)]
    return any(x == y or (min(len(x), len(y)) >= 4 and (x.endswith(y) or y.endswith(x)))  # "banknotes" / "notes"
               for x in subjects[0] for y in subjects[1])


def asks_of(a: Reading, b: Reading, ignored: frozenset[str] = frozenset()) -> bool:
    """Whether the statement that holds a question open ("too early to say *who is at
    fault*") asks what the other one answers: a content word of the words after the hedge
    in the other ("absolutely responsible": the fault, blame); true when nothing follows it."""
    hedged, other = (a, b) if phrase_in(a.text, HEDGES) else (b, a)
    spaced = " ".join(hedged.text.replace("’", "'").split())  # as written: names keep their capitals
    hedge = phrase_in(hedged.text, HEDGES)
    found = re.search(re.escape(hedge), spaced, re.IGNORECASE) if hedge else None
    rest = spaced[found.end():] if found else ""
    rest = re.split(r",|;| - | \u2013 |\b(?:after|because|since|when|while|as)\b", rest)[0]  # the question, not its setting
    if any(t.main and t.modal == "can" for t in other.terms if t.verb):
        return False  # "a blowout could yield 162,000 barrels": nothing firm to hold open or to reach
    if len(rest.split()) < 2:
        return True
    reading = read_all([rest])[0]
    # not the story's everyday words ("flu", "virus" in a flu story): "too early to assess the threat
    # posed by the new flu virus" is not answered by "most of those in hospital were younger"
    asked = reading.keys - HEDGE_WORDS - _PRO_FORMS - ignored - {t.key for t in reading.terms if t.proper}
    if not asked:
        return True  # "whether that would happen": asked before the hedge
    # what the other statement says of its thing must be what is asked: "absolutely responsible"
    # answers "who is at fault"; "most of those in hospital were younger" does not answer "the threat"
    said = {t.predicate for t in other.terms if t.main and t.predicate} | {t.key for t in other.terms if t.main and t.verb}
    return bool(asked & said)


_PRO_FORMS = frozenset({"happen", "occur", "mean", "lead", "come", "go", "turn", "end", "result"})


def on_one_thing(a: Reading, b: Reading, shared: list[str]) -> bool:
    """Whether two statements are said of one thing, for the changes that read the whole
    statement (held open, a date moved): a content word in common besides the hedge, and
    no two different subjects of the verbs they share."""
    telling = [k for k in shared if k not in HEDGE_WORDS]
    if not telling:
        return False
    for key in telling:
        ta, tb = a.with_key(key), b.with_key(key)
        if ta and tb and ta[0].verb and tb[0].verb and ta[0].subject and tb[0].subject and \
                ta[0].subject != tb[0].subject:
            return False
    return True
