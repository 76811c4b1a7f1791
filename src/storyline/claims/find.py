"""``find_claims``: the figures a document reports, with what they count, who gives them and
as of when."""

from __future__ import annotations

import bisect

import re
from dataclasses import replace

from storyline.claims.kind import kind_of, old_year, told_in_the_past
from storyline.claims.numbers import find_figures
from storyline.claims.source import as_of_dates, speaker_for, speakers
from storyline.claims.what import FAMILIES, Counted, counted_after, family_in_sentence, family_of, qualified
from storyline.model import Claim, Document, Sentence

# a bare figure ("had risen to 31", "put the figure at 31") is a claim only in a sentence
# that speaks of a count
_COUNT_WORDS = re.compile(
    r"\b(?:count(?:ed|s)?|figure|number|toll|total|tally|rose|risen|rising|climbed|revised|stood at|reached|"
    r"peaked)\b", re.I)
# "the number of confirmed cases": what a bare figure later in the sentence counts
_NUMBER_OF = re.compile(r"\b(?:number|total|tally|count)\s+of\s+(?:[\w-]+\s+){0,3}?"
                        r"(?P<noun>cases|infections|deaths|fatalities|dead)\b", re.I)
_ANAPHORA_SENTENCES = 3  # a bare figure may take what it counts from a claim this many sentences back


def find_claims(doc: Document) -> list[Claim]:
    """The claims of ``doc``, in text order. Needs its sentences and time expressions."""
    text = doc.text
    sentences = list(doc.sentences) or [Sentence(0, len(text))]
    claims: list[Claim] = []
    timexes = sorted(doc.timexes, key=lambda t: (t.start, t.end))
    starts = [t.start for t in timexes]
    longest = max((t.end - t.start for t in timexes), default=0)
    for index, sentence in enumerate(sentences):
        s_text = text[sentence.start:sentence.end]
        # the time expressions that overlap the sentence, found by position (not a scan of all)
        near = timexes[bisect.bisect_left(starts, sentence.start - longest):bisect.bisect_left(starts, sentence.end)]
        near = [t for t in near if sentence.start < t.end]
        skip = [(t.start - sentence.start, t.end - sentence.start) for t in near]
        figures = find_figures(s_text, skip)
        found = []
        for fig in figures:
            fs, fe = sentence.start + fig.start, sentence.start + fig.end
            counted = counted_after(text, fs, fe, sentence.start, sentence.end)
            evidence = ""
            if counted is None and fig.currency:
                counted = Counted(fe, fig.currency, fig.currency, fig.currency)
            if counted is None:
                counted, evidence = _bare(doc, claims, sentences, index, fig, fs, fe)
            if counted is not None:
                found.append((fig, fs, qualified(counted, text, fs, sentence.start, sentence.end), evidence))
        if not found:
            continue
        spans = [(fs, c.end) for _, fs, c, _ in found]
        dates = as_of_dates(doc, (sentence.start, sentence.end), spans, near)
        said = speakers(text, sentence.start, sentence.end)
        in_sentence = [(fig.start, fig.end) for fig, _, _, _ in found]
        for (fig, fs, counted, evidence), as_of in zip(found, dates):
            speaker = speaker_for(text, said, fs, counted.end)
            who, how = (speaker.who, "") if speaker else (None, "")
            if speaker is not None and who is None:
                who, how = _antecedent(doc, sentences, index, speaker)
            kind, why = kind_of(s_text, fig.start, counted.end - sentence.start, doc.published, in_sentence)
            if kind == "current" and index and not near and told_in_the_past(s_text, fig.start, counted.end - sentence.start):
                year = old_year(doc.text[sentences[index - 1].start:sentences[index - 1].end], doc.published)
                if year:
                    kind, why = "historical", f"told in the past after a sentence set in '{year}': a figure of another period"
            date, date_evidence = as_of.date, as_of.evidence
            if kind == "historical":
                date, date_evidence = None, why
            claims.append(Claim(
                document=doc.id, start=fs, end=counted.end, text=text[fs:counted.end], value=fig.value,
                qualifier=fig.qualifier, unit=counted.unit, what=counted.what, key=counted.key,
                attributed_to=who, date=date, date_evidence=date_evidence,
                sentence=sentence, low=fig.low, high=fig.high, what_evidence=evidence, attributed_evidence=how,
                kind=kind, kind_evidence=why))
    return _units_of_the_document(claims)


_PRONOUN_LABELS = {"it": ("ORG", "organisation"), "its": ("ORG", "organisation"),
                   "he": ("PERSON", "person"), "she": ("PERSON", "person")}
_ANTECEDENT_SENTENCES = 2  # sentences before the pronoun's where its antecedent may be


# words that may follow a name used as a noun phrase ("the authority said", "the
# council, which"); any other lower-case word after it makes the name a modifier ("the
# Sallow contamination", "the Calder plant"), not a candidate antecedent
_AFTER_A_NOUN_PHRASE = frozenset("""
said says say has have had is was were are will would could can may might should must did does do
also then later now again still who which that and or but on in at to for of by with from as after
before since itself themselves
""".split())


def _attributive(text: str, start: int, end: int) -> bool:
    """Whether the name ``text[start:end]`` modifies a noun: an article before it and a
    lower-case word after it that does not follow a noun phrase ("the Sallow
    contamination", not "the Velmora Authority said" or "the Harrow Board met")."""
    if not re.search(r"\b(?:the|a|an)\s+$", text[max(0, start - 5):start], re.IGNORECASE):
        return False
    m = re.match(r" ([a-z]+)\b", text[end:end + 40])
    return bool(m) and m.group(1) not in _AFTER_A_NOUN_PHRASE and not m.group(1).endswith(("ed", "s"))


def _antecedent(doc: Document, sentences: list[Sentence], index: int, speaker) -> tuple[str | None, str]:
    """The entity a pronoun source ("it said", "its count", "he said") stands for: the
    last organisation ("it", "its") or person ("he", "she") the model tagged before the
    pronoun, in its sentence or the two before, and not used as a modifier ("the Sallow
    contamination"); "they" and anything else stay None."""
    pronoun = doc.text[speaker.start:speaker.end].split(maxsplit=1)[0].lower().strip(",\"“”’'")
    if pronoun not in _PRONOUN_LABELS:
        return None, ""
    label, kind = _PRONOUN_LABELS[pronoun]
    first = sentences[max(0, index - _ANTECEDENT_SENTENCES)].start
    before = [e for e in doc.entities if e.label == label and first <= e.start and e.end <= speaker.start
              and not _attributive(doc.text, e.start, e.end)]
    if not before:
        return None, ""
    named = max(before, key=lambda e: e.end)
    return named.text, f"'{pronoun}' -> {named.text}, the last {kind} named before it"


def _bare(doc, claims, sentences, index, fig, fs, fe) -> tuple[Counted | None, str]:
    """What a figure with no counted noun counts, from its sentence's words, or from the
    claim a few sentences back that "the figure" / "the count" refers to."""
    sentence = sentences[index]
    s_text = doc.text[sentence.start:sentence.end]
    if not _COUNT_WORDS.search(s_text):
        return None, ""
    named = [m for m in _NUMBER_OF.finditer(s_text, 0, fs - sentence.start)]
    if named:  # "the number of confirmed cases ... had climbed to 8,451": what the number is of
        m = named[-1]
        noun = m.group("noun").lower()
        if noun in ("deaths", "fatalities", "dead"):
            what = FAMILIES["killed"][0]
            return Counted(fe, "people", what, what, "killed"), f"'{m.group(0)}' before it"
        what = " ".join(m.group(0).split()[2:]).lower()
        return Counted(fe, noun, what, noun), f"'{m.group(0)}' before it"
    family = family_in_sentence(s_text, fs - sentence.start)
    if family:
        what = FAMILIES[family][0]
        return Counted(fe, "people", what, what, family), f"'{_cue_word(s_text, family)}' in its sentence"
    first = sentences[max(0, index - _ANAPHORA_SENTENCES)].start
    for c in reversed(claims):  # claims are in text order: only the last few are looked at
        if c.start < first:
            break
        family = family_of(c.key)
        if family:
            back = next(k for k in range(index, -1, -1) if sentences[k] == c.sentence)
            return (Counted(fe, c.unit, c.what, c.key, family),
                    f"the count of '{c.text}' at {c.start}, {index - back} sentence(s) before")
    return None, ""


def _cue_word(sentence: str, family: str) -> str:
    from storyline.claims.what import _CUE

    return next(m.group(0) for m in _CUE.finditer(sentence) if m.lastgroup == family)


def _units_of_the_document(claims: list[Claim]) -> list[Claim]:
    """"the 60 tonnes Calder gave" counts what the document's one "tonnes of ..." counts."""
    out = []
    by_unit: dict[str, dict[str, Claim]] = {}  # unit -> the claims counting "<unit> of ...", by key (the last wins)
    for o in claims:
        if o.key.startswith(o.unit + " of "):
            by_unit.setdefault(o.unit, {})[o.key] = o
    for c in claims:
        if c.key == c.unit and c.unit not in ("people", "percent"):
            keys = by_unit.get(c.unit, {})
            if len(keys) == 1:
                other = next(iter(keys.values()))
                c = replace(c, what=other.what, key=other.key,
                            what_evidence=f"the document's only count of {other.what} ('{other.text}' at {other.start})")
        out.append(c)
    return out
