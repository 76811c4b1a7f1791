"""Timeline summarization on Timeline17: a folder of system timelines scored with tilse.

``data`` is the Timeline17 set (``<data>/<folder>/timelines/*.txt``, or one such folder);
``system`` a folder of system timelines in the tilse text format, one per reference
timeline. A file belongs to a reference when its name is ``<topic>_<name>.txt`` or ends
with ``_<topic>_<name>.txt`` (``topic`` the news-tls key of the folder, ``name`` the
reference file name before its first dot), so both storyline's own outputs
(``bpoil_bbc.txt``) and SDF-TLS's released ones (``TL17_bestsumm_bpoil_bbc.txt``) match.

Each pair is scored as the news-tls protocol does it (a ``GroundTruth`` of that single
reference timeline) with the metrics of tilse 0.2.1 in "original" mode, reproduced in
:mod:`storyline.eval.tilse_metrics`: concat, agreement and align+ m:1 ROUGE-1/2 F1 and
date F1. ``metrics`` are their means over the scored timelines (plus ``timelines``, the
count); a missing or ambiguous system file and a reference with reading problems (the
malformed date in ``MJ_bbc``) give notes, never a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.eval import EvalResult
from storyline.eval.tilse_format import Reference, output_name, read_timeline, reference_timelines, short_output_name
from storyline.eval.tilse_metrics import METRICS, Scorer

__all__ = ["evaluate", "match_files"]


def _where(ref: Reference) -> str:
    return f"{ref.folder}/timelines/{ref.path.name}"


def _names(path: Path, name: str) -> bool:
    return path.name == name or path.name.endswith("_" + name)


def match_files(references: list[Reference], files: list[Path]) -> tuple[dict[Reference, Path], list[str]]:
    """Which system file scores which reference, and notes on what did not match."""
    notes: list[str] = []
    by_output: dict[str, list[Reference]] = {}
    for ref in references:
        by_output.setdefault(output_name(ref), []).append(ref)
    # a file under the older, shorter name still counts when no file has the whole name
    short = {out: short_output_name(refs[0]) for out, refs in by_output.items() if len(refs) == 1}
    owners: dict[Path, list[str]] = {}
    for path in files:
        owners[path] = [out for out in by_output if _names(path, out)]
    named = {out for outs in owners.values() for out in outs}
    for path, outs in owners.items():
        if not outs:
            owners[path] = [out for out, old in short.items() if out not in named and old != out and _names(path, old)]
    matched: dict[Reference, Path] = {}
    for out, refs in by_output.items():
        candidates = [path for path, outs in owners.items() if out in outs]
        where = ", ".join(_where(r) for r in refs)
        if len(refs) > 1:
            notes.append(f"not scored: {where} share the system file name {out}")
            continue
        clash = [p for p in candidates if len(owners[p]) > 1]
        if clash:
            names = ", ".join(f"{p.name} (matches {', '.join(sorted(owners[p]))})" for p in clash)
            notes.append(f"not scored: {where}: ambiguous system file {names}")
        elif len(candidates) > 1:
            notes.append(f"not scored: {where}: ambiguous, {len(candidates)} system files match "
                         f"({', '.join(sorted(p.name for p in candidates))})")
        elif not candidates:
            notes.append(f"not scored: {where}: no system timeline (*{out})")
        else:
            matched[refs[0]] = candidates[0]
    for path, outs in owners.items():
        if not outs:
            notes.append(f"system file {path.name} matches no reference timeline; ignored")
    return matched, notes


def evaluate(data: Path, limit: int | None = None, *, system: Path | None = None) -> EvalResult:
    """Score every system timeline in ``system`` against its Timeline17 reference (the
    first ``limit`` references only, in (topic, name, folder) order)."""
    if system is None:
        raise ConfigError("tls needs --system DIR (a folder of system timelines, <topic>_<name>.txt)")
    data, system = Path(data), Path(system)
    if not system.is_dir():
        raise ConfigError(f"system timelines not found: {system}")
    references = reference_timelines(data)
    if not references:
        raise ConfigError(f"{data}: no Timeline17 reference timelines (<folder>/timelines/*.txt)")
    files = sorted(p for p in system.glob("*.txt") if p.is_file())
    matched, match_notes = match_files(references, files)
    notes = [
        "tilse 0.2.1 'original' (ROUGE-1.5.5 -n 2 -m -s -f A -t 2), F1; align = align+ m:1; "
        "one reference timeline per system timeline (news-tls protocol)",
    ]
    if limit is not None and limit < len(references):
        notes.append(f"--limit {limit}: only the first {limit} of {len(references)} reference timelines")
        references = references[:limit]
        match_notes = [note for note in match_notes
                       if not note.startswith("not scored: ") or any(_where(r) in note for r in references)]
    notes += [f"reference: {problem}" for ref in references for problem in ref.problems]
    notes += match_notes
    per_item: list[dict[str, Any]] = []
    for ref in references:
        path = matched.get(ref)
        if path is None:
            continue
        timeline, problems = read_timeline(path)
        notes += [f"system: {problem}" for problem in problems]
        scores = Scorer(ref.timeline).score(timeline)
        per_item.append({
            "topic": ref.topic,
            "reference": _where(ref),
            "system_file": path.name,
            **scores,
            "sentences": sum(len(sents) for sents in timeline.values()),
            "dates": len(timeline),
        })
    n = len(per_item)
    means = {key: (sum(item[key] for item in per_item) / n if n else 0.0) for key in METRICS}
    metrics: dict[str, float] = {**means, "timelines": float(n)}
    rows = [{"system": system.name, **means, "n": n}]
    return EvalResult(benchmark="tls", metrics=metrics, rows=rows, per_item=per_item, notes=notes)
