"""Offset ranges of a document (tables, sections) looked up by binary search: each lookup is
O(log n), so a check per line or per value stays linear in the document (a scan of every range per
line made a 12 MB filing quadratic)."""
from __future__ import annotations

import bisect
from typing import Iterable


class Regions:
    """Sorted, merged (where they overlap) offset ranges ``[start, end)``, built once."""

    def __init__(self, regions: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(regions):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def _at(self, p: int) -> int:
        return bisect.bisect_right(self._starts, p) - 1

    def holds(self, p: int) -> bool:
        """Whether offset ``p`` lies in one of the ranges."""
        i = self._at(p)
        return i >= 0 and p < self._ends[i]

    def holds_any(self, points: Iterable[int]) -> bool:
        """Whether any of ``points`` lies in one of the ranges."""
        return any(self.holds(p) for p in points)

    def covers(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` lies inside one range."""
        i = self._at(a)
        return i >= 0 and b <= self._ends[i]

    def overlaps(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` shares an offset with one of the ranges."""
        i = self._at(b - 1) if b > a else -1
        return i >= 0 and self._ends[i] > a
