"""Disjoint sets (union-find): items joined into groups, one root per group.

The caller says which root wins a union: ``union(keep, other)`` joins ``other``'s
group into ``keep``'s, and ``find(keep)``'s root stays the root. That matters where the
root means something (the original a copy is joined to); where it does not, any order
gives the same groups. Paths are halved on ``find``; an item never added is its own
group of one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["DisjointSet"]

T = TypeVar("T", bound=Hashable)


class DisjointSet(Generic[T]):
    """Items in groups; ``union(keep, other)`` keeps ``keep``'s root as the root."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def __len__(self) -> int:
        return len(self._parent)

    def add(self, item: T) -> None:
        """``item`` as a group of its own, unless it is already in one."""
        self._parent.setdefault(item, item)

    def find(self, item: T) -> T:
        """The root of ``item``'s group (``item`` itself when it was never added)."""
        parent = self._parent
        while (up := parent.get(item, item)) != item:
            parent[item] = above = parent[up]
            item = above
        return item

    def connected(self, a: T, b: T) -> bool:
        return self.find(a) == self.find(b)

    def union(self, keep: T, other: T) -> T:
        """Join the groups of ``keep`` and ``other``; ``find(keep)``'s root is the
        root of the joined group, and is returned."""
        root, joined = self.find(keep), self.find(other)
        if root != joined:
            self._parent.setdefault(root, root)
            self._parent[joined] = root
        return root

    def groups(self, items: Iterable[T] | None = None) -> list[list[T]]:
        """The groups of ``items`` (default: every item added, in the order added), each
        in the order of ``items``; groups in the order of their first item."""
        found: dict[T, list[T]] = {}
        for item in self._parent if items is None else items:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())
