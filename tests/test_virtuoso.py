"""Issue 14: Virtuoso 7 behind the frontend, its differences made the frontend's problem.

The pages, dumps-equal and query tests of ``test_stores.py`` and ``test_served_equals_dumped.py``
run against Virtuoso too (``remote_store``). Here: what is Virtuoso's alone. Its ASK answers
(a one-row SELECT of 1 or 0) are booleans again; an ``ORDER BY`` past its sort limit is cut to
what the frontend sends anyway (past MaxSortedTopRows, a 503 that names it); an error the query
causes is a 400 with its message, not a 503;
publishing with wrong credentials fails in one line and leaves the served version as it was;
and a Virtuoso stopped mid-run gives 503 until it is back, without restarting the frontend.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from stancegraph.stores.forwarded_query import capped, transitive
from stancegraph.stores.remote_store import RemoteStore
from stancegraph.stores.store import file_version
from stancegraph.stores.virtuoso import BlankNodeLabels
from stancegraph.web.app import create_app
from tests.conftest import holding, login, publish
from tests.virtuoso_server import VirtuosoServer

SPARQL_JSON = "application/sparql-results+json"
PREFIXES = "PREFIX sg: <https://w3id.org/stancegraph/ontology#> "
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, seed_dist: Path) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso") / "data", password="s3cret")
    with holding(server, seed_dist) as started:
        yield started


@pytest.fixture(scope="module")
def frontend(virtuoso: VirtuosoServer, seed_dist: Path) -> Flask:
    return create_app({"store": virtuoso.query_url, "dist_dir": str(seed_dist)})


def answer(client: FlaskClient, query: str) -> tuple[int, str]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": SPARQL_JSON})
    try:
        return response.status_code, response.get_data(as_text=True)
    finally:
        response.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PREFIXES + "ASK { ?s a sg:DirectQuote }", True),
        ("ASK { ?s a <urn:x-no-such:class> }", False),
        ("ASK { FILTER (1 > 2) }", False),
    ],
)
def test_ask_is_a_boolean(frontend: Flask, client: FlaskClient, query: str, expected: bool) -> None:
    status, body = answer(frontend.test_client(), query)
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": expected})
    assert answer(client, query) == (status, body)  # as the embedded store answers


def test_an_order_by_past_virtuoso_s_sort_limit_is_answered(
    frontend: Flask, client: FlaskClient
) -> None:
    """Virtuoso refuses to sort more than 10,000 rows for a LIMIT (SR353): the frontend asks
    for max_result_rows + 1, all it sends."""
    query = PREFIXES + "SELECT ?s WHERE { ?s a sg:Statement } ORDER BY ?s LIMIT 80000000"
    status, body = answer(frontend.test_client(), query)
    assert status == 200, body
    assert (status, body) == answer(client, query)
    assert len(json.loads(body)["results"]["bindings"]) > 30


def test_a_query_virtuoso_cannot_run_is_a_400_with_its_message(frontend: Flask) -> None:
    """Virtuoso answers 500 to an error its query caused (SPARQL would drop the row)."""
    status, body = answer(frontend.test_client(), "SELECT (1/0 AS ?x) WHERE {}")
    assert (status, body) == (
        400,
        "400 Bad Request: the triple store refused the query: Virtuoso 22012 Error SR084: "
        "Division by 0.\n",
    )


def test_a_sort_past_virtuoso_s_limit_names_its_setting(frontend: Flask) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5 OFFSET 200000"
    status, body = answer(frontend.test_client(), query)
    assert status == 503
    assert body.endswith(
        "will not sort that many rows (Virtuoso's MaxSortedTopRows must be more than "
        "max_result_rows + OFFSET)\n"
    )


@pytest.mark.parametrize(
    ("query", "rows", "expected"),
    [
        ("SELECT * { ?s ?p ?o } LIMIT 80000773", 11, "SELECT * { ?s ?p ?o } LIMIT 11"),
        ("SELECT * { ?s ?p ?o } limit 5", 11, "SELECT * { ?s ?p ?o } limit 5"),
        (
            "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 99 } } LIMIT 50 OFFSET 3",
            11,
            "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 99 } } LIMIT 11 OFFSET 3",
        ),
        ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 99 } }", 11, None),
        ("SELECT * { ?s ?p 'LIMIT 99' }", 11, None),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 99", 11, None),
        ("SELECT * { ?s ?p ?o } \\u004CIMIT 99", 11, None),
        (
            "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 99 VALUES ?s { <urn:a> }",
            11,
            "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 11 VALUES ?s { <urn:a> }",
        ),
    ],
)
def test_only_the_outer_limit_of_a_select_is_cut(
    query: str, rows: int, expected: str | None
) -> None:
    assert capped(query, rows) == (expected or query)


def test_wrong_credentials_publish_nothing_and_the_served_version_stays(
    virtuoso: VirtuosoServer, seed_dist: Path, tmp_path: Path
) -> None:
    before = RemoteStore(virtuoso.query_url, 10).published()
    assert before is not None
    wrong = {"STANCEGRAPH_STORE_USER": virtuoso.user, "STANCEGRAPH_STORE_PASSWORD": "not-it"}
    result = publish(seed_dist, virtuoso.store_url, wrong)
    assert result.returncode == 3
    assert result.stderr == (
        f"stancegraph publish: the store at {virtuoso.store_url} refused GET with user 'dba' "
        "(401 digest auth failed); check store_user and STANCEGRAPH_STORE_PASSWORD (or "
        "store_password_file); nothing was published\n"
    )
    assert "not-it" not in result.stderr + result.stdout
    nobody = publish(seed_dist, virtuoso.store_url)
    assert nobody.returncode == 3
    assert f"the store at {virtuoso.store_url} refused GET with no user (401 " in nobody.stderr
    assert RemoteStore(virtuoso.query_url, 10).published() == before
    digest, _ = file_version(seed_dist / "dataset.nq")
    assert before.digest == digest


def test_a_password_file_is_read(virtuoso: VirtuosoServer, seed_dist: Path, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(f"{virtuoso.password}\n", encoding="utf-8")
    env = {"STANCEGRAPH_STORE_USER": virtuoso.user, "STANCEGRAPH_STORE_PASSWORD_FILE": str(secret)}
    result = publish(seed_dist, virtuoso.store_url, env)
    assert result.returncode == 0, result.stderr
    assert "published 3 graphs" in result.stdout and virtuoso.password not in result.stdout


def test_a_virtuoso_that_stops_gives_503_and_the_frontend_recovers(
    tmp_path: Path, seed_dist: Path
) -> None:
    server = VirtuosoServer(tmp_path / "virtuoso")
    try:
        assert publish(seed_dist, server.start().store_url, login(server)).returncode == 0
        client = create_app({"store": server.query_url, "dist_dir": str(seed_dist)}).test_client()
        page = "/doc/actor/vlade-radulovic.html"
        assert "Vlade Radulovic" in client.get(page).get_data(as_text=True)
        server.stop()
        for path in ("/doc/actor/nato.html", "/healthz"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["Retry-After"] == "5"
            assert response.get_data(as_text=True) == (
                f"503 Service Unavailable: the triple store at {server.query_url} is "
                "unavailable (Connection refused); try again in 5 s\n"
            )
        server.start()  # the same ports and data
        again = client.get("/doc/actor/nato.html")
        assert again.status_code == 200 and "NATO" in again.get_data(as_text=True)
    finally:
        server.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?i skos:broader* ?top }", True),
        ("SELECT * { ?i <http://www.w3.org/2004/02/skos/core#broader>+ ?top }", True),
        ("SELECT * { ?i (skos:broader/skos:broader)* ?top }", True),
        ("SELECT * { ?s ?p ?o }", False),
        ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", False),
        ("SELECT ?x { BIND (?a * 2 + 1 AS ?x) }", False),
        ("SELECT * { ?s ?p 'a*' }", False),
    ],
)
def test_a_transitive_path_is_found(query: str, expected: bool) -> None:
    """Virtuoso answers a * or + path nothing once graphs are excluded: such a query names the
    dataset's graphs instead."""
    assert transitive(query) is expected


def test_a_select_of_virtuoso_s_ask_variable_stays_a_select(
    frontend: Flask, client: FlaskClient
) -> None:
    query = "SELECT ?__ASK_RETVAL WHERE { BIND (1 AS ?__ASK_RETVAL) }"
    status, body = answer(frontend.test_client(), query)
    assert json.loads(body)["results"]["bindings"] == [
        {"__ASK_RETVAL": {"type": "literal", "value": "1", "datatype": XSD_INTEGER}}
    ]
    assert (status, body) == answer(client, query)


@pytest.mark.parametrize("size", [1, 3, 7, 36, 37, 50, 1000, -1])
def test_virtuoso_s_blank_node_labels_are_made_plain_whatever_the_reads(size: int) -> None:
    bnode = '{ "type": "bnode", "value": "nodeID://b%d" }'
    source = ", ".join([bnode % 1, '"nodeID://kept"', bnode % 2] * 20).encode()
    for answer_ in (source, io.BytesIO(source)):
        reader, read = BlankNodeLabels(answer_), b""
        while chunk := reader.read(size):
            assert size < 0 or len(chunk) <= size
            read += chunk
        assert read == source.replace(b'"nodeID://b', b'"b')
