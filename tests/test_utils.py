"""The shared helpers: disjoint sets, shingles, paragraph spans, speech-verb lists."""

import ast
import pathlib

import pytest

from storyline.utils.disjoint import DisjointSet
from storyline.utils.paragraphs import blocks_or_lines, nonblank_lines
from storyline.utils.shingles import containment, ngrams, shingles, words
from storyline.utils.words import (ACCORDING, CLAUSE_REPORTING, LEMMAS, QUOTE_SPEECH, REPORTED_SPEECH, forms, past,
                                   third)

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "storyline"


# --- disjoint sets -------------------------------------------------------------------

def test_union_keeps_the_first_arguments_root():
    sets = DisjointSet(["wire", "herald", "post", "gazette"])
    assert sets.union("wire", "herald") == "wire"
    assert sets.union("post", "herald") == "post"  # herald's group (rooted at wire) joins post's
    assert sets.find("wire") == sets.find("herald") == "post"
    assert sets.find("gazette") == "gazette"


def test_union_of_one_group_changes_nothing():
    sets = DisjointSet(range(3))
    sets.union(0, 1)
    assert sets.union(1, 0) == 0
    assert sets.find(1) == 0


def test_items_never_added_are_their_own_group_until_joined():
    sets: DisjointSet[str] = DisjointSet()
    assert sets.find("a") == "a" and "a" not in sets
    sets.union("original", "copy")
    assert sets.find("copy") == "original"
    assert "copy" in sets and "original" in sets and len(sets) == 2
    assert not sets.connected("copy", "a")


def test_groups_are_in_order_of_their_first_item():
    sets = DisjointSet(range(6))
    sets.union(4, 1)
    sets.union(5, 0)
    sets.union(2, 5)
    assert sets.groups() == [[0, 2, 5], [1, 4], [3]]
    assert sets.groups([5, 4, 3]) == [[5], [4], [3]]


def test_long_chains_find_one_root():
    sets = DisjointSet(range(1000))
    for i in range(999):
        sets.union(i + 1, i)  # each new item becomes the root
    assert {sets.find(i) for i in range(1000)} == {999}
    assert len(sets.groups()) == 1


# --- words and shingles --------------------------------------------------------------

def test_words_are_lower_cased_runs_of_word_characters():
    assert words("Calder's VALVE-failure, 60 tonnes.") == ["calder", "s", "valve", "failure", "60", "tonnes"]
    assert words("  ...  ") == []
    assert words("ÉCOLE Straße") == ["école", "straße"]


def test_ngrams_in_order_with_repeats():
    assert ngrams(["a", "b", "a", "b"], 2) == [("a", "b"), ("b", "a"), ("a", "b")]
    assert ngrams(["a", "b"], 3) == []


def test_short_ngrams_give_the_whole_sequence():
    assert ngrams(["a", "b"], 3, short=True) == [("a", "b")]
    assert ngrams([], 3, short=True) == [()]
    assert ngrams(("a", "b", "c", "d"), 3, short=True) == [("a", "b", "c"), ("b", "c", "d")]


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The board said: the valve failed.") == shingles("the BOARD said the valve -- failed")
    assert shingles("one two three four") == frozenset({"one two three", "two three four"})
    assert shingles("two words") == frozenset()


def test_containment_is_the_share_of_the_smaller_set():
    small = shingles("the valve failed on Monday")
    large = shingles("the plant said the valve failed on Monday night")
    assert containment(small, large) == 1.0
    assert 0 < containment(large, small) < 1
    assert containment(frozenset(), large) == 0.0


# --- paragraphs ----------------------------------------------------------------------

def test_blocks_are_separated_by_blank_lines_and_trimmed():
    text = "  First block.\nstill first.\n \t\nSecond.\n\n\n"
    assert [text[a:b] for a, b in blocks_or_lines(text)] == ["First block.\nstill first.", "Second."]


def test_without_blank_lines_each_line_is_a_paragraph():
    text = "One .\n  Two .\n"
    assert [text[a:b] for a, b in blocks_or_lines(text)] == ["One .", "Two ."]


def test_nonblank_lines_keep_their_spaces():
    text = "  A line. \n\n   \nAnother"
    assert [text[a:b] for a, b in nonblank_lines(text)] == ["  A line. ", "Another"]
    assert nonblank_lines("") == blocks_or_lines("") == []


# --- speech verbs --------------------------------------------------------------------

@pytest.mark.parametrize("lemma, expected", [
    ("say", {"say", "says", "said", "saying"}),
    ("reply", {"reply", "replies", "replied", "replying"}),
    ("stress", {"stress", "stresses", "stressed", "stressing"}),
    ("argue", {"argue", "argues", "argued", "arguing"}),
    ("vow", {"vow", "vows", "vowed", "vowing"}),
    ("write", {"write", "writes", "wrote", "written", "writing"}),
])
def test_forms_of_regular_and_irregular_verbs(lemma, expected):
    assert forms(lemma) == expected


def test_past_and_third_person():
    assert (past("tell"), third("tell")) == ("told", "tells")
    assert (past("admit"), third("continue")) == ("admitted", "continues")


def test_each_list_is_derived_from_the_one_table():
    assert CLAUSE_REPORTING <= set(LEMMAS)
    assert "deny" in CLAUSE_REPORTING and "deny" not in {w for v in LEMMAS if "R" in LEMMAS[v] for w in forms(v)}
    assert {"denies", "denied"}.isdisjoint(REPORTED_SPEECH)
    assert ACCORDING in REPORTED_SPEECH and ACCORDING in QUOTE_SPEECH
    for lemma, where in LEMMAS.items():
        assert set(where) <= set("CRQq"), lemma
        assert ("R" in where) == forms(lemma).issubset(REPORTED_SPEECH)
        assert ("Q" in where or "q" in where) == (past(lemma) in QUOTE_SPEECH)
        assert ("Q" in where) == (third(lemma) in QUOTE_SPEECH)
    assert len(QUOTE_SPEECH) == len(set(QUOTE_SPEECH))


def test_the_users_read_the_shared_lists():
    from storyline.annotate.clauses import REPORTING
    from storyline.quotes.direct import SPEECH_VERBS
    from storyline.quotes.reported import REPORTING_VERBS

    assert REPORTING is CLAUSE_REPORTING
    assert REPORTING_VERBS is REPORTED_SPEECH
    assert SPEECH_VERBS is QUOTE_SPEECH


# --- layering ------------------------------------------------------------------------

def _imports(path: pathlib.Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_utils_import_no_stage():
    for path in (SRC / "utils").glob("*.py"):
        assert {m for m in _imports(path) if m.startswith("storyline.") and not m.startswith("storyline.utils")} == set(), path


def test_quote_modules_do_not_import_each_other_in_a_cycle():
    assert "storyline.quotes.direct" not in _imports(SRC / "quotes" / "reported.py")
    assert not any(m.startswith("storyline.eval") for m in _imports(SRC / "quotes" / "train.py"))
