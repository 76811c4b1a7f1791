"""Who gives a figure ("the UN says", "according to activists", "the authority's count") and
as of when (a day or month the sentence ties to it, else the publication date)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
