"""One-line reasons for inputs that cannot be used."""

from __future__ import annotations


class Unusable(Exception):
    """An input cannot be used; ``str(error)`` is the one-line reason for ``Rejected`` and
    ``code`` its reason code (see :data:`storyline.reasons.CODES`)."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.code = code


def human_size(n: int) -> str:
    """``1234567`` -> ``"1.2 MB"`` (decimal units, as ``--max-bytes`` counts)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def too_large(limit: int, size: int | None = None) -> str:
    """The reason for a document over ``limit`` bytes; ``size`` when it is known."""
    if size is None:
        return f"too large (more than the {human_size(limit)} limit; raise --max-bytes)"
    return f"too large ({human_size(size)} > {human_size(limit)} limit; raise --max-bytes)"


def os_reason(error: OSError) -> str:
    """``FileNotFoundError`` -> ``"no such file or directory"``, and so on."""
    return (error.strerror or str(error) or type(error).__name__).lower()


def os_code(error: OSError) -> str:
    """The reason code of an OS error: ``not-found`` for a missing file or folder, else ``unreadable``."""
    return "not-found" if isinstance(error, (FileNotFoundError, NotADirectoryError)) else "unreadable"


def short(error: object, width: int = 160) -> str:
    """An exception (or an exception's reason) as one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= width else text[: width - 1] + "…"
