"""Direct quotes in one document: the words in quotation marks and who said them.

A quote is the text between a pair of quotation marks (“ ”, " ", « », Timeline17's
`` ''), three words or more (shorter ones are scare quotes or titles); a quote
left open at the end of a paragraph runs to the paragraph's end, as news style writes a
quote that continues in the next paragraph. Its attribution is looked for right after
the closing mark (“...,” he said / said the minister / Lavrov told reporters) or right
before the opening one (Lavrov said: “...”); a quote split around its attribution
(“A,” he said, “B.”) is one quote in two parts.

The speaker is resolved, never guessed:

* a name the model tagged PERSON is the speaker;
* "he"/"she" is the person named last before the quote, within the three sentences
  before it;
* a description ("the minister", "the Russian foreign minister") is the person named
  last before the quote with that title in front of the name ("Foreign Minister
  Sergei Lavrov");
* anything else ("they", "a spokesman", no attribution) stays unresolved (None), with
  the words that stand for the speaker kept in ``said_by``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from storyline.model import CanonicalEntity, Document, Quote, SharedQuote
from storyline.quotes import Attribution
from storyline.quotes.reported import find_reported
from storyline.quotes.said_on import said_on, with_said_on
from storyline.quotes.speakers import (CUE, DESCRIPTION, PRONOUNS, SPEECH_VERB, WHO_AFTER, WHO_BEFORE, SpeakerResolver,
                                       named_head, office_of, reporting_channel, sentence_bounds)
from storyline.utils.disjoint import DisjointSet
from storyline.utils.shingles import WORD, ngrams, words
from storyline.utils.words import QUOTE_SPEECH

__all__ = ["Quote", "SharedQuote", "SPEECH_VERBS", "SpeakerResolver", "find_quotes", "merge_quotes", "story_quotes"]

SPEECH_VERBS = QUOTE_SPEECH
_PAIRS = {"“": "”", '"': '"', "«": "»", "``": "''"}
_OPEN = re.compile(r"“|«|``|\"")
_LEADING = re.compile(r"^(?:(?:and|but|which|who|that|as|while|then|also)\s+)+", re.IGNORECASE)
# a name or a title in quotation marks ("Friends of the Syrian People"), not words said
_TITLE = re.compile(r"(?:[A-Z][\w'’-]*|of|the|and|for|in|on|to|a|an|at|de|la)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|for|in|on|to|a|an|at|de|la))*")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every quotation, in text order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _OPEN.search(text, pos)) is not None:
        mark = m.group(0)
        close = _PAIRS[mark]
        start = m.end()
        para_end = text.find("\n", start)
        para_end = len(text) if para_end == -1 else para_end
        end = text.find(close, start, para_end)
        if end == -1:  # left open: the quote runs on to the paragraph's end
            end = para_end
            pos = para_end
        else:
            pos = end + len(close)
        if end > start:
            spans.append((start, end))
    return spans


def _closing_len(text: str, end: int) -> int:
    for close in ("''", "”", '"', "»"):
        if text.startswith(close, end):
            return len(close)
    return 0


def _speaker_words(doc: Document, start: int, end: int) -> str | None:
    """``doc.text[start:end]`` if it can stand for a speaker: a name, a pronoun, a description."""
    words = doc.text[start:end]
    who = _LEADING.sub("", words.strip())
    if not who:
        return None
    lead = len(words) - len(words.lstrip()) + (len(words.strip()) - len(who))
    at = start + lead
    if (who.lower() in PRONOUNS or named_head(doc, at, at + len(who)) is not None or DESCRIPTION.fullmatch(who)
            or office_of(doc, who, at) is not None):
        return who
    return None


def _attribution(doc: Document, parts: list[tuple[int, int]]) -> tuple[str, int, str, int] | None:
    """(who, where, cue, where the cue is) for a quote: the speech verb outside the quote, in the sentence
    where the quote ends or starts, nearest to it; its subject before it, or after it
    ("said the minister")."""
    first, last = parts[0][0], parts[-1][1]
    spans = []
    for offset in (last, first):
        bounds = sentence_bounds(doc, min(offset, len(doc.text) - 1))
        if bounds not in spans:
            spans.append(bounds)
    options = []
    for sentence_start, sentence_end in spans:
        for m in CUE.finditer(doc.text, sentence_start, sentence_end):
            if any(a - 1 <= m.start() < b + 1 for a, b in parts):
                continue
            distance = m.start() - last if m.start() >= last else first - m.end()
            options.append((distance, m))
    for _, m in sorted(options, key=lambda o: (o[0], o[1].start())):
        sentence_start, sentence_end = sentence_bounds(doc, m.start())
        left = WHO_BEFORE.search(doc.text, sentence_start, max(sentence_start, m.start() - 1))
        if left is not None and (who := _speaker_words(doc, left.start(1), left.end(1))) is not None:
            return who, left.start(1) + left.group(1).find(who), m.group(0), m.start()
        right = WHO_AFTER.match(doc.text, m.end(), sentence_end)
        if right is not None and (who := _speaker_words(doc, right.start(1), right.end(1))) is not None:
            return who, right.start(1) + right.group(1).find(who), m.group(0), m.start()
    return None


def _same_paragraph(text: str, end: int, start: int) -> bool:
    return "\n" not in text[end:start]


def find_quotes(doc: Document, min_words: int = 3) -> list[Quote]:
    """Every direct quote of ``doc`` (annotated: sentences and entities), in text order."""
    spans = [s for s in _quote_spans(doc.text)
             if len(WORD.findall(doc.text[s[0]:s[1]])) >= min_words and not _TITLE.fullmatch(doc.text[s[0]:s[1]].strip())]
    out: list[Quote] = []
    quoted: list[tuple[int, str]] = []
    speakers = SpeakerResolver(doc)
    i = 0
    while i < len(spans):
        parts = [spans[i]]
        end = spans[i][1] + _closing_len(doc.text, spans[i][1])
        if i + 1 < len(spans):  # "A," he said, "B."
            between = doc.text[end : spans[i + 1][0]]
            if re.fullmatch(rf"\s*,?\s*[^.;!?“”\"«»]{{1,60}}?\b{SPEECH_VERB}\b[^.;!?“”\"«»]{{0,30}}?[,:]\s*(?:“|«|``|\")",
                            between, re.IGNORECASE):
                parts.append(spans[i + 1])
                i += 1
        speaker, said_by, cue, how = None, "", "", ""
        cue_at: int | None = None
        found = _attribution(doc, parts)
        channel = reporting_channel(doc, parts[0][0], parts[-1][1], found[0], found[1]) if found is not None else None
        if channel is not None and found is not None:
            who, where, cue, cue_at = channel
            said_by = who
            speaker, how = speakers.resolve(who, where, parts[0][0], quoted)
            how = f"{how}: the subject of '{cue}' ('{found[0]} {found[2]}' reports it)" if speaker else how
        elif found is not None:
            who, where, cue, cue_at = found
            said_by = who
            speaker, how = speakers.resolve(who, where, parts[0][0], quoted)
        elif out and out[-1].speaker and _same_paragraph(doc.text, out[-1].end, parts[0][0]):
            speaker, said_by, cue = out[-1].speaker, out[-1].said_by, out[-1].cue
            how = f"continues the quote before it in the paragraph ({out[-1].speaker})"
        if speaker is not None:
            quoted.append((parts[0][0], speaker))
        text = " … ".join(doc.text[a:b].strip() for a, b in parts)
        day, evidence = said_on(doc, parts, cue_at)
        out.append(Quote(doc.id, parts[0][0], parts[-1][1], text, tuple(parts), speaker, said_by, cue.lower(), how,
                         said_on=day, said_on_evidence=evidence))
        i += 1
    return out


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    return set(ngrams(words(text), n, short=True))


def merge_quotes(quotes: list[Quote], docs: list[Document], containment: float = 0.8) -> list[SharedQuote]:
    """Quotes that carry the same words (the shorter's word 3-grams found in the other at
    ``containment`` or more) become one :class:`SharedQuote`, in order of first appearance.
    Pass direct quotes and reported speech separately: a group takes its first member's
    ``direct``."""
    published = {d.id: d.published for d in docs}
    grams = [_grams(q.text) for q in quotes]
    joined: DisjointSet[int] = DisjointSet(range(len(quotes)))
    index: dict[tuple[str, ...], list[int]] = {}
    for i, gs in enumerate(grams):
        for g in gs:
            index.setdefault(g, []).append(i)
    for i, gs in enumerate(grams):
        shared: dict[int, int] = {}
        for g in gs:
            for j in index[g]:
                if j > i:
                    shared[j] = shared.get(j, 0) + 1
        for j, n in shared.items():
            if n >= containment * min(len(gs), len(grams[j])):
                joined.union(i, j)
    out = []
    for members in joined.groups():
        ordered = sorted((quotes[i] for i in members), key=lambda q: (published.get(q.document) or "9999", q.document, q.start))
        speakers = [q.speaker for q in ordered if q.speaker]
        speaker = max(sorted(set(speakers)), key=speakers.count) if speakers else None
        texts = list(dict.fromkeys(q.text for q in ordered))
        dates = sorted(d for q in ordered if (d := published.get(q.document)))
        out.append(with_said_on(SharedQuote(texts[0], speaker, tuple(sorted({q.document for q in ordered})),
                                            dates[0] if dates else None, tuple(texts[1:]), tuple(ordered),
                                            direct=ordered[0].direct)))
    return sorted(out, key=lambda s: (s.date or "9999", s.appearances[0].document, s.appearances[0].start))


def story_quotes(docs: list[Document], entities: list[CanonicalEntity] = (),
                 attributions: Mapping[str, Sequence[Attribution]] | None = None) -> list[SharedQuote]:
    """The quotes of a story's documents, one per statement across outlets, each speaker
    under the canonical name of the entity whose alias it is ("Lavrov" -> "Sergei Lavrov").

    ``attributions``: the attribution tagger's findings by document id
    (:class:`storyline.quotes.reported.Attributor`); when given, reported speech is
    added (``direct`` false), merged across outlets apart from the direct quotes; a direct
    quote inside a reported statement of its document is then left to that statement.
    """
    from storyline.entities import canonical_name

    direct = {doc.id: find_quotes(doc) for doc in docs}
    if attributions is None:
        shared = merge_quotes([q for doc in docs for q in direct[doc.id]], docs)
    else:
        reported = {doc.id: find_reported(doc, attributions.get(doc.id, ()), direct[doc.id]) for doc in docs}
        # a quoted phrase inside a reported statement ('Lavrov said Russia is "open to
        # constructive proposals" on Syria') is shown with that statement, not again alone
        kept = [q for doc in docs for q in direct[doc.id]
                if not any(r.start - 1 <= q.start and q.end <= r.end + 1 for r in reported[doc.id])]
        shared = sorted(merge_quotes(kept, docs) + merge_quotes([q for doc in docs for q in reported[doc.id]], docs),
                        key=lambda s: (s.date or "9999", s.appearances[0].document, s.appearances[0].start))
    return [replace(s, speaker=canonical_name(s.speaker, entities) or s.speaker) if s.speaker else s for s in shared]
