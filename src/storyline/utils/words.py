"""Speech and reporting verbs: one table of lemmas, and the forms derived from it.

Three readers use them, each its own subset (the table says which):

* ``C`` (:data:`CLAUSE_REPORTING`, lemmas): a clause whose verb reports speech or a
  position ("said", "denied", "blamed"), read from the parse by
  :mod:`storyline.annotate.clauses`;
* ``R`` (:data:`REPORTED_SPEECH`, every inflected form): a cue of reported speech the
  attribution tagger's findings are kept for (:mod:`storyline.quotes.reported`);
* ``Q`` (:data:`QUOTE_SPEECH`, the past and present third person; ``q``: the past only):
  the verb of a direct quote's attribution ("...," he said; she tells reporters)
  (:mod:`storyline.quotes.direct`).

"according" ("according to Lavrov") is a cue of ``R`` and ``Q`` though no verb.
"""

from __future__ import annotations

__all__ = ["ACCORDING", "CLAUSE_REPORTING", "LEMMAS", "QUOTE_SPEECH", "REPORTED_SPEECH", "forms", "past", "third"]

# lemma: the subsets it belongs to (see the module's docstring)
LEMMAS: dict[str, str] = {
    "say": "CRQ", "tell": "CRQ", "announce": "CRQ", "add": "CRQ", "state": "CRQ", "claim": "CRQ",
    "insist": "CRQ", "warn": "CRQ", "stress": "CRQ", "argue": "CRQ", "declare": "CRQ", "note": "CRQ",
    "explain": "CRQ", "write": "CRQ", "reply": "CRQ",
    "report": "CR", "confirm": "CR", "reiterate": "CR", "acknowledge": "CR", "admit": "CR", "suggest": "CR",
    "repeat": "CR", "promise": "CR", "vow": "CR", "predict": "CR", "estimate": "CR", "respond": "CR",
    "complain": "CR", "disclose": "CR", "reveal": "CR", "assure": "CR", "concede": "CR",
    "deny": "C", "pledge": "C", "comment": "C", "describe": "C", "accuse": "C", "blame": "C",
    "urge": "CQ",
    "caution": "R", "allege": "R", "assert": "R", "contend": "R", "observe": "R", "testify": "R",
    "emphasise": "Rq", "emphasize": "Rq", "recall": "Rq", "conclude": "Rq",
    "ask": "Q", "continue": "Q", "quote": "q",
}
ACCORDING = "according"
# base, third person, past, past participle, -ing
_IRREGULAR: dict[str, tuple[str, str, str, str, str]] = {
    "say": ("say", "says", "said", "said", "saying"),
    "tell": ("tell", "tells", "told", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "admit": ("admit", "admits", "admitted", "admitted", "admitting"),
}


def _inflect(lemma: str) -> tuple[str, str, str, str, str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        third, past, ing = lemma + "s", lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third, past, ing = lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    elif lemma.endswith(("sh", "ss")):
        third, past, ing = lemma + "es", lemma + "ed", lemma + "ing"
    else:
        third, past, ing = lemma + "s", lemma + "ed", lemma + "ing"
    return lemma, third, past, past, ing


def forms(lemma: str) -> frozenset[str]:
    """Every form of the verb: "reply" -> reply, replies, replied, replying."""
    return frozenset(_inflect(lemma))


def past(lemma: str) -> str:
    """The past tense: "say" -> "said", "reply" -> "replied"."""
    return _inflect(lemma)[2]


def third(lemma: str) -> str:
    """The present third person: "stress" -> "stresses"."""
    return _inflect(lemma)[1]


def _in(letters: str) -> list[str]:
    return [lemma for lemma, where in LEMMAS.items() if any(c in where for c in letters)]


CLAUSE_REPORTING: frozenset[str] = frozenset(_in("C"))
REPORTED_SPEECH: frozenset[str] = frozenset().union(*(forms(v) for v in _in("R")), {ACCORDING})
# in the table's order ("say" too: "they say"); the order does not matter to a \b-bounded pattern
QUOTE_SPEECH: tuple[str, ...] = tuple(dict.fromkeys(
    [form for lemma in _in("Qq") for form in ((past(lemma), third(lemma)) if "Q" in LEMMAS[lemma] else (past(lemma),))]
    + ["say", ACCORDING]))
