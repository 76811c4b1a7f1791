"""Publication dates written in an article's own text: datelines and date lines.

Only full dates (day, month and year) count as a publication date. A crawl stamp such
as ``February 8, 2012 / 7:06 PM / 6 years ago`` gives its date; ``6 years ago`` alone
gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.model import Document
from storyline.timex import MONTHS, WEEKDAYS, DateMatch, find_full_date  # noqa: F401 - the names datelines use

# A line that is nothing but a date stamp, possibly with a time and a crawl age:
# "Tuesday, 13 March 2012", "February 8, 2012 / 7:06 PM / 6 years ago",
# "Published: 2031-09-16", "Updated 12 March 2012 10:02 GMT".
_STAMP_PART = (
    r"(?:(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
    r"|\d+\s+\w+\s+ago|updated|published|posted|last\s+modified|on)"
)
_STAMP_REST = re.compile(r"^[\s/|,.:-]*(?:" + _STAMP_PART + r"[\s/|,.:-]*)*", re.I)
_STAMP_LEAD = re.compile(r"^\s*(?:published|posted|updated|date|first published)?\s*(?:on)?\s*:?\s*", re.I)

# "AFP , Wednesday 25 Jan 2012", "Harbor Ledger , Wednesday 10 Sep 2031"
_OUTLET_DATE = re.compile(r"^\s*(?P<outlet>[A-Z][\w&.'’ -]{1,40}?)\s*,\s*$")

# "MOSCOW (Reuters) - ", "VELMORA, Sept. 9 (MPA) - ", and with the year, which dates the
# article: "LONDON, June 11, 2010 (Reuters) -", "PARIS, 3 March 2011 (AFP) -"
_LEAD_DATE = (
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:,?\s+(?:19|20)\d\d)?)"
)
WIRE_LEAD = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{1,40}?)(?:,\s*" + _LEAD_DATE + r",?)?\s*"
    r"\((?P<agency>[A-Z][\w&. -]{0,30}?)\)\s*[-–—]+\s*"
)


def wire_date(lead: re.Match[str]) -> DateMatch | None:
    """The day a :data:`WIRE_LEAD` match names when it gives the year ("LONDON, June 11,
    2010 (Reuters) -"), else None ("VELMORA, Sept. 9 (MPA) -" gives no year)."""
    return find_full_date(lead.group("date")) if lead.group("date") else None


def credited_agency(doc: Document) -> str | None:
    """The news agency the article's wire dateline credits ("VELMORA, Sept. 9 (MPA) -" is
    MPA's copy, whoever printed it), read from the dateline cleaning removed; else None."""
    for line in doc.removed:
        if line.reason == "dateline" and (match := WIRE_LEAD.match(line.text.strip() + " ")):
            return match.group("agency").strip()
    return None


@dataclass(frozen=True)
class Dateline:
    date: str
    evidence: str
    outlet: str | None = None


def parse_date_line(line: str) -> Dateline | None:
    """A line that is only a date stamp (optionally led by an outlet name)."""
    match = find_full_date(line)
    if match is None:
        return None
    before, after = line[: match.start], line[match.end :]
    outlet = None
    lead = _OUTLET_DATE.match(before)
    if lead and before.strip():
        outlet = lead.group("outlet").strip()
    elif _STAMP_LEAD.fullmatch(before) is None:
        return None
    if _STAMP_REST.fullmatch(after) is None:
        return None
    evidence = f"dateline '{line.strip()}'"
    if not match.weekday_ok:
        evidence += " (its weekday does not match the date)"
    return Dateline(match.date, evidence, outlet)
