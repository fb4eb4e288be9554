"""The words shown around a statement: whole words, and only from its own paragraph.

A statement's Web Annotation selector keeps a fixed number of characters before and after it
(``oa:prefix``, ``oa:suffix``), as the standard wants, so they may begin or end inside a word and
reach across a paragraph break ("…ovo Online.", "Edited by: Milos Garic The …"). A page shows them
cut back to whole words and to the statement's paragraph, with "…" where the paragraph goes on;
the data keeps them as they are.
"""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s")


def lead_in(prefix: str) -> str:
    """The words of ``prefix`` before a statement, within its paragraph."""
    parts = _PARAGRAPH_BREAK.split(prefix)
    text = parts[-1]
    if len(parts) == 1:  # mid-paragraph: the first word may be cut
        first_space = _SPACE.search(text)
        text = text[first_space.start() :] if first_space else ""
    words = " ".join(text.split())
    if not words:
        return ""
    joined = words + (" " if text[-1].isspace() else "")
    return joined if len(parts) > 1 else "…" + joined


def lead_out(suffix: str) -> str:
    """The words of ``suffix`` after a statement, within its paragraph."""
    parts = _PARAGRAPH_BREAK.split(suffix)
    text = parts[0]
    if len(parts) == 1:  # mid-paragraph: the last word may be cut
        last_space = max((m.start() for m in _SPACE.finditer(text)), default=-1)
        text = text[:last_space] if last_space >= 0 else ""
    words = " ".join(text.split())
    if not words:
        return ""
    joined = (" " if text[0].isspace() else "") + words
    return joined if len(parts) > 1 else joined + "…"
