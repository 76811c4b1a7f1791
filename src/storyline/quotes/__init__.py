"""Attribution ("who said what") extraction: Source, Cue and Content spans.

:func:`attributions` finds them in a text; :mod:`storyline.quotes.tagger` tags token
sequences; :mod:`storyline.quotes.train` trains the model on PolNeAR.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Attribution", "attributions"]


@dataclass(frozen=True)
class Attribution:
    """One attribution in a text: character spans (start, end) of its parts; a part
    the tagger did not find is None."""

    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None

    def texts(self, text: str) -> dict[str, str | None]:
        return {name: (text[span[0]:span[1]] if span else None)
                for name, span in (("source", self.source), ("cue", self.cue), ("content", self.content))}


def attributions(text: str, sentences: Iterable[tuple[int, int]] | None = None) -> list[Attribution]:
    """The attributions in ``text``, tagged one paragraph (non-empty line) at a time, or
    one ``(start, end)`` character span of ``sentences`` at a time when given.

    Spans are grouped around each cue: the nearest source and content in the same unit
    (the one on the cue's side preferred for the source when both are equally near).
    """
    from storyline.quotes.features import ptb_tokens
    from storyline.quotes.spans import bio_to_spans
    from storyline.quotes.tagger import default_tagger
    from storyline.quotes.train import paragraphs

    units = list(sentences) if sentences is not None else paragraphs(text)
    tokenized = [ptb_tokens(text[s:e]) for s, e in units]
    labels = default_tagger().tag_many(words for words, _ in tokenized)
    found: list[Attribution] = []
    for (unit_start, _), (words, offsets), labs in zip(units, tokenized, labels):
        spans = bio_to_spans(labs)

        def chars(span):
            return (unit_start + offsets[span[1]][0], unit_start + offsets[span[2] - 1][1])

        cues = [s for s in spans if s[0] == "cue"]
        sources = [s for s in spans if s[0] == "source"]
        contents = [s for s in spans if s[0] == "content"]

        def nearest(cands, cue):
            def gap(s):
                return s[1] - cue[2] if s[1] >= cue[2] else cue[1] - s[2]
            return min(cands, key=gap) if cands else None

        for cue in cues:
            src, cnt = nearest(sources, cue), nearest(contents, cue)
            found.append(Attribution(chars(src) if src else None, chars(cue), chars(cnt) if cnt else None))
    return found
