"""The Linked Data server: handlers through Flask's test client, real clients over HTTP.

Negotiation, headers, statuses and content are asked of the application in this process
(``client``); rdflib dereferencing IRIs, several workers and ``stancegraph serve`` itself are
tried against a live server on a port of its own (``live_server``).
"""

from __future__ import annotations

import gzip
import os
import re
import signal
from collections.abc import Callable
from http.client import HTTPConnection, HTTPMessage
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pytest
import requests
from flask.testing import FlaskClient
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, RDFS, SKOS
from werkzeug.test import TestResponse

from stancegraph.core.formats import BY_NAME, RESOURCE_FORMATS, Format, Kind
from stancegraph.stores.store import load
from stancegraph.vocabulary import DEFAULT_BASE_URI, NIF, ONTOLOGY_TTL, SG, SHAPES_TTL, VOID

BASE = DEFAULT_BASE_URI
ACTOR = "id/actor/vlade-radulovic"
ACTOR_IRI = URIRef(BASE + ACTOR)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TURTLE, HTML, JSONLD = BY_NAME["turtle"], BY_NAME["html"], BY_NAME["jsonld"]
RDFXML, NTRIPLES = BY_NAME["rdfxml"], BY_NAME["ntriples"]
TRIG, NQUADS, N3, JSON = BY_NAME["trig"], BY_NAME["nquads"], BY_NAME["n3"], BY_NAME["json-graph"]
#: How this test reads each RDF media type: pyoxigraph's parser for it, written out here and not
#: taken from the server's format registry (whose entries say how the server writes), so that a
#: wrong entry cannot agree with itself. The server writes documents with rdflib.
PARSERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/n3": ox.RdfFormat.TURTLE,  # the N3 the server writes is Turtle, which is N3
    "application/json": ox.RdfFormat.JSON_LD,
}

#: Accept header → the format the server must choose (None: 406 Not Acceptable).
ACCEPT_TABLE: list[tuple[str, Format | None]] = [
    ("*/*", TURTLE),
    ("text/*", TURTLE),
    ("", TURTLE),
    ("text/turtle", TURTLE),
    ("application/x-turtle", TURTLE),
    ("text/html", HTML),
    ("application/xhtml+xml", HTML),
    ("application/ld+json", JSONLD),
    ("application/rdf+xml", RDFXML),
    ("application/n-triples", NTRIPLES),
    (BROWSER, HTML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", JSONLD),
    ("application/rdf+xml;q=0.3, text/html;q=0.2, */*;q=0.1", RDFXML),
    ("text/turtle;q=0.1, */*", HTML),  # the specific range sets Turtle's quality, not */*
    ("text/*;q=0.2, application/n-triples", NTRIPLES),
    ("TEXT/TURTLE", TURTLE),
    # Issue 16: these were 406 (N-Quads and TriG carry the description as the default graph).
    ("application/n-quads", NQUADS),
    ("application/trig", TRIG),
    ("text/n3", N3),
    ("application/json", JSON),
    ("application/json;q=0.9, application/ld+json", JSONLD),
    # Labels of another format's bytes count only when named, never through a wildcard.
    ("text/turtle;q=0.1, text/*;q=0.5", HTML),
    ("application/*", JSONLD),
    ("image/png", None),
    ("text/turtle;q=0", None),
    ("garbage", None),
    ("*/html;q=1", None),
]

#: A resource of every kind and a triple its description must hold.
KIND_TABLE = [
    (ACTOR, (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic"))),
    ("id/issues", (URIRef(BASE + "id/issues"), RDF.type, SKOS.ConceptScheme)),
    ("id/issue/kosovo-nato-membership", (URIRef(BASE + "id/issue/kosovo-nato-membership"),
                                         RDF.type, SG.Issue)),
    ("id/article/kosovo-nato-membership", (URIRef(BASE + "id/article/kosovo-nato-membership"),
                                           RDF.type, SG.Article)),
    ("id/statement/kosovo-nato-membership-brankovic-q1",
     (URIRef(BASE + "id/statement/kosovo-nato-membership-brankovic-q1"), RDF.type, SG.DirectQuote)),
    ("id/position/kosovo-nato-membership-brankovic-near-term",
     (URIRef(BASE + "id/position/kosovo-nato-membership-brankovic-near-term"), SG.stance,
      SG.Against)),
]  # fmt: skip


def get(url: str, accept: str | None = None, **kwargs: object) -> requests.Response:
    headers = {} if accept is None else {"Accept": accept}
    headers.update(kwargs.pop("headers", {}))  # type: ignore[arg-type]
    return requests.get(url, headers=headers, timeout=10, **kwargs)  # type: ignore[arg-type]


def fetch(
    client: FlaskClient,
    path: str,
    accept: str | None = None,
    *,
    follow: bool = True,
    headers: dict[str, str] | None = None,
) -> TestResponse:
    """A GET of the app as :func:`get` sends it: ``Accept: */*`` unless told, redirects followed.

    Every redirect followed must be a 303: the only one the site makes.
    """
    sent = {"Accept": "*/*" if accept is None else accept, **(headers or {})}
    # Buffered: the answer is read whole and closed, as a WSGI server does.
    response = client.get(path, headers=sent, follow_redirects=follow, buffered=True)
    assert [hop.status_code for hop in response.history] == [303] * len(response.history)
    return response


def parse(data: bytes, media_type: str) -> Graph:
    """The triples of a body sent as ``media_type``, read by pyoxigraph (see :data:`PARSERS`)."""
    quads = ox.parse(data, PARSERS[media_type])
    ntriples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples, format="nt")


def media_type(response: TestResponse) -> str:
    """The media type a response says it is, without parameters."""
    return response.headers["Content-Type"].split(";")[0]


@pytest.mark.parametrize(("path", "triple"), KIND_TABLE, ids=[k[0] for k in KIND_TABLE])
def test_rdflib_follows_the_303_to_a_description(live_server, path, triple) -> None:
    moved = get(f"{live_server.url}/{path}", "text/turtle", allow_redirects=False)
    assert moved.status_code == 303  # not any redirect: See Other, a thing is not a document
    assert moved.headers["Location"] == "/" + path.replace("id/", "doc/", 1) + ".ttl"
    graph = Graph().parse(f"{live_server.url}/{path}")
    assert triple in graph


#: Comunica's default Accept header: N-Quads first.
COMUNICA_ACCEPT = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
    "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,text/n3;q=0.35,"
    "application/xml;q=0.3,image/svg+xml;q=0.3,text/xml;q=0.3,text/html;q=0.2,"
    "application/xhtml+xml;q=0.18,application/json;q=0.135,text/shaclc;q=0.1,"
    "text/shaclc-ext;q=0.05"
)


@pytest.mark.parametrize(("accept", "fmt"), [
    (COMUNICA_ACCEPT, NQUADS),
    ("application/n-quads", NQUADS),
    ("application/trig", TRIG),
    ("text/n3", N3),
    ("application/json", JSON),
])  # fmt: skip
def test_a_client_gets_the_format_it_names_through_the_303(
    live_server, accept: str, fmt: Format
) -> None:
    """Issue 16: N-Quads (Comunica's first choice), TriG, N3 and plain JSON were 406."""
    response = get(f"{live_server.url}/{ACTOR}", accept)
    assert [hop.status_code for hop in response.history] == [303]
    assert response.url == f"{live_server.url}/doc/actor/vlade-radulovic.{fmt.extension}"
    assert response.headers["Content-Type"] == f"{fmt.media_type}; charset=utf-8"
    graph = parse(response.content, fmt.media_type)
    assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in graph
    turtle = get(f"{live_server.url}/doc/actor/vlade-radulovic.ttl")
    assert isomorphic(graph, Graph().parse(data=turtle.content, format="turtle"))
    if fmt.kind is Kind.DATASET:  # the description is the default graph: no graph names
        quads = ox.parse(response.content, PARSERS[fmt.media_type])
        assert {quad.graph_name for quad in quads} == {ox.DefaultGraph()}


def test_description_holds_own_nodes_and_labels_of_linked_resources(live_server) -> None:
    graph = Graph().parse(f"{live_server.url}/{ACTOR}")
    memberships = [
        m for m in graph.subjects(RDF.type, ORG.Membership) if str(m).startswith(f"{ACTOR_IRI}#")
    ]
    assert len(memberships) == 1
    organization = graph.value(memberships[0], ORG.organization)
    assert str(organization) == BASE + "id/actor/center-for-geostrategic-research-and-terrorism"
    assert graph.value(organization, RDFS.label) == Literal(
        "Center for Geostrategic Research and Terrorism"
    )
    assert (organization, RDF.type, None) not in graph  # only the label of what it links to


def test_statement_description_holds_its_span(live_server) -> None:
    graph = Graph().parse(f"{live_server.url}/id/statement/kosovo-nato-membership-brankovic-q1")
    span = graph.value(URIRef(BASE + "id/statement/kosovo-nato-membership-brankovic-q1"), SG.span)
    assert str(span) == BASE + "id/article/kosovo-nato-membership#char=12232,12792"
    anchor = graph.value(span, NIF.anchorOf)
    assert str(anchor).startswith("This is not something new.")


@pytest.mark.parametrize(
    ("accept", "expected"), ACCEPT_TABLE, ids=[a or "none" for a, _ in ACCEPT_TABLE]
)
def test_thing_redirects_by_accept(client: FlaskClient, accept, expected) -> None:
    response = fetch(client, f"/{ACTOR}", accept, follow=False)
    assert "Accept" in response.headers.get("Vary", "")
    if expected is None:
        assert response.status_code == 406
        for fmt in RESOURCE_FORMATS:
            assert fmt.media_type in response.text
        return
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/actor/vlade-radulovic.{expected.extension}"


@pytest.mark.parametrize(
    ("accept", "expected"), ACCEPT_TABLE, ids=[a or "none" for a, _ in ACCEPT_TABLE]
)
def test_document_negotiates_and_names_its_variant(client: FlaskClient, accept, expected) -> None:
    response = fetch(client, "/doc/actor/vlade-radulovic", accept)
    if expected is None:
        assert response.status_code == 406
        # The error in the form asked for: JSON for application/json, else plain text.
        error_type = "application/json" if accept == "application/json" else "text/plain"
        assert response.headers["Content-Type"].startswith(error_type)
        return
    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected.content_type
    assert (
        response.headers["Content-Location"] == f"/doc/actor/vlade-radulovic.{expected.extension}"
    )
    assert "Accept" in response.headers["Vary"]
    if expected is HTML:
        assert "<h1>Vlade Radulovic</h1>" in response.text
    else:
        assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in parse(
            response.data, media_type(response)
        )


@pytest.mark.parametrize("fmt", RESOURCE_FORMATS, ids=lambda f: f.extension)
def test_extension_urls_do_not_negotiate(client: FlaskClient, fmt) -> None:
    response = fetch(client, f"/doc/actor/vlade-radulovic.{fmt.extension}", "image/png")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == fmt.content_type
    assert "Accept" not in response.headers.get("Vary", "")
    assert "Vlade Radulovic" in response.text
    if fmt is not HTML:  # the body is what its Content-Type says, and the same triples as Turtle
        graph = parse(response.data, media_type(response))
        turtle = fetch(client, "/doc/actor/vlade-radulovic.ttl")
        assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
        assert isomorphic(graph, Graph().parse(data=turtle.data, format="turtle"))
        assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in graph


@pytest.mark.parametrize("fmt", RESOURCE_FORMATS, ids=lambda f: f.extension)
def test_strong_etag_and_last_modified_answer_conditional_requests(
    client: FlaskClient, fmt
) -> None:
    path = f"/doc/actor/vlade-radulovic.{fmt.extension}"
    first = fetch(client, path)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}-[0-9a-f]{16}"', etag)  # strong: no W/ prefix
    assert first.headers["Last-Modified"].endswith("GMT")
    again = fetch(client, path)  # same bytes, same tag (across workers: see below)
    assert (again.headers["ETag"], again.data) == (etag, first.data)
    not_modified = fetch(client, path, headers={"If-None-Match": etag})
    assert (not_modified.status_code, not_modified.data) == (304, b"")
    assert not_modified.headers["ETag"] == etag
    since = fetch(client, path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert fetch(client, path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_etags_differ_between_formats_and_resources(client: FlaskClient) -> None:
    tags = {
        fetch(client, f"/doc/{path}.{fmt.extension}").headers["ETag"]
        for path in ("actor/vlade-radulovic", "actor/darko-obradovic")
        for fmt in RESOURCE_FORMATS
    }
    assert len(tags) == 2 * len(RESOURCE_FORMATS)


@pytest.mark.parametrize(
    "path", ["/doc/actor/vlade-radulovic", "/doc/actor/vlade-radulovic.html", "/ontology"]
)
def test_head_has_the_headers_of_get_and_no_body(client: FlaskClient, path) -> None:
    full = fetch(client, path, "text/html")
    head = client.head(path, headers={"Accept": "text/html"}, buffered=True)
    assert head.status_code == 200
    assert head.data == b""
    for name in ("Content-Type", "ETag", "Last-Modified", "Content-Length", "Link"):
        assert head.headers[name] == full.headers[name], name


def test_html_links_every_rdf_variant_and_embeds_the_json_ld(client: FlaskClient) -> None:
    response = fetch(client, "/doc/actor/vlade-radulovic.html")
    link = response.headers["Link"]
    for fmt in RESOURCE_FORMATS:
        alternate = f'</doc/actor/vlade-radulovic.{fmt.extension}>; rel="alternate"'
        if fmt is not HTML and fmt.advertised:
            assert f'{alternate}; type="{fmt.media_type}"' in link
        elif fmt is not HTML:  # N3 and plain JSON: Turtle and JSON-LD under another name
            assert alternate not in link
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert match is not None
    embedded = parse(match.group(1).encode(), "application/ld+json")
    served = fetch(client, "/doc/actor/vlade-radulovic.jsonld")
    assert media_type(served) == "application/ld+json"
    served = parse(served.data, "application/ld+json")
    assert isomorphic(embedded, served)
    assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in embedded


EMBEDDED_PAGES = ["/doc/actor/vlade-radulovic", "/doc/article/kosovo-nato-membership",
                  "/doc/issues", "/ontology"]  # fmt: skip


@pytest.mark.parametrize("path", EMBEDDED_PAGES)
def test_embedded_json_ld_is_the_default_graph_as_html_processing_reads_it(
    live_server, path: str
) -> None:
    """Issue 16: the page's scripts, read as the JSON-LD API reads HTML (every script's content
    in one array, ``extractAllScripts``), give the page's triples in the default graph; a top-level
    ``@graph`` there names a graph by a blank node (Comunica found 0 triples in the default graph).
    """
    page = get(f"{live_server.url}{path}", "text/html")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S)
    assert len(scripts) == 1
    turtle = parse(get(f"{live_server.url}{path}", "text/turtle").content, "text/turtle")
    assert len(turtle) > 5
    for document in (scripts[0], f"[{scripts[0]}]"):  # on its own; as HTML processing wraps it
        quads = list(ox.parse(document.encode(), ox.RdfFormat.JSON_LD, base_iri=BASE))
        assert {q.graph_name for q in quads} == {ox.DefaultGraph()}
        assert isomorphic(parse(document.encode(), "application/ld+json"), turtle)


def test_json_ld_is_compacted_with_the_project_context(client: FlaskClient) -> None:
    data = fetch(client, "/doc/actor/vlade-radulovic.jsonld").get_json()
    assert data["@context"]["sg"] == str(SG)
    nodes = {node["@id"]: node for node in data["@graph"]}
    assert "rdfs:label" in nodes[str(ACTOR_IRI)]


def test_any_host_describes_the_canonical_iri_and_pages_link_locally(client: FlaskClient) -> None:
    headers = {"Host": "example.org:1234"}
    turtle = fetch(client, "/doc/actor/vlade-radulovic.ttl", headers=headers)
    graph = parse(turtle.data, media_type(turtle))
    assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in graph
    hosts = ("example.org", "127.0.0.1", "localhost")
    assert not [s for s in graph.subjects() if any(host in str(s) for host in hosts)]
    page = fetch(client, "/doc/actor/vlade-radulovic.html", headers=headers).text
    assert 'href="/id/actor/center-for-geostrategic-research-and-terrorism"' in page
    assert f'href="{BASE}id/' not in page


@pytest.mark.parametrize(
    ("accept", "media_type", "text"),
    [("text/html", "text/html", "<h1>Not Found</h1>"), ("*/*", "text/plain", "404 Not Found"),
     ("application/ld+json", "text/plain", "404 Not Found"), (BROWSER, "text/html", "Not Found")],
)  # fmt: skip
def test_unknown_path_is_a_404_page_or_text(client: FlaskClient, accept, media_type, text) -> None:
    response = fetch(client, "/no/such/page", accept)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith(media_type)
    assert text in response.text


def test_unknown_resource_404_names_its_iri(client: FlaskClient) -> None:
    response = fetch(client, "/id/actor/nobody", "text/turtle")
    assert response.status_code == 404
    assert f"{BASE}id/actor/nobody" in response.text


def test_healthz_reports_the_triple_count(client: FlaskClient, seed_dist: Path) -> None:
    response = fetch(client, "/healthz")
    assert response.status_code == 200
    lines = (seed_dist / "dataset.nq").read_text(encoding="utf-8").splitlines()
    assert response.get_json()["triples"] == len([line for line in lines if line.strip()])


def test_dataset_description_counts_triples_and_graphs(live_server) -> None:
    graph = Graph().parse(f"{live_server.url}/dataset.ttl", format="turtle")
    dataset = URIRef(BASE + "dataset")
    total = get(f"{live_server.url}/healthz").json()["triples"]
    assert graph.value(dataset, VOID.triples).toPython() == total
    subsets = list(graph.objects(dataset, VOID.subset))
    assert {str(s).rsplit("/", 1)[-1] for s in subsets} >= {
        "registry",
        "ontology",
        "kosovo-nato-membership",
    }
    assert sum(graph.value(s, VOID.triples).toPython() for s in subsets) == total
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert URIRef(str(SG)) in set(graph.objects(dataset, VOID.vocabulary))
    statements = [
        p
        for p in graph.objects(dataset, VOID.classPartition)
        if graph.value(p, VOID["class"]) == SG.Statement
    ]
    assert graph.value(statements[0], VOID.entities).toPython() == 39


def test_well_known_void_redirects_to_the_dataset(live_server) -> None:
    response = get(f"{live_server.url}/.well-known/void", allow_redirects=False)
    assert response.status_code == 303  # See Other: the description is another resource
    assert response.headers["Location"] == "/dataset"
    assert (URIRef(BASE + "dataset"), RDF.type, VOID.Dataset) in Graph().parse(
        f"{live_server.url}/.well-known/void"
    )


def test_home_sends_rdf_clients_to_the_dataset(client: FlaskClient) -> None:
    response = fetch(client, "/", "text/turtle", follow=False)
    assert (response.status_code, response.headers["Location"]) == (303, "/dataset.ttl")
    assert "Stances" in fetch(client, "/", "text/html").text


DUMPS = [("dataset.nq", "application/n-quads"), ("dataset.trig", "application/trig"),
         ("dataset.ttl", "text/turtle"), ("dataset.jsonld", "application/ld+json"),
         ("dataset.nt", "application/n-triples"), ("dataset.nq.gz", "application/gzip")]  # fmt: skip


@pytest.mark.parametrize(("name", "media_type"), DUMPS, ids=[d[0] for d in DUMPS])
def test_dumps_download_and_parse(client: FlaskClient, seed_dist: Path, name, media_type) -> None:
    response = fetch(client, f"/dumps/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.data == (seed_dist / name).read_bytes()
    data = gzip.decompress(response.data) if name.endswith(".gz") else response.data
    graph = parse(data, "application/n-quads" if name.endswith(".gz") else media_type)
    assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in graph
    tag = response.headers["ETag"]
    assert fetch(client, f"/dumps/{name}", headers={"If-None-Match": tag}).status_code == 304


def test_unknown_dump_is_404(client: FlaskClient) -> None:
    assert fetch(client, "/dumps/secrets.txt").status_code == 404


class Raw(NamedTuple):
    status: int
    headers: HTTPMessage
    body: bytes


def raw(server, path: str, headers: dict[str, str], method: str = "GET") -> Raw:
    """An answer as sent, its body not decoded (``requests`` would gunzip it)."""
    connection = HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return Raw(response.status, response.headers, response.read())
    finally:
        connection.close()


#: Accept-Encoding → whether the N-Quads dump comes gzip-encoded.
ACCEPT_ENCODINGS = [("gzip", True), ("gzip, deflate, br", True), ("br;q=1, gzip;q=0.5", True),
                    ("*", True), (None, False), ("identity", False), ("gzip;q=0", False),
                    ("deflate", False)]  # fmt: skip


@pytest.mark.parametrize(("accept_encoding", "encoded"), ACCEPT_ENCODINGS)
def test_nquads_dump_is_gzip_encoded_for_clients_that_accept_it(
    live_server, seed_dist: Path, accept_encoding: str | None, encoded: bool
) -> None:
    """Issue 16: Comunica cannot read ``application/gzip``; ``dataset.nq`` with
    ``Content-Encoding: gzip`` it can (and every HTTP client decodes it)."""
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    answer = raw(live_server, "/dumps/dataset.nq", headers)
    identity = (seed_dist / "dataset.nq").read_bytes()
    body = answer.body
    assert answer.status == 200
    assert answer.headers["Content-Type"].split(";")[0] == "application/n-quads"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert int(answer.headers["Content-Length"]) == len(body)
    if encoded:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert body == (seed_dist / "dataset.nq.gz").read_bytes()
        assert gzip.decompress(body) == identity
        assert len(body) < len(identity)
    else:
        assert answer.headers["Content-Encoding"] is None
        assert body == identity


def test_gzip_encoded_dump_keeps_head_range_and_conditional_requests(
    live_server, seed_dist: Path
) -> None:
    gz = (seed_dist / "dataset.nq.gz").read_bytes()
    identity = (seed_dist / "dataset.nq").read_bytes()
    zipped, plain = {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"}

    def nquads(headers: dict[str, str], method: str = "GET") -> Raw:
        return raw(live_server, "/dumps/dataset.nq", headers, method)

    full = nquads(zipped)
    tag, identity_tag = full.headers["ETag"], nquads(plain).headers["ETag"]
    assert tag != identity_tag  # two representations, two entity tags
    head = nquads(zipped, "HEAD")
    assert head.body == b""
    for name in ("Content-Type", "Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head.headers[name] == full.headers[name], name
    part = nquads({**zipped, "Range": "bytes=0-99"})
    assert (part.status, part.headers["Content-Encoding"], part.body) == (206, "gzip", gz[:100])
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(gz)}"
    part = nquads({**plain, "Range": "bytes=10-19"})
    assert (part.status, part.body) == (206, identity[10:20])
    assert nquads({**zipped, "If-None-Match": tag}).status == 304
    assert nquads({**plain, "If-None-Match": identity_tag}).status == 304
    assert nquads({**zipped, "If-None-Match": identity_tag}).status == 200
    download = raw(live_server, "/dumps/dataset.nq.gz", zipped)  # the .gz download is unchanged
    assert download.headers["Content-Type"] == "application/gzip"
    assert (download.headers["Content-Encoding"], download.body) == (None, gz)


@pytest.mark.parametrize(("path", "source"), [("/ontology", ONTOLOGY_TTL), ("/shapes", SHAPES_TTL)])
def test_ontology_and_shapes_serve_their_files(client: FlaskClient, path, source) -> None:
    served = Graph().parse(data=fetch(client, path, "text/turtle").text, format="turtle")
    assert isomorphic(served, Graph().parse(source, format="turtle"))


def test_ontology_page_documents_every_term_at_its_fragment(client: FlaskClient) -> None:
    page = fetch(client, "/ontology", "text/html").text
    ontology = Graph().parse(ONTOLOGY_TTL, format="turtle")
    terms = {str(s) for s in ontology.subjects(RDFS.label, None) if str(s).startswith(str(SG))}
    assert len(terms) > 20
    for term in terms:
        fragment = term.rsplit("#", 1)[1]
        assert f'id="{fragment}"' in page, fragment
        comment = ontology.value(URIRef(term), RDFS.comment)
        if comment is not None:
            assert escape(str(comment)) in page


def test_named_graph_iri_is_described(live_server) -> None:
    graph = Graph().parse(f"{live_server.url}/graph/registry")
    assert graph.value(URIRef(BASE + "graph/registry"), VOID.triples).toPython() > 100


def test_representations_are_byte_identical_across_workers(live_server) -> None:
    """Whichever worker answers: the same bytes and the same entity tag."""
    for fmt in RESOURCE_FORMATS:
        url = f"{live_server.url}/doc/article/kosovo-nato-membership.{fmt.extension}"
        answers = [get(url) for _ in range(6)]
        assert len({(a.headers["ETag"], a.content) for a in answers}) == 1, fmt.name


def test_serving_a_dataset_file_instead_of_the_build(
    live_server, start_server: Callable, seed_dist: Path, tmp_path: Path
) -> None:
    server = start_server(
        ["--dataset", str(seed_dist / "dataset.trig"), "--dist-dir", str(tmp_path)]
    )
    from_file = Graph().parse(f"{server.url}/{ACTOR}")
    assert isomorphic(from_file, Graph().parse(f"{live_server.url}/{ACTOR}"))
    assert (ACTOR_IRI, RDFS.label, Literal("Vlade Radulovic")) in from_file
    assert get(f"{server.url}/dumps/dataset.nq").status_code == 404  # nothing built in dist-dir
    assert get(f"{server.url}/healthz").json()["triples"] == len(
        load(seed_dist / "dataset.trig").store
    )


def test_serve_builds_a_missing_dataset_and_stops_gracefully(
    start_server: Callable, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    server = start_server(["--dist-dir", str(dist), "--workers", "1"])
    assert (dist / "dataset.nq").is_file()
    built = ox.Store()
    built.bulk_load(path=str(dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert get(f"{server.url}/healthz").json()["triples"] == len(built)
    os.kill(server.process.pid, signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
