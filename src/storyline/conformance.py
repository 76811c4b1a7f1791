"""The stage contract as checks: every registered stage (and yours) must pass them.

As scikit-learn's ``check_estimator``: :func:`check_stage` runs every check in
:data:`CHECKS` on one stage and a sample of its input; :func:`parametrize_with_checks`
makes them pytest cases (``tests/test_stages.py`` runs them over the registry)::

    @parametrize_with_checks([MY_STAGE])
    def test_my_stage(stage, check):
        check(stage)

A stage's sample input is a small pile (the invented demo articles by default) run
through every registered stage before it, so each stage is checked on what a build
really hands it.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

from storyline.model import Document, Pile, RawDocument, Story
from storyline.stage import Context, Stage

__all__ = ["CHECKS", "check_stage", "parametrize_with_checks", "sample_input"]

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo"
Item = Pile | Story | list[Document] | list[RawDocument]


def _config(stage: Stage) -> object:
    from storyline.pipeline import BuildConfig

    return getattr(BuildConfig(), stage.settings_name, None) or stage.config()


def _run(stage: Stage, item: Item) -> Item:
    config, ctx = _config(stage), Context(stage=stage.name)
    if stage.scope == "document":
        return list(stage.map(list(item), config, ctx))  # type: ignore[arg-type]
    return stage.run(item, config, ctx)  # type: ignore[return-value]


@functools.cache
def _sample_pile(sample: Path, upto: str | None) -> Pile:
    """The sample pile after every registered stage before ``upto`` (None: after all of
    them), its stories told up to it."""
    from storyline import registry
    from storyline.pipeline import BuildConfig, Pipeline

    listed = registry.stages()
    names = [s.name for s in listed]
    before = list(listed[: names.index(upto)] if upto is not None else listed)
    pile = Pipeline([s for s in before if s.scope != "story"], BuildConfig()).run(Pile(inputs=[str(sample)]))
    told = [s for s in before if s.scope == "story"]
    if told:
        pipeline = Pipeline(told, BuildConfig(), given=registry.assigned_before(told[0].name))
        pile = dataclasses.replace(pile, stories=[pipeline.tell(s) for s in pile.stories])
    return pile


def sample_input(stage: Stage, sample: Path = SAMPLE) -> Item:
    """What a build hands ``stage`` when it runs on ``sample``: a list of documents (or of
    raw documents), the pile, or its first story."""
    from storyline import registry

    listed = registry.stages()
    if stage.name in {s.name for s in listed}:
        upto = stage.name
    elif stage.scope == "story":  # a stage not registered runs as if last of its scope
        upto = None
    else:
        upto = next((s.name for s in listed if s.scope == "story"), None)
    pile = _sample_pile(sample, upto)
    if stage.scope == "document":
        return list(getattr(pile, stage.reads))
    if stage.scope == "corpus":
        return pile
    return pile.stories[0] if pile.stories else Story([], [])


def _empty(stage: Stage) -> Item:
    return [] if stage.scope == "document" else Pile() if stage.scope == "corpus" else Story([], [])


def check_empty_input(stage: Stage) -> None:
    """Nothing in, nothing out: no error, no invented document."""
    result = _run(stage, _empty(stage))
    documents = result if isinstance(result, list) else result.documents
    assert list(documents) == [], f"{stage.name}: made documents out of nothing"


def check_input_not_mutated(stage: Stage) -> None:
    """The stage returns new objects; what it was given is unchanged."""
    item = sample_input(stage)
    before = pickle.dumps(item)
    _run(stage, item)
    assert pickle.dumps(item) == before, f"{stage.name}: changed its input"


def _ids(item: Item) -> list[str]:
    docs = item if isinstance(item, list) else item.documents
    return [d.id for d in docs if isinstance(d, (Document, RawDocument))]


def check_ids_kept(stage: Stage) -> None:
    """Every document keeps its id; one the stage drops is a Rejected that names it."""
    item = sample_input(stage)
    result = _run(stage, item)
    if stage.scope == "document":
        for given, out in zip(item, result, strict=True):  # type: ignore[arg-type]
            assert (out.id == given.id) if isinstance(out, Document) else out.source == given.source, \
                f"{stage.name}: {given.id} came back as something else"
        return
    kept = set(_ids(result))
    dropped = {r.source for r in result.rejected} if isinstance(result, Pile) else set()
    sources = {d.id: d.source for d in (item.documents if not isinstance(item, list) else item)}
    lost = [i for i in _ids(item) if i not in kept and sources[i] not in dropped]
    assert not lost, f"{stage.name}: lost documents {lost[:3]} without a reason"
    if stage.scope == "story":
        assert _ids(result) == _ids(item), f"{stage.name}: a story stage changed which documents the story holds"


def check_deterministic(stage: Stage) -> None:
    """The same input gives the same output."""
    item = sample_input(stage)
    assert pickle.dumps(_run(stage, item)) == pickle.dumps(_run(stage, item)), f"{stage.name}: two runs differ"


def check_picklable(stage: Stage) -> None:
    """Its settings and its results survive pickling (worker processes, a cluster)."""
    config = _config(stage)
    assert pickle.loads(pickle.dumps(config)) == config, f"{stage.name}: config does not round-trip"
    result = _run(stage, sample_input(stage))
    again = pickle.loads(pickle.dumps(result))
    # equal values (the bytes may differ once: unpickling interns attribute names, so a
    # value that was the same string object as a field's name is pickled apart after)
    assert again == result, f"{stage.name}: result does not round-trip"
    assert pickle.dumps(pickle.loads(pickle.dumps(again))) == pickle.dumps(again), f"{stage.name}: result does not round-trip"


def _changed(before: object, after: object) -> set[str]:
    return {f.name for f in dataclasses.fields(before) if f.compare  # type: ignore[arg-type]
            and getattr(before, f.name) != getattr(after, f.name)}


def check_assigns_only_what_it_declares(stage: Stage) -> None:
    """A document (a pile, a story) differs after the stage only in the fields it declares."""
    item = sample_input(stage)
    result = _run(stage, item)
    if stage.scope == "document":
        if stage.reads != "documents":
            return  # it makes documents out of raw ones
        pairs = [(g, r) for g, r in zip(item, result) if isinstance(r, Document)]  # type: ignore[arg-type]
        declared = set(stage.assigns)
    else:
        top = _changed(item, result)
        declared = {name.partition(".")[0] for name in stage.assigns}
        assert top <= declared, f"{stage.name}: changed {sorted(top - declared)} without declaring it"
        if "documents" in declared and "documents" not in stage.assigns:
            before = {d.id: d for d in item.documents}  # type: ignore[union-attr]
            pairs = [(before[d.id], d) for d in result.documents if d.id in before]  # type: ignore[union-attr]
            declared = {name.partition(".")[2] for name in stage.assigns if name.startswith("documents.")}
        else:
            pairs = []
    for given, out in pairs:
        extra = _changed(given, out) - declared
        assert not extra, f"{stage.name}: changed {sorted(extra)} of {given.id} without declaring it"


CHECKS: tuple[Callable[[Stage], None], ...] = (
    check_empty_input, check_input_not_mutated, check_ids_kept, check_deterministic, check_picklable,
    check_assigns_only_what_it_declares,
)


def check_stage(stage: Stage) -> None:
    """Run every check on ``stage``; AssertionError names the first that fails."""
    for check in CHECKS:
        check(stage)


def parametrize_with_checks(stages: Iterable[Stage]):
    """A pytest ``parametrize`` mark over (stage, check) for every stage and check."""
    import pytest

    cases = [(stage, check) for stage in stages for check in CHECKS]
    return pytest.mark.parametrize("stage, check", cases, ids=[f"{s.name}-{c.__name__}" for s, c in cases])
