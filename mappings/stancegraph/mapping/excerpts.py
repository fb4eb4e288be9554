"""Finding a statement's exact words in its article, so that offsets are never typed by hand.

Offsets are Unicode code points (Python ``str`` indices), end exclusive.
"""

from __future__ import annotations

from difflib import SequenceMatcher

CONTEXT = 32


class ExcerptError(ValueError):
    """The excerpt is missing from the article or cannot be told apart from a repeat."""


def occurrences(text: str, excerpt: str) -> list[int]:
    """Every start offset of ``excerpt`` in ``text`` (overlapping ones too)."""
    found, start = [], text.find(excerpt)
    while start != -1:
        found.append(start)
        start = text.find(excerpt, start + 1)
    return found


def nearest(text: str, excerpt: str) -> str:
    """The passage of ``text`` most like ``excerpt``, for 'did you mean' messages."""
    matcher = SequenceMatcher(None, text, excerpt, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(excerpt))
    begin = max(0, match.a - match.b)
    return text[begin : begin + len(excerpt)]


def _first_difference(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def locate(text: str, excerpt: str, occurrence: int | None = None, after: str | None = None) -> int:
    """The start offset of ``excerpt`` in ``text``.

    A repeated excerpt needs ``occurrence`` (1-based) or ``after`` (the text standing right
    before the wanted occurrence); otherwise :class:`ExcerptError` says how to disambiguate.
    """
    starts = occurrences(text, excerpt)
    if not starts:
        near = nearest(text, excerpt)
        at = _first_difference(near, excerpt)
        raise ExcerptError(
            f"text not found in the article; nearest passage is {near!r} "
            f"(first difference at character {at + 1}: article has {near[at : at + 12]!r}, "
            f"mapping has {excerpt[at : at + 12]!r})"
        )
    if after is not None:
        starts = [s for s in starts if text[:s].endswith(after)]
        if len(starts) != 1:
            raise ExcerptError(
                f"text preceded by {after!r} occurs {len(starts)} times, expected once"
            )
    if occurrence is not None:
        if occurrence > len(starts):
            raise ExcerptError(
                f"occurrence {occurrence} asked, but the text occurs {len(starts)} times"
            )
        return starts[occurrence - 1]
    if len(starts) > 1:
        raise ExcerptError(
            f"text occurs {len(starts)} times (at offsets {', '.join(map(str, starts))}); "
            "add 'occurrence: N' or 'after: <preceding text>'"
        )
    return starts[0]


def context(text: str, begin: int, end: int) -> tuple[str, str]:
    """Up to :data:`CONTEXT` characters before and after a span."""
    return text[max(0, begin - CONTEXT) : begin], text[end : end + CONTEXT]
