"""The shell every page of the HTML report shares: the head with its Content-Security-Policy,
the inline style sheet, the footer."""

from __future__ import annotations

from importlib import resources

from storyline.model import SCHEMA
from storyline.render.html_links import esc

__all__ = ["CSP", "page"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"


def _css() -> str:
    css = resources.files("storyline.render").joinpath("timeline.css").read_text("utf-8")
    return css.replace("</", "<\\/")  # cannot end the <style> element early


def page(title: str, header: str, sections: list[str], css: str = "") -> str:
    """A whole self-contained page: ``title`` is already escaped, ``header`` and
    ``sections`` are HTML made of escaped parts; empty sections are left out. ``css``:
    rules of this page only (made of generated class names, no source text)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="storyline">',
        f"<title>{title}</title>",
        f"<style>\n{_css()}{css}</style>",
        "</head>",
        "<body>",
        header,
        '<main class="wrap">',
        *sections,
        "</main>",
        f'<footer class="wrap">Made by storyline · <code>{esc(SCHEMA)}</code></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
