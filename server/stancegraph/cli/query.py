"""``stancegraph query``: run a SPARQL query on the built dataset, or on any endpoint.

Locally the query goes through the same checks, limits and forked runner as the endpoint;
``--endpoint`` sends it with SPARQLWrapper. The common prefixes are declared for it, and a syntax
error is shown with its line and a caret (:mod:`stancegraph.cli.query_text`). The answer prints
as a table by default (long values wrapped), or as it came in JSON, CSV, TSV or Turtle.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import textwrap
import urllib.error
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from pyoxigraph import BlankNode, Literal, NamedNode, parse
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from stancegraph.cli import options
from stancegraph.cli.query_text import as_typed, refuse_bad_syntax, with_prefixes
from stancegraph.core import settings
from stancegraph.core.errors import InputError, StancegraphError, UsageError
from stancegraph.core.formats import BY_NAME, FORMATS, Format, Kind, by_media_type
from stancegraph.sparql.query_guard import check
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import dataset_file, load
from stancegraph.vocabulary import KINDS, PREFIXES
from stancegraph.vocabulary.iris import kind_space

NAME = "query"
HELP = "Run a SPARQL query on the built dataset (or --endpoint) and print the answer."

#: Settings this command takes as options.
OPTIONS = ("dist_dir",)
#: For each ``--format``, the registry format of each kind of answer it can show.
#: What an endpoint's answer can be read as: results and RDF, never an HTML or error page (nor
#: plain JSON, which says neither which).
ANSWER_FORMATS: Final = tuple(f for f in FORMATS if f.kind is not Kind.PAGE and f.advertised)

OUTPUTS: Final[Mapping[str, Mapping[ResultKind, Format]]] = {
    "table": {
        ResultKind.SOLUTIONS: BY_NAME["sparql-json"],
        ResultKind.BOOLEAN: BY_NAME["sparql-json"],
        ResultKind.GRAPH: BY_NAME["ntriples"],
    },
    "json": {
        ResultKind.SOLUTIONS: BY_NAME["sparql-json"],
        ResultKind.BOOLEAN: BY_NAME["sparql-json"],
        ResultKind.GRAPH: BY_NAME["jsonld"],
    },
    "csv": {ResultKind.SOLUTIONS: BY_NAME["csv"]},
    "tsv": {ResultKind.SOLUTIONS: BY_NAME["tsv"]},
    "turtle": {ResultKind.GRAPH: BY_NAME["turtle"]},
}
#: SPARQLWrapper's name for each format we ask a remote endpoint for.
_WRAPPER_FORMATS: Final = {
    "sparql-json": JSON,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "jsonld": JSONLD,
    "ntriples": N3,
}
_WRAPPER_KINDS: Final = {
    "SELECT": ResultKind.SOLUTIONS,
    "ASK": ResultKind.BOOLEAN,
    "CONSTRUCT": ResultKind.GRAPH,
    "DESCRIBE": ResultKind.GRAPH,
}
_WIDEST_COLUMN = 60


class QueryFailed(StancegraphError):
    """The remote endpoint refused or failed the query, or could not be reached."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="the query, or @FILE to read it (@- stdin)")
    parser.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint to query instead")
    parser.add_argument("--format", choices=OUTPUTS, default="table", help="default: table")
    options.add_all(parser, OPTIONS)
    parser.add_argument("--dataset", metavar="FILE", help="an RDF dataset file to query instead")


def run(args: argparse.Namespace) -> int:
    typed = read_query(args.query)
    formats = OUTPUTS[args.format]
    if args.endpoint:  # its own parser judges (it may take extensions pyoxigraph does not)
        body, fmt = remote(args.endpoint, with_prefixes(typed), formats)
    else:
        body, fmt = local(typed, formats, args)
    sys.stdout.write(table(body, fmt) if args.format == "table" else body.decode("utf-8"))
    return 0


def read_query(argument: str) -> str:
    """The query text: the argument itself, or the file (``-``: standard input) after ``@``."""
    if not argument.startswith("@"):
        return argument
    if argument == "@-":
        return sys.stdin.read()
    try:
        return Path(argument[1:]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{argument[1:]}: cannot read the query ({error})") from None


def local(
    query: str, formats: Mapping[ResultKind, Format], args: argparse.Namespace
) -> tuple[bytes, Format]:
    """Run the query (as typed) on the built dataset (or ``--dataset``), with the endpoint's
    checks and the common prefixes."""
    values = options.values(args, OPTIONS)
    snapshot = load(args.dataset or dataset_file(values["dist_dir"]))
    graphs = frozenset(graph.value for graph in snapshot.store.named_graphs())
    checked = check(query, graphs)  # refusals (updates, SERVICE) first, in their own words
    refuse_bad_syntax(query)
    query = with_prefixes(query)
    runner = QueryRunner(
        snapshot.store, values["query_timeout"], values["max_result_rows"], slots=1
    )
    refusals = {
        kind: f"--format {args.format} cannot show {kind.value} results" for kind in ResultKind
    }
    answer = runner.run(
        Job(query, formats, union=not checked.has_dataset_clause, refusals=refusals)
    )
    if answer.truncated:
        print(f"stancegraph query: answer cut at {runner.max_rows} rows", file=sys.stderr)
    return answer.body.read(), answer.format


def remote(endpoint: str, query: str, formats: Mapping[ResultKind, Format]) -> tuple[bytes, Format]:
    """Send the query to ``endpoint`` with SPARQLWrapper; the answer and the format it came in."""
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(query)
    kind = _WRAPPER_KINDS.get(wrapper.queryType or "")
    if kind is None:
        raise UsageError(f"{wrapper.queryType} is an update; stancegraph query only reads")
    fmt = formats.get(kind)
    if fmt is None:
        raise UsageError(f"this --format cannot show {kind.value} results")
    wrapper.setReturnFormat(_WRAPPER_FORMATS[fmt.name])
    try:
        response = wrapper.query().response
    except (SPARQLWrapperException, urllib.error.URLError) as error:
        raise QueryFailed(f"{endpoint}: {as_typed(_reason(error))}") from None
    received = by_media_type(response.headers.get("Content-Type", ""), ANSWER_FORMATS)
    if received is None:
        raise QueryFailed(f"{endpoint}: answered {response.headers.get('Content-Type')}")
    return response.read(), received


def _message(body: str, status: int) -> str:
    """The one-line reason in an error answer: a JSON error's message, or the text without its
    ``<status> <reason>:`` head (stancegraph's shape), or the text as another server sent it."""
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    if isinstance(document, dict) and isinstance(document.get("message"), str):
        return " ".join(document["message"].split())
    text = " ".join(body.split())
    head, _, rest = text.partition(": ")
    return rest if rest and head.startswith(f"{status} ") else text


def _reason(error: Exception) -> str:
    """The status and one-line reason of a failed request."""
    http = error.__context__ if isinstance(error, SPARQLWrapperException) else error
    if isinstance(http, urllib.error.HTTPError):
        body = http.read() if not isinstance(error, SPARQLWrapperException) else _body(error)
        return f"{http.code} {_message(body.decode('utf-8', 'replace'), http.code)}"
    if isinstance(http, urllib.error.URLError):
        return f"cannot connect ({http.reason})"
    return str(error)


def _body(error: SPARQLWrapperException) -> bytes:
    """The response body SPARQLWrapper only keeps inside its message."""
    _, found, text = str(error).partition("Response:\n")
    value = ast.literal_eval(text) if found else b""
    return value if isinstance(value, bytes) else b""


def table(body: bytes, fmt: Format) -> str:
    """SPARQL JSON results, or triples, as an aligned text table (``true``/``false`` for ASK)."""
    if fmt.kind is Kind.RESULTS:
        document = json.loads(body)
        if "boolean" in document:
            return "true\n" if document["boolean"] else "false\n"
        header = document["head"]["vars"]
        rows = [[_cell(row.get(v)) for v in header] for row in document["results"]["bindings"]]
    else:
        assert fmt.oxigraph_rdf is not None, fmt
        header = ["subject", "predicate", "object"]
        rows = [
            [_term(t.subject), _term(t.predicate), _term(t.object)]
            for t in parse(body, fmt.oxigraph_rdf)
        ]
    return _layout(header, rows) + f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})\n"


def _layout(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns at most :data:`_WIDEST_COLUMN` wide; a longer value wraps onto more lines."""
    widths = [
        min(_WIDEST_COLUMN, max([len(h), *(len(r[i]) for r in rows)])) for i, h in enumerate(header)
    ]

    def line(cells: Sequence[str]) -> str:
        wrapped = [_wrap(c, w) for c, w in zip(cells, widths, strict=True)]
        height = max(len(parts) for parts in wrapped)
        return "".join(
            "  ".join(
                (parts[i] if i < len(parts) else "").ljust(w)
                for parts, w in zip(wrapped, widths, strict=True)
            ).rstrip()
            + "\n"
            for i in range(height)
        )

    return line(header) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)


def _wrap(cell: str, width: int) -> list[str]:
    """``cell`` in lines of at most ``width`` characters, broken at spaces where it can be."""
    return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]


def _cell(binding: dict[str, Any] | None) -> str:
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return _compact(binding["value"])
    if binding["type"] == "bnode":
        return "_:" + binding["value"]
    return " ".join(str(binding["value"]).split())


def _term(term: object) -> str:
    if isinstance(term, NamedNode):
        return _compact(term.value)
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if isinstance(term, Literal):
        return " ".join(term.value.split())
    return str(term)


def _compact(iri: str) -> str:
    """A prefixed name where a known namespace fits (data IRIs as ``actor:…``), else ``<iri>``."""
    base = settings.resolve()["base_uri"]
    namespaces = {**{kind: kind_space(base, kind) for kind in KINDS}, **PREFIXES}
    for name, namespace in namespaces.items():
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{name}:{iri[len(str(namespace)) :]}"
    return f"<{iri}>"
