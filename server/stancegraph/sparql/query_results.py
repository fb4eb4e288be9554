"""Writing SPARQL answers in a format of the registry, at most ``max_rows`` rows or triples.

pyoxigraph serialises a whole answer or nothing, so a capped answer is collected first (which is
when the query is evaluated), then written: solutions and booleans as SPARQL JSON here and, for the
other result formats, read back and rewritten by pyoxigraph; graphs as deduplicated triples handed
to :func:`pyoxigraph.serialize`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    Triple,
    parse_query_results,
    serialize,
)

from stancegraph.core.formats import Format
from stancegraph.vocabulary import PREFIXES

Term = NamedNode | BlankNode | Literal | Triple
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_TABLES = (QueryResultsFormat.CSV, QueryResultsFormat.TSV)
#: The column of an ASK answer in CSV or TSV (Apache Jena's name).
ASK_COLUMN = "_askResult"
_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


class ResultKind(Enum):
    """What a query answers; the value names the query forms, for messages."""

    SOLUTIONS = "SELECT"
    BOOLEAN = "ASK"
    GRAPH = "CONSTRUCT or DESCRIBE"


def kind_of(result: QuerySolutions | QueryBoolean | Iterable[Triple]) -> ResultKind:
    if isinstance(result, QuerySolutions):
        return ResultKind.SOLUTIONS
    if isinstance(result, QueryBoolean):
        return ResultKind.BOOLEAN
    return ResultKind.GRAPH


@dataclass(frozen=True)
class Collected:
    """An evaluated answer, cut at ``max_rows``: solutions, a boolean, or triples."""

    kind: ResultKind
    truncated: bool = False
    variables: tuple[str, ...] = ()
    solutions: tuple[QuerySolution, ...] = ()
    boolean: bool = False
    triples: tuple[Triple, ...] = ()


def collect(result: QuerySolutions | QueryBoolean | Iterable[Triple], max_rows: int) -> Collected:
    """Evaluate the query up to ``max_rows + 1`` rows or triples (pyoxigraph evaluates lazily).

    Errors of the query's evaluation (an unknown function, say) are raised here, and only here.
    """
    kind = kind_of(result)
    if isinstance(result, QueryBoolean):
        return Collected(kind, boolean=bool(result))
    if isinstance(result, QuerySolutions):
        rows = tuple(islice(result, max_rows + 1))
        names = tuple(v.value for v in result.variables)
        return Collected(kind, len(rows) > max_rows, names, solutions=rows[:max_rows])
    triples = tuple(islice(_unique(result), max_rows + 1))
    return Collected(kind, len(triples) > max_rows, triples=triples[:max_rows])


def write(collected: Collected, fmt: Format) -> bytes:
    """The collected answer in ``fmt``, which must be able to carry it."""
    if collected.kind is ResultKind.GRAPH:
        return graph(collected.triples, fmt)
    if collected.kind is ResultKind.BOOLEAN:
        return boolean(collected.boolean, fmt)
    return solutions(collected.variables, collected.solutions, fmt)


def boolean(value: bool, fmt: Format) -> bytes:
    """An ASK answer; in CSV and TSV, which have no boolean form, the one-value table Jena writes.

    That is a column ``_askResult`` holding ``true`` or ``false``: a valid results table that
    any CSV or TSV reader can read (Oxigraph writes the bare word, which is no table).
    """
    if fmt.oxigraph_results in _TABLES:
        cell = {"type": "literal", "value": str(value).lower(), "datatype": _XSD_BOOLEAN}
        table = {"head": {"vars": [ASK_COLUMN]}, "results": {"bindings": [{ASK_COLUMN: cell}]}}
        return _results(table, fmt)
    return _results({"head": {}, "boolean": value}, fmt)


def solutions(variables: Sequence[str], rows: Iterable[QuerySolution], fmt: Format) -> bytes:
    """SELECT results in one of the SPARQL result formats."""
    bindings = [
        {name: term_json(row[name]) for name in variables if row[name] is not None} for row in rows
    ]
    return _results({"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, fmt)


def _results(document: dict[str, Any], fmt: Format) -> bytes:
    """A SPARQL JSON results document, rewritten by pyoxigraph into ``fmt`` where that differs."""
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.oxigraph_results is QueryResultsFormat.JSON:
        return data
    assert fmt.oxigraph_results is not None, fmt
    return _bytes(
        parse_query_results(data, QueryResultsFormat.JSON).serialize(format=fmt.oxigraph_results)
    )


def graph(triples: Iterable[Triple], fmt: Format) -> bytes:
    """Triples in one of the RDF formats (as the default graph where the format has graphs)."""
    assert fmt.oxigraph_rdf is not None, fmt
    return _bytes(serialize(triples, format=fmt.oxigraph_rdf, prefixes=_PREFIXES))


def term_json(term: Term) -> dict[str, Any]:
    """An RDF term as in the SPARQL 1.1 (and 1.2, for triple terms) JSON results format."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: term_json(v) for k, v in parts.items()}}
    answer: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        answer["xml:lang"] = term.language
        if term.direction:
            answer["its:dir"] = str(term.direction.value)
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        answer["datatype"] = term.datatype.value
    return answer


def _unique(triples: Iterable[Triple]) -> Iterable[Triple]:
    """The triples without repeats: the union default graph yields one per graph holding it."""
    seen: set[Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph's serialisers return bytes when given no output file."""
    assert data is not None
    return data
