"""Who said it, by outlet: the same words (one :class:`~storyline.model.SharedQuote`)
attributed to the same speaker by independent outlets (they agree) or to different
speakers (they disagree).

A speaker is compared under its canonical name (the story's entities: "Lavrov" is
"Sergei Lavrov"); two names of which one holds the other's words ("Trask", "Councillor
Owen Trask"; "Calder", "Calder Fieldworks") are one speaker. An unresolved speaker ("a
source said") takes no part. A disagreement needs each side to name its speaker in the
sentence itself: a speaker found through a pronoun ("he said") may be the resolver's
mistake, not the outlet's, and is not held against another outlet; so is a description of
someone of the speaker's ("the chief executive of BP" is no word of BP's). Both speakers
must be people (a minister may speak for her ministry; the entities' types of
organisations are not sure enough); the two wordings must carry the same words, not only
a phrase in common or a few common words ("This is good news"); and neither outlet's
sentence may name the other's speaker ("Obama has told Prime Minister David Cameron that
..."). A surname names one speaker ("Bill Reilly", "William Reilly").
"""

from __future__ import annotations

import re

from storyline.corroboration.dates import content_words
from storyline.corroboration.outlets import Outlets, sentence_span
from storyline.entities import clean_name
from storyline.model import Comparison, Quote, Side, Story

__all__ = ["same_speaker", "speaker_comparisons"]

_ABOUT_CHARS = 90
_SPEAKER_TYPES = ("person", "organisation")
_SAME_WORDS = 0.8  # the share of the shorter wording's words the other must carry
_FEW_WORDS = 4  # content words a wording needs to be told from another


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w'-]+", clean_name(name, person=True)[0].lower()) if len(w) > 1}


def same_speaker(a: str, b: str) -> bool:
    """Whether two names may be one speaker: equal, one's words all in the other's, or
    one surname ("Bill Reilly", "William Reilly": two people of one name are not told
    apart, which costs a disagreement, never a false one)."""
    wa, wb = _words(a), _words(b)
    if not (wa and wb):
        return False
    return wa <= wb or wb <= wa or _surname(a) == _surname(b) != ""


def _surname(name: str) -> str:
    words = clean_name(name, person=True)[0].lower().split()
    return words[-1] if len(words) > 1 and len(words[-1]) > 2 else ""


def _firm(q: Quote) -> bool:
    """Whether the sentence names the speaker itself at the quote ("Mayor Ada Corvin
    said"), not through a pronoun, nor a description of someone of theirs ("the chief
    executive of BP" is no word of BP's)."""
    said_by = " ".join(q.said_by.split())
    return (q.resolved_by == "named" and bool(q.speaker) and said_by.endswith(" ".join(q.speaker.split()))
            and not re.search(r"\bof\b", said_by[: len(said_by) - len(q.speaker)]))


class _Names:
    """Speakers under their canonical names and types, from the story's entities."""

    def __init__(self, story: Story) -> None:
        self.entities = {}
        for e in story.entities:
            if e.type in _SPEAKER_TYPES:
                for alias in (e.name, *e.aliases):
                    self.entities.setdefault(clean_name(alias, person=True)[0].lower(), e)

    def canonical(self, quote: Quote) -> str | None:
        if not quote.speaker:
            return None
        name = clean_name(quote.speaker, person=True)[0]
        entity = self.entities.get(name.lower())
        return entity.name if entity is not None else (name or None)

    def kind(self, name: str) -> str | None:
        """"person" or "organisation" when the story's entities say which, else None."""
        entity = self.entities.get(clean_name(name, person=True)[0].lower())
        return entity.type if entity is not None else None


def speaker_comparisons(story: Story, outlets: Outlets) -> list[Comparison]:
    """The speaker comparisons of ``story`` (see the module's docstring), by day and words."""
    names = _Names(story)
    out = []
    for shared in story.quotes:
        heard = []  # (speaker, source, named in the sentence, appearance)
        for q in shared.appearances:
            who = names.canonical(q)
            if who is None or q.document not in outlets.documents:
                continue
            heard.append((who, outlets.source(q.document, q.start, q.end), _firm(q), q))
        if len({h[1] for h in heard}) < 2:
            continue
        comparison = _compare(shared.text, shared.date, heard, outlets, names)
        if comparison is not None:
            out.append(comparison)
    out.sort(key=lambda c: (c.day or "", c.about, [s.value for s in c.sides]))
    return out


def _compare(text: str, day: str | None, heard: list, outlets: Outlets, names: _Names) -> Comparison | None:
    speakers: list[str] = []  # one per speaker, the first name seen standing for its equals
    for who, *_ in sorted(heard, key=lambda h: (-len(_words(h[0])), h[0])):
        if not any(same_speaker(who, s) for s in speakers):
            speakers.append(who)
    about = _about(text)
    groups = {s: [h for h in heard if same_speaker(h[0], s)] for s in speakers}
    if len(speakers) == 1:
        side = _side(speakers[0], groups[speakers[0]], outlets)
        return Comparison("speaker", about, day, (side,),
                          f"{side.outlets} independent outlets attribute it to {side.value}")
    # only speakers named in the sentence, by sources no other side shares, count against each other
    firm = {s: {h[1] for h in group if h[2]} for s, group in groups.items()}
    clash = [(a, b) for i, a in enumerate(speakers) for b in speakers[i + 1:]
             if firm[a] and firm[b] and not firm[a] & firm[b] and names.kind(a) == names.kind(b) == "person"
             and _same_words(groups[a], groups[b]) and not _names_other(groups[a], b, outlets)
             and not _names_other(groups[b], a, outlets)]
    if not clash:
        return None
    sides = sorted((_side(s, groups[s], outlets) for s in speakers if firm[s]), key=lambda s: (-s.outlets, s.value))
    a, b = clash[0]
    why = (f"{_outlet_names(groups[a], outlets)} attribute{'s' if len(firm[a]) == 1 else ''} it to {a}, "
           f"{_outlet_names(groups[b], outlets)} to {b}")
    return Comparison("speaker", about, day, tuple(sides), why)


def _same_words(a: list, b: list) -> bool:
    """Whether two sides carry the same words, not two quotes that share a phrase ("as a
    precautionary measure") or a few common words ("This is good news"): the shorter
    wording has :data:`_FEW_WORDS` words or more, most of them in the other."""
    for *_, qa in a:
        for *_, qb in b:
            wa, wb = content_words(qa.text), content_words(qb.text)
            short = min(len(wa), len(wb))
            if short >= _FEW_WORDS and len(wa & wb) >= _SAME_WORDS * short:
                return True
    return False


def _names_other(group: list, other: str, outlets: Outlets) -> bool:
    """Whether a side's sentences name the other side's speaker too ("Obama has told Prime
    Minister David Cameron that ..."): who said it there is not clear."""
    surname = _surname(other) or other.lower()
    for *_, q in group:
        start, end = sentence_span(outlets.sentences(q.document), q.start, q.end)
        if re.search(rf"\b{re.escape(surname)}\b", outlets.documents[q.document].text[start:end].lower()):
            return True
    return False


def _about(text: str) -> str:
    words = " ".join(text.split()).strip(" ,\"“”")
    if len(words) > _ABOUT_CHARS:
        words = words[:_ABOUT_CHARS].rsplit(" ", 1)[0] + " …"
    return f"who said “{words}”"


def _side(speaker: str, group: list, outlets: Outlets) -> Side:
    quotes = sorted((h[3] for h in group), key=lambda q: (q.document, q.start))
    reports = ((q.document, q.start, q.end, q.said_by or q.speaker or speaker, None) for q in quotes)
    return outlets.side(speaker, reports, (h[1] for h in group))


def _outlet_names(group: list, outlets: Outlets) -> str:
    return outlets.names(h[3].document for h in group)
