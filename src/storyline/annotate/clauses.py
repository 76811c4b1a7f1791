"""What a time expression dates in its sentence: the event the sentence reports, the
statement, or only something the sentence mentions.

A news sentence names several times; the one its line is filed under is that of the
event its main clause reports. The dependency parse says what each expression attaches
to, and an editor's rules read it:

* ``statement``: it modifies a reporting verb of the main clause ("said on Tuesday");
* ``event``: it modifies the main clause's verb ("vetoed the draft in October"), or
  the sentence is only a date ("April 20, 2010: ...");
* ``reported``: it dates the reported content of the main verb ("said the rig sank on
  Thursday"): the content's event, unless the statement is dated too;
* ``mention``: it names a time inside the sentence that is not its event: a range
  ("since March", "until August", "from 2001"), a noun modifier ("a January plan", "the
  2001 attacks", "Tuesday's vote"), a relative or participial clause ("an initiative
  floated last November", "whose talks on Monday"), a subordinate clause ("after the
  vote in May, ..."), a birth ("born on 31 July 1921").

Without the model (light mode) only the words around the expression are read
(:func:`light_role`): ranges and births are mentions, everything else is unknown (``""``).
"""

from __future__ import annotations

import re

from storyline.utils.words import CLAUSE_REPORTING

__all__ = ["ROLES", "REPORTING", "clause_roles", "light_role", "role_note", "written_role"]

ROLES = ("event", "statement", "reported", "mention")
REPORTING = CLAUSE_REPORTING  # lemmas of verbs that report speech or a position
_RANGE_WORDS = frozenset({"since", "until", "till", "til", "from", "between", "through", "throughout"})
# a phrase that places the sentence's event relative to another: "after the vote in May"
_RELATIVE_WORDS = frozenset({"after", "before", "following", "since", "ahead", "prior", "despite", "amid"})
# a reporting verb right before the expression: "said on Tuesday", "told reporters Monday"
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|announced|added|stated|confirmed|declared|insisted|warned)"
    r"\s+(?:on\s+|late\s+|early\s+|last\s+)?$", re.I)
_NOUNS = frozenset({"NOUN", "PROPN"})
_NOUN_MODIFIER = frozenset({"compound", "amod", "nmod", "poss", "nummod"})
_MENTION_CLAUSE = {"relcl": "a relative clause", "acl": "a clause on a noun", "advcl": "a subordinate clause",
                   "csubj": "a clausal subject"}
_NOTES = {
    "statement": "dates the statement (reporting verb of the main clause)",
    "event": "dates the main clause's event",
    "reported": "dates the reported event",
    "mention": "a mention inside the sentence, not its event",
}

def role_note(role: str, why: str = "") -> str:
    """A reader's note on a role: ``"a mention inside the sentence, not its event (since …)"``."""
    note = _NOTES.get(role, "")
    return f"{note} ({why})" if note and why else note


def clause_roles(sent, spans: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """``(role, why)`` of each character span of the parsed sentence ``sent`` (a spaCy
    ``Doc``; offsets relative to its text)."""
    out = []
    for start, end in spans:
        said = _SAID_BEFORE.search(sent.text[max(0, start - 40) : start])
        if said:
            out.append(("statement", f"'{said.group(0).split()[0]}'"))
            continue
        span = sent.char_span(start, end, alignment_mode="expand")
        out.append(("", "") if span is None or len(span) == 0 else _role(span))
    return out


def _role(span) -> tuple[str, str]:
    root = span.root
    for token in list(span) + [root.head]:
        if token.lower_ in _RANGE_WORDS and token.dep_ == "prep":
            return "mention", f"a range: '{token.text} …'"
    if root.dep_ == "ROOT" or root.head is root:
        return "event", "the sentence is a date"
    if root.dep_ in _NOUN_MODIFIER and root.head.pos_ in _NOUNS and root.i < root.head.i:
        return "mention", f"modifies the noun '{root.head.text}'"
    governor = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    if root.dep_ == "pobj" and root.head.lower_ in _RANGE_WORDS:
        return "mention", f"a range: '{root.head.text} …'"
    if governor.lemma_ == "bear" and governor.lower_ == "born":
        return "mention", "a birth date"
    return _clause_of(governor)


def _clause_of(token) -> tuple[str, str]:
    """The role given by the clause ``token`` belongs to, climbing its heads (nouns,
    conjuncts, prepositions) until a clause says what it is or the root is reached."""
    seen = 0
    while token.dep_ != "ROOT" and token.head is not token and seen < 40:
        seen += 1
        if token.dep_ in _MENTION_CLAUSE:
            return "mention", f"in {_MENTION_CLAUSE[token.dep_]} on '{token.head.text}'"
        if token.dep_ == "ccomp" or (token.dep_ == "parataxis" and token.head.lemma_ in REPORTING):
            return "reported", f"what '{token.head.text}' reports"
        if token.dep_ == "prep" and token.lower_ in _RELATIVE_WORDS:
            return "mention", f"in a phrase '{token.text} …'"
        token = token.head
    if token.lemma_ in REPORTING:
        return "statement", f"'{token.text}'"
    return "event", f"'{token.text}'"


# a dateline ("LONDON, Sept 22 (Reuters) -", "WASHINGTON, June 3 --") or a list item that
# opens on its date ("April 20 - The rig explodes", "26 MAY - 29 MAY: TOP KILL"): the date
# is the line's event, whatever the parser attached it to
_DATELINE_AFTER = re.compile(r"^[^.!?]{0,40}?(?:\((?:Reuters|AP|AFP|CNN|Xinhua|UPI|Bloomberg)\)\s*)?(?:-|--|\u2013|\u2014)\s", re.I)
_OPENS_ON_DATE_AFTER = re.compile(r"^\s*(?:,?\s*\d{4})?\s*(?:-|--|\u2013|\u2014|:)\s")
_DATELINE_BEFORE = re.compile(r"^[\s*•-]*(?:[A-Z][A-Za-z.'-]*\s?){1,4}(?:,\s*[A-Z][A-Za-z.]*)?\s*[,|]\s*(?:[A-Z][a-z]{2}\s+)?$")

# a statement inside a relative clause: "Marrow, who said on Monday there was no risk, ..."
_RELATIVE_SAID_BEFORE = re.compile(r",\s*(?:who|which)\s+(?:had\s+|has\s+)?(?:said|told\s+\w+|announced)\s+(?:on\s+)?$", re.I)
# a cut-off, not an event: "as of Jan. 1", "retroactive to January 1"
_CUT_OFF_BEFORE = re.compile(r"\b(?:as\s+of|as\s+at|retroactive(?:ly)?\s+to|backdated\s+to)\s+$", re.I)


def written_role(sentence: str, start: int, end: int) -> tuple[str, str]:
    """``(role, why)`` that the way the line is written settles, before any parse: a
    dateline's date or a date the line opens on is its event, a cut-off ("as of Jan. 1")
    a mention; ``("", "")`` otherwise."""
    before, after = sentence[:start], sentence[end:]
    said_in_clause = _RELATIVE_SAID_BEFORE.search(before[-60:])
    if said_in_clause:
        return "mention", f"in a relative clause: '{said_in_clause.group(0).strip()} …'"
    cut_off = _CUT_OFF_BEFORE.search(before)
    if cut_off:
        return "mention", f"a cut-off: '{cut_off.group(0).strip()} …'"
    if _DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(after):
        return "event", "the dateline"
    if len(before.strip(" *•-\u2013\u2014")) == 0 and _OPENS_ON_DATE_AFTER.match(after):
        return "event", "the line opens on it"
    return "", ""


_LIGHT_RANGE = re.compile(r"\b(?:since|until|till|from|between|through)\s+(?:(?:the|early|late|mid|last)\s+)?$", re.I)
_LIGHT_BIRTH = re.compile(r"\bborn\s+(?:on\s+|in\s+)?$", re.I)


def light_role(sentence: str, start: int, end: int) -> tuple[str, str]:
    """``(role, why)`` from the words right before ``sentence[start:end]`` alone."""
    before = sentence[max(0, start - 40) : start]
    match = _LIGHT_RANGE.search(before)
    if match:
        return "mention", f"a range: '{match.group(0).split()[0]} …'"
    if _LIGHT_BIRTH.search(before):
        return "mention", "a birth date"
    return "", ""
