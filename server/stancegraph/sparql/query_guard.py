"""Static checks of a SPARQL query before it runs: read-only, offline, within the dataset.

pyoxigraph exposes no parser, so a tokeniser that knows SPARQL's comments, strings, IRIs, variables
and prefixed names (:mod:`stancegraph.sparql.query_tokens`) finds the keywords that matter: any
SPARQL Update operation (``LOAD`` included) is refused, ``SERVICE`` is refused (pyoxigraph would
call any URL), and ``FROM`` / ``FROM NAMED`` may only name graphs of the dataset. Engines read
``\\u`` escapes and ``<`` differently, so the query is read each way an engine may read it and
refused if any reading finds what is refused. Whether the query is otherwise well formed is left
to pyoxigraph, whose message says where. The query process is also barred from opening any file
or socket (see :mod:`stancegraph.sparql.query_process`), so these checks give the reason; the
kernel gives the guarantee.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin

from stancegraph.core.errors import QueryInvalid, QueryRefused
from stancegraph.sparql.query_tokens import Reading, Token, readings, tokens, unescape_codepoints

#: Keywords that only occur in SPARQL Update requests.
UPDATE_KEYWORDS: Final = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)

#: Functions whose value changes from one run of a query to the next (SPARQL 1.1 §17.4).
VOLATILE_FUNCTIONS: Final = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the checks, whether it chose its own dataset with ``FROM``, and
    whether it calls a function whose value changes from one run to the next."""

    text: str
    has_dataset_clause: bool
    volatile: bool = False


def check(query: str, graphs: Set[str], base_iri: str | None = None) -> CheckedQuery:
    """Refuse updates and ``SERVICE`` (403), and ``FROM`` naming a graph not in ``graphs`` (400).

    ``base_iri`` is the base the query runs with; relative ``FROM`` IRIs are resolved against it
    and any ``BASE`` the query declares, prefixed names against its ``PREFIX`` declarations.
    Every reading of the query is checked; whether it has a ``FROM`` is Oxigraph's reading, and
    it is volatile if any reading calls a volatile function.
    """
    found = readings(query)
    for reading in found:
        _refuse_keywords(reading)
    named = dict.fromkeys(
        iri for reading in found for iri in dataset_clause(reading.tokens, base_iri)
    )
    for iri in named:
        if iri not in graphs:
            raise QueryInvalid(
                f"FROM <{iri}>: not a graph of this dataset "
                "(the service description lists the named graphs)"
            )
    words = {t.text.upper() for t in found[0].tokens if t.kind == "word"}
    volatile = any(_calls_volatile(reading) for reading in found)
    return CheckedQuery(query, "FROM" in words, volatile)


def _refuse_keywords(reading: Reading) -> None:
    """Refuse an update keyword or ``SERVICE`` among the words of ``reading``.

    ``SERVICE`` is looked for inside words too, as Oxigraph matches keywords without a word
    boundary; no other keyword of SPARQL contains it.
    """
    where = f"; found reading the query {reading.how}" if reading.how else ""
    for token in reading.tokens:
        keyword = token.text.upper() if token.kind == "word" else ""
        if keyword in UPDATE_KEYWORDS:
            raise QueryRefused(
                f"SPARQL Update ({keyword}) is refused: this endpoint is read-only{where}"
            )
        if "SERVICE" in keyword:
            raise QueryRefused(
                "SERVICE is refused: this endpoint makes no outbound requests "
                f"(federated queries are disabled){where}"
            )


def _calls_volatile(reading: Reading) -> bool:
    """Whether a word of ``reading`` holds a volatile function's name (no keyword holds one)."""
    words = (t.text.upper() for t in reading.tokens if t.kind == "word")
    return any(name in word for word in words for name in VOLATILE_FUNCTIONS)


def dataset_clause(found: list[Token], base_iri: str | None) -> list[str]:
    """The IRIs named by ``FROM`` and ``FROM NAMED``, resolved as the query engine will.

    A ``FROM`` not followed by an IRI, or by a name with an undeclared prefix, is left for the
    query engine to report as a syntax error.
    """
    return [iri for _, iri in _from_clauses(found, base_iri)]


def from_graphs(query: str, base_iri: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The graphs of the query's ``FROM`` clauses and of its ``FROM NAMED`` clauses, as Oxigraph
    reads them."""
    clauses = list(_from_clauses(list(tokens(query, in_context=True)), base_iri))
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
            base = _resolve(_iri_text(found[i + 1]), base)
            i += 2
        elif keyword == "PREFIX" and i + 2 < len(found) and found[i + 2].kind == "iri":
            prefixes[found[i + 1].text.rstrip(":")] = _resolve(_iri_text(found[i + 2]), base)
            i += 3
        else:
            break
    return base, prefixes


def _iri(token: Token, base: str | None, prefixes: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return _resolve(_iri_text(token), base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
    return None


def _iri_text(token: Token) -> str:
    """The IRI an IRI token stands for: its escapes undone, as every reading does inside IRIs."""
    return unescape_codepoints(token.text[1:-1])


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri
