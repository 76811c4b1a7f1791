"""Timeline-summarization metrics of tilse 0.2.1 ("original" ROUGE), one reference timeline.

Reproduces, for a ``GroundTruth`` of a single reference timeline (the news-tls
protocol), the F1 of ``TimelineRougeEvaluator`` with ``measures={"rouge_1", "rouge_2"}``
and ``rouge_computation="original"`` (ROUGE-1.5.5 counts from
:mod:`storyline.eval.rouge155`), and ``tilse.evaluation.dates.evaluate_dates``:

* ``concat``: all daily summaries of each timeline concatenated in date order (n-grams
  run across days), one ROUGE count, P = H/P_count, R = H/M_count.
* ``agree`` (agreement): for each date of either timeline, the system's summary of that
  day against the reference's (a missing day is an empty summary); H and P_count summed
  over the system's dates, H and M_count over the reference's dates.
* ``align`` (align+ m:1, ``evaluate_align_date_content_costs_many_to_one``): cost of
  pairing system date s with reference date r = ``(1 - 1/(|s - r| + 1)) * (1 - F)``, F being
  ``compute_rouge_approximation`` (unigram F1 over whitespace tokens, case kept, tokens
  that are a substring of ``string.punctuation`` dropped); each system date goes to the
  reference date of least cost (first one on ties, like ``numpy.argmin``) for precision,
  each reference date to the system date of least cost for recall; hits are weighted by
  ``1/(|s - r| + 1)``. Sums are taken in date order, as tilse does, so the floats agree.
* ``date_f1``: F1 of the system's date set against the reference's.

Sentences are taken as tilse does: stripped, split on whitespace and re-joined with
single spaces before ROUGE. Where tilse would divide by zero or take the argmin of an
empty row (an empty system timeline, a system with no countable token), the figure is 0.
"""

from __future__ import annotations

import datetime
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.eval.rouge155 import hits, ngrams, tokens

__all__ = ["METRICS", "Scorer", "approx_counts", "f_score", "rouge_approximation", "score_timeline"]

METRICS = ("concat_r1", "concat_r2", "agree_r1", "agree_r2", "align_r1", "align_r2", "date_f1")
_N = (1, 2)


def f_score(precision: float, recall: float) -> float:
    """tilse's ``get_f_score`` with beta = 1 (0 when both are 0)."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def approx_counts(sentences: Sequence[str]) -> Counter[str]:
    """The tokens ``compute_rouge_approximation`` counts: ``sent.split()``, case kept."""
    # `k not in string.punctuation` is a substring test in tilse: "?@" or "()" go too
    return Counter(k for sent in sentences for k in sent.split() if k not in string.punctuation)


def rouge_approximation(system: Counter[str], reference: Counter[str]) -> float:
    """``compute_rouge_approximation`` for one reference summary, from the token
    counts of :func:`approx_counts`: the unigram F1, with tilse's float operations."""
    return _approx_f1(hits(system, reference), sum(system.values()), sum(reference.values()))


def _approx_f1(match: int, prec_denom: int, recall_denom: int) -> float:
    precision = match / prec_denom if prec_denom else 0.0
    recall = match / recall_denom if recall_denom else 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass
class _Day:
    """One daily summary, ready for scoring."""

    grams: tuple[Counter[str], ...]  # ROUGE-1.5.5 n-gram counts for n = 1, 2
    total: tuple[int, ...]  # their sizes (P_count or M_count)
    words: list[str]  # ROUGE-1.5.5 tokens (for concat)
    approx: Counter[str]  # tokens for the align+ content cost
    approx_total: int


def _clean(sentences: Sequence[str]) -> list[str]:
    """Sentences as pyrouge receives them from tilse: ``" ".join(sent.split())``."""
    return [" ".join(sent.split()) for sent in sentences]


def _day(sentences: Sequence[str]) -> _Day:
    words = tokens(_clean(sentences))
    grams = tuple(ngrams(words, n) for n in _N)
    approx = approx_counts(sentences)
    return _Day(grams, tuple(sum(g.values()) for g in grams), words, approx, sum(approx.values()))


_EMPTY = _day([])


def _weight(a: datetime.date, b: datetime.date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def _date_f1(system: set[datetime.date], reference: set[datetime.date]) -> float:
    if not system or not reference:
        return 0.0
    both = len(system & reference)
    return f_score(both / len(system), both / len(reference))


class Scorer:
    """Scores system timelines against one reference timeline; the reference's
    tokenization is done once, in the constructor."""

    def __init__(self, reference: Mapping[datetime.date, Sequence[str]]) -> None:
        self.dates = sorted(reference)
        self.days = {date: _day(reference[date]) for date in self.dates}
        words = [w for date in self.dates for w in self.days[date].words]
        self.concat = tuple(ngrams(words, n) for n in _N)

    def score(self, system: Mapping[datetime.date, Sequence[str]]) -> dict[str, float]:
        """tilse's F1 figures (:data:`METRICS`) of ``system`` against the reference."""
        dates = sorted(system)
        days = {date: _day(system[date]) for date in dates}
        out = dict.fromkeys(METRICS, 0.0)
        if not dates or not self.dates:
            return out
        words = [w for date in dates for w in days[date].words]
        for k, n in enumerate(_N):
            peer = ngrams(words, n)
            h, p, m = hits(peer, self.concat[k]), sum(peer.values()), sum(self.concat[k].values())
            out[f"concat_r{n}"] = f_score(h / p if p else 0.0, h / m if m else 0.0)
        self._agreement(days, out)
        self._align_m1(dates, days, out)
        out["date_f1"] = _date_f1(set(dates), set(self.dates))
        return out

    def _agreement(self, days: dict[datetime.date, _Day], out: dict[str, float]) -> None:
        for k, n in enumerate(_N):
            hp = p = hr = m = 0
            for date in set(days) | set(self.days):
                ours, theirs = days.get(date, _EMPTY), self.days.get(date, _EMPTY)
                h = hits(ours.grams[k], theirs.grams[k])
                if date in days:
                    hp, p = hp + h, p + ours.total[k]
                if date in self.days:
                    hr, m = hr + h, m + theirs.total[k]
            out[f"agree_r{n}"] = f_score(hp / p if p else 0.0, hr / m if m else 0.0)

    @staticmethod
    def _content(ours: _Day, theirs: _Day) -> float:
        return _approx_f1(hits(ours.approx, theirs.approx), ours.approx_total, theirs.approx_total)

    def _align_m1(self, dates: list[datetime.date], days: dict[datetime.date, _Day], out: dict[str, float]) -> None:
        refs = self.dates
        costs = [[(1 - _weight(s, r)) * (1 - self._content(days[s], self.days[r])) for r in refs] for s in dates]
        # argmin per row, first minimum on ties (numpy's rule)
        to_ref = [min(range(len(refs)), key=row.__getitem__) for row in costs]
        to_sys = [min(range(len(dates)), key=lambda i, j=j: costs[i][j]) for j in range(len(refs))]
        for k, n in enumerate(_N):
            num_p: list[float] = []
            den_p: list[int] = []
            for i, j in enumerate(to_ref):
                s, r = dates[i], refs[j]
                num_p.append(_weight(s, r) * hits(days[s].grams[k], self.days[r].grams[k]))
                den_p.append(days[s].total[k])
            num_r: list[float] = []
            den_r: list[int] = []
            for j, i in enumerate(to_sys):
                s, r = dates[i], refs[j]
                num_r.append(_weight(s, r) * hits(days[s].grams[k], self.days[r].grams[k]))
                den_r.append(self.days[r].total[k])
            precision = sum(num_p) / sum(den_p) if sum(den_p) else 0.0
            recall = sum(num_r) / sum(den_r) if sum(den_r) else 0.0
            out[f"align_r{n}"] = f_score(precision, recall)


def score_timeline(
    system: Mapping[datetime.date, Sequence[str]], reference: Mapping[datetime.date, Sequence[str]]
) -> dict[str, float]:
    """tilse's F1 figures (:data:`METRICS`) of ``system`` against one ``reference``."""
    return Scorer(reference).score(system)
