"""``storyline stages``: the registered stages, in the order a build runs them."""

from __future__ import annotations

import json

import click

__all__ = ["stages"]

COLUMNS = ("stage", "scope", "requires", "assigns", "config", "version")


@click.command("stages")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per stage instead of a table.")
def stages(as_json: bool) -> None:
    """List the stages a build runs: name, scope, what each requires and assigns, its
    settings and version."""
    from storyline.registry import describe

    rows = describe()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['stage']:<16} {row['scope']:<27} {row['config']:<15} {row['version']}")
        click.echo(f"  {row['does']}")
        click.echo(f"  requires: {row['requires']}")
        click.echo(f"  assigns:  {row['assigns']}")
