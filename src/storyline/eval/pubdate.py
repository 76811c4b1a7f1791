"""Publication dates of web pages on htmldate's Media Cloud 2020 test set.

The set (``eval_mediacloud_2020.json``: ``{url: {"file", "date"}}`` and the pages in
``test_set.tar.gz`` or an unpacked ``test_set/`` folder) gives the true publication
day of 200 news pages; a few pages have no date (``NaN`` in the file).

Scoring is exact-day accuracy over all pages, as in htmldate's own evaluation: a page
counts as right when the system gives its true day, or gives nothing for a page without
a date; giving nothing for a dated page is wrong. ``coverage`` is the share of pages
given a date, ``precision`` the accuracy among them.

storyline is scored on :func:`storyline.clean.pubdate.find_published`; htmldate runs
on the same decoded pages in the same run, in three configurations: its default
(``find_date(html, url=url)``, with the copyright-year and January-1st fallbacks),
metadata only with the original date (``extensive_search=False, original_date=True``)
and the full search with the original date (``original_date=True``).
``htmldate_accuracy`` is the best of the three.
"""

from __future__ import annotations

import json
import logging
import math
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.eval import EvalResult

__all__ = ["Page", "evaluate", "load_pages", "score"]

TRUTH_FILE = "eval_mediacloud_2020.json"
PAGES_ARCHIVE = "test_set.tar.gz"
PAGES_FOLDER = "test_set"


@dataclass(frozen=True)
class Page:
    """One test page: where it was fetched, its HTML, and its true day (None: no date)."""

    url: str
    file: str
    html: str
    expected: str | None


def _true_day(value: Any) -> str | None:
    """The day in the truth file; ``NaN``, null or empty mean the page has no date."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:10]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    raise ConfigError(f"unexpected date in {TRUTH_FILE}: {value!r}")


def _page_bytes(data: Path, files: set[str]) -> dict[str, bytes]:
    """The raw bytes of the wanted page files, from the unpacked folder or the archive."""
    folder = data / PAGES_FOLDER
    if folder.is_dir():
        return {name: (folder / name).read_bytes() for name in files if (folder / name).is_file()}
    archive = data / PAGES_ARCHIVE
    if not archive.is_file():
        raise ConfigError(f"no {PAGES_FOLDER}/ or {PAGES_ARCHIVE} in {data}")
    found: dict[str, bytes] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            name = Path(member.name).name
            if member.isfile() and name in files:
                handle = tar.extractfile(member)
                if handle is not None:
                    found[name] = handle.read()
    return found


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    """The test pages in the truth file's order (the first ``limit`` of them), decoded."""
    from storyline.ingest.decode import decode
    from storyline.ingest.errors import Unusable

    truth_path = Path(data) / TRUTH_FILE
    if not truth_path.is_file():
        raise ConfigError(f"{TRUTH_FILE} not found in {data}")
    # the file writes a missing date as a bare NaN, which json accepts
    truth: dict[str, dict[str, Any]] = json.loads(truth_path.read_text(encoding="utf-8"))
    entries = list(truth.items())[:limit] if limit is not None else list(truth.items())
    raw = _page_bytes(Path(data), {item["file"] for _, item in entries})
    pages = []
    for url, item in entries:
        content = raw.get(item["file"])
        if content is None:
            raise ConfigError(f"page {item['file']} is missing from {data}")
        try:
            html = decode(content)
        except Unusable:
            html = ""  # scored all the same: a system can only answer "no date"
        pages.append(Page(url, item["file"], html, _true_day(item["date"])))
    return pages


def score(expected: list[str | None], predicted: list[str | None]) -> dict[str, float]:
    """Accuracy over all pages, coverage (share given a date) and precision among those."""
    pairs = list(zip(expected, predicted, strict=True))
    if not pairs:
        return {"accuracy": 0.0, "coverage": 0.0, "precision": 0.0}
    given = [(true, guess) for true, guess in pairs if guess is not None]
    return {
        "accuracy": sum(true == guess for true, guess in pairs) / len(pairs),
        "coverage": len(given) / len(pairs),
        "precision": sum(true == guess for true, guess in given) / len(given) if given else 0.0,
    }


@dataclass
class _Run:
    """One system's answers on all pages and the time it took."""

    name: str
    key: str  # per-item field name
    answers: list[Any]
    dates: list[str | None]
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return len(self.dates) / self.seconds if self.seconds > 0 else float("inf")


def _timed(
    name: str,
    key: str,
    pages: list[Page],
    system: Callable[[Page], Any],
    day: Callable[[Any], str | None],
) -> _Run:
    """Run ``system`` on every page; the clock starts after one warm-up page.

    The warm-up pays one-time costs (imports, dateparser's tables) outside the
    timing, so that pages/s is the per-page rate whichever system runs first.
    """
    if pages:
        system(pages[0])
    answers = []
    start = time.perf_counter()
    for page in pages:
        answers.append(system(page))
    seconds = time.perf_counter() - start
    return _Run(name, key, answers, [day(a) for a in answers], seconds)


def _htmldate_systems() -> Iterator[tuple[str, str, dict[str, bool]]]:
    """htmldate's configurations: (table name, per-item key, keyword arguments)."""
    try:
        release = ".".join(version("htmldate").split(".")[:2])
    except PackageNotFoundError:
        release = "?"
    yield f"htmldate {release} (default)", "htmldate_default", {}
    yield (
        f"htmldate {release} (metadata only, original date)",
        "htmldate_fast_original",
        {"extensive_search": False, "original_date": True},
    )
    yield (
        f"htmldate {release} (extensive, original date)",
        "htmldate_extensive_original",
        {"original_date": True},
    )


def _htmldate_call(kwargs: dict[str, bool]) -> Callable[[Page], str | None]:
    from htmldate import find_date

    def run(page: Page) -> str | None:
        if not page.html:
            return None
        try:
            return find_date(page.html, url=page.url, **kwargs)
        except Exception:  # noqa: BLE001 - a crash on one page is a miss, not a stop
            return None

    return run


def _clear_htmldate_caches() -> None:
    """Empty htmldate's memo caches, so that a configuration run after another on the
    same pages is not timed on the strings the earlier one already parsed."""
    try:
        import htmldate.core
        import htmldate.extractors
        import htmldate.validators
    except ImportError:  # another layout: timings may then flatter later configurations
        return
    for module in (htmldate.core, htmldate.extractors, htmldate.validators):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _storyline_call(page: Page):
    from storyline.clean.pubdate import find_published

    return find_published(page.html, page.url)


def evaluate(data: Path, limit: int | None = None) -> EvalResult:
    """Find the publication date of every page with storyline and htmldate, and score both."""
    pages = load_pages(Path(data), limit)
    expected = [p.expected for p in pages]
    for name in ("htmldate", "trafilatura", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    runs = [_timed("storyline", "storyline", pages, _storyline_call, lambda r: r.date if r else None)]
    for name, key, kwargs in _htmldate_systems():
        _clear_htmldate_caches()
        runs.append(_timed(name, key, pages, _htmldate_call(kwargs), lambda d: d))

    rows = []
    for run in runs:
        figures = score(expected, run.dates)
        rows.append({"system": run.name, **figures, "pages/s": run.pages_per_second})
    ours, peers = rows[0], rows[1:]
    best_peer = max(peers, key=lambda row: row["accuracy"])
    metrics = {
        "accuracy": ours["accuracy"],
        "coverage": ours["coverage"],
        "precision": ours["precision"],
        "htmldate_accuracy": best_peer["accuracy"],
        "htmldate_default_accuracy": peers[0]["accuracy"],
    }
    found = runs[0].answers
    notes = [
        f"{len(pages)} pages; exact day; a page without a true date is right when no date is given",
        f"htmldate_accuracy is its best configuration here: {best_peer['system']}",
        "storyline by source: " + _by_source(expected, found),
        "storyline by confidence: " + _by_confidence(expected, found),
        "pages/s: " + ", ".join(f"{run.name} {run.pages_per_second:.0f}" for run in runs),
    ]
    return EvalResult("pubdate", metrics, rows, _per_item(pages, runs), notes)


def _by_source(expected: list[str | None], found: list[Any]) -> str:
    """Accuracy of storyline's answers per source kind ("none" for no answer)."""
    tally: dict[str, list[int]] = {}
    for true, result in zip(expected, found):
        source = result.source if result else "none"
        right, total = tally.setdefault(source, [0, 0])
        tally[source] = [right + ((result.date if result else None) == true), total + 1]
    return ", ".join(f"{source} {right}/{total}" for source, (right, total) in sorted(tally.items()))


CONFIDENCE_BANDS = ((0.9, "≥ 0.9"), (0.6, "0.6–0.9"), (0.0, "< 0.6"))


def _by_confidence(expected: list[str | None], found: list[Any]) -> str:
    """Right answers per confidence band (does a higher confidence mean right more often?)."""
    tally = {label: [0, 0] for _, label in CONFIDENCE_BANDS}
    for true, result in zip(expected, found):
        if result is not None:
            label = next(label for low, label in CONFIDENCE_BANDS if result.confidence >= low)
            tally[label][0] += result.date == true
            tally[label][1] += 1
    return ", ".join(f"{label} {right}/{total}" for label, (right, total) in tally.items())


def _per_item(pages: list[Page], runs: list[_Run]) -> list[dict[str, Any]]:
    items = []
    for index, page in enumerate(pages):
        found = runs[0].answers[index]
        item: dict[str, Any] = {
            "url": page.url,
            "file": page.file,
            "expected": page.expected,
            "storyline": found.date if found else None,
            "evidence": found.evidence if found else None,
            "source": found.source if found else None,
            "confidence": found.confidence if found else None,
            "storyline_correct": (found.date if found else None) == page.expected,
        }
        for run in runs[1:]:
            item[run.key] = run.dates[index]
            item[f"{run.key}_correct"] = run.dates[index] == page.expected
        items.append(item)
    return items
