"""Static checks of a SPARQL query before it runs: read-only, offline, within the dataset.

pyoxigraph exposes no parser, so a tokeniser that knows SPARQL's comments, strings, IRIs, variables
and prefixed names finds the keywords that matter: any SPARQL Update operation (``LOAD`` included)
is refused, ``SERVICE`` is refused (pyoxigraph would call any URL), and ``FROM`` / ``FROM NAMED``
may only name graphs of the dataset. Whether the query is otherwise well formed is left to
pyoxigraph, whose message says where. The query process is also barred from opening any file or
socket (see :mod:`stancegraph.sparql.query_runner`), so these checks give the reason; the kernel gives the
guarantee.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin

from stancegraph.core.errors import QueryInvalid, QueryRefused

#: Keywords that only occur in SPARQL Update requests.
UPDATE_KEYWORDS: Final = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)

#: Functions whose value changes from one run of a query to the next (SPARQL 1.1 §17.4).
VOLATILE_FUNCTIONS: Final = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00b7\u0300-\u036f\u203f-\u2040-"
_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"

#: One token per match; group names say what it is. Order matters: long strings before short
#: ones, prefixed names before bare words (``service:x`` is a name, not the keyword).
_TOKEN: Final = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<punctuation>[{{}}()\[\],;*=!|&/\\]+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<bnode>_:[{_PN_CHARS}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:
               (?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the checks, whether it chose its own dataset with ``FROM``, and
    whether it calls a function whose value changes from one run to the next."""

    text: str
    has_dataset_clause: bool
    volatile: bool = False


_CODEPOINT_ESCAPE: Final = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(query: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` as SPARQL does, before any other parsing (§19.2)."""

    def decode(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):  # beyond U+10FFFF: left for the parser to reject
            return match.group(0)

    return _CODEPOINT_ESCAPE.sub(decode, query)


def tokens(query: str) -> Iterator[Token]:
    """The tokens that can matter to the checks: no white space, comments or punctuation."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment", "punctuation"):
            yield Token(kind, match.group())


def check(query: str, graphs: Set[str], base_iri: str | None = None) -> CheckedQuery:
    """Refuse updates and ``SERVICE`` (403), and ``FROM`` naming a graph not in ``graphs`` (400).

    ``base_iri`` is the base the query runs with; relative ``FROM`` IRIs are resolved against it
    and any ``BASE`` the query declares, prefixed names against its ``PREFIX`` declarations.
    """
    found = list(tokens(unescape_codepoints(query)))
    for token in found:
        keyword = token.text.upper() if token.kind == "word" else ""
        if keyword in UPDATE_KEYWORDS:
            raise QueryRefused(f"SPARQL Update ({keyword}) is refused: this endpoint is read-only")
        if keyword == "SERVICE":
            raise QueryRefused(
                "SERVICE is refused: this endpoint makes no outbound requests "
                "(federated queries are disabled)"
            )
    named = dataset_clause(found, base_iri)
    for iri in named:
        if iri not in graphs:
            raise QueryInvalid(
                f"FROM <{iri}>: not a graph of this dataset "
                "(the service description lists the named graphs)"
            )
    words = {t.text.upper() for t in found if t.kind == "word"}
    return CheckedQuery(query, "FROM" in words, not words.isdisjoint(VOLATILE_FUNCTIONS))


def dataset_clause(found: list[Token], base_iri: str | None) -> list[str]:
    """The IRIs named by ``FROM`` and ``FROM NAMED``, resolved as the query engine will.

    A ``FROM`` not followed by an IRI, or by a name with an undeclared prefix, is left for the
    query engine to report as a syntax error.
    """
    return [iri for _, iri in _from_clauses(found, base_iri)]


def from_graphs(query: str, base_iri: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs of the query's ``FROM`` clauses and of its ``FROM NAMED`` clauses."""
    clauses = list(_from_clauses(list(tokens(query)), base_iri))
    return (
        tuple(iri for named, iri in clauses if not named),
        tuple(iri for named, iri in clauses if named),
    )


def _from_clauses(found: list[Token], base_iri: str | None) -> Iterator[tuple[bool, str]]:
    """(whether ``NAMED``, the IRI) for each ``FROM`` clause that names an IRI."""
    base, prefixes = _prologue(found, base_iri)
    for i, token in enumerate(found):
        if token.kind != "word" or token.text.upper() != "FROM":
            continue
        following = found[i + 1 : i + 3]
        named = bool(following) and following[0].kind == "word"
        named = named and following[0].text.upper() == "NAMED"
        following = following[1:] if named else following
        iri = _iri(following[0], base, prefixes) if following else None
        if iri is not None:
            yield named, iri


def _prologue(found: list[Token], base: str | None) -> tuple[str | None, dict[str, str]]:
    """The base IRI and prefixes declared by the ``BASE`` and ``PREFIX`` lines at the start."""
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(found) and found[i].kind == "word":
        keyword = found[i].text.upper()
        if keyword == "BASE" and i + 1 < len(found) and found[i + 1].kind == "iri":
            base = _resolve(found[i + 1].text[1:-1], base)
            i += 2
        elif keyword == "PREFIX" and i + 2 < len(found) and found[i + 2].kind == "iri":
            prefixes[found[i + 1].text.rstrip(":")] = _resolve(found[i + 2].text[1:-1], base)
            i += 3
        else:
            break
    return base, prefixes


def _iri(token: Token, base: str | None, prefixes: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
    return None


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri
