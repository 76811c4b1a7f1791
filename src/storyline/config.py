"""Checking a stage's settings against what its config class declares.

A stage's settings are a frozen dataclass. A field's annotation says what it takes:
``int``, ``float``, ``bool``, ``str``, ``X | None``, ``tuple[str, ...]``, ``tuple[str, str]``,
``Literal[...]`` or another config dataclass. Its metadata may add:

- ``"range": (low, high)``: ``low <= value <= high``; either bound may be None (no bound);
- ``"above": low``: ``value > low`` (a strict lower bound: a share that must not be 0);
- ``"choices": (...)``: the value is one of these;
- ``"execution": True``: the field changes only how fast a stage runs, not what it finds.

``bool`` is not an ``int`` here (``max_dates=True`` is a mistake), an ``int`` is accepted
for a ``float``, and a ``float`` must be finite. A wrong value raises
:class:`~storyline.errors.ConfigError` naming the option, what it must be and what it was:
``max_dates must be an int >= 1 or None, not '10' (str)``.

>>> from dataclasses import dataclass, field
>>> @dataclass(frozen=True)
... class Demo:
...     share: float = field(default=0.5, metadata={"above": 0, "range": (None, 1)})
>>> check_config(Demo(share=2))
Traceback (most recent call last):
storyline.errors.ConfigError: share must be a number in (0, 1], not 2 (int)
"""

from __future__ import annotations

import dataclasses
import math
import reprlib
import types
import typing
from collections.abc import Mapping
from functools import lru_cache

from storyline.errors import ConfigError

__all__ = ["check_config", "check_options", "execution_fields"]

_UNIONS = (typing.Union, types.UnionType)
_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother = 60, 60


def check_config(config: object, *, prefix: str = "") -> None:
    """Raise ConfigError when a field of the dataclass instance ``config`` has the wrong type
    or is out of its declared range; nested config dataclasses are checked too (their
    options named ``stage.option``)."""
    if not dataclasses.is_dataclass(config) or isinstance(config, type):
        raise TypeError(f"check_config needs a dataclass instance, not {config!r}")
    check_options(type(config), {f.name: getattr(config, f.name) for f in dataclasses.fields(config)},
                  prefix=prefix)


def check_options(config_type: type, values: Mapping[str, object], *, prefix: str = "") -> None:
    """Check ``values`` meant for fields of the dataclass ``config_type`` before it is made
    (so that a wrong type is told as such, not as whatever the class's own checks trip on)."""
    fields = _fields(config_type)
    for name, value in values.items():
        if name not in fields:
            raise ConfigError(f"{prefix}{name} is not a {config_type.__name__} option")
        hint, metadata = fields[name]
        if not _fits(hint, value, metadata):
            raise ConfigError(f"{prefix}{name} must be {_describe(hint, metadata)}, not {_shown(value)}")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            check_config(value, prefix=f"{prefix}{name}.")


def execution_fields(config_type: type) -> frozenset[str]:
    """The fields of ``config_type`` marked ``{"execution": True}``: they change how fast a
    stage runs, not its results, so a cache key leaves them out."""
    return frozenset(f.name for f in dataclasses.fields(config_type) if f.metadata.get("execution"))


@lru_cache(maxsize=None)
def _fields(config_type: type) -> dict[str, tuple[object, Mapping[str, object]]]:
    hints = typing.get_type_hints(config_type)
    return {f.name: (hints[f.name], f.metadata) for f in dataclasses.fields(config_type)}


def _shown(value: object) -> str:
    return f"{_REPR.repr(value)} ({type(value).__name__})"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fits(hint: object, value: object, metadata: Mapping[str, object]) -> bool:
    """Whether ``value`` is of type ``hint`` (and, for a number or string, within ``metadata``)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in _UNIONS:
        return any(_fits(arg, value, metadata) for arg in args)
    if hint is None or hint is type(None):
        return value is None
    if origin is typing.Literal:
        return any(value == choice and type(value) is type(choice) for choice in args)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return _is_number(value) and isinstance(value, int) and _allowed(value, metadata)
    if hint is float:
        return _is_number(value) and math.isfinite(value) and _allowed(value, metadata)  # type: ignore[arg-type]
    if hint is str:
        return isinstance(value, str) and _allowed(value, metadata)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_fits(args[0], item, {}) for item in value)
        return len(value) == len(args) and all(_fits(a, item, {}) for a, item in zip(args, value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return isinstance(value, hint)
    if hint is object or hint is typing.Any:
        return True
    raise TypeError(f"cannot check a config field of type {hint!r}")


def _allowed(value: object, metadata: Mapping[str, object]) -> bool:
    choices = metadata.get("choices")
    if choices is not None and value not in choices:  # type: ignore[operator]
        return False
    low, high = metadata.get("range") or (None, None)  # type: ignore[misc]
    above = metadata.get("above")
    return ((low is None or value >= low) and (high is None or value <= high)  # type: ignore[operator]
            and (above is None or value > above))  # type: ignore[operator]


def _describe(hint: object, metadata: Mapping[str, object]) -> str:
    """What a value of type ``hint`` within ``metadata`` is, for a message:
    ``an int >= 1 or None``, ``a number in (0, 1]``, ``a tuple of strings``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in _UNIONS:
        kinds = sorted(args, key=lambda arg: arg is type(None))  # None last
        return " or ".join(_describe(arg, metadata) for arg in kinds)
    if hint is None or hint is type(None):
        return "None"
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(choice) for choice in args)
    if metadata.get("choices") is not None and hint in (int, float, str):
        return "one of " + ", ".join(repr(choice) for choice in metadata["choices"])  # type: ignore[attr-defined]
    if hint is bool:
        return "True or False"
    if hint in (int, float):
        return ("an int" if hint is int else "a number") + _bounds(metadata)
    if hint is str:
        return "a string"
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a tuple of {_plural(args[0])}"
        if len(set(args)) == 1:
            return f"a tuple of {len(args)} {_plural(args[0])}"
        return "a tuple (" + ", ".join(_describe(arg, {}) for arg in args) + ")"
    return f"a {getattr(hint, '__name__', hint)}"


def _plural(hint: object) -> str:
    names = {str: "strings", int: "ints", float: "numbers", bool: "bools"}
    return names.get(hint, f"{_describe(hint, {})} values")  # type: ignore[call-overload]


def _bounds(metadata: Mapping[str, object]) -> str:
    low, high = metadata.get("range") or (None, None)  # type: ignore[misc]
    strict = metadata.get("above") is not None
    if strict:
        low = metadata["above"]
    if low is not None and high is not None:
        return f" in {'(' if strict else '['}{low}, {high}]"
    if low is not None:
        return f" {'>' if strict else '>='} {low}"
    return f" <= {high}" if high is not None else ""
