"""Who gives a figure ("the UN says", "according to activists", "the authority's count") and
as of when (a day or month the sentence ties to it, else the publication date)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.entities import clean_name
from storyline.model import Document, Timex

_VERB = (r"says|said|say|saying|estimated|estimates|estimate|reported|reports|told|tells|announced|announces|"
         r"stated|states|claimed|claims|confirmed|confirms|put|puts|gave|gives|issued|revised|admitted|admits|"
         r"counted|recorded|added|believes|believed|according")
_CAP = r"(?:[Tt]he\s+)?[A-Z][\w.'’-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w.'’-]*){0,6}"
_NOMINAL = (
    r"(?:[Tt]he\s+|[Ll]ocal\s+)?(?:(?!(?:said|says|that|which|who|and|or|of|in|on|at|to|the|a|an|has|have|had|"
    r"was|were|is|are)\b)(?:[a-z-]+|UN|U\.N\.)\s+){0,2}(?:officials|authority|authorities|activists|ministry|"
    r"police|doctors|witnesses|monitors|group|government|army|company|spokesman|spokeswoman|spokesperson|agency|"
    r"board|observatory|inquiry|council|rescuers|medics|sources|opposition|regime|media|hospital|organi[sz]ation|"
    r"campaigners|investigators|inspectors|officers|experts|analysts|volunteers|commission|office|department|"
    r"service|services|mission|team|committee)"
)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Ii]t|[Ii]ts|[Tt]hey|[Tt]heir|[Ww]e|I|[Ww]ho|[Ww]hich|[Tt]hat)"
_SUBJECT = rf"(?P<who>{_PRONOUN}|{_NOMINAL}|{_CAP})"
_ADVERBS = r"(?:(?:has|have|had|also|later|now|again|first|previously|earlier|then|(?:on|last)\s+[A-Z]\w+\.?(?:\s+\d+)?),?\s+)*"
_BEFORE_VERB = re.compile(rf"(?<![\w'’]){_SUBJECT}\s+{_ADVERBS}$")
_VERB_AT = re.compile(rf"\b(?:{_VERB})\b")
_AFTER_VERB = re.compile(rf"(?:^|[,\"”’])\s*(?:{_VERB})\s+(?P<who>{_CAP})")
_POSSESSIVE = re.compile(
    rf"(?<![\w'’]){_SUBJECT}['’]s?\s+(?:[a-z-]+\s+){{0,3}}(?:count|figure|estimate|tally|toll|total|data|numbers|"
    rf"statistics|report|records)\b")
_ITS = re.compile(r"\b(?P<who>[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+){0,3}(?:count|figure|estimate|tally|toll|total)\b")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;:\"“”]{2,60}?)(?=\s*(?:[,.;:\"“”]|$))", re.I)
_NOT_A_SPEAKER = {"he", "she", "it", "its", "they", "their", "we", "i", "who", "which", "that", "the", "a", "an",
                  "in", "on", "but", "and", "this", "these", "there", "what", "when", "as", "if"}


@dataclass(frozen=True)
class Speaker:
    who: str | None  # None: a pronoun ("it said"), not resolved
    start: int  # span of the whole attribution phrase, document offsets
    end: int


def speakers(text: str, start: int, end: int) -> list[Speaker]:
    """The attribution phrases of the sentence ``text[start:end]``."""
    sentence = text[start:end]
    out: list[Speaker] = []
    for verb in _VERB_AT.finditer(sentence):
        if verb.group(0) == "according":
            continue
        m = _BEFORE_VERB.search(sentence[max(0, verb.start() - 90):verb.start()])
        if m:
            offset = max(0, verb.start() - 90)
            out.append(Speaker(_name(m.group("who")), start + offset + m.start(), start + verb.end()))
    for pattern in (_AFTER_VERB, _POSSESSIVE, _ITS, _ACCORDING):
        for m in pattern.finditer(sentence):
            out.append(Speaker(_name(m.group("who")), start + m.start(), start + m.end()))
    return sorted(set(out), key=lambda s: (s.start, s.end))


def _name(who: str) -> str | None:
    who = who.strip()
    words = who.lower().split()
    if not words or all(w in _NOT_A_SPEAKER for w in words):
        return None
    return who


def speaker_for(text: str, found: list[Speaker], fig_start: int, fig_end: int) -> Speaker | None:
    """The attribution of the figure spanning ``fig_start:fig_end`` (with its counted noun):
    one that follows it at once ("the 38 people [the authority says]"), else the nearest
    before it, else the first after it that opens a clause ("..., the UN has estimated")."""
    right_after = [s for s in found if 0 <= s.start - fig_end <= 2]
    if right_after:
        return right_after[0]
    before = [s for s in found if s.end <= fig_start]
    if before:
        return max(before, key=lambda s: (s.end, -s.start))
    after = [s for s in found if s.start >= fig_end and re.search(r",\s*$", text[fig_end:s.start])]
    return min(after, key=lambda s: s.start) if after else None


_RANGE_START = re.compile(r"\b(?:since|from|between|until|till|after|before|starting)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
_ATTACHED_AFTER = re.compile(r"^[\s,]*(?:[\w'’.-]+\s+){0,3}?(?:(?:on|by|as of|at|in|to)\s+)?$", re.I)
_SPEECH_BEFORE = re.compile(rf"\b(?:{_VERB}|given|released|published|issued)\s+(?:on\s+|earlier\s+|late\s+)?$", re.I)


@dataclass(frozen=True)
class AsOf:
    date: str | None
    evidence: str
    timex: Timex | None = None


def as_of_dates(doc: Document, sentence: tuple[int, int], spans: list[tuple[int, int]],
                near: list[Timex] | None = None) -> list[AsOf]:
    """The as-of date of each figure span (with its counted noun) of one sentence; ``near``:
    the document's time expressions that may overlap the sentence (default: all of them)."""
    s_start, s_end = sentence
    timexes = [t for t in (doc.timexes if near is None else near) if s_start <= t.start < s_end and t.value
               and not any(a < t.end and t.start < b for a, b in spans)]
    text = doc.text
    inside = lambda a, b: any(a <= fs and fe <= b for fs, fe in spans)  # noqa: E731
    attached: dict[int, Timex] = {}
    for i, (fs, fe) in enumerate(spans):  # (a) right after the figure: "31 on Tuesday", "40 it gave on Sept. 12"
        after = [t for t in timexes if t.start >= fe and not inside(fe, t.start)]
        if after:
            t = min(after, key=lambda t: t.start)
            gap = text[fe:t.start]
            if _ATTACHED_AFTER.match(gap) and not re.search(r"\b(?:since|from|between|after|before|until|till)\b",
                                                             gap, re.I):
                attached[i] = t
    taken = {id(t) for t in attached.values()}
    if doc.published:  # a day after publication is no as-of date, unless tied to the figure (a)
        timexes = [t for t in timexes if t.value[:10] <= doc.published[:len(t.value[:10])]]
    out = []
    for i, (fs, fe) in enumerate(spans):
        timex = attached.get(i)
        if timex is None:  # (b) the nearest before it in its clause: "said on Friday that more than 40"
            before = [t for t in timexes if t.end <= fs and id(t) not in taken and not inside(t.end, fs)
                      and len(text[t.end:fs].split()) <= 14 and ";" not in text[t.end:fs]
                      and (not _RANGE_START.search(text[max(s_start, t.start - 40):t.start])
                           or re.match(r"\s*,?\s*when\b", text[t.end:t.end + 8]))]
            if before:
                timex = max(before, key=lambda t: t.end)
        if timex is None:  # (c) the speaker's day after it: "..., the authority said on Monday"
            after = [t for t in timexes if t.start >= fe and not inside(fe, t.start)
                     and _SPEECH_BEFORE.search(text[max(s_start, t.start - 20):t.start])]
            if after:
                timex = min(after, key=lambda t: t.start)
        if timex is None:  # (d) the sentence opens with it: "On Sunday, ..."
            lead = [t for t in timexes if re.fullmatch(r"\s*(?:On|In|By|As of)?\s*", text[s_start:t.start])
                    and re.match(r"\s*,", text[t.end:t.end + 2])]
            if lead:
                timex = lead[0]
        out.append(_as_of(doc, timex))
    return out


def _as_of(doc: Document, timex: Timex | None) -> AsOf:
    published = doc.published
    pub = f"publication date ({doc.published_evidence})" if doc.published_evidence else "publication date"
    if timex is None:
        return AsOf(published, pub if published else "no publication date")
    evidence = timex.evidence or f"'{timex.text}'"
    if timex.granularity not in ("day", "month"):
        if published:
            return AsOf(published, f"{pub}; '{timex.text}' ({timex.value}) is not a day or month")
        return AsOf(None, f"'{timex.text}' ({timex.value}) is not a day or month, and no publication date")
    if published and timex.value[:10] > published[: len(timex.value[:10])]:
        return AsOf(None, f"'{timex.text}' resolves to {timex.value}, after the publication date {published}: "
                          "not used", timex)
    return AsOf(timex.value, evidence, timex)


# what a phrase names when it names a person or an organisation by its role ("health
# officials", "the regional health board", "volunteers from the Red Lantern mission")
_SOURCE_NOUN = re.compile(
    r"\b(?:officials?|authorit(?:y|ies)|ministry|ministries|minister|secretary|government|agency|agencies|police|"
    r"spokes(?:man|woman|person)|doctors?|scientists?|researchers?|experts?|analysts?|witnesses|activists|monitors|"
    r"group|army|military|company|board|observatory|inquiry|council|rescuers|medics|sources|opposition|regime|"
    r"media|hospitals?|organi[sz]ations?|campaigners|investigators|inspectors|officers?|volunteers|commission|"
    r"office|department|service|services|mission|team|committee|institute|university|laboratory|union|bank|"
    r"newspaper|reporters?|correspondent|president|mayor|governor|director|chief|head|professor|workers|staff|"
    r"coroner|prosecutors?|court|embassy|consulate|administration|lawmakers|legislators|mps)\b", re.I)
_SOURCE_TYPES = ("person", "organisation")


class Sources:
    """Who a figure's source words name, against the story's entities (see :meth:`named`)."""

    def __init__(self, entities) -> None:
        self.by_alias = {alias: e for e in entities for alias in (*e.aliases, e.name)}
        self.sources = {a: e for a, e in self.by_alias.items() if e.type in _SOURCE_TYPES and len(a) > 1}
        self.longest = max((len(a.split()) for a in self.sources), default=0)

    def _inside(self, words: str) -> list:
        """The person and organisation entities named by a run of the words ("WHO's latest
        tally" -> the entity whose alias is "WHO")."""
        tokens = [re.sub(r"['’]s$|^[\W_]+|[\W_]+$", "", t) for t in words.split()]
        found = []
        for i in range(len(tokens)):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                entity = self.sources.get(" ".join(tokens[i:i + n]))
                if entity is not None:
                    found.append(entity)
                    break
        return found

    def named(self, words: str | None) -> tuple[str | None, str]:
        """``(source, evidence)``: the canonical name of the person or organisation the
        words are or name inside ("Health Minister Jose Angel Cordova", "WHO's latest tally"
        -> "World Health Organization", preferring a person: "the BBC's Steve Kingstone" ->
        "Steve Kingstone"), else the words when they are an acronym ("the UN") or name one
        by its role ("health officials"), else None and why ("'a good friend of mine'
        names no person or organisation"). A place is no source: "Mexico said" stands for
        a government the text does not name."""
        if not words:
            return None, ""
        for person in (False, True):
            entity = self.by_alias.get(clean_name(words, person=person)[0])
            if entity is not None and entity.type in _SOURCE_TYPES:
                return entity.name, ""
            if entity is not None and not person:
                return None, f"'{words}' names a {entity.type} ({entity.name}), not a person or organisation"
        found = self._inside(words)
        if found:
            best = min(found, key=lambda e: (e.type != "person", -len(e.name), e.name))
            return best.name, f"'{words}' names {best.name}"
        if re.fullmatch(r"(?:[Tt]he\s+)?(?:[A-Z]\.?){2,6}", words.strip()):  # "the UN": an acronym names a body
            return words, ""
        role = _by_role(words)
        if role:
            return role, ("" if role == words else f"'{words}' -> '{role}'")
        return None, f"'{words}' names no person or organisation"


# words that end a source's phrase on the left: "cases with officials" -> "officials"
_NOT_IN_A_ROLE = frozenset("""after before with without even though although of by in on at from as and but or while when
where if than then also globally locally cases case people who which that this these those said says""".split())


def _by_role(words: str) -> str | None:
    """The part of the words that names a person or organisation by its role: from the
    first role noun back to the first word that cannot be part of its name ("after health
    officials" -> "health officials"), and what follows it ("volunteers from the Red
    Lantern mission"); None when no role noun is there."""
    tokens = words.split()
    head = next((i for i, t in enumerate(tokens) if _SOURCE_NOUN.fullmatch(t.strip(",.'’\"“”").lower())), None)
    if head is None:
        return None
    first = head
    while first > 0 and tokens[first - 1].lower() not in _NOT_IN_A_ROLE and not tokens[first - 1].lower().endswith("ly"):
        first -= 1
    return " ".join(tokens[first:])
