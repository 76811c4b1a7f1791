"""Cleaning of already-extracted article text: keep the prose, say why anything went.

Walks the lines of a scraped article once, top to bottom. Lines before the headline may
be a masthead, a section label or navigation; the headline becomes the title; date
lines become the publication date; widget, footer and crawl lines are dropped with a
reason; a paragraph that recurs inside the article is kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.clean.boilerplate import boilerplate_reason, is_prose, latin_share, menu_items, strip_bullet, word_count
from storyline.clean.dateline import WIRE_LEAD, parse_date_line, wire_date
from storyline.model import RemovedLine

_MASTHEAD_WORDS = re.compile(
    r"\b(?:news|international|times|daily|post|herald|press|agency|online|today|tribune|"
    r"journal|ledger|courier|gazette|chronicle|telegraph|observer|review|wire|report|"
    r"express|star|mail|record|dispatch|bulletin|monitor|globe|sun|standard|citizen|echo|"
    r"examiner|inquirer|sentinel|register|guardian|independent|mirror|leader|advertiser|"
    r"weekly|magazine|voice|free press|broadcasting|radio|tv)\b",
    re.I,
)
_FOOTER_OUTLET = re.compile(
    r"(?:copyright\s*)?(?:©|\(c\))\s*(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:(?:19|20)\d\d)?)?\s*)?"
    r"(?P<name>[A-Z][\w&'’ .-]{1,40}?)\s*(?:[.,]|all rights|$)",
    re.I,
)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# "By Jane Doe", "By JANE DOE, Associated Press", "(Reporting by Jane Doe and Al Roe; Editing by …)"
_BYLINE_NAME = re.compile(r"^\W*by\s+(?P<names>[^,;(]+)", re.I)
# the writer when the credits name one, else the reporters (not "additional reporting")
_CREDIT_WRITER = re.compile(r"\b(?:writing|written|reported|story) by\s+(?P<names>[^;)]+)", re.I)
_CREDIT_NAMES = re.compile(r"(?<!additional )\breporting by\s+(?P<names>[^;)]+)", re.I)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*", re.I)
_INSTITUTIONAL = re.compile(r"\b(?:staff|reporters?|correspondents?|agencies|wires?|news|desk|writers?)\b", re.I)

OTHER_SCRIPT = "text in another script (page furniture)"
FRAGMENT = "short fragment (label or menu)"
# a repeated paragraph this long is a crawl artefact wherever it recurs
_LONG_PARAGRAPH = 20
# confidence of a date the article's own text states (see Document.published_confidence)
DATELINE_CONFIDENCE = 0.9


@dataclass
class CleanText:
    """What cleaning established about one article."""

    text: str = ""
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    published_confidence: float | None = None
    # a wire dateline with the year opening the article: (YYYY-MM-DD, evidence)
    dateline: tuple[str, str] | None = None
    # an HTML page's own address and lead image (absolute http or https URLs)
    url: str | None = None
    image: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)


def normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _paragraph_key(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def _footer_outlet(line: str) -> str | None:
    m = _FOOTER_OUTLET.search(line)
    if not m:
        return None
    name = m.group("name").strip(" .-")
    if name.lower().startswith("all rights") or len(name) < 2:
        return None
    return name


_TAGLINE = re.compile(r"^(?P<name>[^|:]{2,40}?)\s+(?:[-–—|:])\s+(?P<tagline>[^.!?]{2,60})$")


def _person_names(names: str) -> str | None:
    """ "JANE DOE and Al Roe" -> "Jane Doe, Al Roe"; None for "Staff Reporter"."""
    people = []
    for name in _NAME_SPLIT.split(names.strip(" .")):
        words = _IN_PLACE.sub("", name).split()
        if not 2 <= len(words) <= 4 or _INSTITUTIONAL.search(name) or not all(w[:1].isupper() for w in words):
            continue
        people.append(" ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in words))
    return ", ".join(people) or None


def byline_author(line: str, reason: str) -> str | None:
    """The author(s) a byline or a reporting credit names."""
    if reason == "byline":
        m = _BYLINE_NAME.match(line)
    elif reason == "reporting and editing credits":
        m = _CREDIT_WRITER.search(line) or _CREDIT_NAMES.search(line)
    else:
        return None
    return _person_names(m.group("names")) if m else None


def masthead_name(line: str) -> str | None:
    """The outlet's name when ``line`` is a masthead ("TARNBRIDGE HERALD - Your valley, your news")."""
    text = strip_bullet(line)
    items = menu_items(text)
    tagline = _TAGLINE.match(text)
    name = (items[0] if items else tagline.group("name") if tagline else text).strip()
    words = name.split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    if 2 <= len(words) <= 4 and capitalised and _MASTHEAD_WORDS.search(name) and not is_prose(name):
        return name
    return None


def _is_tagline(line: str) -> bool:
    """A short slogan under a masthead ("Community news from the Sallow valley")."""
    words = line.split()
    return len(words) <= 8 and not is_prose(line) and not menu_items(line) and bool(re.search(r"\bnews\b|\byour\b", line, re.I))


def _is_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 20 and not (line.endswith(".") and len(words) > 12)


def _wire_lead(out: CleanText, lead: re.Match[str]) -> None:
    """A wire dateline opening the article: the agency it credits, and the day when it
    gives the year ("LONDON, June 11, 2010 (Reuters) -"); only a date line stated before
    it wins."""
    out.outlet = out.outlet or lead.group("agency").strip()
    shown = lead.group(0).strip(" -–—")
    out.removed.append(RemovedLine(lead.group(0).strip(), "dateline"))
    day = wire_date(lead)
    if day is not None:
        out.dateline = (day.date, f"wire dateline '{shown}'")
        if out.published is None:
            out.published, out.published_evidence = out.dateline
            out.published_confidence = DATELINE_CONFIDENCE
    elif lead.group("date") and not re.search(r"\d{4}", lead.group("date")) and out.published is None:
        out.published_evidence = f"wire dateline '{shown}' names no year"


def clean_lines(body: str, title: str | None = None) -> CleanText:
    """Clean scraped text whose paragraphs are lines (blank lines are ignored)."""
    out = CleanText(title=title)
    lines = [line for line in (normalise_line(raw) for raw in body.splitlines()) if line]
    # in an article written in another script, lines in that script are its text
    walk = _LineWalk(out, [_paragraph_key(line) for line in lines], latin_share(body) >= 0.5)
    if title:
        walk.seen[_paragraph_key(title)] = -1
    for i, line in enumerate(lines):
        walk.step(i, line)
    for index in reversed(walk.fragments):  # short lines after the last sentence: page furniture
        out.removed.append(RemovedLine(walk.kept.pop(index), FRAGMENT))
    out.text = "\n\n".join(walk.kept)
    return out


@dataclass
class _LineWalk:
    """The state of :func:`clean_lines`'s one pass over an article's lines."""

    out: CleanText
    keys: list[str]  # each line's paragraph key
    latin_article: bool
    kept: list[str] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)  # paragraph key -> its index in ``kept`` (-1: the title)
    fragments: list[int] = field(default_factory=list)  # short lines kept so far with no prose after them yet
    after_masthead: bool = False
    repeat_of: int | None = None  # the kept index the previous line repeated

    def step(self, i: int, line: str) -> None:
        """Line ``i``: dropped with its reason, taken as the title, or kept."""
        key = self.keys[i]
        previous_repeat, self.repeat_of = self.repeat_of, None
        if self._furniture(line):
            return
        if key in self.seen and self._repeated(i, line, previous_repeat):
            return
        if self.out.title is None and not self.kept and self._heading(line, key):
            return
        self._keep(line, key)

    def _furniture(self, line: str) -> bool:
        """A date line, masthead (and its tagline) or boilerplate line, dropped (what it
        says about the article noted); False for any other line."""
        out, dropped = self.out, self.out.removed.append
        dateline = parse_date_line(line)
        if dateline is not None:
            if out.published is None:
                out.published, out.published_evidence = dateline.date, dateline.evidence
                out.published_confidence = DATELINE_CONFIDENCE
            out.outlet = out.outlet or dateline.outlet
            dropped(RemovedLine(line, "dateline"))
            return True
        masthead = masthead_name(line) if not self.kept else None
        if masthead:
            out.outlet = out.outlet or masthead
            dropped(RemovedLine(line, "masthead"))
            self.after_masthead = True
            return True
        if self.after_masthead and out.title is None and _is_tagline(line):
            dropped(RemovedLine(line, "masthead tagline"))
            return True
        self.after_masthead = False
        reason = boilerplate_reason(line)
        if reason == OTHER_SCRIPT and not self.latin_article:
            reason = None
        if reason is None:
            return False
        if reason == "copyright footer":
            out.outlet = _footer_outlet(line) or out.outlet
        out.author = out.author or byline_author(line, reason)
        dropped(RemovedLine(line, reason))
        return True

    def _repeated(self, i: int, line: str, previous_repeat: int | None) -> bool:
        """Line ``i`` repeats a paragraph seen before: dropped when it repeats the title,
        runs on a repeated passage or is long; False for a short line asked again between
        new paragraphs (an interview's question), which is text."""
        kept, keys = self.kept, self.keys
        j = self.seen[keys[i]]
        following = keys[i + 1] if i + 1 < len(keys) else None
        in_run = (
            j < 0
            or j == len(kept) - 1
            or (previous_repeat is not None and j == previous_repeat + 1)
            or (j + 1 < len(kept) and following == _paragraph_key(kept[j + 1]))
        )
        if j < 0 or not kept:
            self.out.removed.append(RemovedLine(line, "repeated title"))
            return True
        if in_run or word_count(line) >= _LONG_PARAGRAPH:
            self.out.removed.append(RemovedLine(line, "repeated paragraph"))
            self.repeat_of = j
            return True
        return False

    def _heading(self, line: str, key: str) -> bool:
        """Before the title and any text: a section label (dropped) or the headline (the
        title); False for prose that is no headline (the article starts with its prose)."""
        if is_prose(line) and not _is_headline(line):
            return False
        if len(line.split()) <= 2:
            self.out.removed.append(RemovedLine(line, "section label"))
            return True
        self.out.title = line
        self.seen[key] = -1
        return True

    def _keep(self, line: str, key: str) -> None:
        """The line is text (a fragment before any text is dropped; a wire dateline that
        opens it is taken off)."""
        if word_count(line) <= 3 and not is_prose(line):
            if not self.kept:
                self.out.removed.append(RemovedLine(line, FRAGMENT))
                return
            self.fragments.append(len(self.kept))  # a subhead if prose follows, else furniture
        lead = WIRE_LEAD.match(line + " ") if not self.kept else None
        if lead:
            _wire_lead(self.out, lead)
            line = line[lead.end() :]
            if not line:  # the dateline stood on a line of its own
                return
        self.seen.setdefault(key, len(self.kept))
        if is_prose(line):
            self.fragments = []
        self.kept.append(line)
