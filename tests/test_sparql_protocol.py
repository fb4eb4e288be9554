"""The SPARQL endpoint: SPARQLWrapper against gunicorn, the protocol through Flask's test client.

SPARQLWrapper, a real client, asks a live server (``live_server``); negotiation, the protocol's
dataset, the service description, CORS and bad requests are asked of the application in this
process (``client``). Every query form is asked for in every format it can carry and the parsed answer is compared with
what the mapping says (``mappings/issues.yaml``), not only the status code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document, parseString

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from pyoxigraph import (
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from werkzeug.test import TestResponse

from stancegraph.sparql.example_queries import examples
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.vocabulary.iris import data_iri, graph_iri
from stancegraph.web.endpoint import query_string
from stancegraph.web.http_errors import BadRequest
from tests.conftest import ROOT, LiveServer
from tests.raw_http import get

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID_TRIPLES = URIRef("http://rdfs.org/ns/void#triples")
PREFIXES = f"""PREFIX sg: <{SG}>
PREFIX skos: <{SKOS}>
PREFIX rdfs: <{RDFS}>
PREFIX actor: <{DEFAULT_BASE_URI}id/actor/>
"""
SELECT_ISSUES = (
    PREFIXES + "SELECT ?issue ?label WHERE { ?issue a sg:Issue ; skos:prefLabel ?label }"
)
CONSTRUCT_ISSUES = (
    PREFIXES
    + "CONSTRUCT { ?issue skos:prefLabel ?label } WHERE { ?issue a sg:Issue ; skos:prefLabel ?label }"
)
REGISTRY = graph_iri(DEFAULT_BASE_URI, "registry")
ELSEWHERE = "http://example.org/not-here"
ARTICLE = graph_iri(DEFAULT_BASE_URI, "kosovo-nato-membership")
Pairs = set[tuple[str, str]]


@pytest.fixture(scope="module")
def issues() -> Pairs:
    """(issue IRI, label) for every proposition (sg:Issue) of the registry, read from the mapping
    itself; its topics are sg:Topic, not sg:Issue."""
    registry = yaml.safe_load((ROOT / "mappings" / "issues.yaml").read_text(encoding="utf-8"))
    return {
        (data_iri(DEFAULT_BASE_URI, "issue", i["id"]), i["label"])
        for i in registry["issues"]
        if i["kind"] != "topic"
    }


def wrapper(server: LiveServer, query: str, method: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    else:
        client.setMethod(method)
        client.setRequestMethod(URLENCODED)
    return client


# --- parsing answers ---------------------------------------------------------------------------


def pairs_from_json(document: dict[str, Any]) -> Pairs:
    rows = document["results"]["bindings"]
    return {(row["issue"]["value"], row["label"]["value"]) for row in rows}


def pairs_from_xml(document: Document) -> Pairs:
    found = set()
    for result in document.getElementsByTagName("result"):
        values = {}
        for binding in result.getElementsByTagName("binding"):
            values[binding.getAttribute("name")] = binding.firstChild.firstChild.data
        found.add((values["issue"], values["label"]))
    return found


def pairs_from_csv(data: bytes) -> Pairs:
    return {(row["issue"], row["label"]) for row in csv.DictReader(io.StringIO(data.decode()))}


def pairs_from_results(data: bytes, fmt: QueryResultsFormat) -> Pairs:
    solutions = parse_query_results(data, fmt)
    assert isinstance(solutions, QuerySolutions)
    return {(s["issue"].value, s["label"].value) for s in solutions}


def pairs_from_graph(graph: Graph) -> Pairs:
    return {(str(s), str(o)) for s, o in graph.subject_objects(SKOS.prefLabel)}


def pairs_from_rdf(data: bytes, fmt: RdfFormat) -> Pairs:
    return {
        (t.subject.value, t.object.value)
        for t in parse(data, fmt)
        if t.predicate.value == str(SKOS.prefLabel)
    }


def pairs_from_rdflib(data: bytes, rdflib_format: str) -> Pairs:
    """Read by rdflib (the endpoint writes graphs with pyoxigraph), every graph of the body."""
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_format)
    return {(str(s), str(o)) for s, _, o, _ in dataset.quads((None, SKOS.prefLabel, None, None))}


#: How this test reads an answer, by the media type it was sent as: written out here, not taken
#: from the server's format registry (whose entries say how the server writes), so that a wrong
#: entry cannot agree with itself. Graphs are read by rdflib, results by the standard library
#: (TSV, which it has no reader for, by pyoxigraph).
READERS: dict[str, Callable[[bytes], Pairs]] = {
    "application/sparql-results+json": lambda data: pairs_from_json(json.loads(data)),
    "application/sparql-results+xml": lambda data: pairs_from_xml(parseString(data)),
    "text/csv": pairs_from_csv,
    "text/tab-separated-values": lambda data: pairs_from_results(data, QueryResultsFormat.TSV),
    "text/turtle": lambda data: pairs_from_rdflib(data, "turtle"),
    "application/n-triples": lambda data: pairs_from_rdflib(data, "nt"),
    "application/ld+json": lambda data: pairs_from_rdflib(data, "json-ld"),
    "application/rdf+xml": lambda data: pairs_from_rdflib(data, "xml"),
    "application/trig": lambda data: pairs_from_rdflib(data, "trig"),
    "application/n-quads": lambda data: pairs_from_rdflib(data, "nquads"),
    "text/n3": lambda data: pairs_from_rdflib(data, "n3"),
    "application/json": lambda data: pairs_from_plain_json(data),
}


def pairs_from_plain_json(data: bytes) -> Pairs:
    """``application/json``: SPARQL JSON results when it has a ``head``, else JSON-LD."""
    document = json.loads(data)
    if isinstance(document, dict) and "head" in document:
        return pairs_from_json(document)
    return pairs_from_rdflib(data, "json-ld")


def pairs_from_response(response: TestResponse) -> Pairs:
    """The (issue, label) pairs of an answer, read as its Content-Type says (:data:`READERS`)."""
    return READERS[response.headers["Content-Type"].split(";")[0]](response.data)


# --- SPARQLWrapper: every form, method and format ------------------------------------------------

METHODS = [GET, POST, POSTDIRECTLY]
SELECT_FORMATS: dict[str, Callable[[Any], Pairs]] = {
    JSON: pairs_from_json,
    XML: pairs_from_xml,
    CSV: pairs_from_csv,
    TSV: lambda data: pairs_from_results(data, QueryResultsFormat.TSV),
}
CONSTRUCT_FORMATS: dict[str, Callable[[Any], Pairs]] = {
    TURTLE: lambda data: pairs_from_rdf(data, RdfFormat.TURTLE),
    N3: lambda data: pairs_from_rdf(data, RdfFormat.TURTLE),
    RDFXML: pairs_from_graph,
    XML: pairs_from_graph,
    JSONLD: pairs_from_graph,
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", SELECT_FORMATS)
def test_select(live_server: LiveServer, issues: Pairs, method: str, return_format: str) -> None:
    answer = wrapper(live_server, SELECT_ISSUES, method, return_format).query().convert()
    assert SELECT_FORMATS[return_format](answer) == issues


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", CONSTRUCT_FORMATS)
def test_construct(live_server: LiveServer, issues: Pairs, method: str, return_format: str) -> None:
    answer = wrapper(live_server, CONSTRUCT_ISSUES, method, return_format).query().convert()
    assert CONSTRUCT_FORMATS[return_format](answer) == issues


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize(("query", "expected"), [
    ("ASK { actor:spain a sg:Polity }", True),
    ("ASK { actor:spain a sg:Person }", False),
])  # fmt: skip
def test_ask(
    live_server: LiveServer, method: str, return_format: str, query: str, expected: bool
) -> None:
    answer = wrapper(live_server, PREFIXES + query, method, return_format).query().convert()
    if return_format == JSON:
        assert answer["boolean"] is expected
    elif return_format == XML:
        (element,) = answer.getElementsByTagName("boolean")
        assert element.firstChild.data == str(expected).lower()
    else:  # the one-value table Jena writes (issue 16: this was a 406, which SPARQLWrapper raised)
        assert ask_table(answer, return_format) == expected


def ask_table(data: bytes, return_format: str) -> bool:
    """The answer of an ASK in CSV or TSV: one column ``_askResult``, one row ``true``/``false``."""
    if return_format == CSV:
        assert data.endswith(b"\r\n")
        rows = list(csv.reader(io.StringIO(data.decode())))
        assert rows[0] == ["_askResult"] and len(rows) == 2, rows
        return {"true": True, "false": False}[rows[1][0]]
    table = parse_query_results(data, QueryResultsFormat.TSV)
    assert isinstance(table, QuerySolutions)
    assert [v.value for v in table.variables] == ["_askResult"]
    (row,) = list(table)
    cell = row["_askResult"]
    assert cell.datatype.value == "http://www.w3.org/2001/XMLSchema#boolean"
    return {"true": True, "false": False}[cell.value]


@pytest.mark.parametrize("return_format", [TURTLE, RDFXML, JSONLD])
def test_describe(live_server: LiveServer, return_format: str) -> None:
    query = PREFIXES + "DESCRIBE actor:vlade-radulovic"
    answer = wrapper(live_server, query, GET, return_format).query().convert()
    graph = answer if isinstance(answer, Graph) else Graph().parse(data=answer, format="turtle")
    radulovic = URIRef(data_iri(DEFAULT_BASE_URI, "actor", "vlade-radulovic"))
    assert str(graph.value(radulovic, RDFS.label)) == "Vlade Radulovic"
    assert set(graph.subjects()) == {radulovic}


# --- negotiation: Accept and the format parameters ------------------------------------------------


def send(
    client: FlaskClient,
    method: str = "GET",
    params: dict[str, Any] | str | None = None,
    headers: dict[str, str] | None = None,
    data: Any = None,
) -> TestResponse:
    """A request to ``/sparql`` as ``requests`` sent it.

    ``Accept: */*`` unless the headers name one; redirects followed; the answer read whole.
    ``params`` given as a string is the query string exactly as sent.
    """
    sent = {"Accept": "*/*", **(headers or {})}
    response = client.open(
        "/sparql",
        method=method,
        query_string=params,
        headers=sent,
        data=data,
        follow_redirects=True,
        buffered=True,  # read whole and closed, as a WSGI server does
    )
    assert response.history == ()  # the endpoint answers where it is asked: no redirect
    return response


def ask_endpoint(
    client: FlaskClient, query: str, headers: dict[str, str] | None = None
) -> TestResponse:
    return send(client, params={"query": query}, headers=headers)


SRJ, SRX = "application/sparql-results+json", "application/sparql-results+xml"
TSV_TYPE = "text/tab-separated-values"


@pytest.mark.parametrize(("query", "accept", "expected"), [
    (SELECT_ISSUES, None, SRJ),
    (SELECT_ISSUES, "*/*", SRJ),
    (SELECT_ISSUES, SRX, SRX),
    (SELECT_ISSUES, "text/csv", "text/csv"),
    (SELECT_ISSUES, f"text/csv;q=0.5, {TSV_TYPE}", TSV_TYPE),
    # Issue 17: a browser's Accept gets an HTML table (tests/test_query_page.py); else the data.
    (SELECT_ISSUES, "text/html;q=0.5, */*", SRJ),
    (CONSTRUCT_ISSUES, None, "text/turtle"),
    (CONSTRUCT_ISSUES, "application/n-triples", "application/n-triples"),
    (CONSTRUCT_ISSUES, "application/ld+json", "application/ld+json"),
    (CONSTRUCT_ISSUES, "application/rdf+xml;q=0.9, text/turtle;q=0.1", "application/rdf+xml"),
    (CONSTRUCT_ISSUES, "application/trig", "application/trig"),
    (CONSTRUCT_ISSUES, "application/n-quads", "application/n-quads"),
    # Issue 16: plain JSON is SPARQL JSON for results and JSON-LD for graphs; N3 is Turtle.
    (SELECT_ISSUES, "application/json", "application/json"),
    (CONSTRUCT_ISSUES, "application/json", "application/json"),
    (CONSTRUCT_ISSUES, "text/n3", "text/n3"),
    (CONSTRUCT_ISSUES, "text/n3;q=0.5, application/n-triples;q=0.4", "text/n3"),
    # Named only, never through a wildcard: */* (or text/*) is still Turtle, JSON SPARQL JSON.
    (CONSTRUCT_ISSUES, "text/*", "text/turtle"),
    (CONSTRUCT_ISSUES, "text/turtle;q=0.1, text/*;q=0.5", "text/turtle"),
    (SELECT_ISSUES, "application/*", SRJ),
])  # fmt: skip
def test_accept_chooses_the_format(
    client: FlaskClient, issues: Pairs, query: str, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = ask_endpoint(client, query, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
    assert "Accept" in response.headers["Vary"]
    assert pairs_from_response(response) == issues


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/csv", b"_askResult\r\ntrue\r\n"),
    ("text/tab-separated-values", b"?_askResult\ntrue\n"),
    ("application/json", b'{"head":{},"boolean":true}'),
    ("application/json;q=0.5, application/sparql-results+xml;q=0.4", b'{"head":{},"boolean":true}'),
])  # fmt: skip
def test_ask_in_csv_tsv_and_plain_json(client: FlaskClient, accept: str, expected: bytes) -> None:
    """Issue 16: these were 406. CSV and TSV carry the one-value table Apache Jena writes."""
    response = ask_endpoint(
        client, PREFIXES + "ASK { actor:spain a sg:Polity }", {"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert (
        response.headers["Content-Type"] == f"{accept.split(',')[0].split(';')[0]}; charset=utf-8"
    )
    assert response.data == expected


@pytest.mark.parametrize(("query", "values", "expected"), [
    (SELECT_ISSUES, ["json"], SRJ),
    (SELECT_ISSUES, ["xml"], SRX),
    (SELECT_ISSUES, ["tsv", TSV_TYPE], TSV_TYPE),
    (SELECT_ISSUES, ["", SRX], SRX),
    (CONSTRUCT_ISSUES, ["xml"], "application/rdf+xml"),
    (CONSTRUCT_ISSUES, ["json-ld", "application/ld+json"], "application/ld+json"),
    (CONSTRUCT_ISSUES, ["nt"], "application/n-triples"),
    (CONSTRUCT_ISSUES, ["json"], "application/ld+json"),
    (CONSTRUCT_ISSUES, ["n3"], "text/n3"),
    (CONSTRUCT_ISSUES, ["nq"], "application/n-quads"),
    (SELECT_ISSUES, ["application/json"], "application/json"),
])  # fmt: skip
@pytest.mark.parametrize("parameter", ["format", "output", "results"])
def test_format_parameter_wins_over_accept(
    client: FlaskClient,
    issues: Pairs,
    query: str,
    parameter: str,
    values: list[str],
    expected: str,
) -> None:
    response = send(
        client, params={"query": query, parameter: values}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
    assert pairs_from_response(response) == issues


@pytest.mark.parametrize(("query", "headers", "params"), [
    (CONSTRUCT_ISSUES, {"Accept": "text/csv"}, {}),
    (CONSTRUCT_ISSUES, {}, {"format": "csv"}),
    (CONSTRUCT_ISSUES, {"Accept": "application/sparql-results+json"}, {}),
    ("ASK {}", {"Accept": "text/turtle"}, {}),
    ("ASK {}", {}, {"format": "nt"}),
    (SELECT_ISSUES, {"Accept": "text/turtle"}, {}),
    (SELECT_ISSUES, {"Accept": "image/png"}, {}),
    (SELECT_ISSUES, {}, {"format": "yaml"}),
])  # fmt: skip
def test_a_format_that_cannot_carry_the_answer_is_406(
    client: FlaskClient, query: str, headers: dict[str, str], params: dict[str, str]
) -> None:
    response = send(client, params={"query": query, **params}, headers=headers)
    assert response.status_code == 406
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "cannot carry" in response.text and "available:" in response.text


# --- the dataset: union default graph, protocol and FROM ---------------------------------------------

GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
HAS_ACTORS = PREFIXES + "ASK { ?actor a sg:Actor }"
HAS_STATEMENTS = PREFIXES + "ASK { ?statement a sg:Statement }"


def boolean(response: TestResponse) -> bool:
    assert response.status_code == 200, response.text
    value = response.get_json()["boolean"]
    assert isinstance(value, bool)
    return value


def graph_names(response: TestResponse) -> set[str]:
    assert response.status_code == 200, response.text
    return {row["g"]["value"] for row in response.get_json()["results"]["bindings"]}


def test_the_default_graph_is_the_union_of_the_graphs(client: FlaskClient) -> None:
    assert boolean(ask_endpoint(client, HAS_ACTORS))
    assert boolean(ask_endpoint(client, HAS_STATEMENTS))
    names = graph_names(ask_endpoint(client, GRAPHS_QUERY))
    assert {REGISTRY, ARTICLE, graph_iri(DEFAULT_BASE_URI, "ontology")} <= names


def test_default_graph_uri_replaces_the_union(client: FlaskClient) -> None:
    graph = {"default-graph-uri": REGISTRY}
    for query, expected in ((HAS_ACTORS, True), (HAS_STATEMENTS, False)):
        answers = (
            send(client, params={**graph, "query": query}),
            send(client, "POST", data={**graph, "query": query}),
            send(
                client,
                "POST",
                params=graph,
                data=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            ),
        )
        assert [boolean(answer) for answer in answers] == [expected] * 3


def test_named_graph_uri_limits_the_named_graphs(client: FlaskClient) -> None:
    response = send(client, "POST", data={"query": GRAPHS_QUERY, "named-graph-uri": [REGISTRY]})
    assert graph_names(response) == {REGISTRY}


def test_from_chooses_graphs_of_the_dataset(client: FlaskClient) -> None:
    from_registry = HAS_STATEMENTS.replace("ASK", f"ASK FROM <{REGISTRY}>")
    assert not boolean(ask_endpoint(client, from_registry))
    assert boolean(ask_endpoint(client, HAS_ACTORS.replace("ASK", f"ASK FROM <{REGISTRY}>")))
    named = GRAPHS_QUERY.replace("WHERE", f"FROM NAMED <{ARTICLE}> WHERE")
    assert graph_names(ask_endpoint(client, named)) == {ARTICLE}


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_protocol_graph_outside_the_dataset_is_refused_as_from_is(
    live_server: LiveServer, parameter: str
) -> None:
    """Issue 16: ``default-graph-uri`` outside the dataset answered empty; ``FROM`` got 400."""
    client = wrapper(live_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", GET, JSON)
    (client.addDefaultGraph if parameter == "default-graph-uri" else client.addNamedGraph)(
        ELSEWHERE
    )
    with pytest.raises(QueryBadFormed) as refused:
        client.query()
    assert f"{parameter} <{ELSEWHERE}>: not a graph of this dataset" in str(refused.value)
    client.setQuery(f"SELECT * FROM <{ELSEWHERE}> WHERE {{ ?s ?p ?o }} LIMIT 1")
    client.clearParameter(parameter)
    with pytest.raises(QueryBadFormed) as from_refused:
        client.query()
    assert f"FROM <{ELSEWHERE}>: not a graph of this dataset" in str(from_refused.value)


def test_protocol_dataset_overrides_from(client: FlaskClient) -> None:
    query = HAS_STATEMENTS.replace("ASK", f"ASK FROM <{REGISTRY}>")
    response = send(client, params={"query": query, "default-graph-uri": ARTICLE})
    assert boolean(response)


# --- a GET without a query: service description or query page ------------------------------------


def quad_counts(dist: Path) -> tuple[int, dict[str, int]]:
    """Distinct triples of the union, and triples per named graph, counted from the dump."""
    triples, per_graph = set(), {}
    for quad in parse(path=dist / "dataset.nq", format=RdfFormat.N_QUADS):
        triples.add(quad.triple)
        per_graph[quad.graph_name.value] = per_graph.get(quad.graph_name.value, 0) + 1
    return len(triples), per_graph


#: How the service description is read, by the media type it is asked for and sent as.
DESCRIPTION_READERS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    # Issue 16: N-Quads was a 500 (rdflib refuses a plain graph); the others were 406.
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
    "text/n3": RdfFormat.TURTLE,
    "application/json": RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("accept", [*DESCRIPTION_READERS, None])
def test_service_description(client: FlaskClient, seed_dist: Path, accept: str | None) -> None:
    response = send(client, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    media_type = response.headers["Content-Type"].split(";")[0]
    assert media_type == (accept or "text/turtle")
    # Read by pyoxigraph (the description is written by rdflib), as the media type says.
    read_as = DESCRIPTION_READERS
    ntriples = serialize(parse(response.data, read_as[media_type]), format=RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=ntriples, format="nt")
    # The endpoint under the configured base, as VoID names it: never the Host a client sent.
    endpoint = URIRef(DEFAULT_BASE_URI + "sparql")
    service = graph.value(None, URIRef(SD + "endpoint"), endpoint)
    assert service is not None
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    assert (service, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in graph
    formats = {str(o) for o in graph.objects(service, URIRef(SD + "resultFormat"))}
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle"):
        assert f"http://www.w3.org/ns/formats/{name}" in formats
    union, per_graph = quad_counts(seed_dist)
    dataset = graph.value(service, URIRef(SD + "defaultDataset"))
    default = graph.value(dataset, URIRef(SD + "defaultGraph"))
    assert graph.value(default, VOID_TRIPLES).toPython() == union
    described = {
        str(graph.value(named, URIRef(SD + "name"))): graph.value(
            graph.value(named, URIRef(SD + "graph")), VOID_TRIPLES
        ).toPython()
        for named in graph.objects(dataset, URIRef(SD + "namedGraph"))
    }
    assert described == per_graph


def test_browsers_get_the_query_page(client: FlaskClient) -> None:
    response = send(client, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.text
    # A path on this server, whatever Host the client sent (never http://localhost/…).
    assert '<form id="plain-form" class="query-form" method="get" action="/sparql">' in page
    assert "http://localhost" not in page
    assert '<textarea id="query" name="query"' in page
    assert "yasgui.min.js" in page
    for example in examples(DEFAULT_BASE_URI):
        assert example.title.replace("'", "&#39;") in page
    described = send(client, params={"format": "turtle"}, headers={"Accept": "text/html"})
    assert 'href="/sparql?format=turtle"' in page
    assert described.request.path == "/sparql"
    assert described.headers["Content-Type"] == "text/turtle; charset=utf-8"


# --- CORS ------------------------------------------------------------------------------------------


def test_answers_allow_any_origin_without_credentials(client: FlaskClient) -> None:
    origin = {"Origin": "https://example.org"}
    for response in (
        ask_endpoint(client, SELECT_ISSUES, headers=origin),
        ask_endpoint(client, "ASK {", headers=origin),
        send(client, headers=origin),
    ):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_preflight(client: FlaskClient) -> None:
    response = send(
        client,
        "OPTIONS",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"


# --- bad requests: status and a one-line reason ---------------------------------------------------

BAD_REQUESTS = [
    ("GET", {"query": "SELECT * WHERE {\n  ?s ?p"}, {}, None, 400, "query syntax: error at 2:"),
    ("GET", {"query": "SELECT * {} SELECT * {}"}, {}, None, 400, "query syntax: error at 1:"),
    ("GET", {"query": ["ASK {}", "ASK {}"]}, {}, None, 400, "2 queries"),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o FILTER(<urn:no-such-function>(?o)) }"}, {}, None,
     400, "query evaluation: The custom function <urn:no-such-function> is not supported"),
    ("POST", {}, {"Content-Type": "text/plain"}, b"ASK {}", 415, "Content-Type text/plain"),
    ("POST", {}, {}, b"ASK {}", 415, "needs a Content-Type"),
    ("POST", {}, {"Content-Type": "application/sparql-query; charset=latin-1"}, b"ASK {}", 415,
     "charset=latin-1"),
    ("POST", {}, {"Content-Type": "application/sparql-query"}, b'ASK { ?s ?p "\xe9" }', 400,
     "not UTF-8"),
    ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"query=ASK%20%7B%FF%7D",
     400, "UTF-8"),
    ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"format=json", 400,
     "no query"),
    ("POST", {"query": "ASK {}"}, {"Content-Type": "application/sparql-query"}, b"ASK {}", 400,
     "both in the URL and in the"),
    ("GET", {"query": "ASK {}", "default-graph-uri": "not an IRI"}, {}, None, 400, "not an IRI"),
    # Issue 16: a graph outside the dataset is refused as FROM's is, not answered empty.
    ("GET", {"query": "ASK {}", "default-graph-uri": ELSEWHERE}, {}, None, 400,
     f"default-graph-uri <{ELSEWHERE}>: not a graph of this dataset"),
    ("GET", {"query": "ASK {}", "named-graph-uri": [REGISTRY, ELSEWHERE]}, {}, None, 400,
     f"named-graph-uri <{ELSEWHERE}>: not a graph of this dataset"),
    ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"},
     f"query=ASK%7B%7D&default-graph-uri={ELSEWHERE}".encode(), 400,
     f"default-graph-uri <{ELSEWHERE}>: not a graph of this dataset"),
    ("POST", {"named-graph-uri": ELSEWHERE}, {"Content-Type": "application/sparql-query"},
     b"ASK {}", 400, f"named-graph-uri <{ELSEWHERE}>: not a graph of this dataset"),
    # Issue 16: a query string whose escapes are not UTF-8 is refused as a body's is.
    ("GET", "query=ASK%20%7B%FF%7D", {}, None, 400,
     "parameter query in the query string is not UTF-8 once percent-decoded"),
    ("GET", "query=ASK%7B%7D&format=%C3%28", {}, None, 400,
     "parameter format in the query string is not UTF-8 once percent-decoded"),
    ("POST", "format=%FF", {"Content-Type": "application/sparql-query"}, b"ASK {}", 400,
     "parameter format in the query string is not UTF-8"),
    ("PUT", {"query": "ASK {}"}, {}, None, 405, "use GET or POST"),
    ("DELETE", {"query": "ASK {}"}, {}, None, 405, "use GET or POST"),
    ("POST", {}, {"Content-Type": "application/sparql-query"}, b"ASK {}" + b" " * 100_000, 413,
     "max_query_length"),
]  # fmt: skip


@pytest.mark.parametrize(("target", "reason"), [
    (b"/sparql?query=ASK%20%7B%FF%7D", b"parameter query in the query string is not UTF-8 once "
                                       b"percent-decoded"),
    (b"/sparql?query=ASK%7B%7D&format=%C3%28", b"parameter format in the query string is not "
                                              b"UTF-8 once percent-decoded"),
])  # fmt: skip
def test_a_query_string_that_is_not_utf8_is_400_from_gunicorn(
    live_server: LiveServer, target: bytes, reason: bytes
) -> None:
    """Issue 16: ``%FF`` was kept as those three characters and the query ran (a body's got 400)."""
    answer = get(live_server.port, target, {"Accept": "*/*"})
    assert answer.status == 400
    assert answer.body == b"400 Bad Request: " + reason + b"\n"


def test_raw_bytes_of_a_query_string_that_are_not_utf8_are_refused(app: Flask) -> None:
    """As a WSGI server may hand them on (gunicorn itself refuses bytes beyond ASCII in the URL)."""
    raw = "query=ASK%7B%7D%23\xff"  # the byte 0xFF, as WSGI's latin-1 string carries it
    with (
        app.test_request_context("/sparql", environ_overrides={"QUERY_STRING": raw}),
        pytest.raises(BadRequest, match=r"^the query string is not UTF-8 \(byte 18\)$"),
    ):
        query_string()


@pytest.mark.parametrize(("method", "params", "headers", "body", "status", "reason"), BAD_REQUESTS)
def test_bad_requests_get_a_status_and_a_one_line_reason(
    client: FlaskClient,
    method: str,
    params: dict[str, Any] | str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    reason: str,
) -> None:
    response = send(client, method, params=params, headers=headers, data=body)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.text
    assert text.endswith("\n") and "\n" not in text.rstrip("\n")
    assert reason in text
    if status == 405:
        assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_the_query_page_and_description_never_name_the_clients_host(client: FlaskClient) -> None:
    """A forged Host is in no link, form or sd:endpoint (issue 16, attack 5)."""
    forged = {"Host": "evil.example"}
    page = client.get("/sparql", headers={**forged, "Accept": "text/html"})
    description = client.get("/sparql", headers={**forged, "Accept": "text/turtle"})
    assert page.status_code == description.status_code == 200
    assert "evil.example" not in page.text and "evil.example" not in description.text
    graph = Graph().parse(data=description.text, format="turtle")
    assert list(graph.subjects(URIRef(SD + "endpoint"), URIRef(DEFAULT_BASE_URI + "sparql")))
