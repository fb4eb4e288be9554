"""Comunica, a JavaScript SPARQL engine, as a client of the live server (issue 16, real clients).

``comunica-sparql`` (``@comunica/query-sparql``, pinned in ``tests/clients/package-lock.json``
and installed there by ``make test``) is run as a user would run it, with the URL alone: it
dereferences the URL with its own ``Accept`` header (N-Quads first) and decides from the answer
whether the source is a SPARQL endpoint or a document. Its answers must be what the N-Quads dump
says, read here by Oxigraph (the endpoint's default graph is the union of the named graphs):

* ``/sparql``: SELECT (rows and their order), ASK (true and false), CONSTRUCT of the whole
  default graph, and COUNT aggregates, alone and grouped;
* a resource, ``/id/actor/...`` (a 303 to the document Comunica's ``Accept`` negotiates),
  ``/doc/actor/...`` (negotiated in place) and the HTML page (its embedded JSON-LD): each gives
  the triples the document holds as N-Triples, in the default graph, and those are dumped triples
  and include every dumped triple about the actor and its ``#`` nodes;
* the dump ``/dumps/dataset.nq`` (gzip-encoded for a client that accepts it, as Node's fetch
  does): every quad, graph by graph.

No fallback, concretely: Comunica runs at log level ``info`` and exits 0, and every line it
writes to stderr is an INFO entry of one of two kinds: ``Requesting URL`` (each URL on the server
under test: nothing beyond loopback) or ``Identified ...``, which must name the expected kind of
source (``sparql`` for the endpoint, ``file`` for a document, with the URL it was read from).
Anything else is a finding: at level ``warn`` and above Comunica reports what it worked around
(``Metadata extraction for URL failed``, when dereferencing the source fails and it guesses the
kind of source from the URL; a media type no parser takes), and a clean run writes nothing there.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests

from stancegraph.sparql.example_queries import examples
from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.conftest import ROOT, LiveServer

CLIENTS = ROOT / "tests" / "clients"
COMUNICA = CLIENTS / "node_modules" / ".bin" / "comunica-sparql"
#: Seconds one run may take; a run takes 1.5 to 3 s, most of it Node loading Comunica.
RUN_TIMEOUT = 60
HTTP_TIMEOUT_MS = 30_000
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: The only lines a clean run writes to stderr (at log level info).
LOG_LINE = re.compile(
    r"^\[[^\]]+\]  INFO: (?P<kind>Requesting|Identified) (?P<text>.*?)(?: \{ .*)?$"
)
JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
NTRIPLES_FORMAT = ox.RdfFormat.N_TRIPLES

EXAMPLES = {example.slug: example.query for example in examples(DEFAULT_BASE_URI)}
ACTOR = DEFAULT_BASE_URI + "id/actor/vlade-radulovic"
STATEMENT = DEFAULT_BASE_URI + "id/statement/kosovo-nato-membership-brankovic-q1"
SPEAKER = DEFAULT_BASE_URI + "id/actor/branko-brankovic"
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]


@dataclass(frozen=True)
class Answer:
    """What one clean run of ``comunica-sparql`` wrote: the answer and its log lines."""

    stdout: str
    log: list[re.Match[str]]

    def texts(self, kind: str) -> list[str]:
        return [line["text"] for line in self.log if line["kind"] == kind]

    def json(self) -> Any:
        return json.loads(self.stdout)

    def triples(self) -> set[ox.Quad]:
        return set(ox.parse(input=self.stdout.encode(), format=NTRIPLES_FORMAT))


def run_comunica(server: LiveServer, source: str, query: str, output: str) -> Answer:
    """``comunica-sparql SOURCE`` on ``query``, its answer written as ``output`` (a media type).

    Fails unless it exits 0 and its stderr holds nothing but the INFO lines of its requests,
    each to ``server``, and of the identification of its source.
    """
    command = [str(COMUNICA), source, "--query", query, "--outputType", output]
    command += ["--logLevel", "info", "--httpTimeout", str(HTTP_TIMEOUT_MS)]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
    )
    lines = [line for line in ANSI.sub("", result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0, "\n".join(lines)
    unexpected = [line for line in lines if not LOG_LINE.match(line)]
    assert unexpected == [], "Comunica wrote what a clean run does not:\n" + "\n".join(unexpected)
    answer = Answer(result.stdout, [m for line in lines if (m := LOG_LINE.match(line))])
    requested = answer.texts("Requesting")
    assert requested, "\n".join(lines)
    assert [url for url in requested if not url.startswith(server.url + "/")] == []
    return answer


Comunica = Callable[[str, str, str], Answer]
Endpoint = Callable[[str, str], Answer]


@pytest.fixture(scope="module")
def comunica(live_server: LiveServer) -> Comunica:
    """``comunica(source, query, output)``: a clean run of Comunica against the live server.

    Fails, never skips, when Comunica is not installed at the version the lock file pins.
    """
    package = "node_modules/@comunica/query-sparql"
    pinned = json.loads((CLIENTS / "package-lock.json").read_text())["packages"][package]
    installed = CLIENTS / package / "package.json"
    version = json.loads(installed.read_text())["version"] if installed.exists() else None
    if not COMUNICA.exists() or version != pinned["version"]:
        pytest.fail(
            f"{package} {pinned['version']} is not installed in {CLIENTS.relative_to(ROOT)} "
            f"(found: {version}); `make test` installs it (npm ci there)",
            pytrace=False,
        )
    return lambda source, query, output: run_comunica(live_server, source, query, output)


@pytest.fixture(scope="module")
def endpoint(comunica: Comunica, live_server: LiveServer) -> Endpoint:
    """``endpoint(query, output)``: Comunica given ``/sparql``, which it must take for SPARQL."""
    url = f"{live_server.url}/sparql"

    def ask(query: str, output: str) -> Answer:
        answer = comunica(url, query, output)
        assert answer.texts("Identified") == [f"{url} as sparql source with service URL: {url}"]
        return answer

    return ask


def term(value: dict[str, str]) -> Term:
    """An RDF term from its SPARQL 1.1 JSON results form."""
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    assert value["type"] == "literal", value
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


def bindings(answer: Answer) -> list[Row]:
    rows = answer.json()["results"]["bindings"]
    return [{name: term(value) for name, value in row.items()} for row in rows]


def dumped_rows(dataset: ox.Store, query: str) -> list[Row]:
    """The rows of a SELECT over the dump, in the endpoint's default graph (the union)."""
    solutions = dataset.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    rows = [{name: row[name] for name in names if row[name] is not None} for row in solutions]
    assert rows, query
    return rows


def dumped_triples(dataset: ox.Store, query: str) -> set[ox.Quad]:
    """The triples a CONSTRUCT over the dump gives, in the default graph (the union)."""
    triples = dataset.query(query, use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)
    return {ox.Quad(t.subject, t.predicate, t.object) for t in triples}


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with their blank nodes relabelled by RDFC-1.0: equal sets are isomorphic."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def ground(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads without a blank node: those whose inclusion in other quads can be checked."""
    return {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def test_select_gives_the_dumped_rows_in_order(endpoint: Endpoint, dataset: ox.Store) -> None:
    query = EXAMPLES["who-said-what"]
    assert bindings(endpoint(query, JSON_RESULTS)) == dumped_rows(dataset, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [(f"ASK {{ <{STATEMENT}> <http://schema.org/author> <{SPEAKER}> }}", True),
     (f"ASK {{ <{STATEMENT}> <http://schema.org/author> <{ACTOR}> }}", False)],
    ids=["true", "false"],
)  # fmt: skip
def test_ask_answers_true_and_false(
    endpoint: Endpoint, dataset: ox.Store, query: str, expected: bool
) -> None:
    assert endpoint(query, JSON_RESULTS).json()["boolean"] is expected
    assert bool(dataset.query(query, use_default_graph_as_union=True)) is expected


def test_construct_gives_every_dumped_triple(endpoint: Endpoint, dataset: ox.Store) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    expected = dumped_triples(dataset, query)
    assert len(expected) > 2000
    assert canonical(endpoint(query, NTRIPLES).triples()) == canonical(expected)


@pytest.mark.parametrize(
    "query",
    ["SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }",
     EXAMPLES["positions-by-proposition-kind"]],
    ids=["triples", "grouped"],
)  # fmt: skip
def test_count_gives_the_dumped_numbers(endpoint: Endpoint, dataset: ox.Store, query: str) -> None:
    assert bindings(endpoint(query, JSON_RESULTS)) == dumped_rows(dataset, query)


@pytest.mark.parametrize(
    ("path", "document"),
    # /id answers 303 to the document in Comunica's first choice, N-Quads
    [("/id/actor/vlade-radulovic", "/doc/actor/vlade-radulovic.nq"),
     ("/doc/actor/vlade-radulovic", "/doc/actor/vlade-radulovic"),
     ("/doc/actor/vlade-radulovic.html", "/doc/actor/vlade-radulovic.html")],
    ids=["id", "doc", "html"],
)  # fmt: skip
def test_a_resource_document_gives_its_triples(
    comunica: Comunica, live_server: LiveServer, dataset: ox.Store, path: str, document: str
) -> None:
    answer = comunica(live_server.url + path, "CONSTRUCT WHERE { ?s ?p ?o }", NTRIPLES)
    assert answer.texts("Identified") == [f"as file source: {live_server.url}{document}"]
    served = requests.get(
        f"{live_server.url}/doc/actor/vlade-radulovic", headers={"Accept": NTRIPLES}, timeout=10
    )
    assert served.headers["Content-Type"].startswith(NTRIPLES)
    triples = answer.triples()
    assert canonical(triples) == canonical(ox.parse(input=served.content, format=NTRIPLES_FORMAT))
    assert ground(triples) <= dumped_triples(dataset, "CONSTRUCT WHERE { ?s ?p ?o }")
    about = dumped_triples(
        dataset,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        f'FILTER (?s = <{ACTOR}> || STRSTARTS(STR(?s), "{ACTOR}#")) }}',
    )
    assert len(about) > 5
    assert ground(about) <= triples


def test_the_dump_gives_every_quad(
    comunica: Comunica, live_server: LiveServer, seed_dist: Path
) -> None:
    dump = f"{live_server.url}/dumps/dataset.nq"
    query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    answer = comunica(dump, query, JSON_RESULTS)
    assert answer.texts("Identified") == [f"as file source: {dump}"]
    quads = (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in bindings(answer))
    expected = ox.parse(path=str(seed_dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert canonical(quads) == canonical(expected)
