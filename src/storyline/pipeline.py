"""``storyline.build``: ingest -> clean -> annotate -> dedup -> timeline, over one store.

The CLI is a thin layer over :func:`build`; everything it can do, the library can.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from storyline.annotate import AnnotateConfig, Annotator
from storyline.claims import number_ledger
from storyline.clean import CleanConfig, RecurringConfig, clean, cleaner_version, drop_recurring_lines
from storyline.clean.language import is_english
from storyline.dating import DatingConfig, infer_dates
from storyline.dedup import DedupConfig, group_duplicates
from storyline.dedup.passages import PassageConfig, find_reprints
from storyline.entities import canonical_entities
from storyline.errors import ConfigError
from storyline.isolate import annotate_each, isolated
from storyline.quotes import QuotesConfig
from storyline.quotes.direct import story_quotes
from storyline.quotes.reported import Attributor
from storyline.ingest import IngestConfig, read
from storyline.model import Document, DuplicateGroup, RawDocument, Rejected, Reprint, Story, Summary, sha256
from storyline.store import Store, document_fields
from storyline.stories import ClusterState, StoryCluster, StoryConfig, cluster_stories
from storyline.timeline import TimelineConfig, summarize
from storyline.timeline.sources import count_sources

__all__ = ["BuildConfig", "Corpus", "build", "prepare"]


@dataclass(frozen=True)
class BuildConfig:
    """Every stage's configuration; :meth:`from_options` maps flat keyword options."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    recurring: RecurringConfig = field(default_factory=RecurringConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    passages: PassageConfig = field(default_factory=PassageConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    dating: DatingConfig = field(default_factory=DatingConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    quotes: QuotesConfig = field(default_factory=QuotesConfig)

    @classmethod
    def from_options(cls, **options: Any) -> "BuildConfig":
        """``BuildConfig.from_options(max_dates=10, threshold=0.5)``; unknown names raise ValueError.

        An option may also be written ``stage__name`` (``dedup__threshold``) when two
        stages share a name.
        """
        parts: dict[str, dict[str, Any]] = {f.name: {} for f in dataclasses.fields(cls)}
        for name, value in options.items():
            stage, _, key = name.rpartition("__")
            owners = [s for s in parts if (not stage or s == stage) and key in _field_names(cls, s)]
            if len(owners) != 1:
                problem = "is ambiguous" if owners else "is not a build option"
                raise ConfigError(f"{name!r} {problem}; known: {', '.join(sorted(_all_options(cls)))}")
            parts[owners[0]][key] = tuple(value) if isinstance(value, list) else value
        defaults = {f.name: f.default_factory() for f in dataclasses.fields(cls)}
        configs = {}
        for name, values in parts.items():
            try:
                configs[name] = replace(defaults[name], **values)
            except (TypeError, ValueError) as error:  # a stage's own check of its settings
                given = ", ".join(f"{k}={v!r}" for k, v in values.items())
                raise ConfigError(f"invalid {name} option ({given}): {error}") from None
        return cls(**configs)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _field_names(cls, stage: str) -> set[str]:
    config_type = {f.name: f.default_factory for f in dataclasses.fields(cls)}[stage]
    return {f.name for f in dataclasses.fields(config_type())}


def _all_options(cls) -> set[str]:
    return {name for f in dataclasses.fields(cls) for name in _field_names(cls, f.name)}


def build(
    inputs: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    published: Mapping[str, str] | None = None,
    progress: bool = False,
    config: BuildConfig | None = None,
    **options: Any,
) -> Story:
    """Build the story of the articles in ``inputs`` (files, folders, globs, URLs, ``-``;
    a single path or string is one input).

    ``db``: an SQLite file that keeps cleaning and annotation results, so that a
    re-run only processes what changed (None: nothing is kept). ``published``: dates
    the user supplies, ``{document id or source: "YYYY-MM-DD"}``; they win over what
    the text says; a key that names no input raises ConfigError. ``options``: see
    :meth:`BuildConfig.from_options`.

    >>> story = build(["examples/demo"], max_dates=12)          # doctest: +SKIP
    >>> [event.date for event in story.events][:2]              # doctest: +SKIP
    """
    return _over_store(_run, inputs, db, published, progress, config, options)


def _check_dates(published: Mapping[str, str]) -> dict[str, str]:
    for key, value in published.items():
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ConfigError(f"published date for {key!r} must be YYYY-MM-DD, got {value!r}") from None
    return dict(published)


@dataclass
class Corpus:
    """The pile after the corpus-wide stages (ingest, clean, annotate, dedup, reprints),
    before it is split into stories and told: what :func:`prepare` returns."""

    documents: list[Document]
    groups: list[DuplicateGroup]
    reprints: list[Reprint]
    rejected: list[Rejected]
    summary: Summary


def prepare(
    inputs: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    published: Mapping[str, str] | None = None,
    progress: bool = False,
    config: BuildConfig | None = None,
    **options: Any,
) -> Corpus:
    """The annotated, deduplicated pile of ``inputs``, before stories and timelines.

    Same arguments as :func:`build`. Benchmarks that know the stories (Timeline17's
    topics) start here and tell each story themselves.
    """
    return _over_store(_prepare, inputs, db, published, progress, config, options)


def _over_store(run, inputs, db, published, progress, config, options):
    """Check the arguments :func:`build` and :func:`prepare` share, open the store, ``run``."""
    if isinstance(inputs, (str, bytes, os.PathLike)):  # one input: build("a.txt")
        inputs = [inputs]
    if config is None:
        config = BuildConfig.from_options(**options)
    elif options:
        raise ConfigError("give either config= or keyword options, not both")
    elif not isinstance(config, BuildConfig):
        raise ConfigError(f"config must be a BuildConfig, not {type(config).__name__}")
    overrides = _check_dates(published or {})
    store = Store(db if db is not None else ":memory:")
    try:
        return run([os.fsdecode(p) for p in inputs], config, store, overrides, progress)
    finally:
        store.close()


def _prepare(inputs: list[str], config: BuildConfig, store: Store, overrides: dict[str, str], progress: bool) -> Corpus:
    summary = Summary()
    rejected: list[Rejected] = []
    raws: list[RawDocument] = []
    for item in _progress(read(inputs, config.ingest), None, "read", progress):
        summary.read += 1
        (rejected if isinstance(item, Rejected) else raws).append(item)
    _check_names(overrides, raws, rejected)
    docs = _clean_all(raws, config.clean, store, rejected, progress)
    docs = _keep_long_enough(drop_recurring_lines(docs, config.recurring), config.clean, rejected)
    docs = [_apply_override(d, overrides) for d in docs]
    docs, reused = _annotate(docs, config.annotate, store, rejected, progress)
    with stage("duplicates", progress):
        docs, groups = group_duplicates(docs, config.dedup)
        reprints = find_reprints(docs, groups, config.passages)
    summary.skipped = len(rejected)
    summary.failed = sum(1 for r in rejected if r.internal)
    summary.cached = reused
    return Corpus(docs, groups, reprints, rejected, summary)


def _run(inputs: list[str], config: BuildConfig, store: Store, overrides: dict[str, str], progress: bool) -> Story:
    corpus = _prepare(inputs, config, store, overrides, progress)
    docs, groups, reprints, rejected, summary = (
        corpus.documents, corpus.groups, corpus.reprints, corpus.rejected, corpus.summary)
    clusters = _find_stories(docs, config, store, progress)
    attributions = None
    if config.quotes.reported and config.annotate.entities:
        attributions = _attribute(Attributor(store), [d for d in docs if is_english(d.language)], progress)
    stories = [_tell(cluster, docs, groups, reprints, config, attributions)
               for cluster in _progress(clusters, len(clusters), "timeline", progress, unit="story")] or [Story([], [])]
    summary.stories = len(stories)
    if len(stories) == 1:
        story = stories[0]
        story.rejected, story.summary, story.config = rejected, summary, config.to_dict()
    else:
        dated = {d.id: d for s in stories for d in s.documents}
        docs = [dated[d.id] for d in docs]
        story = Story(docs, [], groups, rejected, summary, config.to_dict(), reprints, stories=stories)
        for part in stories:
            part.summary = _counts(part.documents, len(part.events), Summary(read=len(part.documents)))
            part.config = story.config
    _counts(story.documents, sum(len(s.events) for s in stories), summary)
    store.record_run(story.config, dataclasses.asdict(summary))
    return story


def _annotate(docs: list[Document], config: AnnotateConfig, store: Store, rejected: list[Rejected],
              progress: bool) -> tuple[list[Document], int]:
    """Annotate the pile: English documents with the spaCy model, the others in light mode
    (rule-based sentences and time expressions; the model is English-only, its parse and
    entity labels would be noise); the pile's order is kept. Returns the documents and how
    many came from the store."""
    position = {d.id: n for n, d in enumerate(docs)}
    english = [d for d in docs if is_english(d.language)]
    foreign = [d for d in docs if not is_english(d.language)]
    done, reused = [], 0
    for part, settings in ((english, config), (foreign, replace(config, entities=False))):
        if not part:
            continue
        annotator = Annotator(_steady(settings) if progress else settings)
        done += annotate_each(annotator, part, store, rejected, lambda items, n: _progress(items, n, "annotate", progress))
        reused += annotator.reused
    return sorted(done, key=lambda d: position[d.id]), reused


def _find_stories(docs: list[Document], config: BuildConfig, store: Store,
                  progress: bool = False) -> list[StoryCluster]:
    """The stories of the pile. Every article is clustered; then the copies of one
    duplicate group go together, to the story most of them are in (the canonical
    member's on a tie), so that a wrong group cannot pull a story's articles away."""
    if not docs:
        return []
    key = "stories|" + sha256(json.dumps(config.stories.stream_settings(), sort_keys=True))
    stored = store.get_story_state(key)
    state = ClusterState.from_json(stored) if stored else None
    clusters, state = cluster_stories(docs, config.stories, state,
                                      progress=lambda items, n: _progress(items, n, "stories", progress))
    store.put_story_state(key, state.to_json())
    story_of = {m: c.id for c in clusters for m in c.members}
    copies: dict[str, list[str]] = {}
    for doc in docs:
        copies.setdefault(doc.duplicate_of or doc.id, []).append(doc.id)
    for canonical, members in copies.items():
        votes = Counter(story_of[m] for m in members)
        top = max(votes.values())
        chosen = story_of[canonical] if votes[story_of[canonical]] == top else min(s for s, n in votes.items() if n == top)
        story_of.update(dict.fromkeys(members, chosen))
    members_of: dict[str, list[str]] = {c.id: [] for c in clusters}
    for doc in docs:
        members_of[story_of[doc.id]].append(doc.id)
    return [replace(c, members=tuple(sorted(members_of[c.id]))) for c in clusters if members_of[c.id]]


def _tell(cluster: StoryCluster, docs: list[Document], groups: list[DuplicateGroup],
          reprints: list[Reprint], config: BuildConfig, attributions=None) -> Story:
    """One story's dating and timeline, from its own documents only."""
    mine = set(cluster.members)
    docs = [d for d in docs if d.id in mine]
    groups = [g for g in groups if g.canonical in mine]
    reprints = [r for r in reprints if r.document in mine and r.source in mine]
    docs = infer_dates(docs, groups, config.dating)
    events = count_sources(summarize(docs, config.timeline), docs, reprints)
    entities = canonical_entities(docs)
    claims, ledger = number_ledger(docs, entities)
    return Story(docs, events, groups, reprints=reprints, id=cluster.id, label=cluster.label,
                 keywords=cluster.keywords, entities=entities, quotes=story_quotes(docs, entities, attributions),
                 claims=claims, series=ledger)


def _counts(docs: list[Document], events: int, summary: Summary) -> Summary:
    summary.usable = len(docs)
    summary.duplicates = sum(1 for d in docs if d.duplicate_of)
    summary.dated = sum(1 for d in docs if d.published)
    summary.inferred = sum(1 for d in docs if d.published_inferred)
    summary.undated = summary.usable - summary.dated
    summary.events = events
    foreign = Counter(d.language or "" for d in docs if not is_english(d.language))
    summary.not_english = dict(sorted(foreign.items(), key=lambda item: (-item[1], item[0])))
    return summary


def _clean_all(raws, config, store, rejected, progress: bool = False) -> list[Document]:
    version = cleaner_version()
    keys = [f"{version}|{raw.content_hash}" for raw in raws]
    stored = store.get_cleaned(keys)
    fresh: dict[str, Document] = {}
    docs = []
    for raw, key in _progress(zip(raws, keys), len(raws), "clean", progress):
        if key in stored:
            docs.append(Document(id=raw.id, source=raw.source, **document_fields(stored[key])))
            continue
        result = isolated("clean", raw.source, clean, raw, config)
        if isinstance(result, Rejected):
            rejected.append(result)
            continue
        fresh[key] = result
        docs.append(result)
    if fresh:
        store.put_cleaned(fresh)
    return docs


def _keep_long_enough(docs: list[Document], config: CleanConfig, rejected: list[Rejected]) -> list[Document]:
    kept = []
    for doc in docs:
        if len(doc.text) < config.min_chars:
            rejected.append(Rejected(doc.source, "only lines its outlet repeats in other articles", stage="clean"))
        else:
            kept.append(doc)
    return kept


class UnknownInput(ConfigError):
    """A ``published`` key that names no input, known only once the inputs are read (the
    CLI tells it in one line, without the usage text)."""


def _check_names(overrides: dict[str, str], raws: list[RawDocument], rejected: list[Rejected]) -> None:
    """Every ``published`` key names an input as :func:`_apply_override` matches it (id,
    source or file name), a skipped one included; else :class:`UnknownInput` names the others."""
    names = {name for raw in raws for name in (raw.id, raw.source, Path(raw.source).name)}
    names.update(name for r in rejected for name in (r.source, Path(r.source).name))
    unknown = [key for key in overrides if key not in names]
    if unknown:
        raise UnknownInput(f"--published names no input: {', '.join(map(repr, unknown))}")


def _apply_override(doc: Document, overrides: dict[str, str]) -> Document:
    date = overrides.get(doc.id) or overrides.get(doc.source) or overrides.get(Path(doc.source).name)
    if not date:
        return doc
    return replace(doc, published=date, published_evidence="given by the user (--published)")


def _progress(items, total: int | None, label: str, enabled: bool, unit: str = "doc"):
    """``items``, drawn as a progress bar on stderr while they are consumed when ``enabled``
    (the CLI enables it when stderr is a terminal and not ``-q``); ``items`` None: a bar
    moved by hand (``update``)."""
    if not enabled:
        return items
    from tqdm import tqdm

    try:
        columns, lines = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): no size
        columns = lines = 0
    # a terminal that reports no size (a bare pty: `script`, some consoles) would show no bar at all
    return tqdm(items, total=total, desc=label, unit=unit, file=sys.stderr, leave=False,
                ncols=columns or 80, nrows=lines or 24)


@contextmanager
def stage(label: str, enabled: bool):
    """A one-step bar that names a corpus-wide stage while it runs (when ``enabled``); the
    CLI shows its writing step with it."""
    bar = _progress(None, 1, label, enabled, unit="step")
    try:
        yield
    finally:
        if bar is not None:
            bar.update(1)
            bar.close()


def _steady(config: AnnotateConfig) -> AnnotateConfig:
    """Annotation that reports back every ``batch_size`` documents per worker, not every
    ``chunk``, so that its bar advances as documents are done (the annotations are the same)."""
    return replace(config, chunk=min(config.chunk, config.batch_size * config.n_process))


def _attribute(attributor: Attributor, docs: list[Document], progress: bool, step: int = 32) -> dict[str, Any]:
    """The reported speech of ``docs``; with ``progress``, ``step`` documents at a time, so
    that a bar can follow it (each sentence is tagged on its own: the result is the same)."""
    if not progress:
        return attributor.attribute(docs)
    bar = _progress(None, len(docs), "reported speech", progress)
    found: dict[str, Any] = {}
    for start in range(0, len(docs), step):
        found.update(attributor.attribute(docs[start : start + step]))
        bar.update(len(docs[start : start + step]))
    bar.close()
    return found
