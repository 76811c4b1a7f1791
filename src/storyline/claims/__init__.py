"""The number ledger: the figures articles report (death tolls, hospital counts, tonnes
spilled), what each counts, who gives it and as of when, and the series they form across
a story's documents.

>>> claims, ledger = number_ledger(story.documents, story.entities)   # doctest: +SKIP
>>> for s in ledger: print(s.id, s.title, s.flags)                      # doctest: +SKIP
"""

from storyline.claims.chart import series_svg
from storyline.claims.find import Claim, find_claims
from storyline.claims.ledger import number_ledger
from storyline.claims.numbers import parse_number
from storyline.claims.series import Series, series

__all__ = ["Claim", "Series", "find_claims", "number_ledger", "parse_number", "series", "series_svg"]
