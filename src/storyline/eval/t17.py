"""Timeline summarization on Timeline17, by the news-tls protocol, scored with tilse's metrics.

The articles of every topic folder under ``data`` go through the product's own corpus
stages (:func:`storyline.pipeline.prepare`: ingest, clean, annotate, dedup), once for
the whole pile. Folders are then merged into topics as news-tls does (``bpoil_bbc`` and
``bpoil_reuters`` are one topic, ``bpoil``), each topic's articles are dated
by the build's own story stages (:func:`storyline.pipeline.tell`: dating, timeline,
sources), and for each reference timeline of a topic
(Gholipour Ghalandari & Ifrim 2020, the protocol of Datewise):

* the system gets the reference's first and last date (the timeline's span), its number
  of dates, and, per date, its average number of sentences (rounded as Python rounds);
* no keyword filter: the protocol allows one, but the ``keywords.json`` of these folders
  hold folder labels (``bpoil``, ``EgyptianProtest``) that few sentences contain;
* the timeline is the build's (the ``timeline`` stage's), nothing tuned per topic.

Scores are tilse 0.2.1's with Perl ROUGE-1.5.5 (:mod:`storyline.eval.tilse_metrics`):
concat, agreement and align+ m:1 ROUGE-1/2 F1 and date F1, per timeline and averaged
over timelines. ``system`` (a folder of a peer's tilse-format timelines) adds that peer,
scored in the same run on the same references; ``outputs`` saves every timeline scored,
as ``<topic>_<reference file name>`` (:func:`saved_name`), for re-scoring with tilse
itself. A reference that cannot be read whole (MJ_bbc's ``2011-04-0``) is scored
without the broken entry, and the note says so.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.eval import EvalResult
from storyline.eval.tilse_format import Reference, reference_timelines, topic_of, write_timeline
from storyline.ingest.t17 import INPUT_DOCS
from storyline.eval.tilse_metrics import METRICS, Scorer
from storyline.eval.tls import match_files

__all__ = ["PUBLISHED", "evaluate", "protocol", "read_references", "saved_name", "timeline_of", "topic_folders"]

# Published results on all of Timeline17 (news-tls paper, ACL 2020, Table 4; SDF-TLS,
# SIGIR 2021): align+ m:1 ROUGE-1/2 F1 and date F1.
PUBLISHED = {
    "Datewise (published, all T17 topics)": {"align_r1": 0.120, "align_r2": 0.035, "date_f1": 0.544},
    "SDF-TLS (published, all T17 topics)": {"align_r1": 0.110, "align_r2": 0.031, "date_f1": 0.520},
}


def read_references(data: Path) -> tuple[list[Reference], list[str]]:
    """The reference timelines under ``data`` and a note per entry that could not be read;
    ConfigError when there is none."""
    references = reference_timelines(data)
    if not references:
        raise ConfigError(f"no Timeline17 reference timelines (<folder>/timelines/*.txt) in {data}")
    return references, [problem for ref in references for problem in ref.problems]


def protocol(reference: Reference) -> dict[str, Any]:
    """What the news-tls protocol tells the system about a reference timeline."""
    dates = sorted(reference.timeline)
    sizes = [len(reference.timeline[d]) for d in dates]
    return {
        "max_dates": len(dates),
        "sentences_per_date": max(1, round(sum(sizes) / len(sizes))),
        "span": (dates[0].isoformat(), dates[-1].isoformat()),
    }


def saved_name(reference: Reference) -> str:
    """The file a timeline scored against ``reference`` is saved as: ``<topic>_`` and the
    reference's whole file name (``tl2.1.txt`` of h1n1 -> ``h1n1_tl2.1.txt``), so that
    references named alike up to a dot (``tl2.1.txt``, ``tl2.2.txt``) each get their own."""
    return f"{reference.topic}_{reference.path.name}"


def timeline_of(events) -> dict[dt.date, list[str]]:
    """The tilse timeline of a story's events, as ``timeline.tilse.txt`` writes it."""
    from storyline.render.tilse import tilse_days

    return {dt.date.fromisoformat(day): lines for day, lines in tilse_days(events).items()}


def topic_folders(data: Path, references: list[Reference]) -> dict[str, list[Path]]:
    """The article folders of each topic that has a reference: every Timeline17 folder
    under ``data`` (with ``InputDocs/``) whose name maps to the topic."""
    folders = [data] if (data / INPUT_DOCS).is_dir() else sorted(
        p for p in data.iterdir() if (p / INPUT_DOCS).is_dir())
    wanted = {ref.topic for ref in references}
    topics: dict[str, list[Path]] = defaultdict(list)
    for folder in folders:
        if topic_of(folder.name) in wanted:
            topics[topic_of(folder.name)].append(folder)
    return dict(topics)


def _mean(items: list[dict[str, Any]]) -> dict[str, float]:
    return {m: sum(i[m] for i in items) / len(items) for m in METRICS} if items else {m: 0.0 for m in METRICS}


def evaluate(data: Path, limit: int | None = None, *, system: Path | None = None, outputs: Path | None = None,
             db: Path | None = None, jobs: int = 1, entities: bool = True) -> EvalResult:
    """Build and score one timeline per reference timeline in ``data`` (the first ``limit``).

    ``entities=False``: light annotation (rule-based sentences, no named entities), as
    ``storyline build --no-entities`` does.
    """
    from storyline.pipeline import BuildConfig, prepare

    begin = time.perf_counter()
    data = Path(data)
    references, notes = read_references(data)
    scored_refs = references[:limit] if limit else references
    topics = topic_folders(data, scored_refs)
    # the product's own stages; reported speech is left out: no score reads quotes
    config = BuildConfig.from_options(n_process=jobs, entities=entities, reported=False)
    inputs = [folder for paths in topics.values() for folder in paths]
    corpus = prepare(inputs, db=db, config=config)
    prepared = time.perf_counter() - begin
    items, told = _tell_topics(corpus, inputs, topics, scored_refs, config, outputs)

    rows: list[dict[str, Any]] = [{"system": "storyline", **_mean(items), "timelines": len(items)}]
    metrics: dict[str, float] = {**_mean(items), "timelines": float(len(items))}
    broken = {(r.topic, r.path.stem) for r in scored_refs if any("malformed" in p for p in r.problems)}
    whole = [i for i in items if (i["topic"], i["reference"]) not in broken]
    if broken and whole:  # tilse itself cannot score those: the peers' published means leave them out
        rows.append({"system": f"storyline (the {len(whole)} references tilse reads)", **_mean(whole),
                     "timelines": len(whole)})
        metrics.update({f"{m}_readable": v for m, v in _mean(whole).items()})
    if system is not None:
        peer_items, peer_notes = _score_peer(Path(system), scored_refs)
        notes += peer_notes
        both = {(i["topic"], i["reference"]) for i in peer_items}
        ours = [i for i in items if (i["topic"], i["reference"]) in both]
        if len(ours) != len(items):
            rows.append({"system": f"storyline (the {len(ours)} timelines {Path(system).name} has)",
                         **_mean(ours), "timelines": len(ours)})
        rows.append({"system": f"{Path(system).name} (scored in this run)", **_mean(peer_items),
                     "timelines": len(peer_items)})
        peer_whole = [i for i in peer_items if (i["topic"], i["reference"]) not in broken]
        if broken and peer_whole and len(peer_whole) != len(peer_items):
            rows.append({"system": f"{Path(system).name} (the {len(peer_whole)} references tilse reads)",
                         **_mean(peer_whole), "timelines": len(peer_whole)})
        for item in peer_items:
            item["system"] = Path(system).name
        items += peer_items
    rows += [{"system": name, **figures} for name, figures in PUBLISHED.items()]
    total = time.perf_counter() - begin
    notes += [
        f"{len(corpus.documents)} articles in {len(topics)} topics ({corpus.summary.skipped} skipped, "
        f"{corpus.summary.cached} annotations from the store; annotation: "
        f"{'spaCy model' if entities else 'light (rules, no entities)'}, {jobs} worker(s)); protocol: the reference's span, number of dates "
        f"and average sentences per date; no keyword filter",
        f"time: {prepared:.1f} s reading, cleaning, annotating and grouping duplicates; {told:.1f} s dating, "
        f"summarizing and scoring; {total:.1f} s in all",
    ]
    metrics.update({"seconds": total, "seconds_prepare": prepared})
    return EvalResult("t17", metrics, rows, items, notes)


def _tell_topics(corpus, inputs: list[Path], topics: dict[str, list[Path]], references: list[Reference],
                 config, outputs: Path | None) -> tuple[list[dict[str, Any]], float]:
    """Each topic's story told by the build's story stages (through the timeline's
    sources) with each reference's protocol settings, scored; and the seconds it took."""
    from storyline.model import Story
    from storyline.pipeline import tell
    from storyline.timeline import TimelineConfig

    folder_of = {}
    for doc in corpus.documents:
        path = Path(doc.source).absolute()
        folder_of[doc.id] = next((f for f in inputs if f.absolute() in path.parents), None)
    items: list[dict[str, Any]] = []
    told = 0.0
    for topic, paths in topics.items():
        start = time.perf_counter()
        mine = set(paths)
        docs = [d for d in corpus.documents if folder_of.get(d.id) in mine]
        ids = {d.id for d in docs}
        story = Story(docs, [], groups=[g for g in corpus.groups if g.canonical in ids],
                      reprints=[r for r in corpus.reprints if r.document in ids and r.source in ids], id=topic)
        for ref in (r for r in references if r.topic == topic):
            told_config = TimelineConfig(days_only=True, exact_sentences=True, **protocol(ref))
            timeline = timeline_of(tell(story, config, until="sources", timeline=told_config).events)
            if outputs is not None:
                outputs.mkdir(parents=True, exist_ok=True)
                write_timeline(timeline, outputs / saved_name(ref))
            items.append({"topic": topic, "reference": ref.path.stem, "folder": ref.folder, "articles": len(docs),
                          **Scorer(ref.timeline).score(timeline), "dates": len(timeline),
                          "reference_dates": len(ref.timeline), "sentences": sum(len(v) for v in timeline.values())})
        told += time.perf_counter() - start
    return items, told


def _score_peer(system: Path, references: list[Reference]) -> tuple[list[dict[str, Any]], list[str]]:
    from storyline.eval.tilse_format import read_timeline

    items, notes = [], []
    files = sorted(p for p in system.iterdir() if p.is_file() and p.suffix == ".txt")
    matched, problems = match_files(references, files)
    notes += problems
    for ref in references:
        path = matched.get(ref)
        if path is None:
            continue
        timeline, read_problems = read_timeline(path, label=path.name)
        notes += read_problems
        items.append({"topic": ref.topic, "reference": ref.path.stem, "folder": ref.folder,
                      **Scorer(ref.timeline).score(timeline), "dates": len(timeline),
                      "reference_dates": len(ref.timeline), "sentences": sum(len(v) for v in timeline.values())})
    return items, notes
