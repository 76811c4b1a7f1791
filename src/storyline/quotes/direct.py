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

from storyline.model import CanonicalEntity, Document, Entity, Quote, SharedQuote
from storyline.quotes import Attribution

__all__ = ["Quote", "SharedQuote", "SPEECH_VERBS", "SpeakerResolver", "find_quotes", "merge_quotes", "story_quotes"]

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "stressed", "stresses",
    "insisted", "insists", "warned", "warns", "declared", "declares", "noted", "notes", "explained",
    "explains", "argued", "argues", "claimed", "claims", "replied", "replies", "wrote", "writes",
    "announced", "announces", "continued", "continues", "urged", "urges", "emphasised", "emphasized",
    "stated", "states", "quoted", "recalled", "concluded", "according",
)
_VERB = "(?:" + "|".join(SPEECH_VERBS) + ")"
_PAIRS = {"“": "”", '"': '"', "«": "»", "``": "''"}
_OPEN = re.compile(r"“|«|``|\"")
_PRONOUNS = frozenset({"he", "she"})
_PRONOUN_REACH = 6  # sentences between a pronoun and the speaker it stands for
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# "the minister", "the Russian foreign minister", "a spokesman": a lower-case head noun
_DESCRIPTION = re.compile(r"(?:the|a|an)\s+(?:[\w-]+\s+){0,4}[a-z][a-z-]*", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:and|but|which|who|that|as|while|then|also)\s+)+", re.IGNORECASE)
_CUE = re.compile(rf"\b{_VERB}\b", re.IGNORECASE)
_WHO_BEFORE = re.compile(r"([^,.;:!?“”\"«»()]{1,80})$")
_WHO_AFTER = re.compile(r"\s*([^,.;:!?“”\"«»()]{1,80}?)(?=\s*[,.;:!?]|\s+(?:on|in|at|after|before|during|to|that)\b|$)")
_WORD = re.compile(r"\w+")
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


def _sentence_bounds(doc: Document, offset: int) -> tuple[int, int]:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    line_start = doc.text.rfind("\n", 0, offset) + 1
    line_end = doc.text.find("\n", offset)
    return line_start, len(doc.text) if line_end == -1 else line_end


def _named(doc: Document, start: int, end: int, labels=_SPEAKER_LABELS) -> Entity | None:
    """The last named entity that ends the words ``doc.text[start:end]`` (their head)."""
    inside = [e for e in doc.entities if e.label in labels and start <= e.start and e.end <= end]
    if not inside:
        return None
    last = max(inside, key=lambda e: e.end)
    return last if not doc.text[last.end:end].strip() else None


def _speech_subjects(doc: Document) -> list[tuple[int, int, Entity]]:
    """People named as the subject of a speech verb ("Lavrov said", "said Sergei
    Lavrov", "according to Lavrov"), with the verb's span, in text order."""
    out = []
    for m in _CUE.finditer(doc.text):
        sentence_start, sentence_end = _sentence_bounds(doc, m.start())
        left = _WHO_BEFORE.search(doc.text, sentence_start, m.start() - 1) if m.start() > sentence_start else None
        if left is not None:
            who = _named(doc, left.start(1), left.end(1), frozenset({"PERSON"}))
            if who is not None:
                out.append((m.start(), m.end(), who))
                continue
        right = _WHO_AFTER.match(doc.text, m.end(), sentence_end)
        if right is not None:
            who = _named(doc, right.start(1), right.end(1), frozenset({"PERSON"}))
            if who is not None:
                out.append((m.start(), m.end(), who))
    return out


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
        named = _named(doc, who_start, who_start + len(who))
        if named is not None:
            return named.text, "named"
        lowered = who.strip().lower()
        anchor = min(who_start, quote_start)
        if lowered in _PRONOUNS:
            if self._subjects is None:
                self._subjects = _speech_subjects(doc)
            subjects = [(at, e.text) for at, end, e in self._subjects if end <= anchor] + [q for q in quoted if q[0] < anchor]
            if subjects:
                at, last = max(subjects)
                between = sum(1 for s in doc.sentences if at < s.start <= anchor)
                if between <= _PRONOUN_REACH:
                    return last, f"pronoun '{who.strip()}' -> {last}, the last person quoted or said to speak before"
            return None, ""
        if _DESCRIPTION.fullmatch(who.strip()):
            head = _WORD.findall(lowered)[-1]
            persons = [e for e in doc.entities if e.label == "PERSON" and e.end <= anchor]
            for e in sorted(persons, key=lambda e: e.start, reverse=True):
                title = doc.text[max(0, e.start - 40) : e.start].lower()
                if re.search(rf"\b{re.escape(head)}\s+(?:[\w.-]+\s+)?$", title):
                    return e.text, f"description '{who.strip()}' -> {e.text}, the last person with that title"
        return None, ""


def _speaker_words(doc: Document, start: int, end: int) -> str | None:
    """``doc.text[start:end]`` if it can stand for a speaker: a name, a pronoun, a description."""
    words = doc.text[start:end]
    who = _LEADING.sub("", words.strip())
    if not who:
        return None
    lead = len(words) - len(words.lstrip()) + (len(words.strip()) - len(who))
    at = start + lead
    if who.lower() in _PRONOUNS or _named(doc, at, at + len(who)) is not None or _DESCRIPTION.fullmatch(who):
        return who
    return None


def _attribution(doc: Document, parts: list[tuple[int, int]]) -> tuple[str, int, str] | None:
    """(who, where, cue) for a quote: the speech verb outside the quote, in the sentence
    where the quote ends or starts, nearest to it; its subject before it, or after it
    ("said the minister")."""
    first, last = parts[0][0], parts[-1][1]
    spans = []
    for offset in (last, first):
        bounds = _sentence_bounds(doc, min(offset, len(doc.text) - 1))
        if bounds not in spans:
            spans.append(bounds)
    options = []
    for sentence_start, sentence_end in spans:
        for m in _CUE.finditer(doc.text, sentence_start, sentence_end):
            if any(a - 1 <= m.start() < b + 1 for a, b in parts):
                continue
            distance = m.start() - last if m.start() >= last else first - m.end()
            options.append((distance, m))
    for _, m in sorted(options, key=lambda o: (o[0], o[1].start())):
        sentence_start, sentence_end = _sentence_bounds(doc, m.start())
        left = _WHO_BEFORE.search(doc.text, sentence_start, max(sentence_start, m.start() - 1))
        if left is not None and (who := _speaker_words(doc, left.start(1), left.end(1))) is not None:
            return who, left.start(1) + left.group(1).find(who), m.group(0)
        right = _WHO_AFTER.match(doc.text, m.end(), sentence_end)
        if right is not None and (who := _speaker_words(doc, right.start(1), right.end(1))) is not None:
            return who, right.start(1) + right.group(1).find(who), m.group(0)
    return None


def _same_paragraph(text: str, end: int, start: int) -> bool:
    return "\n" not in text[end:start]


def find_quotes(doc: Document, min_words: int = 3) -> list[Quote]:
    """Every direct quote of ``doc`` (annotated: sentences and entities), in text order."""
    spans = [s for s in _quote_spans(doc.text)
             if len(_WORD.findall(doc.text[s[0]:s[1]])) >= min_words and not _TITLE.fullmatch(doc.text[s[0]:s[1]].strip())]
    out: list[Quote] = []
    quoted: list[tuple[int, str]] = []
    speakers = SpeakerResolver(doc)
    i = 0
    while i < len(spans):
        parts = [spans[i]]
        end = spans[i][1] + _closing_len(doc.text, spans[i][1])
        if i + 1 < len(spans):  # "A," he said, "B."
            between = doc.text[end : spans[i + 1][0]]
            if re.fullmatch(rf"\s*,?\s*[^.;!?“”\"«»]{{1,60}}?\b{_VERB}\b[^.;!?“”\"«»]{{0,30}}?[,:]\s*(?:“|«|``|\")",
                            between, re.IGNORECASE):
                parts.append(spans[i + 1])
                i += 1
        speaker, said_by, cue, how = None, "", "", ""
        found = _attribution(doc, parts)
        if found is not None:
            who, where, cue = found
            said_by = who
            speaker, how = speakers.resolve(who, where, parts[0][0], quoted)
        elif out and out[-1].speaker and _same_paragraph(doc.text, out[-1].end, parts[0][0]):
            speaker, said_by, cue = out[-1].speaker, out[-1].said_by, out[-1].cue
            how = f"continues the quote before it in the paragraph ({out[-1].speaker})"
        if speaker is not None:
            quoted.append((parts[0][0], speaker))
        text = " … ".join(doc.text[a:b].strip() for a, b in parts)
        out.append(Quote(doc.id, parts[0][0], parts[-1][1], text, tuple(parts), speaker, said_by, cue.lower(), how))
        i += 1
    return out


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def merge_quotes(quotes: list[Quote], docs: list[Document], containment: float = 0.8) -> list[SharedQuote]:
    """Quotes that carry the same words (the shorter's word 3-grams found in the other at
    ``containment`` or more) become one :class:`SharedQuote`, in order of first appearance.
    Pass direct quotes and reported speech separately: a group takes its first member's
    ``direct``."""
    published = {d.id: d.published for d in docs}
    grams = [_grams(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

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
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        ordered = sorted((quotes[i] for i in members), key=lambda q: (published.get(q.document) or "9999", q.document, q.start))
        speakers = [q.speaker for q in ordered if q.speaker]
        speaker = max(sorted(set(speakers)), key=speakers.count) if speakers else None
        texts = list(dict.fromkeys(q.text for q in ordered))
        dates = sorted(d for q in ordered if (d := published.get(q.document)))
        out.append(SharedQuote(texts[0], speaker, tuple(sorted({q.document for q in ordered})),
                               dates[0] if dates else None, tuple(texts[1:]), tuple(ordered),
                               direct=ordered[0].direct))
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
    from storyline.quotes.reported import find_reported

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
