"""Hypothesis strategies for structured inputs, and a seeded way to draw from them.

Drawing: :func:`draw` runs a ``@given`` function under ``@seed(n)`` with no example
database, generate phase only and ``max_examples=BLOCK``; the function just collects
what Hypothesis generates. The same seed gives the same examples (checked in
tests/test_fuzz.py), and, unlike ``strategy.example()``, this is Hypothesis's real
generator: it favours boundary values (empty strings, lone surrogates, 0, huge
floats, deep nesting) early in each run. A case takes example ``seed % BLOCK`` of block
``seed // BLOCK % BLOCKS``; blocks are drawn once per worker process.
"""

from __future__ import annotations

import functools
import json
import os
import sys

from kinds import Made, article, kind, put

BLOCK = 32
BLOCKS = 64


@functools.lru_cache(maxsize=None)
def strategies() -> dict:
    from hypothesis import strategies as st

    text = st.text(st.characters(), max_size=300)  # no exclusions: surrogates, controls, NUL
    scalars = (st.none() | st.booleans() | st.integers() | st.floats() | text
               | st.integers(4290, 4400).map(lambda k: 10**k))
    json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                               | st.dictionaries(text, inner, max_size=4), max_leaves=12)
    body = st.one_of(text, text.map(lambda t: article_text() + t), json_values)
    record = st.fixed_dictionaries(
        {}, optional={"text": body, "html": body.map(lambda b: b if not isinstance(b, str) else f"<p>{b}</p>"),
                      "id": json_values, "url": json_values, "title": json_values, "outlet": json_values,
                      "author": json_values, "published": st.one_of(json_values, st.dates().map(str),
                                                                   st.datetimes().map(lambda d: d.isoformat()))})
    tags = st.sampled_from(["div", "p", "span", "table", "tr", "td", "ul", "li", "script", "style", "iframe",
                            "article", "main", "h1", "a", "br", "img", "noscript", "template", "svg", "time",
                            "pre", "textarea", "title", "meta", "body", "html", "head", "form", "select"])
    attrs = st.dictionaries(st.sampled_from(["class", "id", "href", "src", "onerror", "datetime", "content",
                                             "property", "style", "charset"]), text, max_size=3)

    def element(children):
        return st.tuples(tags, attrs, st.lists(children, max_size=5), st.booleans()).map(_render)

    html = st.recursive(text.map(_escape) | st.just(article_text().replace("\n\n", "<p>")), element,
                        max_leaves=30)
    names = st.one_of(st.binary(min_size=1, max_size=120),
                      text.map(lambda t: t.encode("utf-8", "surrogatepass") or b"x"))
    return {"jsonl": st.lists(record, min_size=1, max_size=6), "html": html, "name": names}


@functools.lru_cache(maxsize=1)
def article_text() -> str:
    import random

    return article(random.Random(0))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _render(node) -> str:
    tag, attrs, children, closed = node
    attr_text = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs.items())
    return f"<{tag}{attr_text}>" + "".join(children) + (f"</{tag}>" if closed else "")


@functools.lru_cache(maxsize=BLOCKS)
def block(name: str, number: int) -> tuple:
    """``BLOCK`` examples of strategy ``name``, seeded by ``number``."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    out = []

    @seed(number)
    @settings(max_examples=BLOCK, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(strategies()[name])
    def collect(value) -> None:
        out.append(value)

    collect()
    return tuple(out)


def draw(name: str, seed: int):
    """The example of strategy ``name`` that case seed ``seed`` stands for."""
    examples = block(name, seed // BLOCK % BLOCKS)
    return examples[seed % BLOCK % len(examples)]


def _line(record, ascii_only: bool = True) -> bytes:
    """``record`` as one JSON line; integers over 4,300 digits are written out too."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    finally:
        sys.set_int_max_str_digits(limit)


@kind("hyp_jsonl", "hypothesis", cost=1.0)
def hyp_jsonl(rng, folder, ctx):
    """Hypothesis: JSONL records of recursive JSON values, text fields from st.text() (surrogates too)."""
    records = draw("jsonl", rng.getrandbits(32))
    raw = rng.random() < 0.3  # not \\u-escaped: lone surrogates become invalid UTF-8
    lines = [_line(r, ascii_only=not raw) for r in records]
    return Made([put(folder, "hyp.jsonl", b"\n".join(lines) + b"\n")])


@kind("hyp_html", "hypothesis", cost=1.0)
def hyp_html(rng, folder, ctx):
    """Hypothesis: HTML trees of nested tags (script, table, svg...) with odd attributes and text."""
    tree = draw("html", rng.getrandbits(32))
    page = tree if rng.random() < 0.5 else f"<!doctype html><html><body>{tree}</body></html>"
    return Made([put(folder, "hyp.html", page)])


@kind("hyp_name", "hypothesis")
def hyp_name(rng, folder, ctx):
    """Hypothesis: file names from arbitrary bytes and text (with .txt half the time: then a document)."""
    name = draw("name", rng.getrandbits(32)).replace(b"/", b"_").replace(b"\0", b"_")[:240]
    if name in (b".", b".."):
        name += b"_"
    typed = rng.random() < 0.5
    if typed:
        name += b".txt"
    path = put(folder, name, article(rng))
    given = os.fsdecode(path) if ctx.mode == "lib" else path
    return Made([given], expect="doc" if typed else "any")
