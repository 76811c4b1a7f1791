"""The words the pair rules read: what is too common to name a question, which words
stand for the same thing in news about a dispute, which are opposites, which modal verbs
say how strongly something is meant, and which words negate.

Hand-written on purpose: each list is what an editor would state ("support" and "oppose"
are opposites; "the authorities" and "the government" are one actor), short enough to
read, and the pair rules only use it between two statements already about one question.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["ANTONYMS", "CHANGE_CUES", "CONDITIONS", "CONTENT_POS", "FORCED", "HEDGES", "LIGHT", "MODALS",
           "NEGATIVE_PREFIXES", "NEGATIVE_WORDS", "NEGATORS", "ORDER", "STOP", "SYNONYMS", "UNCONDITIONAL",
           "antonym_of", "is_content", "key_of", "modal_class"]

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})

# words that carry meaning in a position even though spaCy lists them as stop words
_KEPT = {"first", "last", "together", "alone", "both", "enough", "keep", "move", "serious", "full", "empty", "side"}
# words that take part in a position whatever their part of speech ("both sides", "first")
FORCED = frozenset({"both", "together", "first", "alone", "simultaneously", "unilaterally"})
STOP = frozenset(STOP_WORDS) - _KEPT

# verbs and nouns too light to tell a question apart: speech, being and having, time
LIGHT = frozenset({
    "be", "have", "do", "make", "take", "get", "go", "come", "say", "tell", "add", "state", "think", "believe",
    "know", "see", "want", "need", "put", "give", "thing", "way", "lot", "time", "year", "day", "week", "month",
    "today", "also", "just", "really", "very", "clearly", "perfectly", "absolutely", "well", "mr", "ms", "mrs",
    "would", "could", "should", "must", "will", "can", "may", "might", "shall", "ought", "let", "try", "seek",
    "s", "'s", "’s", "like", "situation", "fact", "case", "point", "question", "issue", "matter",
    "stress", "note", "insist", "explain", "describe", "claim", "repeat", "reiterate", "declare", "announce",
    "report", "comment", "reply", "respond", "write", "reveal", "disclose",
    "now", "still", "yet", "ever", "even", "only", "so", "there", "here", "include",
})

# one actor or act under several names (the first-named word is the key)
_SYNONYM_GROUPS = (
    ("government", "authorities", "authority", "regime", "administration", "leadership"),
    ("opposition", "rebel", "insurgent", "militant", "rebellion"),
    ("force", "troop", "army", "soldier", "military", "unit"),
    ("withdraw", "withdrawal", "pullout", "pull", "retreat", "leave", "evacuate"),
    ("violence", "fighting", "fight", "bloodshed", "hostility", "clash", "repression", "crackdown"),
    ("ceasefire", "truce", "armistice"),
    ("talk", "negotiation", "dialogue", "negotiate", "discussion"),
    ("weapon", "arms", "weaponry", "armament", "munition"),
    ("intervention", "interference", "intervene", "interfere", "meddling"),
    ("sanction", "embargo"),
    ("kill", "death", "die", "dead", "fatality", "toll"),
    ("town", "city", "village"),
    ("stop", "end", "halt", "cease", "suspend"),
    ("support", "endorse", "favour", "favor", "backing"),
    ("oppose", "opposed"),
    ("reject", "refuse", "veto", "dismiss", "rebuff"),
    ("accept", "approve", "agree"),
    ("increase", "rise", "raise", "grow", "climb", "higher"),
    ("decrease", "fall", "cut", "reduce", "drop", "lower", "decline"),
    ("start", "begin", "launch"),
    ("resign", "quit"),
    ("plan", "proposal", "initiative", "scheme"),
    ("stay", "remain"),
    ("plant", "site", "factory", "facility", "works", "refinery", "mill"),
    ("blame", "fault", "responsible", "culpable", "liable", "liability"),
    ("deliver", "supply", "delivery", "sell", "sale", "ship", "shipment"),
    ("simultaneous", "simultaneously", "together", "mutual", "reciprocal", "both"),
    ("first", "unilateral", "unilaterally", "alone", "before"),
)
SYNONYMS: dict[str, str] = {word: group[0] for group in _SYNONYM_GROUPS for word in group}

# opposites, by their synonym keys
_ANTONYM_PAIRS = (
    ("support", "oppose"), ("accept", "reject"), ("stop", "continue"), ("allow", "ban"), ("allow", "forbid"),
    ("allow", "prohibit"), ("increase", "decrease"), ("open", "close"), ("start", "stop"), ("lift", "impose"),
    ("welcome", "condemn"), ("praise", "criticise"), ("praise", "criticize"), ("confirm", "deny"), ("win", "lose"),
    ("include", "exclude"), ("guilty", "innocent"), ("safe", "dangerous"), ("true", "false"), ("right", "wrong"),
    ("success", "failure"), ("strong", "weak"), ("peaceful", "violent"), ("join", "withdraw"), ("keep", "scrap"),
    ("keep", "abandon"), ("maintain", "abandon"), ("withdraw", "deploy"), ("withdraw", "send"),
    ("simultaneous", "first"), ("accept", "oppose"), ("support", "reject"), ("resign", "stay"), ("withdraw", "stay"),
    ("back", "oppose"), ("back", "reject"),
    ("enough", "insufficient"), ("optimistic", "pessimistic"), ("admit", "deny"), ("valid", "expire"),
    ("before", "after"), ("early", "late"), ("small", "large"), ("small", "big"), ("low", "high"),
)
# a position held open: the speaker will not say yet
HEDGES = ("too early to say", "too early to tell", "too soon to say", "too soon to tell", "not yet clear",
          "remains to be seen", "not clear whether", "unclear whether", "cannot yet say", "can't yet say",
          "too early to judge", "too early to know", "too soon to know", "it is too early", "it's too early",
          "it was too early", "it is too soon", "it's too soon", "it was too soon", "still too early",
          "simply too early", "simply too soon", "just too early", "far too early", "much too early", "still too soon",
          "not possible to say", "impossible to say", "cannot say", "can't say", "not able to say", "unable to say",
          "not clear", "unclear", "not yet known", "not known whether", "premature to")
# (not "too soon" alone: "people are taking a sigh of relief too soon" holds nothing open)
# a position with a condition, and one without
CONDITIONS = ("only when", "only if", "only after", "only once", "unless", "on condition that", "provided that",
              "as long as", "not until")
UNCONDITIONAL = ("without preconditions", "without precondition", "without conditions", "without any conditions",
                 "no preconditions", "no conditions", "unconditionally", "unconditional")
# words by which a speaker says their position changed ("changed my mind"; not "no longer", "instead":
# news says them of the world more often than of a position)
CHANGE_CUES = ("changed my mind", "have changed", "has changed", "changed the", "reconsidered", "u-turn", "after all",
               "rethink", "reversed")
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

# how strongly it is meant: necessity, advice, intent or prediction, possibility
_MODAL_CLASSES = {
    "must": "must", "have_to": "must", "need_to": "must", "got_to": "must", "necessary": "must",
    "essential": "must", "required": "must", "imperative": "must",
    "should": "should", "ought": "should",
    "will": "will", "would": "will", "shall": "will", "'ll": "will", "going_to": "will",
    "can": "can", "could": "can", "may": "can", "might": "can", "able": "can",
}
MODALS = frozenset(_MODAL_CLASSES)
ORDER = frozenset({"simultaneous", "first"})  # who moves first: an actor change in words

# words that negate what they govern, and prefixes that negate a word ("impossible")
NEGATORS = frozenset({"not", "n't", "n’t", "never", "no", "none", "nothing", "nobody", "neither", "nor", "cannot"})
NEGATIVE_PREFIXES = ("non", "un", "im", "in", "il", "ir", "dis")
# words that say "not" by themselves, counted in a statement's overall sense
NEGATIVE_WORDS = frozenset({
    "impossible", "unrealistic", "unacceptable", "illegal", "illegitimate", "unlikely", "unable", "unwilling",
    "unjustified", "inadmissible", "unthinkable", "unreasonable", "unnecessary", "insufficient", "inadequate",
    "refuse", "reject", "deny", "fail", "oppose",
    # said of a plan: it will not happen as said
    "delay", "postpone", "cancel", "scrap", "shelve", "abandon", "expire",
})


def modal_class(word: str) -> str | None:
    """"must", "should", "will" or "can" for a modal word ("would" reads as "will": reported
    speech moves "will" back to "would"); None for any other word."""
    return _MODAL_CLASSES.get(word.lower())


def antonym_of(key: str, other: str) -> bool:
    return other in ANTONYMS.get(key, ())


_WORD = re.compile(r"[a-z][a-z'’-]*")
# verbs said again with "re": "reopen" is "open" again
_AGAIN = frozenset({"open", "start", "launch", "introduce", "impose", "deploy", "join", "enter", "build", "elect",
                    "instate", "activate", "establish", "consider", "assess"})


def key_of(lemma: str) -> str:
    """The word a lemma stands under: its synonym group's first word ("authorities" →
    "government"), a verb again without "re" ("reopen" → "open")."""
    if lemma.startswith("re") and lemma[2:] in _AGAIN:
        lemma = lemma[2:]
    return SYNONYMS.get(lemma, lemma)


def is_content(tok, lemma: str) -> bool:
    """Whether a token is a content word: a noun, verb, adjective, adverb or number, not a
    stop word nor a light verb ("be", "say"); order words ("both", "first") always are."""
    if lemma in FORCED:
        return True
    if tok.pos_ not in CONTENT_POS or lemma in STOP or lemma in LIGHT or not _WORD.fullmatch(lemma):
        return False
    return len(lemma) > 1 and tok.dep_ != "neg"
