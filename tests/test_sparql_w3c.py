"""The W3C SPARQL 1.1 Protocol test suite, replayed against the application over its data.

Each exchange is sent through Flask's test client to ``create_app`` over the suite's dataset
(what ``stancegraph serve --dataset`` serves), in this process.

The manifest's data files are served as the named graphs it names, and so is ``data0.rdf``, which
the suite's setup loads too (its index page lists data0.rdf to data3.rdf) but does not
distribute: the query tests name it as ``default-graph-uri``, and the endpoint refuses a graph
outside its dataset with 400, as the protocol allows. One triple stands in for its content, which
no query of the suite reads. Query tests must pass as written; bad-request tests must get a 4xx; update tests
must be refused (403) because the endpoint is read-only, and their follow-up queries must show
that nothing changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from werkzeug.test import TestResponse

from tests.conftest import ROOT, make_app

SUITE = ROOT / "tests" / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
#: The graph the query tests name as their dataset (not among the manifest's data files).
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what the manifest expects of its response."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]
    boolean: bool | None
    shape: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    exchanges: tuple[Exchange, ...]


def _manifest() -> Graph:
    graph = Graph()
    graph.parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")
    return graph


def _exchange(graph: Graph, request: URIRef) -> Exchange:
    headers = {}
    for header in Collection(graph, graph.value(request, HT.headers) or RDF.nil):
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    content = graph.value(request, HT.body)
    body = None
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(request, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    shape = graph.value(response, MF.expectedFormat)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        headers=headers,
        body=body,
        statuses=frozenset(
            str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)
        ),
        boolean=None if boolean is None else bool(boolean.toPython()),
        shape=None if shape is None else str(shape),
    )


def protocol_tests() -> list[ProtocolTest]:
    """Every test of the manifest, in manifest order."""
    graph = _manifest()
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests_ = Collection(graph, graph.value(action, HT.requests))
        name = str(entry).rsplit("#", 1)[-1]
        tests.append(ProtocolTest(name, tuple(_exchange(graph, r) for r in requests_)))
    return tests


TESTS = protocol_tests()
QUERY_TESTS = [t for t in TESTS if t.name.startswith("query_")]
BAD_TESTS = [t for t in TESTS if t.name.startswith("bad_")]
UPDATE_TESTS = [t for t in TESTS if t.name.startswith("update_")]


def test_the_manifest_has_the_tests_the_issue_counts() -> None:
    assert (len(QUERY_TESTS), len(BAD_TESTS), len(UPDATE_TESTS)) == (13, 14, 7)


@pytest.fixture(scope="module")
def w3c_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """The manifest's data files as the named graphs it names, and data0.rdf, in one N-Quads file."""
    graph = _manifest()
    data0 = NamedNode(DATA0)
    quads = {Quad(data0, NamedNode(str(RDFS.comment)), Literal("stands in for data0.rdf"), data0)}
    for data in graph.objects(None, UT.graphData):
        name = NamedNode(str(graph.value(data, RDFS.label)))
        source = Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
        for triple in parse(path=source, format=RdfFormat.N_TRIPLES):
            quads.add(Quad(triple.subject, triple.predicate, triple.object, name))
    folder = tmp_path_factory.mktemp("w3c")
    path = folder / "protocol.nq"
    serialize(sorted(quads, key=str), path, format=RdfFormat.N_QUADS)
    return make_app({"dataset": str(path), "dist_dir": str(folder)}).test_client()


def send(client: FlaskClient, exchange: Exchange) -> TestResponse:
    # No Content-Type is added to a body unless the test names one: the "missing type" tests
    # send none. Accept is */* unless the test names one, as an HTTP client would send it.
    return client.open(
        exchange.path,
        method=exchange.method,
        headers={"Accept": "*/*", **exchange.headers},
        data=exchange.body,
        follow_redirects=True,
        buffered=True,  # read whole and closed, as a WSGI server does
    )


def status_class(response: TestResponse) -> str:
    return f"StatusCode{response.status_code // 100}xx"


def boolean_of(response: TestResponse) -> bool:
    media_type = response.headers["Content-Type"].split(";")[0]
    if media_type == "application/sparql-results+json":
        value = json.loads(response.data)["boolean"]
        assert isinstance(value, bool)
        return value
    assert media_type == "application/sparql-results+xml", media_type
    element = ElementTree.fromstring(response.data).find(f"{SRX}boolean")
    assert element is not None
    return element.text == "true"


SHAPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: t.name)
def test_query(w3c_client: FlaskClient, test: ProtocolTest) -> None:
    for exchange in test.exchanges:
        response = send(w3c_client, exchange)
        assert status_class(response) in exchange.statuses, response.text
        if exchange.shape:
            assert response.headers["Content-Type"].split(";")[0] in SHAPES[exchange.shape]
        if exchange.boolean is not None:
            assert boolean_of(response) is exchange.boolean


@pytest.mark.parametrize("test", BAD_TESTS, ids=lambda t: t.name)
def test_bad_request(w3c_client: FlaskClient, test: ProtocolTest) -> None:
    (exchange,) = test.exchanges
    response = send(w3c_client, exchange)
    assert status_class(response) == "StatusCode4xx"
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.strip() and "\n" not in response.text.strip()


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: t.name)
def test_update_is_refused(w3c_client: FlaskClient, test: ProtocolTest) -> None:
    update, *checks = test.exchanges
    response = send(w3c_client, update)
    assert response.status_code == 403
    assert "read-only" in response.text
    for check in checks:  # each asks whether the update took effect: it must not have
        response = send(w3c_client, check)
        assert response.status_code == 200
        assert boolean_of(response) is not check.boolean
