"""Who said what over time: each speaker's statements on one question, in the order they
were said, with the shifts and reiterations between them marked.

:func:`relate` compares two statements of one speaker (:class:`Said`) and says how the
later stands to the earlier (:class:`Relation`: "shift", "reiteration", "unrelated" or
"unsure", and why, in the words that changed); :func:`find_positions` groups a story's
quotes by speaker and question and marks them (:class:`~storyline.model.Position`).

The rules are lexical and syntactic (negation, modal verbs, opposites, the actor of a
shared act), read off one parse of each statement by the pinned spaCy pipeline; see
:mod:`storyline.positions.compare`. Unsure stays unmarked.
"""

from __future__ import annotations

from storyline.positions.compare import Relation, Said, relate
from storyline.positions.questions import find_positions, statements_of

__all__ = ["Relation", "Said", "find_positions", "relate", "statements_of"]
