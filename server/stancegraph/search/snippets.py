"""Snippets of statements as parts, each either plain text or a match, never as markup.

FTS5 marks the matches of a snippet with :data:`~stancegraph.search.documents.MARKS`, characters
the index never holds otherwise; here they become ``(text, matched)`` parts, which a page escapes
part by part. So the words of a statement reach a page as text, whatever characters they hold.
"""

from __future__ import annotations

from typing import Final

from stancegraph.search.documents import MARKS

Parts = tuple[tuple[str, bool], ...]
#: Words shown of a statement found without words to search for (by filters alone).
OPENING_WORDS: Final = 40
ELLIPSIS: Final = "…"


def parts(marked: str) -> Parts:
    """The parts of a text whose matches are between the two marks."""
    start, stop = MARKS
    found: list[tuple[str, bool]] = []
    head, *rest = marked.split(start)
    found.append((head, False))
    for piece in rest:
        match, _, after = piece.partition(stop)
        found += [(match, True), (after, False)]
    return tuple((text, matched) for text, matched in found if text)


def opening(text: str, words: int = OPENING_WORDS) -> Parts:
    """The first ``words`` words of a text, cut at a space."""
    split = text.split(maxsplit=words)
    if len(split) <= words:
        return ((text, False),)
    return ((" ".join(split[:words]) + ELLIPSIS, False),)


def plain(found: Parts) -> str:
    """The text of the parts, marks left out."""
    return "".join(text for text, _ in found)
