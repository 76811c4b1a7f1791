"""The registry: the declared stages, in the order a build runs them.

``storyline stages`` prints it; :func:`storyline.build`, :func:`storyline.prepare` and every
``storyline eval`` that builds run this list. A stage of your own joins it with
:func:`register` (``register(MY_STAGE, after="annotate")``) and leaves it with
:func:`unregister`; :func:`registered` does both around a block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storyline.stage import Stage, check_order

__all__ = ["GIVEN", "assigned_before", "describe", "get", "register", "registered", "stages", "unregister"]

# what a build starts from: the inputs named by the user
GIVEN = ("inputs",)


def _defaults() -> list[Stage]:
    from storyline.annotate.stage import ANNOTATE
    from storyline.claims.stage import CLAIMS
    from storyline.clean.stage import CLEAN, GIVEN_DATES, LENGTH, RECURRING
    from storyline.corroboration.stage import CORROBORATION
    from storyline.dating.stage import DATING
    from storyline.dedup.stage import DUPLICATES, REPRINTS
    from storyline.entities.stage import ENTITIES
    from storyline.ingest.stage import INGEST
    from storyline.positions.stage import POSITIONS
    from storyline.quotes.stage import QUOTES, REPORTED_SPEECH
    from storyline.stories.stage import STORIES
    from storyline.timeline.stage import SOURCES, TIMELINE

    return [INGEST, CLEAN, RECURRING, LENGTH, GIVEN_DATES, ANNOTATE, DUPLICATES, REPRINTS, REPORTED_SPEECH,
            STORIES, DATING, TIMELINE, SOURCES, ENTITIES, CLAIMS, QUOTES, POSITIONS, CORROBORATION]


_STAGES: list[Stage] = []


def stages() -> tuple[Stage, ...]:
    """Every registered stage, in run order (the document and corpus stages, then the story stages)."""
    if not _STAGES:
        _STAGES.extend(_defaults())
    return tuple(_STAGES)


def get(name: str) -> Stage:
    for stage in stages():
        if stage.name == name:
            return stage
    raise KeyError(f"no stage named {name!r}; known: {', '.join(s.name for s in stages())}")


def register(stage: Stage, *, after: str | None = None, before: str | None = None) -> Stage:
    """Add ``stage`` to the build (at the end of its scope's run, or after/before a named
    stage); ValueError when its name is taken or its requirements come too late."""
    current = list(stages())
    if any(s.name == stage.name for s in current):
        raise ValueError(f"a stage named {stage.name!r} is already registered")
    if after is not None or before is not None:
        at = [s.name for s in current].index(get(after or before).name) + (1 if after else 0)  # type: ignore[arg-type]
    elif stage.scope == "story":
        at = len(current)
    else:  # before the first story stage
        at = next((i for i, s in enumerate(current) if s.scope == "story"), len(current))
    candidate = current[:at] + [stage] + current[at:]
    check_order(candidate, GIVEN)
    _STAGES[:] = candidate
    return stage


def unregister(name: str) -> None:
    _STAGES[:] = [s for s in stages() if s.name != name]


@contextmanager
def registered(stage: Stage, **where: str) -> Iterator[Stage]:
    """``with registered(MY_STAGE, after="annotate"):`` builds inside the block run it."""
    register(stage, **where)
    try:
        yield stage
    finally:
        unregister(stage.name)


def assigned_before(name: str) -> tuple[str, ...]:
    """Everything the stages before ``name`` assign (what a pipeline that starts there is given)."""
    from storyline.stage import made_by

    names = list(GIVEN)
    for stage in stages():
        if stage.name == name:
            break
        names += made_by(stage)
    return tuple(names)


def describe(listed: tuple[Stage, ...] | None = None) -> list[dict[str, str]]:
    """One row per stage: name, scope, requires, assigns, config, version, what it does."""
    rows = []
    for stage in listed or stages():
        rows.append({
            "stage": stage.name,
            "scope": stage.scope + (" (batched, cached)" if stage.pipe and stage.cached else
                                    " (cached)" if stage.cached else ""),
            "requires": ", ".join(stage.requires) or "-",
            "assigns": ", ".join(stage.assigns) or "-",
            "config": stage.config.__name__,
            "version": stage.version_string()[:24],
            "does": stage.summary,
        })
    return rows

