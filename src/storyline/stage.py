"""The stage contract: what every stage declares, and the one call shape per scope.

A stage is a :class:`Stage` record, declared in its own package (``storyline/clean/stage.py``
declares ``clean``) and listed in order by :mod:`storyline.registry`. It says:

- ``name``: what the user and the registry call it ("clean", "annotate", "timeline");
- ``scope``: ``"document"``, a pure map over documents (each one alone: cacheable,
  isolated, run in any order); ``"corpus"``, needs the whole pile; ``"story"``, runs once
  per story, after the pile is split into stories;
- ``requires`` and ``assigns``: the fields it reads and the fields it sets (of a
  :class:`~storyline.model.Document` for a document stage, of the
  :class:`~storyline.model.Pile` or :class:`~storyline.model.Story` otherwise; a document
  field written ``documents.text`` when a corpus or story stage reads or sets it). The
  pipeline checks, when it is built, that each requirement is assigned by an earlier stage;
- ``config``: its settings, a frozen dataclass (``NoConfig`` when it has none); a field
  whose ``metadata`` has ``"execution": True`` changes speed only and is left out of the
  cache key;
- ``version``: a string, or a function returning one (a digest of the stage's code or its
  model), that is part of every cached result's key;
- ``run``: document scope ``run(doc, config, ctx) -> Document | Rejected``; corpus scope
  ``run(pile, config, ctx) -> Pile``; story scope ``run(story, config, ctx) -> Story``.
  A document stage may add ``pipe(docs, config, ctx)``, a batched ``run`` that yields one
  result per document in order (annotation pays for batching). Stages return new
  objects (``dataclasses.replace``); they never mutate their input.

A document stage with ``cached=True`` has its results kept by the pipeline in the store,
keyed by (stage name, version, config digest, hash of the fields it requires): no stage
owns cache code.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from storyline.config import execution_fields
from storyline.executors import Executor, Serial
from storyline.model import Document, Pile, Rejected, Story, sha256

__all__ = ["SCOPES", "Context", "NoConfig", "Stage", "StateStore", "check_order", "code_version", "config_digest",
           "input_hash"]

Scope = Literal["document", "corpus", "story"]
SCOPES: tuple[Scope, ...] = ("document", "corpus", "story")
T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class NoConfig:
    """The settings of a stage that has none."""


class StateStore(Protocol):
    """Where a corpus stage keeps state between runs (the store: ``state_get``/``state_put``)."""

    def state_get(self, stage: str, key: str) -> str | None: ...

    def state_put(self, stage: str, key: str, text: str) -> None: ...


def _no_progress(items: Iterable[T], total: int | None, label: str) -> Iterable[T]:
    return items


@dataclass
class Context:
    """What a run gives a stage besides its input and settings.

    ``progress(items, total, label)`` wraps an iterable in a progress bar (or returns it);
    ``state`` keeps a corpus stage's resumable state (None: nothing is kept);
    ``stage``: the name of the stage being run (set by the pipeline); ``interactive``:
    progress is shown, so a batched stage may report back in smaller steps; ``executor``:
    where a stage may map its per-document work (:mod:`storyline.executors`; the run's own,
    closed by the pipeline).
    """

    progress: Callable[[Iterable[T], int | None, str], Iterable[T]] = _no_progress
    state: StateStore | None = None
    stage: str = ""
    interactive: bool = False
    executor: Executor = field(default_factory=Serial)

    def load_state(self, key: str) -> str | None:
        """This stage's state saved under ``key`` by an earlier run, or None."""
        return self.state.state_get(self.stage, key) if self.state is not None else None

    def save_state(self, key: str, text: str) -> None:
        if self.state is not None:
            self.state.state_put(self.stage, key, text)


@dataclass(frozen=True)
class Stage(Generic[C]):
    """One declared stage (see the module's docstring for each field)."""

    name: str
    scope: Scope
    run: Callable[..., object]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    config: type = NoConfig
    version: str | Callable[[], str] = "1"
    pipe: Callable[..., Iterable[object]] | None = None
    cached: bool = False
    # the pile's list a document stage maps: "documents", or "raws" (cleaning: RawDocument -> Document)
    reads: str = "documents"
    # the BuildConfig field holding the settings (default: the name); a stage not in
    # BuildConfig gets its config type's defaults
    settings: str = ""
    # run only when this holds for the whole build's settings (e.g. reported speech needs the model)
    when: Callable[[object], bool] | None = field(default=None, compare=False)
    description: str = ""

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"stage {self.name!r}: scope must be one of {SCOPES}, not {self.scope!r}")
        if not dataclasses.is_dataclass(self.config):
            raise ValueError(f"stage {self.name!r}: config must be a dataclass type")
        if self.scope != "document" and (self.pipe is not None or self.cached):
            raise ValueError(f"stage {self.name!r}: only a document stage has pipe or cached")

    @property
    def settings_name(self) -> str:
        return self.settings or self.name

    @property
    def summary(self) -> str:
        """One line about the stage: its description or the first line of ``run``'s docstring."""
        text = self.description or (self.run.__doc__ or "").strip()
        words = " ".join(text.split("\n\n")[0].split())
        return words.split(". ")[0].rstrip(".") + "." if words else ""

    def version_string(self) -> str:
        return self.version() if callable(self.version) else self.version

    def map(self, docs: list[Document], config: C, ctx: Context | None = None) -> Iterator[object]:
        """A document stage over ``docs``, in order: ``pipe`` when it has one, else ``run`` each."""
        ctx = ctx or Context(stage=self.name)
        if self.pipe is not None:
            return iter(self.pipe(docs, config, ctx))
        return (self.run(doc, config, ctx) for doc in docs)


@functools.cache
def code_version(*names: str) -> str:
    """A digest of the Python source of the named packages (every module in them) and
    modules: a stage's version when its results depend on its code (``code_version(
    "storyline.clean", "storyline.utils.shingles")``), so a cached result is reused only
    while that code is the same."""
    files: list[tuple[str, Path]] = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ValueError(f"no module {name!r}")
        origin = Path(spec.origin)
        if spec.submodule_search_locations:  # a package: all its modules
            files += [(f"{name}/{p.relative_to(origin.parent).as_posix()}", p) for p in sorted(origin.parent.rglob("*.py"))]
        else:
            files.append((name, origin))
    return sha256(*(f"{label}\n{path.read_text(encoding='utf-8')}" for label, path in files))[:16]


def config_digest(config: object) -> str:
    """A digest of the settings that change results (fields marked ``execution`` left out)."""
    speed_only = execution_fields(type(config))
    values = {f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.name not in speed_only}
    return sha256(json.dumps(values, sort_keys=True, default=repr))[:16]


def input_hash(item: object, fields: Iterable[str]) -> str:
    """A digest of the values of ``fields`` of one document (or raw document)."""
    from storyline.codec import encode

    values = [encode(getattr(item, name)) for name in fields]
    return sha256(json.dumps(values, ensure_ascii=False, sort_keys=True))


def qualified(stage: Stage, names: Iterable[str], assigned: bool = False) -> list[str]:
    """``names`` as pile-level names: a document stage's ``text`` is ``documents.text``
    (what the cleaning stage requires is ``raws.body``: it reads raw documents)."""
    if stage.scope != "document":
        return list(names)
    return [f"{'documents' if assigned else stage.reads}.{name}" for name in names]


def made_by(stage: Stage) -> list[str]:
    """The pile-level names a stage assigns; a stage that makes documents out of raw ones
    also gives them their ``id`` and ``source``."""
    names = qualified(stage, stage.assigns, assigned=True)
    if stage.scope == "document" and stage.reads != "documents":
        names += ["documents.id", "documents.source"]
    return names


def check_order(stages: Iterable[Stage], given: Iterable[str] = ()) -> None:
    """ValueError unless every stage's requirements are assigned by an earlier stage (or
    ``given``); ``raws.body`` is met by ``raws.body`` or by ``raws`` (a whole list a corpus stage assigns)."""
    available = set(given)
    for stage in stages:
        missing = [name for name in qualified(stage, stage.requires)
                   if name not in available and name.partition(".")[0] not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
        available.update(made_by(stage))


def is_result(value: object, scope: Scope) -> bool:
    """Whether ``value`` is what a stage of ``scope`` may return."""
    if scope == "document":
        return isinstance(value, (Document, Rejected))
    return isinstance(value, Pile if scope == "corpus" else Story)
