"""A SPARQL query as tokens, read each way a query engine may read it.

:mod:`stancegraph.sparql.query_guard` must find every keyword an engine would act on, and engines
read two things differently:

* **Code point escapes.** SPARQL 1.1 (section 19.2) replaces ``\\uXXXX`` and ``\\UXXXXXXXX``
  throughout the query before parsing it; Oxigraph replaces them inside strings and IRIs only.
  ``BIND("a\\u0022" AS ?x) SERVICE <…> {…} BIND("b" AS ?y)`` is a string, a ``SERVICE`` and a
  string to Oxigraph, but to the standard the ``SERVICE`` is inside a string.
* **``<`` after an operand.** A lexer that takes the longest token reads ``?a<2&&'>'`` as the IRI
  ``<2&&'>`` and a quote; a parser that knows it is in an expression (Oxigraph's) reads "less
  than", ``2``, ``&&`` and the string ``'>'``, and a quote further on opens no string.

:func:`readings` gives the tokens of each combination, Oxigraph's first; a query is only as safe
as the least safe of its readings. Oxigraph matches keywords case-insensitively and without
looking for the end of a word (``SERVICESILENT`` is ``SERVICE SILENT`` to it), so a keyword may be
found inside a word token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_VARNAME = _PN_CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VARNAME + "-"
_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"

#: One token per match; group names say what it is. Order matters: IRIs before punctuation,
#: long strings before short ones, prefixed names before bare words (``service:x`` is a name).
_TOKEN: Final = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][{_VARNAME}]+)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.?[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
  | (?P<pname>(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:
               (?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punctuation><<\(|\)>>|[{{}}()\[\],;*=!|&/\\^+\-<>~])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
#: Kinds of token that say nothing to the checks.
_SILENT: Final = frozenset({"space", "comment", "punctuation"})
#: Kinds of token that end an operand: a ``<`` after one, in an expression, is "less than".
_OPERANDS: Final = frozenset({"var", "string", "number", "iri", "pname", "lang", "bnode"})


@dataclass(frozen=True)
class Token:
    """One token: its kind (the name of the group of :data:`_TOKEN` it matched) and its text."""

    kind: str
    text: str


@dataclass(frozen=True)
class Reading:
    """The tokens of a query read one way; ``how`` says which, in words ("" for Oxigraph's)."""

    how: str
    tokens: list[Token]


_CODEPOINT_ESCAPE: Final = re.compile(_UCHAR)


def unescape_codepoints(query: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` as SPARQL 1.1 does, before any parsing (§19.2)."""

    def decode(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group()[2:], 16))
        except (ValueError, OverflowError):  # beyond U+10FFFF: left for the parser to reject
            return match.group()

    return _CODEPOINT_ESCAPE.sub(decode, query)


def tokens(query: str, in_context: bool = False) -> Iterator[Token]:
    """The tokens that can matter to the checks: no white space, comments or punctuation.

    By default a ``<`` opens an IRI wherever one can be read, as a lexer that takes the longest
    token does; ``in_context``, a ``<`` after an operand in an expression is "less than", as a
    parser that knows where it is reads it.
    """
    context = _Context() if in_context else None
    position = 0
    while match := _TOKEN.match(query, position):
        token = Token(match.lastgroup or "other", match.group())
        if context is not None and token.kind == "iri" and context.less_than():
            token = Token("punctuation", "<")
        position += len(token.text)
        if context is not None and token.kind not in ("space", "comment"):
            context.advance(token)
        if token.kind not in _SILENT:
            yield token


def positioned(query: str) -> Iterator[tuple[Token, int]]:
    """Every token but white space and comments, punctuation included, with where it starts
    (read as a lexer does: see :func:`tokens`)."""
    position = 0
    while match := _TOKEN.match(query, position):
        token = Token(match.lastgroup or "other", match.group())
        if token.kind not in ("space", "comment"):
            yield token, position
        position += len(token.text)


def readings(query: str) -> list[Reading]:
    """The query's tokens as each engine may read it, Oxigraph's reading first; no two alike."""
    decoded = unescape_codepoints(query)
    ways = [
        ("", "with every < that can open an IRI read as one", query),
        ("with its \\u escapes undone first (SPARQL 1.1, section 19.2)",
         "with its \\u escapes undone first and every < that can open an IRI read as one",
         decoded),
    ]  # fmt: skip
    found: list[Reading] = []
    for how, how_lexed, text in ways if decoded != query else ways[:1]:
        in_context = list(tokens(text, in_context=True))
        candidates = [Reading(how, in_context)]
        if any(token.kind == "punctuation" and token.text == "<" for token in in_context):
            # Only where a "<" was read as an operator can a lexer that takes every "<" that can
            # open an IRI as one read the query otherwise.
            candidates.append(Reading(how_lexed, list(tokens(text))))
        for reading in candidates:
            if all(reading.tokens != other.tokens for other in found):
                found.append(reading)
    return found


#: What the brackets around a token hold: the query's clauses (top level and subqueries), a
#: graph pattern (also collections, paths and triple terms), or an expression.
_QUERY, _PATTERN, _EXPRESSION = "query", "pattern", "expression"


class _Context:
    """Where a token stands: inside which brackets, and after which two tokens.

    Expressions only ever stand in parentheses: after ``FILTER``, ``BIND`` or a function's name in
    a graph pattern, and anywhere in the clauses of a query (``SELECT (…)``, ``GROUP BY``,
    ``HAVING``, ``ORDER BY``). A parenthesis elsewhere in a pattern is a collection or a path.
    """

    def __init__(self) -> None:
        self.frames = [_QUERY]
        self.last: Token | None = None
        self.before_last: Token | None = None
        self.opened = False  # the last token opened a group: its first word may make it a query

    def less_than(self) -> bool:
        """Whether a ``<`` here is an operator, not the start of an IRI."""
        return self.frames[-1] == _EXPRESSION and _ends_operand(self.last)

    def advance(self, token: Token) -> None:
        """Move past ``token`` (any but space and comments)."""
        if self.opened and token.kind == "word" and token.text.upper().startswith("SELECT"):
            self.frames[-1] = _QUERY  # a subquery
        bracket = token.text if token.kind == "punctuation" else ""
        self.opened = bracket == "{"
        if bracket in ("(", "<<("):
            self.frames.append(self._parenthesis(bracket))
        elif bracket in ("{", "["):
            self.frames.append(_PATTERN)
        elif bracket in (")", ")>>", "}", "]") and len(self.frames) > 1:
            self.frames.pop()
        self.before_last, self.last = self.last, token

    def _parenthesis(self, bracket: str) -> str:
        """What the parenthesis ``bracket`` opens."""
        if bracket == "<<(":
            return _PATTERN  # a triple term: subject, predicate, object
        if self.frames[-1] != _PATTERN:
            return _EXPRESSION
        last, before = self.last, self.before_last
        if last is not None and last.kind == "word":
            return _PATTERN if last.text == "a" else _EXPRESSION  # FILTER, BIND, a function
        calls = before is not None and before.kind == "word" and before.text.upper() == "FILTER"
        return (
            _EXPRESSION
            if last is not None and last.kind in ("iri", "pname") and calls
            else _PATTERN
        )


def _ends_operand(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind == "word":
        return token.text.lower() in ("true", "false")
    return token.kind in _OPERANDS or token.text in (")", ")>>")
