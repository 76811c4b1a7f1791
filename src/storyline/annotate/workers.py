"""Worker processes that die with the process that started them: the annotate stage's pool
(:func:`storyline.executors.local.start_pool`)."""

from __future__ import annotations

from storyline.executors.local import start_pool
from storyline.utils.process import die_with_parent

__all__ = ["die_with_parent", "start_pool"]
