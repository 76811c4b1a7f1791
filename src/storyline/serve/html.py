"""The HTML side: the Jinja2 environment (autoescape on for every template, control
characters replaced in every value shown, as the static report does) and the style sheet
(the static report's ``timeline.css``, inlined, plus a few rules of the server's pages)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.responses import HTMLResponse

from storyline.render._common import granularity, human_date, one_line, plural, strip_controls, web_url

__all__ = ["environment", "render_page"]

SERVE_CSS = """
.search{display:flex;gap:.4rem;margin:.6rem 0}.search input[type=search]{flex:1;min-width:10rem;padding:.3rem}
.story-list{list-style:none;padding:0}.story-list>li{margin:0 0 1rem;padding:.6rem .8rem;border:1px solid #ddd;border-radius:6px}
.story-list h2{margin:.1rem 0;font-size:1.15rem}.news{margin:.3rem 0 0 1rem;padding:0}.news li{margin:.1rem 0}
.news-kind{font-size:.8em;text-transform:uppercase;letter-spacing:.03em;color:#555;margin-right:.4rem}
.admin form{margin:.6rem 0;display:flex;gap:.4rem;flex-wrap:wrap;align-items:center}
.notice{padding:.4rem .7rem;border-left:4px solid #888;background:#f4f4f4}
.doc-text{white-space:pre-wrap}
.statements li{margin:.3rem 0}.mark{margin:.2rem 0 0 1rem;padding:.1rem .5rem;border-left:3px solid #888}
.mark.shift{border-left-color:#c25e00}.mark.reiteration{border-left-color:#2a7f4f}.sides>li{margin:.3rem 0}
"""


def _finalize(value: object) -> object:
    """Every value a template prints: control characters replaced (then autoescaped)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return strip_controls(value)


def _path(value: str) -> str:
    return quote(value, safe="")


@lru_cache(maxsize=1)
def _css() -> Markup:
    css = resources.files("storyline.render").joinpath("timeline.css").read_text("utf-8") + SERVE_CSS
    return Markup(css.replace("</", "<\\/"))  # noqa: S704 - our own style sheet, never a source's text


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("storyline.serve", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(human_date=human_date, one_line=one_line, plural=plural, path=_path, web_url=web_url,
                       granularity=granularity)
    env.globals["css"] = _css()
    return env


def render_page(name: str, status_code: int = 200, **context: object) -> HTMLResponse:
    """The template ``name`` rendered with ``context``."""
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status_code)
