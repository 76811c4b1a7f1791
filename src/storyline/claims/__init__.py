"""The number ledger: the figures articles report (death tolls, hospital counts, tonnes
spilled), what each counts, who gives it and as of when, and the series they form across
a story's documents.

>>> claims = [c for doc in story.documents for c in find_claims(doc)]   # doctest: +SKIP
>>> for s in series(claims, story.documents): print(s.id, s.flags)      # doctest: +SKIP
"""

from storyline.claims.chart import series_svg
from storyline.claims.find import Claim, find_claims
from storyline.claims.numbers import parse_number
from storyline.claims.series import Series, series

__all__ = ["Claim", "Series", "find_claims", "parse_number", "series", "series_svg"]
