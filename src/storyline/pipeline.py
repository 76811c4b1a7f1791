"""``storyline.build``: the registered stages, in order, over one store.

:class:`Pipeline` runs declared stages (:mod:`storyline.stage`, listed by
:mod:`storyline.registry`): the document and corpus stages over the whole pile, then the
story stages on each story. A document stage's results go through the one cache
(:mod:`storyline.caching`) and a document it fails on is skipped alone. The CLI is a thin
layer over :func:`build`; everything it can do, the library can.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storyline import registry
from storyline.annotate import AnnotateConfig
from storyline.caching import DocumentCache, StoryCache
from storyline.clean import CleanConfig, RecurringConfig, is_english
from storyline.clean.stage import GivenDates
from storyline.config import check_config, check_options
from storyline.dating import DatingConfig
from storyline.dedup import DedupConfig
from storyline.dedup.passages import PassageConfig
from storyline.errors import ConfigError, UnknownInput
from storyline.executors import ExecutionConfig, Executor, executor_for
from storyline.ingest import IngestConfig
from storyline.isolate import isolated_all as _isolated, story_failure as _story_failure
from storyline.model import Document, Pile, Rejected, Story, Summary
from storyline.quotes import QuotesConfig
from storyline.stage import Context, Stage, check_order, is_result
from storyline.store import Store
from storyline.store.lock import writer_lock
from storyline.stories import StoryConfig
from storyline.timeline import TimelineConfig

__all__ = ["BuildConfig", "Corpus", "Pipeline", "UnknownInput", "build", "prepare", "tell"]

Corpus = Pile  # the name prepare()'s result had before the pile became one type


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
    execution: ExecutionConfig = field(default_factory=ExecutionConfig)

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
            check_options(type(defaults[name]), values)  # types and ranges, told by option name
            try:
                configs[name] = replace(defaults[name], **values)
            except (TypeError, ValueError) as error:  # a stage's own check of its settings
                given = ", ".join(f"{k}={v!r}" for k, v in values.items())
                raise ConfigError(f"invalid {name} option ({given}): {error}") from None
            check_config(configs[name])  # what the stage made of them (normalised values)
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
    **options: object,
) -> Pile:
    """Build the stories of the articles in ``inputs`` (files, folders, globs, URLs, ``-``;
    a single path or string is one input): every registered stage, in order.

    ``db``: an SQLite file that keeps each stage's results, so that a re-run only
    processes what changed, and the corpus itself, to query (None: nothing is kept).
    ``published``: dates the user supplies, ``{document id or source: "YYYY-MM-DD"}``;
    they win over what the text says; a key that names no input raises ConfigError.
    ``options``: see :meth:`BuildConfig.from_options`.

    >>> pile = build(["examples/demo"], max_dates=12)          # doctest: +SKIP
    >>> [event.date for event in pile.story.events][:2]        # doctest: +SKIP
    """
    return _over_store(registry.stages(), inputs, db, published, progress, config, options, keep=True)


def prepare(
    inputs: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    published: Mapping[str, str] | None = None,
    progress: bool = False,
    config: BuildConfig | None = None,
    **options: object,
) -> Pile:
    """The annotated, deduplicated pile of ``inputs``, before it is split into stories:
    the registered stages up to the story split. Same arguments as :func:`build`.
    Benchmarks that know the stories (Timeline17's topics) start here and tell each
    story with :func:`tell`."""
    listed = registry.stages()
    split = next((i for i, s in enumerate(listed) if "stories" in s.assigns), len(listed))
    return _over_store(listed[:split], inputs, db, published, progress, config, options, keep=False)


def tell(story: Story, config: BuildConfig | None = None, *, until: str | None = None,
         **configs: object) -> Story:
    """Run the registered story stages on ``story`` (through the stage named ``until``);
    ``configs``: a stage's settings by stage name, instead of ``config``'s."""
    config = config or BuildConfig()
    listed = [s for s in registry.stages() if s.scope == "story"]
    if until is not None:
        listed = listed[: [s.name for s in listed].index(registry.get(until).name) + 1]
    return Pipeline(listed, config, configs, given=registry.assigned_before(listed[0].name)).tell(story)


def _over_store(listed, inputs, db, published, progress, config, options, keep: bool) -> Pile:
    """Check the arguments :func:`build` and :func:`prepare` share, open the store, run."""
    if isinstance(inputs, (str, bytes, os.PathLike)):  # one input: build("a.txt")
        inputs = [inputs]
    if config is None:
        config = BuildConfig.from_options(**options)
    elif options:
        raise ConfigError("give either config= or keyword options, not both")
    elif not isinstance(config, BuildConfig):
        raise ConfigError(f"config must be a BuildConfig, not {type(config).__name__}")
    else:  # made by hand: each stage's settings are checked as from_options checks them
        for part in dataclasses.fields(config):
            check_config(getattr(config, part.name))
    given = GivenDates(tuple(_check_dates(published or {}).items()))
    with writer_lock(db, timeout=0.0) if db is not None and keep else nullcontext():
        return _run_over(listed, inputs, db, given, config, progress, keep)


def _run_over(listed, inputs, db, given, config, progress, keep: bool) -> Pile:
    store = Store(db if db is not None else ":memory:")
    try:
        pipeline = Pipeline(listed, config, {"given_dates": given}, store=store, progress=progress)
        pile = pipeline.run(Pile(inputs=[os.fsdecode(p) for p in inputs], config=config.to_dict()))
        if keep:
            store.record_run(pile.config, dataclasses.asdict(pile.summary))
            if db is not None:
                store.write_pile(pile)
        return pile
    finally:
        store.close()


def _check_dates(published: Mapping[str, str]) -> dict[str, str]:
    for key, value in published.items():
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ConfigError(f"published date for {key!r} must be YYYY-MM-DD, got {value!r}") from None
    return dict(published)


class Pipeline:
    """Declared stages run in order over a pile: the document and corpus stages on the
    whole pile, then, once it is split into stories, the story stages on each story (the
    one fan-out point). The order is checked when the pipeline is made."""

    def __init__(self, stages: Iterable[Stage], config: BuildConfig, configs: Mapping[str, object] | None = None,
                 *, store: Store | None = None, progress: bool = False, given: tuple[str, ...] = registry.GIVEN):
        listed = list(stages)
        check_order(listed, given)
        self.stages = [s for s in listed if s.when is None or s.when(config)]
        self.config = config
        self.configs = dict(configs or {})
        self.store = store
        self.progress = progress
        self._executor: Executor | None = None

    @property
    def executor(self) -> Executor:
        """Where the document stages map their work (``execution.executor``; ``--jobs`` workers
        for ``local`` > 1 and a bare ``processes``), made when first asked for."""
        if self._executor is None:
            self._executor = executor_for(self.config.execution.executor, self.config.annotate.n_process)
        return self._executor

    def settings(self, stage: Stage) -> object:
        """The stage's settings: given by name, else the BuildConfig field, else its defaults."""
        if stage.name in self.configs:
            return self.configs[stage.name]
        return getattr(self.config, stage.settings_name, None) or stage.config()

    def context(self, stage: Stage) -> Context:
        return Context(progress=self._bar, state=self.store, stage=stage.name, interactive=self.progress,
                       executor=self.executor)

    def run(self, pile: Pile) -> Pile:
        try:
            return self._run(pile)
        finally:
            if self._executor is not None:
                self._executor.close()
                self._executor = None

    def _run(self, pile: Pile) -> Pile:
        reused = 0
        for stage in (s for s in self.stages if s.scope != "story"):
            if stage.scope == "document":
                pile, hits = self._documents(stage, pile)
                reused += hits if stage.name == "annotate" else 0
            else:
                with bar(stage.name, self.progress and stage.name in _ONE_STEP):
                    pile = _checked(stage, stage.run(pile, self.settings(stage), self.context(stage)))
        summary = replace(pile.summary, skipped=len(pile.rejected), cached=reused,
                          failed=sum(1 for r in pile.rejected if r.internal))
        pile = replace(pile, summary=summary, raws=[])  # the raw pages are not kept past cleaning
        if pile.stories and any(s.scope == "story" for s in self.stages):
            pile = self._tell_all(pile)
        return pile

    def tell(self, story: Story, failures: list[Rejected] | None = None) -> Story:
        """The story stages on one story, in order. With ``failures``, a stage that raises
        on this story is left out of it (and so is every later stage that reads what it
        sets), with one internal :class:`Rejected` per stage left out appended to
        ``failures``; the other stages and stories go on. Without, the error propagates."""
        broken: dict[str, str] = {}  # a field a failed stage should have set -> that stage
        for stage in (s for s in self.stages if s.scope == "story"):
            missing = sorted({broken[n] for n in stage.requires if n in broken})
            if failures is not None and missing:
                failures.append(_story_failure(story, stage, f"needs what {', '.join(missing)} failed to set"))
                broken.update((name, stage.name) for name in stage.assigns)
                continue
            try:
                story = _checked(stage, stage.run(story, self.settings(stage), self.context(stage)))
            except ConfigError:
                raise
            except Exception as error:  # noqa: BLE001 - one story's failure stays that story's
                if failures is None:
                    raise
                failures.append(_story_failure(story, stage, f"{type(error).__name__}: {error}"))
                broken.update((name, stage.name) for name in stage.assigns)
        return story

    def _tell_all(self, pile: Pile) -> Pile:
        told = [s for s in self.stages if s.scope == "story"]
        cache = StoryCache(self.store, told, [self.settings(s) for s in told]) if self.store is not None else None
        stories, failures = [], []
        for story in self._bar(pile.stories, len(pile.stories), "timeline", unit="story"):
            key, again = cache.restore(story) if cache is not None else (None, None)
            if again is None:
                failed = len(failures)
                again = self.tell(story, failures)
                if cache is not None and len(failures) == failed:  # a story a stage failed on is told again next time
                    cache.keep(key, again)
            stories.append(again)
        for story in stories:
            story.summary = _counts(story.documents, len(story.events), Summary(read=len(story.documents)))
            story.config = pile.config
        dated = {d.id: d for s in stories for d in s.documents}
        documents = [dated.get(d.id, d) for d in pile.documents]
        summary = replace(pile.summary, stories=len(stories), failed=pile.summary.failed + len(failures))
        _counts(documents, sum(len(s.events) for s in stories), summary)
        return replace(pile, documents=documents, stories=stories, summary=summary,
                       rejected=[*pile.rejected, *failures])

    def _documents(self, stage: Stage, pile: Pile) -> tuple[Pile, int]:
        """A document stage over the pile, through the cache when the stage is cached;
        a document it fails on is skipped with an internal reason, the others go on."""
        items = list(getattr(pile, stage.reads))
        config = self.settings(stage)
        cache = DocumentCache(self.store, stage, config) if stage.cached and self.store is not None else None
        results: list[Document | Rejected | None] = cache.restore(items) if cache else [None] * len(items)
        missing = [i for i, r in enumerate(results) if r is None]
        work = self._bar(zip(missing, _isolated(stage, [items[i] for i in missing], config, self.context(stage))),
                         len(missing), stage.name.replace("_", " "))
        for i, result in work:
            results[i] = result
            if cache is not None:
                cache.keep(items[i], result)
        if cache is not None:
            cache.flush()
        documents = [r for r in results if isinstance(r, Document)]
        rejected = [*pile.rejected, *(r for r in results if isinstance(r, Rejected))]
        return replace(pile, documents=documents, rejected=rejected), len(items) - len(missing)

    def _bar(self, items, total, label, unit="doc"):
        return progress_bar(items, total, label, self.progress, unit=unit)


_ONE_STEP = {"duplicates"}  # corpus stages shown as a one-step bar while they run


def _checked(stage: Stage, result: object) -> object:
    if not is_result(result, stage.scope):
        raise TypeError(f"stage {stage.name!r} returned a {type(result).__name__}, not a {stage.scope} result")
    return result


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


def progress_bar(items, total: int | None, label: str, enabled: bool, unit: str = "doc"):
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
def bar(label: str, enabled: bool):
    """A one-step bar that names a corpus-wide stage while it runs (when ``enabled``); the
    CLI shows its writing step with it."""
    shown = progress_bar(None, 1, label, enabled, unit="step")
    try:
        yield
    finally:
        if shown is not None:
            shown.update(1)
            shown.close()


stage = bar  # the name the CLI knew it by
