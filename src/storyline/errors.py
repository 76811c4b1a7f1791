"""The two kinds of failure storyline tells apart.

:class:`ConfigError` is the user's mistake in what they asked for (an option's value, the
inputs' shape, a store that cannot be opened): the CLI shows it as a usage error (exit 2).
Anything else that escapes a run is storyline's own failure, reported as an internal error
(exit 1). A bad *input* is neither: it becomes a :class:`~storyline.model.Rejected` and the
run goes on.
"""

from __future__ import annotations

__all__ = ["ConfigError", "UnknownInput"]


class ConfigError(ValueError):
    """A mistake in the options, arguments or paths a user gave (a ``ValueError``, so code
    that caught ``ValueError`` from ``storyline.build`` keeps working)."""


class UnknownInput(ConfigError):
    """A ``published`` key that names no input, known only once the inputs are read (the
    CLI tells it in one line, without the usage text)."""
