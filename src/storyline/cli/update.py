"""``storyline update``: fetch what the store's feeds have new and tell the stories again."""

from __future__ import annotations

import sys

import click

from storyline.cli.query import STORE, STORE_HELP

__all__ = ["update"]

EXIT_USAGE = 2


@click.command("update")
@click.option("--db", "db", required=True, type=STORE, help=f"The store to update: {STORE_HELP}.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="A host feeds and articles may be fetched from even at a private or loopback address.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds one download may take.")
@click.option("--max-bytes", type=click.IntRange(1), default=20_000_000, show_default=True, metavar="N",
              help="The largest article or feed accepted, in bytes.")
@click.option("--max-items", type=click.IntRange(1), default=100, show_default=True, metavar="N",
              help="New articles taken from one feed per update (the rest wait for the next).")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait for another update to finish before giving up.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def update(db: str, allow_hosts: tuple[str, ...], timeout: float, max_bytes: int, max_items: int, wait: float,
           quiet: bool) -> None:
    """Fetch what the store's feeds (storyline feeds add) have new, add it, and tell again the
    stories it changes; say per story what is new. One update at a time per store."""
    from storyline.errors import ConfigError
    from storyline.feeds import FeedsConfig
    from storyline.reasons import one_line
    from storyline.update import run_update

    try:
        feeds = FeedsConfig(timeout=timeout, allow_hosts=allow_hosts, max_bytes=max_bytes, max_items=max_items)
        report = run_update(db, feeds=feeds, lock_timeout=wait,
                            progress=not quiet and sys.stderr.isatty())
    except ConfigError as exc:
        click.echo(f"storyline: {one_line(str(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    if quiet:
        return
    for item in report.refused + report.failed:
        click.echo(f"skipped {item.shown()}")
    for line in report.lines():
        click.echo(line)
    for story, items in report.news.items():
        click.echo(f"{story}: " + ", ".join(f"{sum(1 for i in items if i['kind'] == k)} {k}"
                                           for k in ("new story", "event", "quote", "figure", "shift", "disagreement")
                                           if any(i["kind"] == k for i in items)))
