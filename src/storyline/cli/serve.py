"""``storyline serve --db STORE``: the web app over a store (:mod:`storyline.serve`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from storyline.cli.query import STORE, STORE_HELP
from storyline.errors import ConfigError
from storyline.reasons import one_line, quoted

EXIT_USAGE = 2
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)?")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
MIN_EVERY = 1.0  # seconds


def parse_every(text: str) -> float:
    """``"30m"`` -> 1800.0 seconds (s, m, h, d; a bare number is seconds)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise ConfigError(f"--update-every {quoted(text)} is not a duration such as 90s, 30m, 6h or 1d")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds < MIN_EVERY:
        raise ConfigError(f"--update-every {quoted(text)} is shorter than {MIN_EVERY:g} second")
    return seconds


def read_token(token: str | None, token_file: Path | None) -> str | None:
    """The token from --token-file (its first line) or --token / STORYLINE_TOKEN; None: read-only."""
    if token_file is not None:
        try:
            lines = token_file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"cannot read the token file {quoted(str(token_file))}: "
                              f"{getattr(error, 'strerror', None) or error}") from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise ConfigError(f"the token file {quoted(str(token_file))} is empty")
    return token.strip() if token and token.strip() else None


def fetch_settings(allow_hosts: tuple[str, ...], timeout: float, delay: float, max_bytes: int = 20_000_000,
                   max_items: int = 100):
    """The :class:`storyline.feeds.FeedsConfig` the server's updates fetch with (ConfigError
    for a host that is not a host name or an IP address)."""
    from storyline.feeds import FeedsConfig

    return FeedsConfig(allow_hosts=tuple(allow_hosts), timeout=timeout, per_host_delay=delay, max_bytes=max_bytes,
                       max_items=max_items)


def check_store(db: Path | str) -> None:
    """Refuse a missing store or a file that is not a storyline store (ConfigError); migrate an
    older one, as ``storyline query`` does."""
    from storyline.store import Store, is_url, upgrade

    if not is_url(db) and not Path(db).is_file():
        raise ConfigError(f"no store at {quoted(str(db))} (make one with `storyline build ... --db {db}`)")
    upgrade(db)
    Store(db, readonly=True).close()


@click.command("serve")
@click.option("--db", "db", required=True, type=STORE,
              help=f"The store to serve (a build's or an update's --db): {STORE_HELP}.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--token", default=None, envvar="STORYLINE_TOKEN", metavar="TEXT",
              help="Enables adding feeds and running updates for requests that carry it (also: STORYLINE_TOKEN).")
@click.option("--token-file", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Read the token from the first line of FILE (better than --token: not in the process list).")
@click.option("--update-every", default=None, metavar="DURATION",
              help="Run `storyline update` on the store every DURATION (90s, 30m, 6h, 1d), one at a time.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="A host updates may fetch from even at a private or loopback address (repeatable).")
@click.option("--fetch-timeout", default=20.0, show_default=True, type=click.FloatRange(0, 3600, min_open=True),
              metavar="SECONDS", help="Seconds one download of an update may take.")
@click.option("--fetch-delay", default=1.0, show_default=True, type=click.FloatRange(0, 3600), metavar="SECONDS",
              help="The least seconds between two requests of an update to one host.")
@click.option("--max-bytes", default=20_000_000, show_default=True, type=click.IntRange(1), metavar="N",
              help="The largest article or feed an update accepts, in bytes.")
@click.option("--max-items", default=100, show_default=True, type=click.IntRange(1), metavar="N",
              help="New articles an update takes from one feed (the rest wait for the next).")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(0, 1 << 20), metavar="MB",
              help="Memory for rendered pages, kept until the store changes (0: render every request).")
def serve(db: Path | str, host: str, port: int, token: str | None, token_file: Path | None, update_every: str | None,
          allow_hosts: tuple[str, ...], fetch_timeout: float, fetch_delay: float, max_bytes: int,
          max_items: int, cache_mb: int) -> None:
    """Serve the store's stories, timelines, quotes, figures, entities, documents and search
    as web pages and a JSON API (its description: /openapi.json).

    \b
    Read-only unless started with a token: then POST /api/feeds, DELETE /api/feeds/ID and
    POST /api/update (header "Authorization: Bearer TOKEN") and the /admin page's forms work.

    \b
    Examples:
      storyline serve --db out/storyline.sqlite
      storyline serve --db news.sqlite --token-file ~/.storyline-token --update-every 30m
      storyline serve --db local.sqlite --token-file t --allow-host 127.0.0.1 --fetch-timeout 5
    """
    try:
        every = parse_every(update_every) if update_every is not None else None
        secret = read_token(token, token_file)
        feeds = fetch_settings(allow_hosts, fetch_timeout, fetch_delay, max_bytes, max_items)
        check_store(db)
    except ConfigError as error:
        click.echo(f"storyline: {one_line(str(error))}", err=True)
        sys.exit(EXIT_USAGE)
    import uvicorn

    from storyline.serve import create_app

    from storyline.store import redacted

    mode = "changes allowed with the token" if secret else "read-only"
    click.echo(f"storyline: serving {redacted(db)} at http://{host}:{port}/ ({mode}"
               + (f", an update every {every:g} s" if every else "") + ")", err=True)
    uvicorn.run(create_app(db, token=secret, update_every=every, feeds=feeds, cache_bytes=cache_mb << 20),
                host=host, port=port,
                log_level="warning", server_header=False)
