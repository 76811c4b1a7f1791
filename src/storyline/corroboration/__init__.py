"""Where independent outlets report the same thing alike or differently: the same figure
for the same day, the same words from the same speaker, the same event on the same day.

>>> comparisons = compare_outlets(story)                          # doctest: +SKIP
>>> comparisons[0].why                                            # doctest: +SKIP
'4 independent outlets give 31 people treated in hospital for 2025-09-09'
>>> compare_reports(Report("Floods have killed 42 people.", "Kessel Post", "2024-05-07"),
...                 Report("Floods have killed 57 people.", "Orlin Herald", "2024-05-07")).kind
'disagree'

:func:`compare_outlets` reads a story's claims ledger, quotes and dated sentences
(:mod:`~storyline.corroboration.figures`, :mod:`~storyline.corroboration.speakers`,
:mod:`~storyline.corroboration.dates`); copies and reprints count as the outlet they copy
(:mod:`~storyline.corroboration.outlets`). :func:`compare_reports` gives the same
judgement for two outlets' sentences (:mod:`~storyline.corroboration.reports`). Precision
comes first: what may be right on both sides ("more than 5,000" and "5,400"), a toll that
rises over the weeks, a speaker found only through a pronoun, are no disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storyline.errors import ConfigError
from storyline.model import Comparison, Story
from storyline.reasons import one_line

__all__ = ["KINDS", "Report", "Verdict", "compare_outlets", "compare_reports"]

KINDS = ("figure", "speaker", "date")  # the order comparisons come in


@dataclass(frozen=True)
class Report:
    """One outlet's sentence."""

    text: str
    outlet: str
    published: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class Verdict:
    """How two reports stand: ``kind`` "disagree", "agree" or "unrelated" (not about the
    same thing, or unsure); ``about`` "figure", "date", "speaker" or ""; ``why`` in words."""

    kind: str
    about: str = ""
    why: str = ""


def compare_reports(a: Report, b: Report) -> Verdict:
    """Whether two outlets' sentences report the same figure, speaker or date alike
    ("agree") or differently ("disagree"), else "unrelated" (see
    :mod:`storyline.corroboration.reports`)."""
    from storyline.corroboration.reading import read
    from storyline.corroboration.reports import verdict

    for report in (a, b):
        _check_day(report)
    kind, about, why = verdict(read(a.text, a.published), read(b.text, b.published))
    if kind != "unrelated":
        why = f"{a.outlet or 'one outlet'} and {b.outlet or 'the other'}: {why}"
    return Verdict(kind, about, why)


def _check_day(report: Report) -> None:
    """ConfigError unless the report's ``published`` is a real day (YYYY-MM-DD) or None."""
    if report.published is None:
        return
    try:
        ok = len(report.published) == 10 and date.fromisoformat(report.published) is not None
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConfigError(f"report of {one_line(report.outlet, 60) if report.outlet else 'an outlet'}: published "
                          f"{one_line(repr(report.published), 40)} is not a day (YYYY-MM-DD)")


def compare_outlets(story: Story) -> list[Comparison]:
    """What independent outlets of ``story`` report alike (one side) or differently (two
    or more sides): figures, then speakers, then dates, each in a fixed order."""
    from storyline.corroboration.dates import date_comparisons
    from storyline.corroboration.figures import figure_comparisons
    from storyline.corroboration.outlets import Outlets
    from storyline.corroboration.speakers import speaker_comparisons

    outlets = Outlets(story)
    return [*figure_comparisons(story, outlets), *speaker_comparisons(story, outlets),
            *date_comparisons(story, outlets)]
