"""The grammar's candidate spans, pinned where the fast search (storyline.timex.scan) could
go wrong: the first and last character of the text, punctuation and non-ASCII letters next
to a match, matches that start inside a word, overlaps, case, and the non-ASCII letters
that match ASCII ones when case is ignored. Expected spans are written out by hand; some
pin the grammar's current reading rather than a goal (marked "as is")."""

from __future__ import annotations

import random
import re
import sys

import pytest

from storyline.timex import find_candidates
from storyline.timex.rules import PATTERNS
from storyline.timex.scan import CASE_TWINS, Scanner, words_present


def spans(text):
    return [(c.start, c.end, c.kind) for c in find_candidates(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the whole text, and matches touching its first or last character
        ("January", [(0, 7, "date")]),
        ("Rain fell in January", [(13, 20, "date")]),
        ("March 3, 2011.", [(0, 13, "date")]),
        ("years", [(0, 5, "duration")]),
        ("", []),
        # punctuation around, and the commas and spaces the span leaves out
        ("(March 3, 2011)", [(1, 14, "date")]),
        ('"Tuesday"', [(1, 8, "date")]),
        ("weeks,", [(0, 5, "duration")]),
        (",weeks", [(1, 6, "duration")]),
        ("weeks;", [(0, 5, "duration")]),
        ("at noon.", [(3, 7, "time")]),
        ("$2010 and 2010%", []),
        ("x2010 or 2010x", [(1, 5, "date"), (9, 13, "date")]),
        # letters around a month name: no match when the name is lower-case inside a word;
        # a capitalized name after other letters is read as is
        ("Überjanuary", []),
        ("Januaryé", []),
        ("January5", []),
        ("ÜberJanuary", [(4, 11, "date")]),
        ("éJanuary", [(1, 8, "date")]),
        ("5January", [(1, 8, "date")]),
        ("FooJanuary 5", [(3, 12, "date")]),
        ("humid March 5", [(2, 13, "date")]),  # as is: "mid" at the end of "humid"
        ("mid-March", [(0, 9, "date")]),
        ("MID-MARCH", []),
        # case: month names must be capitalized, the other words may be in any case
        ("March and march", [(0, 5, "date")]),
        ("JANUARY 2010", [(0, 12, "date")]),
        ("january 2010", [(8, 12, "date")]),
        ("three years ago", [(0, 15, "ago")]),
        ("THREE YEARS AGO", [(0, 15, "ago")]),
        ("tHrEe yEaRs aGo", [(0, 15, "ago")]),
        ("three yeárs ago", []),
        ("This Week, THIS WEEK", [(0, 9, "date"), (11, 20, "date")]),
        # letters that match ASCII ones when case is ignored (dotless i, long s, Kelvin sign)
        ("la\u017ft week", [(0, 9, "date")]),
        ("LA\u017fT WEEK", [(0, 9, "date")]),
        ("th\u0131s week", [(0, 9, "date")]),
        ("last wee\u212a", [(0, 9, "date")]),
        ("\u0131t rained la\u017ft week", [(10, 19, "date")]),
        # overlaps: the longest wins; among equal spans the earlier pattern's kind
        ("the past two years", [(0, 18, "duration")]),
        ("more than two years ago", [(0, 23, "ago")]),
        ("two years earlier than planned", [(0, 9, "duration")]),
        ("Nov. 2010", [(0, 9, "date")]),
        ("tonight", [(0, 7, "time")]),
        ("on 6 Nov 2010 at 5pm", [(3, 13, "date"), (17, 20, "time")]),
        ("In May 2010, two years ago, it rained.", [(3, 11, "date"), (13, 26, "ago")]),
        ("in 2010-2011", [(3, 7, "date"), (8, 12, "date")]),
        # a marked group: only "a year" of "twice a year"
        ("twice a year", [(6, 12, "set")]),
        # a digit that is not ASCII is still a digit to the grammar
        ("20\u0661\u0660", [(0, 4, "date")]),
        ("10:35 a.m. EST, Nov. 6", [(0, 22, "time")]),
        ("Q3 2012 and FY2013", [(0, 7, "date"), (12, 18, "date")]),
        ("every morning, twice, daily", [(0, 13, "set"), (22, 27, "set")]),
    ],
)
def test_candidate_spans(text, expected):
    assert spans(text) == expected


def test_matches_across_lines_and_long_white_space():
    text = "It began in March\n\n2010 and ended\t\t  two  \n years later"
    assert spans(text) == [(12, 23, "date"), (37, 55, "ago")]


def test_every_pattern_has_a_scanner_and_required_words():
    """The fast path is in use for the whole grammar, and the required words are lower-case
    ASCII (they are looked up in the lower-cased text)."""
    scanners = [Scanner(pattern) for _, pattern in PATTERNS]
    assert all(s.scanner is not None for s in scanners)
    assert all(s.required for s in scanners)
    words = {w for s in scanners for ws in s.required for w in ws}
    assert all(w and w.isascii() and w == w.lower() for w in words)


def test_case_twins_are_all_the_non_ascii_characters_matching_ascii():
    r"""The prefilters assume that only the characters of CASE_TWINS match an ASCII
    character when case is ignored (as a literal or in a class), and that ignoring case
    changes no class such as \d, \s or \w; check it over all of Unicode."""
    ascii_ignoring_case = re.compile(r"(?i)[\x00-\x7f]")
    found: dict[str, set[str]] = {}
    for ch in map(chr, range(128, sys.maxunicode + 1)):
        if ascii_ignoring_case.fullmatch(ch):
            for a in map(chr, range(128)):
                if re.fullmatch("(?i)" + re.escape(a), ch) or re.fullmatch("(?i)[" + re.escape(a) + "]", ch):
                    found.setdefault(a.lower(), set()).add(ch)
    assert found == {letter: set(twins) for letter, twins in CASE_TWINS.items()}
    cased = [ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.lower() != ch or ch.upper() != ch]
    for category in (r"\d", r"\s", r"\w", r"\D", r"\S", r"\W"):
        plain, ignoring = re.compile(f"[{category}]"), re.compile(f"(?i)[{category}]")
        assert [ch for ch in cased if bool(plain.fullmatch(ch)) != bool(ignoring.fullmatch(ch))] == []


def test_words_present_refuses_texts_with_case_twins():
    assert words_present("la\u017ft week") is None
    present = words_present("Three YEARS Ago")
    assert present("years") and present("ago") and not present("month")


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        # the match after a match starts where the previous one ended, not inside it
        (r"(?i:ab)+a", "ababababa ab aba", [(0, 9), (13, 16)]),
        (r"(?<![\w])(?i:the)\s+\w+", "The cat, bathe them, the end", [(0, 7), (21, 28)]),
        (r"\b(?i:once|twice)\s+(?P<x>an?\s+day)", "twice a day, ONCE a day", [(6, 11), (18, 23)]),
        (r"x(?=\s+than)", "x than x  than", [(0, 1), (7, 8)]),
        # repetitions longer than the prefix the scanner looks at
        (r"(?:abc){3}x|(?:xy){4,}", "abcabcx abcabcabcx xyxyxy xyxyxyxyxy", [(8, 18), (26, 36)]),
    ],
)
def test_scanner_spans_are_finditer_spans(pattern, text, expected):
    scanner = Scanner(pattern)
    assert scanner.scanner is not None
    assert scanner.spans(text) == expected
    group = "x" if "x" in re.compile(pattern).groupindex else 0
    assert [m.span(group) for m in re.finditer(pattern, text)] == expected


def test_patterns_the_scanner_does_not_handle_are_searched_plainly():
    for pattern in [r"(a)\1", r"a*", r"(?i)abc", r"[^x]yz"]:
        scanner = Scanner(pattern)
        text = "aa abc xyz ABC"
        assert scanner.spans(text) == [m.span() for m in re.finditer(pattern, text)]
    assert Scanner(r"(a)\1").scanner is None and Scanner(r"a*").scanner is None


_WORDS = ("January", "March", "May", "may", "Nov.", "Sept", "Monday", "Tue.", "Christmas", "New Year's",
          "ago", "earlier", "later", "last", "next", "this", "the", "past", "a", "an", "half", "more than",
          "nearly", "early", "mid", "late", "end of", "year", "years", "day", "week", "weekend", "month",
          "quarter", "third", "first", "fiscal", "FY", "Q3", "H1", "century", "spring", "Fall", "morning",
          "tonight", "noon", "every", "each", "twice", "daily", "now", "currently", "two", "twenty-four",
          "nineteen", "thousand", "dozens of", "several", "long", "or so", "of", "on", "at", "than")
_NUMBERS = ("3", "22nd", "1990s", "'90s", "2010", "1999", "2013-03-22", "3/22/13", "10:35", "5", "24", "2.5")
_GLUE = (" ", " ", " ", "  ", "\n", ", ", ".", "-", "–", "/", "'", '"', "(", ")", "$", "%", "é", "Ü", "_",
         "\u0131", "\u017f", "\u212a", "\u00a0", "")


def _draw(rng):
    parts = []
    for _ in range(rng.randint(1, 10)):
        word = rng.choice(_WORDS) if rng.random() < 0.7 else rng.choice(_NUMBERS)
        word = rng.choice((word, word, word.lower(), word.upper(), word.title(), word.swapcase()))
        parts += [word, rng.choice(_GLUE)]
    return "".join(parts)


def test_scanners_find_what_finditer_finds_on_random_vocabulary():
    """Every pattern of the grammar: the scanner's spans are ``finditer``'s, and a text the
    required words rule out has no match (seeded draws from the grammar's own words)."""
    rng = random.Random(20240611)
    scanners = [Scanner(pattern) for _, pattern in PATTERNS]
    for _ in range(400):
        text = _draw(rng)
        present = words_present(text)
        for scanner in scanners:
            expected = [m.span(scanner.group) for m in scanner.pattern.finditer(text)]
            assert scanner.spans(text) == expected, (scanner.pattern.pattern, text)
            assert scanner.may_match(present) or expected == [], (scanner.pattern.pattern, text)


def test_a_day_before_a_captions_colon_is_a_day_but_not_before_a_clock_time():
    from storyline.timex import find_candidates

    def spans(text):
        return [text[c.start:c.end] for c in find_candidates(text)]

    assert spans("April 21: The rig burns in the Gulf.") == ["April 21"]  # a photo caption's date
    assert spans("May 6: A containment box is lowered.") == ["May 6"]
    assert "April 21" not in spans("Talks resumed on April 21:30 GMT.")  # 21:30 is a clock time
