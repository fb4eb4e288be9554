"""What a researcher types into the search box, read as terms and written as an FTS5 query.

    nato membership     both words, in any order, anywhere in what is searched
    "join nato"         the phrase: these words, in this order, next to each other
    memb*               any word that begins with ``memb``
    "nato memb*"        a phrase whose last word is a beginning

Nothing else is an operator: ``AND``, ``OR``, ``NOT``, ``NEAR``, parentheses, ``:``, ``^``, ``+``
and ``-`` are words or punctuation like any other, and control characters separate words. Each
term reaches FTS5 as a quoted string (a ``"`` inside doubled), so no input makes an FTS5 syntax
error; what cannot be searched for (a quote left open, a ``*`` with no word before it, no word
at all, too many terms) raises :class:`~stancegraph.core.errors.SearchInvalid` saying what and
at which character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from stancegraph.core.errors import SearchInvalid

#: Most terms (words and phrases) one search may have, and most characters.
MAX_TERMS: Final = 16
MAX_LENGTH: Final = 500
#: Control characters separate words, as the tokenizer reads them; FTS5 would end a string at NUL.
CONTROLS: Final = {code: " " for code in (*range(0x20), *range(0x7F, 0xA0))}


@dataclass(frozen=True)
class Term:
    """A word or a phrase, as typed, and whether it ends in ``*`` (matches word beginnings)."""

    words: str
    phrase: bool = False
    prefix: bool = False

    def fts5(self) -> str:
        """This term as an FTS5 string: quoted, so that nothing in it is an operator."""
        quoted = '"' + self.words.replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


def terms(q: str) -> list[Term]:
    """The terms of ``q``; raises SearchInvalid for what cannot be searched for."""
    if len(q) > MAX_LENGTH:
        raise SearchInvalid(f"q: {len(q)} characters; at most {MAX_LENGTH}")
    q = q.translate(CONTROLS)
    found: list[Term] = []
    at = 0
    while at < len(q):
        if q[at].isspace():
            at += 1
        elif q[at] == '"':
            at = _phrase(q, at, found)
        else:
            at = _word(q, at, found)
    found = [term for term in found if _has_word(term.words)]
    if not found and q.strip():
        raise SearchInvalid(f"q: {q.strip()!r} holds no word to search for (letters or digits)")
    if len(found) > MAX_TERMS:
        raise SearchInvalid(f"q: {len(found)} words and phrases; at most {MAX_TERMS}")
    return found


def fts5(found: list[Term]) -> str:
    """The FTS5 query that matches what has every term (FTS5's implicit AND)."""
    return " ".join(term.fts5() for term in found)


def _phrase(q: str, at: int, found: list[Term]) -> int:
    end = q.find('"', at + 1)
    if end < 0:
        raise SearchInvalid(
            f'q: the quote at character {at + 1} is not closed (a phrase is "between quotes")'
        )
    prefix = q.startswith("*", end + 1)
    found.append(Term(q[at + 1 : end], phrase=True, prefix=prefix))
    return end + 1 + prefix


def _word(q: str, at: int, found: list[Term]) -> int:
    end = at
    while end < len(q) and not q[end].isspace() and q[end] != '"':
        end += 1
    word = q[at:end]
    stem = word.rstrip("*")
    if stem != word and not _has_word(stem):
        raise SearchInvalid(
            f"q: the * at character {at + len(stem) + 1} follows no word "
            "(a * ends the beginning of a word: memb* finds member and membership)"
        )
    found.append(Term(stem, prefix=stem != word))
    return end


def _has_word(text: str) -> bool:
    """Whether ``text`` holds a letter or digit: what the tokenizer keeps of it."""
    return any(c.isalnum() for c in text)
