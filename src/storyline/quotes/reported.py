"""Reported speech ("Lavrov said Syrian forces will not ..."): what a source said, in
the writer's words, found by the attribution tagger and kept only when it is speech.

Only sentences with a reporting verb are tagged (:data:`REPORTING_VERBS`); the tagger's
Source-Cue-Content triples are then kept when

* the cue is a reporting verb (not "backed", "vetoed", "blames": attribution in
  PolNeAR's broad sense, but not words said);
* there is a source (not "you", "I", "some"), and the content is a statement (it has a
  finite verb, per the parser), four words or more, and not mostly a direct quote
  already found in quotation marks (:mod:`storyline.quotes.direct` has those);
* no other kept cue claims the same content (the nearest one does).

The speaker is resolved as a direct quote's is (:mod:`storyline.quotes.speakers`: a
name, "he"/"she", "the minister"), never guessed. Tagging results are cached per sentence text (:class:`Attributor`), so
a wire story carried by forty outlets is tagged once and a re-run not at all.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence

from storyline.executors import Executor, Serial
from storyline.model import Document, Quote, sha256
from storyline.quotes import Attribution, tag_sentences
from storyline.quotes.said_on import said_on
from storyline.quotes.speakers import SpeakerResolver, reporting_channel
from storyline.utils.words import REPORTED_SPEECH

__all__ = ["REPORTING_VERBS", "AttributionCache", "Attributor", "candidate_sentences", "find_reported"]


REPORTING_VERBS = REPORTED_SPEECH
_REPORTING = re.compile(r"\b(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’'-]+")
_NEGATION = frozenset({"not", "n't", "never", "declined", "declines", "refused", "refuses", "denied", "no"})
_NOT_SPEAKERS = frozenset({"which", "that", "who", "it", "this", "they", "what", "i", "you", "we", "one", "some",
                           "many", "others", "time", "please"})
_PASSIVE = frozenset({"was", "were", "been", "being", "is", "are", "be"})
_EDGE = " \t\n,;:.—–-"
MIN_WORDS = 4
MAX_QUOTED = 0.6  # a content more than this share inside quotation marks is a direct quote


def candidate_sentences(doc: Document) -> list[tuple[int, int]]:
    """The (start, end) of every sentence of ``doc`` with a reporting verb in it (one
    pass of the verb pattern over the text)."""
    starts = [s.start for s in doc.sentences]
    chosen: dict[int, tuple[int, int]] = {}
    for m in _REPORTING.finditer(doc.text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= doc.sentences[i].end:
            chosen.setdefault(i, (doc.sentences[i].start, doc.sentences[i].end))
    return [chosen[i] for i in sorted(chosen)]


class Attributor:
    """Tags the candidate sentences of documents: ``attribute(docs) -> {document id:
    [Attribution, ...]}``, spans into each document's text. A sentence several documents
    carry is tagged once, in this call or an earlier one (the last ``MEMORY`` sentences are
    kept); ``tagged`` counts the sentences tagged in the last call. (The
    pipeline keeps each document's result in the store: :mod:`storyline.caching`.)

    The sentences are tagged ``batch`` at a time, in the order of their digests, through
    ``executor`` (:mod:`storyline.executors`; None: in this process): the same batches
    wherever they run, so the same attributions. ``tagger``: the attribution tagger's name
    (:data:`storyline.quotes.TAGGERS`)."""

    MEMORY = 200_000  # sentences whose attributions are kept between calls (wire copy in later steps)

    def __init__(self, batch: int = 64, executor: Executor | None = None, tagger: str = "crf") -> None:
        self.batch = batch
        self.tagger = tagger
        self.executor = executor or Serial()
        self.tagged = 0
        self._known: dict[str, list[Attribution]] = {}

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def version() -> str:
        """What the tagging depends on: the shipped models' files (the CRF's and the neural
        tagger's: the choice between them is a setting) and the parser's model."""
        from storyline.annotate import model_version
        from storyline.quotes.neural import NEURAL_PATH
        from storyline.quotes.tagger import MODEL_PATH

        neural = hashlib.sha256(NEURAL_PATH.read_bytes()).hexdigest()[:16] if NEURAL_PATH.exists() else "none"
        return f"attrib4|{hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:16]}|neural:{neural}|{model_version()}"

    def attribute(self, docs: Iterable[Document]) -> dict[str, list[Attribution]]:
        units: list[tuple[str, int, str]] = []  # (document, sentence start, sentence hash)
        texts: dict[str, str] = {}
        for doc in docs:
            for start, end in candidate_sentences(doc):
                sentence = doc.text[start:end]
                key = sha256(sentence)
                units.append((doc.id, start, key))
                texts.setdefault(key, sentence)
        keys = sorted(k for k in texts if k not in self._known)
        self.tagged = len(keys)
        batches = [[texts[k] for k in keys[i : i + self.batch]] for i in range(0, len(keys), self.batch)]
        if len(self._known) + len(keys) > self.MEMORY:
            self._known = {k: v for k, v in self._known.items() if k in texts}
        known = self._known
        tag = functools.partial(tag_sentences, tagger=self.tagger)
        known.update(zip(keys, (found for tagged in self.executor.map(tag, batches) for found in tagged)))
        out: dict[str, list[Attribution]] = {}
        for doc_id, start, key in units:
            out.setdefault(doc_id, []).extend(a.shifted(start) for a in known[key])
        return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if re.match(r"that\s", text[start:end], re.IGNORECASE):
        start += 5
        while start < end and text[start].isspace():
            start += 1
    return start, end


# "..., but he made no suggestion that ...": what follows describes the speaker, in the
# reporter's words (the speaker does not call themselves "he")
_NARRATION = re.compile(r",?\s+(?:but|while|although|though|whereas)\s+(?:he|she)\s", re.IGNORECASE)
# "not by a desire to protect X, but by ...": the second half of a "not ... but" pair
_BUT_HALF = re.compile(r",?\s+but\s+(?:also\s+)?(?:by|to|for|because|in|on|with|from|as|a|an|the)\b[^.;!?]*", re.IGNORECASE)


def _narrow(text: str, start: int, end: int, cue_at: int) -> tuple[int, int]:
    """A reported content cut where the reporter's narration of the speaker begins
    ("Lavrov said Assad assured him X, but he made no suggestion ..." -> "Assad assured him
    X"), or carried on to the second half of a "not ... but ..." it stops inside."""
    if cue_at < start:
        narration = _NARRATION.search(text, start, end)
        if narration is not None and narration.start() > start:
            return _trim(text, start, narration.start())
    if re.search(r"\bnot\b", text[start:end], re.IGNORECASE):
        half = _BUT_HALF.match(text, end)
        if half is not None:
            return _trim(text, start, half.end())
    return start, end


def _quoted_share(start: int, end: int, direct: Sequence[Quote]) -> float:
    inside = 0
    for q in direct:
        for a, b in q.parts:
            inside += max(0, min(end, b + 1) - max(start, a - 1))
    return inside / max(1, end - start)


def _is_reporting(cue: str) -> bool:
    """A cue that reports words said ("said", "told reporters"), not one that says they
    were not ("declined to say", "did not say") nor a passive ("was confirmed")."""
    words = [w.lower() for w in _WORD.findall(cue)]
    return (any(w in REPORTING_VERBS for w in words) and not any(w in _NEGATION or w.endswith("n't") for w in words)
            and not any(w in _PASSIVE for w in words))


def _apposition_end(doc: Document, start: int, end: int) -> int:
    """Where a source's head ends: at a person followed by a comma ("Raina MacIntyre,
    professor at the University of X" -> "Raina MacIntyre"), else at its end."""
    for e in doc.entities:
        if e.label == "PERSON" and start <= e.start and e.end < end and re.match(r"\s*,", doc.text[e.end:end]):
            return e.end
    return end


def find_reported(doc: Document, found: Sequence[Attribution], direct: Sequence[Quote] = ()) -> list[Quote]:
    """The reported speech of ``doc`` (annotated) among the tagger's attributions
    ``found`` (spans into ``doc.text``), as :class:`Quote` with ``direct=False``;
    ``direct``: the document's direct quotes, which are not repeated and whose resolved
    speakers "he"/"she" may stand for."""
    kept: dict[tuple[int, int], tuple[int, Attribution]] = {}
    for a in found:
        if a.source is None or a.content is None or a.cue is None or not _is_reporting(doc.text[a.cue[0]:a.cue[1]]):
            continue
        if a.clause is False:  # a noun phrase ("declared a disaster situation"), not a statement
            continue
        content = _narrow(doc.text, *_trim(doc.text, *a.content), a.cue[0])
        if len(_WORD.findall(doc.text[content[0]:content[1]])) < MIN_WORDS:
            continue
        if _quoted_share(*content, direct) > MAX_QUOTED:
            continue
        who = doc.text[a.source[0]:a.source[1]].strip(_EDGE)
        if not who or who.lower() in _NOT_SPEAKERS:
            continue
        gap = a.cue[0] - a.content[1] if a.cue[0] >= a.content[1] else a.content[0] - a.cue[1]
        if content not in kept or gap < kept[content][0]:
            kept[content] = (gap, a)
    quoted = sorted((q.start, q.speaker) for q in direct if q.speaker)
    speakers = SpeakerResolver(doc)
    out: list[Quote] = []
    for (start, end), (_, a) in sorted(kept.items()):
        raw = doc.text[a.source[0]:_apposition_end(doc, *a.source)]
        who = raw.strip(_EDGE)
        where = a.source[0] + raw.find(who)
        cue_at = a.cue[0]
        cue = doc.text[a.cue[0]:a.cue[1]].lower()
        channel = reporting_channel(doc, start, end, who, where)
        if channel is not None:  # "... and said the position should be X, the Kremlin said": Medvedev's words
            reporter = f"'{who} {cue}' reports it"
            who, where, cue, cue_at = channel
            cue = cue.lower()
        speaker, how = speakers.resolve(who, where, start, [q for q in quoted if q[0] < start])
        if channel is not None and speaker is not None:
            how = f"{how}: the subject of '{cue}' ({reporter})"
        if speaker is not None:
            quoted = sorted(quoted + [(start, speaker)])
        day, evidence = said_on(doc, ((start, end),), cue_at)
        out.append(Quote(doc.id, start, end, doc.text[start:end], ((start, end),), speaker, who, cue, how, direct=False,
                         said_on=day, said_on_evidence=evidence))
    return out

