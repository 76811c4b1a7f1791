"""One document's failure stays that document's: the pipeline runs each document stage so
that an exception inside storyline's own code skips that document, with a one-line reason
marked internal, and the run goes on (:func:`storyline.pipeline.Pipeline`). A story stage
that fails on one story is left out of that story (:func:`story_failure` says so)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.errors import ConfigError
from storyline.model import Document, Rejected, Story

if TYPE_CHECKING:
    from storyline.stage import Context, Stage

T = TypeVar("T")


def failure(source: str, stage: str, error: BaseException) -> Rejected:
    """The Rejected for a document storyline failed on (not the input's fault)."""
    return Rejected(source, f"internal error in {stage}: {type(error).__name__}: {error}", stage=stage,
                    internal=True, code="internal")


def isolated(stage: str, source: str, func: Callable[..., T], *args: Any) -> T | Rejected:
    """``func(*args)``, or a :func:`failure` of ``source`` at ``stage`` when it raises an ``Exception``."""
    try:
        return func(*args)
    except Exception as error:  # noqa: BLE001 - isolating one document's failure is the point
        return failure(source, stage, error)


def story_failure(story: Story, stage: Stage, why: str) -> Rejected:
    """The internal Rejected for a story stage left out of one story (the story is kept)."""
    named = f"story {story.id}" if story.id else "story"
    if story.label:
        named += f" ({story.label})"
    return Rejected(named, f"internal error in {stage.name}, left out of this story: {why}", stage=stage.name,
                    internal=True, code="internal")


def isolated_all(stage: Stage, items: list, config: object, ctx: Context) -> Iterator[Document | Rejected]:
    """``stage`` over ``items`` in order, one result each; when it raises, the items not
    yet done are run one at a time, so that only those it fails on are skipped (each with a
    :func:`~storyline.isolate.failure`)."""
    if stage.pipe is None:
        for item in items:
            yield isolated(stage.name, item.source, stage.run, item, config, ctx)
        return
    done = 0
    try:
        for result in stage.pipe(items, config, ctx):
            done += 1
            yield result
        return
    except ConfigError:  # the run's settings (an executor it cannot reach), not a document
        raise
    except Exception:  # noqa: BLE001 - find the documents it fails on below
        pass
    for item in items[done:]:
        try:
            yield from stage.pipe([item], config, ctx)
        except ConfigError:
            raise
        except Exception as error:  # noqa: BLE001
            yield failure(item.source, stage.name, error)
