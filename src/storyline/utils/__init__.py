"""Helpers shared by several stages, each written once.

* :mod:`storyline.utils.disjoint`: :class:`~storyline.utils.disjoint.DisjointSet`
  (union-find) for joining documents, quotes or names into groups;
* :mod:`storyline.utils.shingles`: lower-cased words and word n-grams (shingles);
* :mod:`storyline.utils.paragraphs`: the paragraphs of a text, as character spans;
* :mod:`storyline.utils.words`: word lists (speech and reporting verbs) and their forms.

Nothing here imports a stage: stages import these modules, never the other way round.
"""
