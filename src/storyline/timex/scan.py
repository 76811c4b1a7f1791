"""Fast and exact search for the patterns of the grammar (:mod:`storyline.timex.rules`).

Python's ``re`` skips ahead cheaply only when a pattern starts with a literal character or a
character class; the grammar's patterns start with lookbehinds and optional, case-insensitive
words, so ``finditer`` runs the whole pattern at every position of the text. A
:class:`Scanner` finds the same matches with two prefilters derived from the parsed pattern
(never written by hand, so they follow the grammar when it changes):

* a *scanner* regular expression ``[F](?<=(?=T)(?=(?P<_m>P)).)``: ``[F]`` holds every
  character a match can start with (``re`` scans for it in C), ``T`` is a trie of the
  possible first few characters, and only then is ``P`` itself tried, in a lookahead, at the
  same position (its lookarounds see the same text). The scanner reports every position where
  ``P`` matches; :meth:`Scanner.spans` keeps those ``finditer`` would, the leftmost one not
  overlapping the previous match;
* *required words*: sets of lower-case strings of which every match contains one; a text
  (lower-cased) without any string of a set is not searched at all.

Both only skip positions or texts where the pattern provably cannot match: a prefix set or a
required set may be too large, never too small. A pattern they cannot describe is searched
with plain ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as C  # the parsed form of a pattern (private, so: see _parsed())
from re import _parser

__all__ = ["Scanner", "words_present"]

# The characters that are not ASCII but match an ASCII letter when case is ignored
# ("\u212a" is the Kelvin sign); tests/test_timex_candidates.py checks the list over all of
# Unicode. Their lower-case forms are not ASCII, so a text holding one is never pre-filtered
# by its required words.
CASE_TWINS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_TWIN_CHARS = re.compile("[" + "".join(CASE_TWINS.values()) + "]")
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (C.ASSERT, C.ASSERT_NOT, C.AT)
_ANY = None  # an atom that may be any character
_PREFIX = 6  # how many first characters the trie checks
_CAP = 64  # the most strings a finite language may have before it is given up


class Scanner:
    """One pattern of the grammar, searched fast; ``spans`` equals ``finditer``'s spans."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.group = "x" if "x" in self.pattern.groupindex else 0
        parsed = _parsed(pattern)
        self.scanner = _scanner(pattern, parsed) if parsed is not None else None
        try:
            found = _requirements(parsed.data, parsed.state.flags) if parsed is not None else []
        except Exception:  # anything the analysis does not foresee: no required words
            found = []
        self.required = [_shortest(words) for words in found]

    def may_match(self, present: Callable[[str], bool] | None) -> bool:
        """False when a set of required words has none in the text (``present`` tells)."""
        return present is None or all(any(present(w) for w in words) for words in self.required)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every ``finditer`` match (of group "x" when there is one)."""
        group = self.group
        if self.scanner is None:
            return [m.span(group) for m in self.pattern.finditer(text)]
        out, last = [], 0
        for m in self.scanner.finditer(text):
            start, end = m.span("_m")
            if start >= last:  # finditer goes on searching where its last match ended
                out.append((start, end) if group == 0 else m.span(group))
                last = end
        return out


def words_present(text: str) -> Callable[[str], bool] | None:
    """Whether a lower-case ASCII string occurs in ``text`` ignoring case, or None when that
    cannot be told from ``text.lower()`` (a character of :data:`CASE_TWINS` is in it)."""
    if _TWIN_CHARS.search(text):
        return None
    low, seen = text.lower(), {}

    def present(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            found = seen[word] = word in low
        return found

    return present


def _parsed(pattern: str):
    """The parse tree, or None for what the prefilters do not handle (global flags, group
    references, matches that may be empty)."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # a later Python changed the parser: search plainly
        return None
    if parsed.state.flags & ~C.SRE_FLAG_UNICODE or parsed.getwidth()[0] == 0:
        return None
    if {C.GROUPREF, C.GROUPREF_EXISTS} & set(_operators(parsed)):
        return None  # the scanner's own group would renumber the pattern's groups
    return parsed


def _operators(value):
    """Every operator of a parse tree (or of a value inside one)."""
    if isinstance(value, _parser.SubPattern):
        for op, av in value.data:
            yield op
            yield from _operators(av)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _operators(item)


# --- the first characters: the scanner ---------------------------------------------------


def _scanner(pattern: str, parsed) -> re.Pattern | None:
    try:
        prefixes = {t for t, _ in _sequence(parsed.data, parsed.state.flags)}
        first: set[str] = set()
        for prefix in prefixes:
            if not prefix or prefix[0] is _ANY:
                return None
            first |= prefix[0]
        edge = r"(?<![\w](?s:.))" if _starts_at_word_edge(parsed) else ""
        return re.compile(f"[{''.join(sorted(first))}]{edge}(?<=(?={_trie(prefixes)})(?=(?P<_m>{pattern}))(?s:.))")
    except Exception:  # anything the analysis does not foresee: search plainly
        return None


def _starts_at_word_edge(parsed) -> bool:
    """Whether the pattern begins with ``(?<![\\w])``: the scanner then checks that first."""
    if not parsed.data or parsed.data[0][0] is not C.ASSERT_NOT:
        return False
    direction, body = parsed.data[0][1]
    return direction == -1 and body.data == [(C.IN, [(C.CATEGORY, C.CATEGORY_WORD)])]


def _fold(code: int, ignore_case: bool) -> frozenset[str] | None:
    """The characters (as class members) matching the literal ``code``; None for any."""
    ch = chr(code)
    if not ignore_case or not ch.isalpha():
        return frozenset({re.escape(ch)}) if ch.isascii() or not ignore_case else None
    if not ch.isascii():
        return None
    return frozenset(re.escape(c) for c in {ch.lower(), ch.upper(), *CASE_TWINS.get(ch.lower(), "")})


def _atom(op, av, ignore_case: bool) -> frozenset[str] | None:
    """One character position: the members of a class that holds it, or None (any)."""
    if op is C.LITERAL:
        return _fold(av, ignore_case)
    if op is not C.IN:
        return _ANY
    members: set[str] = set()
    for item_op, item in av:
        if item_op is C.LITERAL:
            found = _fold(item, ignore_case)
        elif item_op is C.RANGE and item[1] - item[0] < 128:
            folds = [_fold(code, ignore_case) for code in range(item[0], item[1] + 1)]
            found = None if None in folds else frozenset().union(*folds)
        elif item_op is C.CATEGORY and item in _CATEGORIES:
            found = frozenset({_CATEGORIES[item]})
        else:  # NEGATE, and anything unforeseen
            found = None
        if found is None:
            return _ANY
        members |= found
    return frozenset(members)


# A prefix set is a set of (atoms, open): a match starts with characters in those atoms;
# "open" when the item may end right there, so that what follows it continues the prefix.


def _concat(left: set, right: set) -> set:
    out = {(t, False) for t, is_open in left if not is_open}
    for t, is_open in left:
        if is_open:
            for u, u_open in right:
                v = t + u
                out.add((v[:_PREFIX], False) if len(v) >= _PREFIX else (v, u_open))
    return out


def _sequence(items, flags: int) -> set:
    prefixes = {((), True)}
    for op, av in items:
        if not any(is_open for _, is_open in prefixes):
            break
        prefixes = _concat(prefixes, _item(op, av, flags))
    return prefixes


def _item(op, av, flags: int) -> set:
    if op in (C.LITERAL, C.IN, C.ANY, C.NOT_LITERAL):
        return {((_atom(op, av, bool(flags & C.SRE_FLAG_IGNORECASE)),), True)}
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return _sequence(sub.data, (flags | add) & ~remove)
    if op is C.ATOMIC_GROUP:
        return _sequence(av.data, flags)
    if op is C.BRANCH:
        return set().union(*(_sequence(branch.data, flags) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(*av, flags)
    if op in _ZERO_WIDTH:  # only narrows what matches
        return {((), True)}
    return {((), False)}  # unforeseen: nothing known beyond this point


def _repeat(low: int, high: int, sub, flags: int) -> set:
    once = _sequence(sub.data, flags)
    out, current, n = set(), {((), True)}, 0
    while True:
        if n >= low:
            out |= current
        if n == high:
            return out
        if not any(is_open for _, is_open in current):  # more repetitions change nothing
            return out | current
        following = _concat(current, once)
        if n >= low and following == current:
            return out
        current, n = following, n + 1
        if n > low + _PREFIX + 1:  # every prefix has its full length by now
            return out | {(t, False) for t, _ in current}


def _trie(prefixes: set) -> str:
    """A regular expression matching the text after any of ``prefixes``."""
    if () in prefixes:
        return ""
    branches: dict = {}
    for prefix in prefixes:
        branches.setdefault(prefix[0], set()).add(prefix[1:])
    alternatives = sorted(_class(atom) + _trie(rest) for atom, rest in branches.items())
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _class(atom: frozenset[str] | None) -> str:
    return "(?s:.)" if atom is _ANY else "[" + "".join(sorted(atom)) + "]"


# --- required words -----------------------------------------------------------------------


def _requirements(items, flags: int) -> list[frozenset[str]]:
    """Sets of lower-case strings: every match holds one string of each set."""
    out: list[frozenset[str]] = []
    run: set[str] = {""}  # what the items since the last unknown one may have matched

    def flush():
        if "" not in run:
            out.append(frozenset(run))

    for op, av in items:
        words = _language(op, av, flags)
        if words is not None and len(run) * len(words) <= _CAP:
            run = {a + b for a in run for b in words}
            continue
        flush()
        if words is not None:
            run = set(words)
            continue
        run = {""}
        out.extend(_item_requirements(op, av, flags))
    flush()
    return out


def _item_requirements(op, av, flags: int) -> list[frozenset[str]]:
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return _requirements(sub.data, (flags | add) & ~remove)
    if op is C.ATOMIC_GROUP:
        return _requirements(av.data, flags)
    if op in _REPEATS and av[0] >= 1:
        return _requirements(av[2].data, flags)
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _requirements(branch.data, flags)
            if not found:
                return []
            union |= max(found, key=lambda words: (min(map(len, words)), -len(words)))
        return [frozenset(union)]
    return []


def _shortest(words: frozenset[str]) -> tuple[str, ...]:
    """``words`` without those that contain another: when none of the rest occurs, none of
    them does."""
    kept: list[str] = []
    for word in sorted(words, key=len):
        if not any(shorter in word for shorter in kept):
            kept.append(word)
    return tuple(kept)


def _language(op, av, flags: int) -> frozenset[str] | None:
    """The few lower-case ASCII strings an item can match, or None (many, or unknown)."""
    if op is C.LITERAL:
        return frozenset({chr(av).lower()}) if chr(av).isascii() else None
    if op is C.IN:
        chars = set()
        for item_op, item in av:
            if item_op is C.LITERAL and chr(item).isascii():
                chars.add(chr(item).lower())
            elif item_op is C.RANGE and item[1] < 128 and item[1] - item[0] < 16:
                chars |= {chr(code).lower() for code in range(item[0], item[1] + 1)}
            else:
                return None
        return frozenset(chars)
    if op in _ZERO_WIDTH:
        return frozenset({""})
    if op is C.SUBPATTERN:
        return _sequence_language(av[3].data, flags)
    if op is C.BRANCH:
        languages = [_sequence_language(branch.data, flags) for branch in av[1]]
        if None in languages or sum(map(len, languages)) > _CAP:
            return None
        return frozenset().union(*languages)
    if op in _REPEATS and av[1] <= 2:
        once = _sequence_language(av[2].data, flags)
        if once is None:
            return None
        words, current = set(), {""}
        for n in range(av[1] + 1):
            if n >= av[0]:
                words |= current
            current = {a + b for a in current for b in once}
        return frozenset(words) if len(words) <= _CAP else None
    return None


def _sequence_language(items, flags: int) -> frozenset[str] | None:
    words = {""}
    for op, av in items:
        more = _language(op, av, flags)
        if more is None or len(words) * len(more) > _CAP:
            return None
        words = {a + b for a in words for b in more}
    return frozenset(words)
