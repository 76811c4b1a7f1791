"""``timeline.json``: the contract of :mod:`storyline.render.contract` as indented UTF-8
JSON (docs/timeline-json.md).

The text is exactly ``json.dumps(value, ensure_ascii=False, indent=2)``'s, written by
:func:`dumps`: the standard library's indented encoder is its pure-Python one, whose
generators cost a frame per level for every token (a Timeline17 build spent 35 s in it); this
writer appends each token once and quotes strings with the same C function.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from storyline.model import Pile, Story
from storyline.render.contract import timeline_dict

try:
    from _json import encode_basestring as _quote  # what json.dumps(ensure_ascii=False) uses
except ImportError:  # pragma: no cover - a Python without the C accelerator
    from json.encoder import py_encode_basestring as _quote

__all__ = ["dumps", "render_json"]

_INFINITY = float("inf")


def render_json(story: Story | Pile) -> str:
    return dumps(timeline_dict(story)) + "\n"


def dumps(value: object, indent: int = 2) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent)``, byte for byte (the same
    TypeError for a value JSON cannot hold; no check for circular references)."""
    out: list[str] = []
    _write(value, "\n", " " * indent, out.append)
    return "".join(out)


def _scalar(value: object) -> str | None:
    """The JSON of a scalar, None for a container."""
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    return None


def _key(key: object) -> str:
    if isinstance(key, str):
        return _quote(key)
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _quote(text)


def _write(value: object, newline: str, step: str, put: Callable[[str], None]) -> None:
    text = _scalar(value)
    if text is not None:
        put(text)
        return
    if isinstance(value, dict):
        if not value:
            put("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            name = _quote(key) if type(key) is str else _key(key)
            kind = type(item)
            if kind is str:  # the common cases inline: a call less per token
                put(f"{separator}{name}: {_quote(item)}")
            elif kind is int:
                put(f"{separator}{name}: {int.__repr__(item)}")
            else:
                put(f"{separator}{name}: ")
                _write(item, inner, step, put)
            separator = "," + inner
        put(newline + "}")
        return
    if isinstance(value, (list, tuple)):
        if not value:
            put("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            kind = type(item)
            if kind is str:
                put(separator + _quote(item))
            elif kind is int:
                put(separator + int.__repr__(item))
            else:
                put(separator)
                _write(item, inner, step, put)
            separator = "," + inner
        put(newline + "]")
        return
    json.dumps(value)  # raises the standard library's TypeError for this object
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
