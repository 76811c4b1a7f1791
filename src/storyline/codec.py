"""Model values to JSON and back, by their type hints: what the store's cache keeps of a
stage's result (a document's ``sentences``, ``timexes``, ``attributions`` ...).

``encode`` turns dataclasses into dicts and tuples into lists; ``decode(hint, data)``
rebuilds the value the hint names (``tuple[Sentence, ...]``, ``DateBounds | None``,
``dict[str, int]``). Only the types the model uses are handled: an unknown hint raises
TypeError, never guesses.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Union

__all__ = ["decode", "encode", "field_hints", "model_shape"]

JSON = Union[None, bool, int, float, str, list["JSON"], dict[str, "JSON"]]


def encode(value: object) -> JSON:
    """A JSON-ready form of a model value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot encode a {type(value).__name__}")


@functools.cache
def field_hints(cls: type) -> dict[str, object]:
    """The resolved type hints of a dataclass's fields."""
    return typing.get_type_hints(cls)


def decode(hint: object, data: JSON) -> object:
    """The value of type ``hint`` that :func:`encode` gave ``data`` for."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        concrete = [o for o in options if o is not type(None)]
        if len(concrete) == 1:
            return decode(concrete[0], data)
        for option in concrete:  # scalars: the first option the value is an instance of
            if isinstance(option, type) and isinstance(data, option):
                return data
        raise TypeError(f"cannot decode {data!r} as {hint}")
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        return tuple(decode(a, item) for a, item in zip(args, data))
    if origin is list:
        (arg,) = typing.get_args(hint)
        return [decode(arg, item) for item in data]
    if origin is dict:
        _, value_hint = typing.get_args(hint)
        return {k: decode(value_hint, v) for k, v in data.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = field_hints(hint)
        return hint(**{name: decode(hints[name], value) for name, value in data.items()})
    if hint in (str, int, float, bool, object) or hint is typing.Any:
        return data
    raise TypeError(f"cannot decode {hint}")


@functools.cache
def model_shape() -> str:
    """A digest of every model dataclass's field names and types: part of each cache key, so
    that a stored value is never decoded into a model that has changed shape."""
    import hashlib

    from storyline import model

    classes = sorted((name, obj) for name, obj in vars(model).items() if isinstance(obj, type) and dataclasses.is_dataclass(obj))
    shape = [(name, [(f, repr(hint)) for f, hint in field_hints(cls).items()]) for name, cls in classes]
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:12]
