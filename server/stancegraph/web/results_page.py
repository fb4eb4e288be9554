"""SPARQL answers as an HTML page: a table whose IRIs link to their pages, ASK as a sentence.

The page is not a serialisation the query process writes: the query process writes the answer
in a *carrier* format (SPARQL JSON for solutions and booleans, N-Triples for graphs) under the
usual limits (``max_result_rows``, ``query_timeout``, memory), and this module reads that answer
back with pyoxigraph and renders it. So the query runs once, the query layer knows nothing of
pages, and the answer cache serves the page and the JSON from the same entry.

IRIs are shown with the prefixes the query page predeclares and link where :func:`href` says:
data IRIs under the base to this server's pages, others to themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from flask import Response, current_app, render_template, request
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)
from werkzeug.http import parse_accept_header

from stancegraph.core.formats import BY_NAME, GRAPH_FORMATS, SOLUTION_FORMATS, Format
from stancegraph.sparql.example_queries import namespaces
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import Answer
from stancegraph.web.urls import href

#: What a client asks for to get the page.
PAGE: Final = BY_NAME["html"]
#: What the query process writes when the page was asked for, by kind of answer.
CARRIERS: Final = {
    ResultKind.SOLUTIONS: BY_NAME["sparql-json"],
    ResultKind.BOOLEAN: BY_NAME["sparql-json"],
    ResultKind.GRAPH: BY_NAME["ntriples"],
}
#: What the query form offers, the page first: every format named, none twice.
FORM_FORMATS: Final = (PAGE, *(f for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS) if f.advertised))
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_TRIPLE_COLUMNS = ("subject", "predicate", "object")

Term = NamedNode | BlankNode | Literal | Triple


def named_in(accept: str) -> bool:
    """Whether an Accept header names the page's media type (a wildcard does not count)."""
    named = {value.split(";", 1)[0].strip().lower() for value, _ in parse_accept_header(accept)}
    return not named.isdisjoint(PAGE.media_types)


def carried(formats: Mapping[ResultKind, Format | None]) -> dict[ResultKind, Format | None]:
    """``formats`` with the page replaced by the format its kind of answer is carried in."""
    return {kind: CARRIERS[kind] if fmt is PAGE else fmt for kind, fmt in formats.items()}


@dataclass(frozen=True)
class Cell:
    """One term as the table shows it: its text, a link (IRIs), and a note (language, type)."""

    text: str
    kind: str  # "iri", "literal", "bnode" or "triple"
    link: str | None = None
    title: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Table:
    """An answer ready to render: columns and rows of cells, or the boolean of an ASK."""

    kind: ResultKind
    columns: tuple[str, ...] = ()
    rows: Sequence[tuple[Cell | None, ...]] = ()
    boolean: bool | None = None
    truncated: bool = False


def response(answer: Answer, query: str, max_rows: int) -> Response:
    """The page for an answer written in its carrier format (the answer's body is closed)."""
    try:
        body = answer.body.read()
    finally:
        answer.body.close()
    table = read(answer.kind, body, answer.truncated, Labels(namespaces(_base())))
    page = render_template(
        "sparql_results.html",
        table=table,
        query=query,
        max_rows=max_rows,
        formats=FORM_FORMATS,
        endpoint=request.script_root + request.path,  # this server, whatever Host says
    )
    return Response(page, content_type=PAGE.content_type)


def read(kind: ResultKind, body: bytes, truncated: bool, labels: Labels) -> Table:
    """An answer's table, from the bytes of its carrier format."""
    if kind is ResultKind.GRAPH:
        triples = (quad.triple for quad in parse(body, format=RdfFormat.N_TRIPLES))
        rows = [
            (labels.cell(t.subject), labels.cell(t.predicate), labels.cell(t.object))
            for t in triples
        ]
        return Table(kind, _TRIPLE_COLUMNS, rows, truncated=truncated)
    result = parse_query_results(body, format=QueryResultsFormat.JSON)
    if isinstance(result, QueryBoolean):
        return Table(kind, boolean=bool(result))
    columns = tuple(v.value for v in result.variables)
    solutions = [tuple(_optional(labels, row[name]) for name in columns) for row in result]
    return Table(kind, columns, solutions, truncated=truncated)


def _optional(labels: Labels, term: Term | None) -> Cell | None:
    return None if term is None else labels.cell(term)


class Labels:
    """How terms are shown: IRIs as prefixed names where a namespace fits, linked."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first: ``actor:`` wins over a base-wide prefix.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def cell(self, term: Term) -> Cell:
        if isinstance(term, NamedNode):
            return Cell(self.compact(term.value), "iri", href(term.value), term.value)
        if isinstance(term, BlankNode):
            return Cell(f"_:{term.value}", "bnode")
        if isinstance(term, Triple):
            parts = (self.cell(t).text for t in (term.subject, term.predicate, term.object))
            return Cell(f"<< {' '.join(parts)} >>", "triple")
        return Cell(term.value, "literal", note=self._note(term))

    def compact(self, iri: str) -> str:
        """``sg:Statement`` for the IRI of ``sg:Statement``; the IRI itself where no prefix fits."""
        for name, namespace in self._prefixes:
            local = iri.removeprefix(namespace)
            if local != iri and _plain_local(local):
                return f"{name}:{local}"
        return iri

    def _note(self, literal: Literal) -> str | None:
        if literal.language:
            return f"@{literal.language}"
        datatype = literal.datatype.value
        return None if datatype == _XSD_STRING else self.compact(datatype)


def _plain_local(local: str) -> bool:
    """Whether a prefixed name with this local part reads back as the same IRI, plainly."""
    return bool(local) and all(c.isalnum() or c in "-_." for c in local) and local[-1] != "."


def _base() -> str:
    base: str = current_app.config["BASE_URI"]
    return base
