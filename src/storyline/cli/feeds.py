"""``storyline feeds add URL / list / remove URL|ID --db STORE``: the sources a store follows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from storyline.cli.query import STORE, STORE_HELP
from storyline.errors import ConfigError
from storyline.reasons import escaped, one_line

__all__ = ["feeds"]

EXIT_USAGE = 2
_DB = click.option("--db", "db", required=True, type=STORE,
                   help=f"The store (as `storyline build --db` and `storyline update --db`): {STORE_HELP}.")


def _fail(error: ConfigError) -> None:
    click.echo(f"storyline: {one_line(str(error))}", err=True)
    sys.exit(EXIT_USAGE)


@click.group("feeds")
def feeds() -> None:
    """The feeds a store follows (RSS, Atom, sitemaps, lists of URLs), which
    `storyline update` fetches.

    \b
    Examples:
      storyline feeds add https://example.org/news.rss --db news.sqlite
      storyline feeds add https://example.org/sitemap.xml --kind sitemap --db news.sqlite
      storyline feeds list --db news.sqlite
      storyline feeds remove 2 --db news.sqlite
    """


@feeds.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(["rss", "atom", "sitemap", "urls"]), default=None,
              help="What the URL serves (default: told from the first fetch).")
@_DB
def add(url: str, kind: str | None, db: Path) -> None:
    """Follow URL: a feed, a sitemap or a list of URLs (one a line, # comments)."""
    from storyline.feeds import add_feed
    from storyline.store import Store

    try:
        with Store(db) as store:
            feed_id = add_feed(store, url, kind)
    except ConfigError as error:
        _fail(error)
    click.echo(f"feed {feed_id}: {escaped(url.strip())}")


@feeds.command("list")
@_DB
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line, with every field.")
def list_command(db: Path, as_json: bool) -> None:
    """List the feeds followed, with the outcome of their last check."""
    from storyline.feeds import list_feeds
    from storyline.store import Store, upgrade

    try:
        upgrade(db)  # a store an older storyline wrote: migrated once
        with Store(db, readonly=True) as store:
            rows = list_feeds(store)
    except ConfigError as error:
        _fail(error)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
            continue
        status = row["status"] or "not checked yet"
        if row["reason"]:
            status += f": {row['reason']}"
        click.echo(f"{row['id']:>4}  {row['kind']:<7}  {escaped(str(row['url']))}  ({row['documents']} documents; "
                   f"{one_line(status)})")


@feeds.command("remove")
@click.argument("feed", metavar="URL|ID")
@_DB
def remove(feed: str, db: Path) -> None:
    """Stop following a feed (what it brought stays in the store)."""
    from storyline.feeds import remove_feed
    from storyline.store import Store

    try:
        with Store(db) as store:
            removed = remove_feed(store, feed)
    except ConfigError as error:
        _fail(error)
    click.echo(f"removed feed {removed['id']}: {escaped(str(removed['url']))}")
