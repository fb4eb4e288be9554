"""Cutting an article's text into paragraphs of segments, so nested and overlapping spans render.

Statements nest (a quote holds a reported statement) and may overlap, which HTML elements cannot
express directly. The text is therefore cut at every span boundary: each segment is covered by
the same set of spans from end to end, and knows which spans start at it (where anchors go).
Blank lines end paragraphs; they are not part of any segment. Offsets are code points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same spans.

    ``covering`` lists the indices of those spans from outermost to innermost (longest first);
    ``starting`` the indices of spans that begin here, in the same order.
    """

    text: str
    begin: int
    covering: tuple[int, ...]
    starting: tuple[int, ...]

    @property
    def innermost(self) -> int | None:
        return self.covering[-1] if self.covering else None


def _nesting_order(spans: Sequence[tuple[int, int]], indices: list[int]) -> tuple[int, ...]:
    """Outermost first: longer spans first, then earlier starts, then input order."""
    return tuple(sorted(indices, key=lambda i: (spans[i][0] - spans[i][1], spans[i][0], i)))


def _cuts(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
    """Every offset a segment must start or end at, and the paragraph breaks to leave out."""
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    cuts = {0, len(text)}
    for begin, end in (*spans, *breaks):
        if not 0 <= begin <= end <= len(text):
            raise ValueError(
                f"span ({begin}, {end}) lies outside the text of {len(text)} characters"
            )
        cuts.update((begin, end))
    return sorted(cuts), breaks


def paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[list[Segment]]:
    """The text as paragraphs of segments, cut at every boundary of ``spans`` (begin, end)."""
    cuts, breaks = _cuts(text, spans)
    result: list[list[Segment]] = [[]]
    started: set[int] = set()
    for begin, end in pairwise(cuts):
        if any(b <= begin and end <= e for b, e in breaks):
            if result[-1]:
                result.append([])
            continue
        covering = [i for i, (b, e) in enumerate(spans) if b <= begin and end <= e]
        starting = [i for i in covering if i not in started]
        started.update(starting)
        order = _nesting_order(spans, covering)
        result[-1].append(
            Segment(text[begin:end], begin, order, tuple(i for i in order if i in starting))
        )
    return [paragraph for paragraph in result if paragraph]
