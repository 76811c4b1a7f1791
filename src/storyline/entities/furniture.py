"""Page furniture that the model tagged as a name: menu items, section labels, buttons.

Cleaning removes most furniture lines before annotation (what it removed is in
``Document.removed`` and never reaches the model). What slips through is caught here.
A mention is furniture when:

1. its name is a word of the page itself (:data:`UI_WORDS`: "Home", "Share", "Latest
   News", "Subscribe"...), wherever it stands; these are never names of people,
   organisations or places in news copy;
2. it fills a short line (at most :data:`SHORT_LINE` words) and that line is
   a. written in capitals ("WORLD", "MIDDLE EAST") — a menu item or section header, or
   b. found, as a whole line, in two or more independent documents (duplicates count
      once: a reprint repeats its original's lines), the mark of a site template, or
   c. a short line that cleaning removed from some document of the corpus (a section
      label such as "Russia" on one page is furniture on the next one too);
3. it crosses a line break, or has no letter, or carries marks no name has ("|", "©",
   "@", "http", "www.").

The model's mentions inside article sentences are never furniture by rule 2: a
sentence is longer than a short line.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from typing import Iterable

from storyline.model import Document, Entity

__all__ = ["SHORT_LINE", "UI_WORDS", "Furniture", "line_of"]

SHORT_LINE = 4  # words

UI_WORDS = frozenset(w.casefold() for w in """
home|share|share this|latest|latest news|news|breaking news|top stories|most read|most popular|most viewed|
trending|related|related news|related articles|read more|more|next|previous|back|back to top|skip to content|
menu|search|subscribe|unsubscribe|newsletter|newsfeed|log in|login|sign in|sign up|register|account|
comments|comment|chats|print|email|e-mail|rss|follow us|contact us|about us|privacy policy|
terms of use|terms and conditions|cookie policy|cookies|advertisement|advertising|sponsored|
video|videos|photos|photo|gallery|live|opinion|editorial|politics|world|business|sport|sports|
tech|technology|science|health|lifestyle|entertainment|culture|weather|tags|topics|sections|
widget|loader|loading|close|open|view|watch|listen|download|permalink|short link|feedback|help|faq
""".replace("\n", "").split("|"))

MAX_WORD = 60  # characters a word of a short line may average; a longer line is not short
_BAD_MARKS = re.compile(r"[|©@]|https?:|www\.", re.IGNORECASE)
_LINE_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def _norm_line(line: str) -> str:
    """A line compared with others: bullets and edge punctuation off, case folded."""
    return " ".join(_LINE_EDGE.sub("", line).split()).casefold()


@functools.lru_cache(maxsize=4)
def _breaks(text: str) -> tuple[int, ...]:
    """Where the line breaks of ``text`` are (cached: a document asks once per entity)."""
    return tuple(match.start() for match in re.finditer("\n", text))


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the whole line of ``text`` holding ``text[start:end]``, found in the
    document's line breaks, so a long line is not scanned again for each entity on it."""
    breaks = _breaks(text)
    before = bisect.bisect_left(breaks, start)
    after = bisect.bisect_left(breaks, end)
    return (breaks[before - 1] + 1 if before else 0), (breaks[after] if after < len(breaks) else len(text))


def line_of(text: str, start: int, end: int) -> str:
    """The whole line of ``text`` holding ``text[start:end]``."""
    lo, hi = line_bounds(text, start, end)
    return text[lo:hi]


class Furniture:
    """Decides, for the mentions of one corpus, which are page furniture (and why)."""

    def __init__(self, docs: Iterable[Document], short_line: int = SHORT_LINE):
        self.short_line = short_line
        docs = list(docs)
        owners: dict[str, set[str]] = defaultdict(set)
        removed: set[str] = set()
        for doc in docs:
            owner = doc.duplicate_of or doc.id
            for line in doc.text.split("\n"):
                norm = _norm_line(line)
                if norm and len(norm.split()) <= short_line:
                    owners[norm].add(owner)
            for gone in doc.removed:
                norm = _norm_line(gone.text)
                if norm and len(norm.split()) <= short_line:
                    removed.add(norm)
        self._template = {line for line, who in owners.items() if len(who) >= 2}
        self._removed = removed
        # "Herald" of "Tarnbridge Herald", "Post" of "Velmora Evening Post": a byline's or
        # credit line's piece of an outlet's name, which the model tags as a person
        self._outlet_ends = {words[-1].casefold(): outlet for outlet in sorted({d.outlet for d in docs if d.outlet})
                             if len(words := outlet.split()) >= 2}

    def reason(self, doc: Document, entity: Entity, name: str) -> str | None:
        """Why the mention is furniture, or None when it is not."""
        surface = doc.text[entity.start : entity.end]
        if "\n" in surface:
            return "crosses a line break"
        if not re.search(r"[^\W\d_]", name) or _BAD_MARKS.search(surface):
            return "not a name (no letter, or marks such as | © @ or a web address)"
        if name.casefold() in UI_WORDS:
            return f"page word {name!r}"
        if not any(c.isupper() for c in name):
            return f"not a name (no capital letter): {name!r}"
        if name.casefold() in self._outlet_ends:
            return f"the last word of the outlet name {self._outlet_ends[name.casefold()]!r}"
        lo, hi = line_bounds(doc.text, entity.start, entity.end)
        if hi - lo > self.short_line * MAX_WORD:  # a long line: no furniture, and costly to normalise
            return None
        line = doc.text[lo:hi]
        norm = _norm_line(line)
        if not norm or len(norm.split()) > self.short_line:
            return None
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return f"capitalised short line {line.strip()!r}"
        if norm in self._template:
            return f"short line {line.strip()!r} repeated in several documents"
        if norm in self._removed:
            return f"short line {line.strip()!r} removed as furniture elsewhere in the corpus"
        return None

