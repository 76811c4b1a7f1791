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

__all__ = ["decode", "decoder", "encode", "field_hints", "model_shape"]

JSON = Union[None, bool, int, float, str, list["JSON"], dict[str, "JSON"]]


_SCALARS = (bool, int, float, str)


def encode(value: object) -> JSON:
    """A JSON-ready form of a model value."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value  # type: ignore[return-value]
    names = _field_names(kind)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if kind is list or kind is tuple:
        return [encode(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict:
        return {str(k): encode(v) for k, v in value.items()}  # type: ignore[attr-defined]
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, _SCALARS):
        return value
    raise TypeError(f"cannot encode a {kind.__name__}")


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


@functools.cache
def field_hints(cls: type) -> dict[str, object]:
    """The resolved type hints of a dataclass's fields."""
    return typing.get_type_hints(cls)


def decode(hint: object, data: JSON) -> object:
    """The value of type ``hint`` that :func:`encode` gave ``data`` for."""
    return decoder(hint)(data)


_Decoder = typing.Callable[[JSON], object]


def _same(data: JSON) -> object:
    return data


@functools.cache
def decoder(hint: object) -> _Decoder:
    """The function that decodes what :func:`encode` gave for a value of type ``hint``, made
    once per hint (the hint is read here, not at every value)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return _union_decoder(hint)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = decoder(args[0])
            return tuple if item is _same else lambda data: tuple(map(item, data))  # type: ignore[arg-type]
        items = tuple(decoder(a) for a in args)
        return lambda data: tuple(d(v) for d, v in zip(items, data))  # type: ignore[arg-type]
    if origin is list:
        (arg,) = typing.get_args(hint)
        item = decoder(arg)
        return list if item is _same else lambda data: list(map(item, data))  # type: ignore[arg-type]
    if origin is dict:
        _, value_hint = typing.get_args(hint)
        value = decoder(value_hint)
        return dict if value is _same else lambda data: {k: value(v) for k, v in data.items()}  # type: ignore[union-attr]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if hint in (str, int, float, bool, object) or hint is typing.Any:
        return _same
    raise TypeError(f"cannot decode {hint}")


def _union_decoder(hint: object) -> _Decoder:
    options = typing.get_args(hint)
    optional = type(None) in options
    concrete = [o for o in options if o is not type(None)]
    if len(concrete) == 1:
        inner = decoder(concrete[0])
        if not optional:
            return inner
        return inner if inner is _same else lambda data: None if data is None else inner(data)
    scalars = tuple(o for o in concrete if isinstance(o, type))

    def pick(data: JSON) -> object:  # scalars: the first option the value is an instance of
        if data is None and optional:
            return None
        for option in scalars:
            if isinstance(data, option):
                return data
        raise TypeError(f"cannot decode {data!r} as {hint}")

    return pick


def _dataclass_decoder(cls: type) -> _Decoder:
    hints = field_hints(cls)
    fields: dict[str, _Decoder | None] = {}

    def decode_fields(data: JSON) -> object:
        if not fields:  # filled at the first value: a model class may refer to itself
            fields.update((name, None if (d := decoder(h)) is _same else d) for name, h in hints.items())
        return cls(**{name: value if (d := fields[name]) is None else d(value)
                      for name, value in data.items()})  # type: ignore[union-attr]

    return decode_fields


@functools.cache
def model_shape() -> str:
    """A digest of every model dataclass's field names and types: part of each cache key, so
    that a stored value is never decoded into a model that has changed shape."""
    import hashlib

    from storyline import model

    classes = sorted((name, obj) for name, obj in vars(model).items() if isinstance(obj, type) and dataclasses.is_dataclass(obj))
    shape = [(name, [(f, repr(hint)) for f, hint in field_hints(cls).items()]) for name, cls in classes]
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:12]
