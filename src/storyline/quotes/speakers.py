"""Who a quote's attribution names: the words that stand for a speaker, resolved.

Shared by direct quotes (:mod:`storyline.quotes.direct`) and reported speech
(:mod:`storyline.quotes.reported`). The speaker is resolved, never guessed:

* a name the model tagged (a person, an organisation, a place, a group) is the speaker;
* "he"/"she" is the person last quoted or named as the subject of a speech verb
  before it, within six sentences;
* a description ("the minister", "the Russian foreign minister") is the person named
  last before the quote with that title in front of the name ("Foreign Minister
  Sergei Lavrov");
* a name's office or spokesperson ("Sarkozy's office", "the Kremlin's spokesman") is
  the speaker as written: the office speaks, not the person it serves;
* anything else stays unresolved (None).
"""

from __future__ import annotations

import re

from storyline.model import Document, Entity
from storyline.utils.shingles import WORD
from storyline.utils.words import QUOTE_SPEECH

__all__ = ["CUE", "DESCRIPTION", "OFFICE", "PRONOUNS", "SPEECH_VERB", "SpeakerResolver", "WHO_AFTER", "WHO_BEFORE",
           "named_head", "office_of", "reporting_channel", "sentence_bounds", "speech_subjects"]

SPEECH_VERB = "(?:" + "|".join(QUOTE_SPEECH) + ")"  # a regular expression's alternation
CUE = re.compile(rf"\b{SPEECH_VERB}\b", re.IGNORECASE)
PRONOUNS = frozenset({"he", "she"})
_PRONOUN_REACH = 6  # sentences between a pronoun and the speaker it stands for
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_WHERE = re.compile(r",?\s+(?:in|at|from)\s+(?:the\s+)?")  # between a person and where they are
# "the minister", "the Russian foreign minister", "a spokesman": a lower-case head noun
DESCRIPTION = re.compile(r"(?:the|a|an)\s+(?:[\w-]+\s+){0,4}[a-z][a-z-]*", re.IGNORECASE)
# the words before a speech verb, or after it, that may name its subject
WHO_BEFORE = re.compile(r"([^,.;:!?“”\"«»()]{1,80})$")
# "Sarkozy's office", "Nicolas Sarkozy's spokesman": an office speaking for a name
OFFICE = re.compile(r"(?:the\s+)?((?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['’]s?\s+(?:press\s+)?"
                    r"(?:office|spokesman|spokeswoman|spokesperson|press secretary|secretary|ministry|lawyers?)")
WHO_AFTER = re.compile(r"\s*([^,.;:!?“”\"«»()]{1,80}?)(?=\s*[,.;:!?]|\s+(?:on|in|at|after|before|during|to|that)\b|$)")


def sentence_bounds(doc: Document, offset: int) -> tuple[int, int]:
    """The sentence holding ``offset``, else its line."""
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    line_start = doc.text.rfind("\n", 0, offset) + 1
    line_end = doc.text.find("\n", offset)
    return line_start, len(doc.text) if line_end == -1 else line_end


def named_head(doc: Document, start: int, end: int, labels=_SPEAKER_LABELS) -> Entity | None:
    """The last named entity that ends the words ``doc.text[start:end]`` (their head)."""
    inside = [e for e in doc.entities if e.label in labels and start <= e.start and e.end <= end]
    if not inside:
        return None
    last = max(inside, key=lambda e: e.end)
    if doc.text[last.end:end].strip():
        return None
    if last.label in _PLACES:  # "the BBC's Matthew Price in Port-au-Prince": the person, not the place
        people = [e for e in inside if e.label == "PERSON" and e.end <= last.start
                  and _WHERE.fullmatch(doc.text[e.end:last.start])]
        if people:
            return max(people, key=lambda e: e.end)
    return last


def office_of(doc: Document, who: str, who_start: int) -> str | None:
    """``who`` as written when it is a named office or spokesperson ("Sarkozy's office"):
    the name a person, organisation or place the model tagged."""
    words = who.strip()
    match = OFFICE.fullmatch(words)
    if match is None:
        return None
    at = who_start + who.find(words) + match.start(1)
    if named_head(doc, at, at + len(match.group(1))) is None:
        return None
    return words[4:] if words.lower().startswith("the ") else words


def speech_subjects(doc: Document) -> list[tuple[int, int, Entity]]:
    """People named as the subject of a speech verb ("Lavrov said", "said Sergei
    Lavrov", "according to Lavrov"), with the verb's span, in text order."""
    out = []
    for m in CUE.finditer(doc.text):
        sentence_start, sentence_end = sentence_bounds(doc, m.start())
        left = WHO_BEFORE.search(doc.text, sentence_start, m.start() - 1) if m.start() > sentence_start else None
        if left is not None:
            who = named_head(doc, left.start(1), left.end(1), frozenset({"PERSON"}))
            if who is not None:
                out.append((m.start(), m.end(), who))
                continue
        right = WHO_AFTER.match(doc.text, m.end(), sentence_end)
        if right is not None:
            who = named_head(doc, right.start(1), right.end(1), frozenset({"PERSON"}))
            if who is not None:
                out.append((m.start(), m.end(), who))
    return out


# a verb by which the sentence's subject says or asks something ("asking him to avoid ...")
_SUBJECT_SPEECH = re.compile(r"\b(?:ask(?:ed|ing)|urg(?:ed|ing)|call(?:ed|ing)\s+on|sa(?:id|ying)|told|telling|"
                             r"warn(?:ed|ing)|insist(?:ed|ing)|describ(?:ed|ing))\b", re.IGNORECASE)
_OPENING = re.compile(r"\s*(?:(?:but|and|yet|meanwhile|earlier|later),?\s+)?", re.IGNORECASE)


def reporting_channel(doc: Document, first: int, last: int, who: str, where: int) -> tuple[str, int, str, int] | None:
    """The person whose words are quoted when an organisation only reports them ('Medvedev ... asked Western countries to avoid "hasty unilateral moves", the
    Kremlin said'): the sentence opens on a person, who says or asks something before the
    quote, and the attribution after it names an organisation or a place. ``first``,
    ``last``: the words said; ``who`` at ``where``: the attribution's subject. (who,
    where, verb, where the verb is), else None."""
    if where < last:  # the attribution comes before the quote: it is the speaker's
        return None
    start, _ = sentence_bounds(doc, first)
    named = named_head(doc, where, where + len(who))
    if named is None or named.label == "PERSON":
        return None
    opening = _OPENING.match(doc.text, start)
    lead = opening.end() if opening else start
    person = next((e for e in doc.entities if e.label == "PERSON" and e.start == lead), None)
    if person is None:
        return None
    verbs = list(_SUBJECT_SPEECH.finditer(doc.text, person.end, first))
    if not verbs or any(c in doc.text[person.end : verbs[0].start()] for c in ".;:!?“”\"«»"):
        return None
    verb = verbs[-1]  # the nearest to the words said
    return person.text, person.start, verb.group(0), verb.start()


class SpeakerResolver:
    """Resolves the words that stand for a speaker in one document (a name, "he"/"she",
    "the minister"); the document's speech subjects are found once, when first needed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._subjects: list[tuple[int, int, Entity]] | None = None

    def resolve(self, who: str, who_start: int, quote_start: int,
                quoted: list[tuple[int, str]]) -> tuple[str | None, str]:
        """The speaker the words ``who`` (at ``who_start``) stand for, and how it was
        found. ``quoted``: (position, speaker) of the quotes before, already resolved."""
        doc = self.doc
        office = office_of(doc, who, who_start)
        if office is not None:
            return office, f"an office: '{office}' speaks for {OFFICE.fullmatch(office).group(1)}"  # type: ignore[union-attr]
        named = named_head(doc, who_start, who_start + len(who))
        if named is not None:
            return named.text, "named"
        lowered = who.strip().lower()
        anchor = min(who_start, quote_start)
        if lowered in PRONOUNS:
            if self._subjects is None:
                self._subjects = speech_subjects(doc)
            subjects = [(at, e.text) for at, end, e in self._subjects if end <= anchor] + [q for q in quoted if q[0] < anchor]
            if subjects:
                at, last = max(subjects)
                between = sum(1 for s in doc.sentences if at < s.start <= anchor)
                if between <= _PRONOUN_REACH:
                    return last, f"pronoun '{who.strip()}' -> {last}, the last person quoted or said to speak before"
            return None, ""
        if DESCRIPTION.fullmatch(who.strip()):
            head = WORD.findall(lowered)[-1]
            persons = [e for e in doc.entities if e.label == "PERSON" and e.end <= anchor]
            for e in sorted(persons, key=lambda e: e.start, reverse=True):
                title = doc.text[max(0, e.start - 40) : e.start].lower()
                if re.search(rf"\b{re.escape(head)}\s+(?:[\w.-]+\s+)?$", title):
                    return e.text, f"description '{who.strip()}' -> {e.text}, the last person with that title"
        return None, ""
