"""The three stores answer alike: memory, ``oxigraph:DIR`` on disk, and a remote Oxigraph server.

Every document the seed mints, and the example queries, are fetched from the embedded store
(the ``app``, through Flask's test client) and from the others, and must be identical: the same
bytes for pages and RDF, the same bindings for SPARQL. The store on disk is served by gunicorn
with the dumps gone (start-up parses nothing; each worker opens the store itself); the remote
store is a real ``oxigraph serve``, asked by the application in this process, that is stopped and
restarted under a running frontend, which answers 503 meanwhile and recovers by itself.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from stancegraph.cli.main import main
from stancegraph.core.errors import QueryRefused
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.example_queries import examples
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.stores.disk_store import DiskStore
from stancegraph.vocabulary import DEFAULT_BASE_URI
from stancegraph.web.app import create_app
from tests.conftest import (
    ROOT,
    LiveServer,
    OxigraphServer,
    build_with_store,
    make_app,
    publish,
)
from tests.test_dereference_all import BROWSER, minted
from tests.test_publish import counts_by_graph, expected_counts

BASE = DEFAULT_BASE_URI
#: Each document is compared in these representations (extension, or Accept when None).
REPRESENTATIONS = (("ttl", None), ("nt", None), (None, BROWSER))
SG = "PREFIX sg: <https://w3id.org/stancegraph/ontology#>\n"
NIF = "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
#: Queries beyond the examples: graphs, numbers, the protocol's dataset, ASK and FROM.
QUERIES = (
    SG + "CONSTRUCT { ?p sg:holder ?a ; sg:stance ?s } WHERE { ?p sg:holder ?a ; sg:stance ?s }",
    NIF + "CONSTRUCT { ?s nif:beginIndex ?b } WHERE { ?s nif:beginIndex ?b }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "ASK { ?s a <https://w3id.org/stancegraph/ontology#DirectQuote> }",
    f"SELECT (COUNT(*) AS ?n) FROM <{BASE}graph/registry> WHERE {{ ?s ?p ?o }}",
    f"SELECT (COUNT(*) AS ?n) FROM NAMED <{BASE}graph/registry> WHERE {{ ?s ?p ?o }}",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{BASE}graph/registry> "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
)
#: The protocol's own dataset parameters, which replace the union default graph.
DATASETS = (
    {"default-graph-uri": f"{BASE}graph/ontology"},
    {"named-graph-uri": f"{BASE}graph/ontology"},
    {"default-graph-uri": f"{BASE}graph/registry", "named-graph-uri": f"{BASE}graph/ontology"},
)
DATASET_QUERY = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"
)
ROWS = ("sparql-json", "csv")
TRIPLES = ("turtle", "ntriples")


#: A live server (asked over HTTP) or the application (asked through Flask's test client).
Server = LiveServer | FlaskClient


@dataclass(frozen=True)
class Reply:
    """An answer from either kind of :data:`Server`, as the comparisons read it."""

    url: str
    status_code: int
    headers: Any  # requests' or Werkzeug's case-insensitive headers
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


def ask(
    server: Server,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
) -> Reply:
    """``method path`` as ``requests`` sends it: ``Accept: */*`` unless told, redirects followed.

    Every redirect followed must be a 303: the only one the site makes.
    """
    if isinstance(server, LiveServer):
        response = requests.request(
            method, server.url + path, headers=headers, data=data, timeout=30
        )
        assert [hop.status_code for hop in response.history] == [303] * len(response.history)
        return Reply(response.url, response.status_code, response.headers, response.content)
    answer = server.open(
        path,
        method=method,
        headers={"Accept": "*/*", **(headers or {})},
        data=data,
        follow_redirects=True,
        buffered=True,  # read whole and closed, as a WSGI server does
    )
    assert [hop.status_code for hop in answer.history] == [303] * len(answer.history)
    return Reply(answer.request.url, answer.status_code, answer.headers, answer.data)


def documents(dist: Path) -> list[str]:
    """The local path of every document the build mints an IRI in."""
    return sorted(iri[len(BASE) - 1 :] for iri in minted(dist / "dataset.nq"))


def fetch_all(server: Server, paths: list[str]) -> dict[tuple[str, str], bytes]:
    """Every representation of every document, by (path, representation)."""
    bodies = {}
    for path in paths:
        for extension, accept in REPRESENTATIONS:
            target = path
            if extension:
                target = target.replace("/id/", "/doc/", 1) + f".{extension}"
            response = ask(server, "GET", target, headers={"Accept": accept or "*/*"})
            assert response.status_code == 200, f"{response.url}: {response.status_code}"
            bodies[path, extension or "html"] = response.content
    return bodies


def answer(server: Server, query: str, fmt: str, **dataset: str) -> object:
    """The answer to a query in a format, parsed: sorted rows, a boolean, or a set of triples."""
    response = ask(server, "POST", "/sparql", data={"query": query, "format": fmt, **dataset})
    assert response.status_code == 200, f"{fmt} {query}: {response.text}"
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        return rows[0], sorted(map(tuple, rows[1:]))
    if fmt == "sparql-json":
        document = json.loads(response.content)
        if "boolean" in document:
            return document["boolean"]
        bindings = document["results"]["bindings"]
        return document["head"], sorted(json.dumps(b, sort_keys=True) for b in bindings)
    rdf = BY_NAME[fmt].oxigraph_rdf
    assert rdf is not None
    return set(ox.parse(response.content, rdf))


def queries() -> list[tuple[str, str]]:
    """Every example query in every row format, and the extra queries in their formats."""
    table = [(example.query, fmt) for example in examples(BASE) for fmt in ROWS]
    for query in QUERIES:
        formats = TRIPLES if "CONSTRUCT" in query else ROWS[:1] if "ASK" in query else ROWS
        table += [(query, fmt) for fmt in formats]
    return table


@pytest.fixture(scope="module")
def embedded(app: Flask, seed_dist: Path) -> dict[tuple[str, str], bytes]:
    """Every representation of every document, from the store in memory."""
    return fetch_all(app.test_client(), documents(seed_dist))


# --- oxigraph:DIR --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def disk_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``stancegraph build --store oxigraph:DIR``, then the dumps removed: (dist, store)."""
    dist, store = build_with_store(tmp_path_factory.mktemp("disk"))
    for dump in dist.glob("dataset.*"):
        dump.unlink()  # serving the store must not need them
    return dist, store


@pytest.fixture(scope="module")
def disk_server(
    start_server: Callable[..., LiveServer], disk_build: tuple[Path, Path]
) -> LiveServer:
    dist, store = disk_build
    return start_server(["--dist-dir", str(dist), "--store", f"oxigraph:{store}", "--workers", "2"])


def test_the_store_on_disk_serves_without_the_dumps(
    disk_server: LiveServer,
    client: FlaskClient,
    disk_build: tuple[Path, Path],
    seed_quads: int,
) -> None:
    dist, _ = disk_build
    assert not list(dist.glob("dataset.*"))
    health = requests.get(disk_server.url + "/healthz", timeout=10).json()
    assert health == client.get("/healthz").get_json()
    assert health["triples"] == seed_quads


def test_every_document_is_identical_from_the_store_on_disk(
    disk_server: LiveServer, embedded: dict[tuple[str, str], bytes], seed_dist: Path
) -> None:
    paths = documents(seed_dist)
    assert len(paths) > 100
    assert fetch_all(disk_server, paths) == embedded


def test_the_store_on_disk_has_the_same_validators(
    disk_server: LiveServer, client: FlaskClient
) -> None:
    """The build records the dump's digest in the store: the same strong ETags as in memory."""
    path = "/doc/actor/vlade-radulovic.ttl"
    on_disk = requests.get(disk_server.url + path, timeout=10)
    in_memory = ask(client, "GET", path)
    assert on_disk.headers["ETag"] == in_memory.headers["ETag"]
    assert not on_disk.headers["ETag"].startswith("W/")
    assert on_disk.headers["Last-Modified"]
    again = requests.get(
        disk_server.url + path, headers={"If-None-Match": on_disk.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304


@pytest.mark.parametrize(("query", "fmt"), queries())
def test_queries_answer_alike_from_the_store_on_disk(
    disk_server: LiveServer, client: FlaskClient, query: str, fmt: str
) -> None:
    assert answer(disk_server, query, fmt) == answer(client, query, fmt)


def test_query_processes_on_disk_cannot_open_a_socket(
    disk_build: tuple[Path, Path], seed_quads: int
) -> None:
    """The query process opens the store, then can open nothing else: SERVICE is refused inside
    it (a 403 over HTTP), and the process answers the next query."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        runner = DiskStore(disk_build[1]).runner(timeout=10, max_rows=10, slots=1)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryRefused, match=r"cannot open \(Too many open files"):
            runner.run(Job(query, {ResultKind.SOLUTIONS: BY_NAME["sparql-json"]}))
        with pytest.raises(BlockingIOError):
            listener.accept()
        count = Job(
            "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", {ResultKind.SOLUTIONS: BY_NAME["sparql-json"]}
        )
        answered = runner.run(count)
        assert json.loads(answered.body.read())["results"]["bindings"][0]["n"]["value"] == str(
            seed_quads
        )


def test_the_store_on_disk_stops_cleanly(
    start_server: Callable[..., LiveServer], disk_build: tuple[Path, Path]
) -> None:
    """Regression: a worker forked from a process that had opened RocksDB died of SIGSEGV."""
    dist, store = disk_build
    server = start_server(
        ["--dist-dir", str(dist), "--store", f"oxigraph:{store}", "--workers", "1"]
    )
    assert requests.get(server.url + "/doc/actor/nato.html", timeout=10).status_code == 200
    asked = requests.post(server.url + "/sparql", data={"query": "ASK {}"}, timeout=10)
    assert asked.status_code == 200
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    log = server.stderr()
    assert "Worker exiting" in log and "SIGSEGV" not in log


def test_build_refuses_to_replace_a_folder_that_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious", encoding="utf-8")
    assert (
        main(["build", "--dist-dir", str(tmp_path / "dist"), "--store", f"oxigraph:{folder}"]) == 2
    )
    assert capsys.readouterr().err == (
        f"stancegraph build: {folder}: exists and is not a store loaded by stancegraph build; "
        "not replacing it\n"
    )
    assert (folder / "thesis.txt").read_text(encoding="utf-8") == "precious"
    assert not (tmp_path / "dist").exists()


# --- a remote store --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_app(remote_store: OxigraphServer, seed_dist: Path) -> Flask:
    """The application in front of the remote store (``serve --store URL``), in this process."""
    return make_app({"store": remote_store.query_url, "dist_dir": str(seed_dist)})


@pytest.fixture
def remote(remote_app: Flask) -> FlaskClient:
    return remote_app.test_client()


def test_every_document_is_identical_from_a_remote_store(
    remote: FlaskClient, embedded: dict[tuple[str, str], bytes], seed_dist: Path
) -> None:
    assert fetch_all(remote, documents(seed_dist)) == embedded


@pytest.mark.parametrize(("query", "fmt"), queries())
def test_queries_answer_alike_from_a_remote_store(
    remote: FlaskClient, client: FlaskClient, query: str, fmt: str
) -> None:
    assert answer(remote, query, fmt) == answer(client, query, fmt)


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_protocol_dataset_is_forwarded(
    remote: FlaskClient, client: FlaskClient, dataset: dict[str, str]
) -> None:
    found = answer(remote, DATASET_QUERY, "sparql-json", **dataset)
    assert found == answer(client, DATASET_QUERY, "sparql-json", **dataset)


def test_a_remote_store_has_strong_validators(remote: FlaskClient) -> None:
    path = "/doc/issues.ttl"
    first = ask(remote, "GET", path)
    assert first.headers["ETag"].startswith('"')
    again = ask(remote, "GET", path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"update": f"INSERT DATA {{ GRAPH <{BASE}graph/registry> {{ <urn:x> <urn:y> 1 }} }}"},
         "SPARQL Update is refused"),
        ({"query": f"SELECT * WHERE {{ SERVICE <{BASE}sparql> {{ ?s ?p ?o }} }}"},
         "SERVICE is refused"),
        ({"query": f"LOAD <{BASE}dumps/dataset.nq> INTO GRAPH <{BASE}graph/registry>"},
         "SPARQL Update (LOAD) is refused"),
        ({"query": f"CLEAR GRAPH <{BASE}graph/registry>"}, "SPARQL Update (CLEAR) is refused"),
        ({"query": "DROP ALL ; SELECT * { ?s ?p ?o }"}, "SPARQL Update (DROP) is refused"),
    ],
)  # fmt: skip
def test_updates_never_reach_the_remote_store(
    remote: FlaskClient,
    remote_store: OxigraphServer,
    seed_dist: Path,
    data: dict[str, str],
    reason: str,
) -> None:
    response = ask(remote, "POST", "/sparql", data=data)
    assert (response.status_code, reason in response.text) == (403, True), response.text
    assert counts_by_graph(remote_store.query_url) == expected_counts(seed_dist)


def test_republishing_drops_the_graphs_a_build_no_longer_has(
    oxigraph_server: OxigraphServer, seed_dist: Path
) -> None:
    stale, foreign = f"{BASE}graph/withdrawn-article", "http://example.org/graph/theirs"
    for graph in (stale, foreign):
        put = requests.put(
            oxigraph_server.store_url,
            params={"graph": graph},
            data=b'<http://example.org/s> <http://example.org/p> "x" .\n',
            headers={"Content-Type": "application/n-triples"},
            timeout=10,
        )
        assert put.status_code == 201  # Graph Store Protocol: a PUT that creates a graph
    command = [sys.executable, "-m", "stancegraph.cli", "publish", "--graph-store"]
    command += [oxigraph_server.store_url, "--dist-dir", str(seed_dist)]
    command += ["--store", oxigraph_server.query_url]
    command += ["--store-update", f"{oxigraph_server.url}/update"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"{stale}: dropped, no longer in the build" in result.stdout
    assert counts_by_graph(oxigraph_server.query_url) == {**expected_counts(seed_dist), foreign: 1}


# --- a remote store that goes away -----------------------------------------------------------------


def test_a_remote_store_that_stops_gives_503_and_the_frontend_recovers(
    oxigraph_server: OxigraphServer, seed_dist: Path, seed_quads: int, tmp_path: Path
) -> None:
    assert publish(seed_dist, oxigraph_server.store_url).returncode == 0
    app = make_app({"store": oxigraph_server.query_url, "dist_dir": str(tmp_path / "none")})
    frontend = app.test_client()
    page = "/doc/actor/vlade-radulovic.html"
    query = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}
    assert ask(frontend, "GET", page).status_code == 200

    oxigraph_server.stop()
    for response in (
        ask(frontend, "GET", page),
        ask(frontend, "GET", "/id/actor/nato"),
        ask(frontend, "POST", "/sparql", data=query),
        ask(frontend, "GET", "/healthz"),
    ):
        assert response.status_code == 503, response.url
        assert response.headers["Retry-After"] == "5"
        lines = response.text.splitlines()
        assert len(lines) == 1 and "Traceback" not in response.text
        assert lines[0] == (
            f"503 Service Unavailable: the triple store at {oxigraph_server.query_url} is "
            "unavailable (Connection refused); try again in 5 s"
        )

    oxigraph_server.start()  # the same port (reserved meanwhile: see OxigraphServer) and data
    assert ask(frontend, "GET", page).status_code == 200
    counted = ask(frontend, "POST", "/sparql", data=query)
    assert json.loads(counted.content)["results"]["bindings"][0]["n"]["value"] == str(seed_quads)


def test_a_frontend_started_while_the_store_is_down_serves_once_it_is_up(
    tmp_path: Path, seed_dist: Path
) -> None:
    """Nothing is read once and for all at start-up: the index comes when the store does."""
    store = OxigraphServer(tmp_path / "oxigraph")  # its port reserved, nothing listening yet
    try:
        app = create_app({"store": store.query_url, "dist_dir": str(tmp_path / "none")})
        client = app.test_client()
        assert client.get("/doc/actor/vlade-radulovic.html").status_code == 503
        store.start()
        assert publish(seed_dist, store.store_url).returncode == 0
        page = client.get("/doc/actor/vlade-radulovic.html")
        assert page.status_code == 200
        assert "Vlade Radulovic" in page.text
    finally:
        store.close()


def _accepted(listener: socket.socket) -> bool:
    """Accept (and close) one waiting connection of a non-blocking listener; False if none."""
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def test_a_remote_store_that_does_not_answer_in_time(tmp_path: Path) -> None:
    """A store that accepts the connection and says nothing: 503 after store_timeout seconds."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        app = create_app({"store": url, "store_timeout": 1, "dist_dir": str(tmp_path)})
        silent.setblocking(False)
        while _accepted(silent):  # the start-up's attempts: only the page's are counted below
            pass
        response = app.test_client().get("/doc/actor/nato.ttl")
        # One timeout, not one per query: the page gave up after its first unanswered query.
        assert sum(1 for _ in iter(lambda: _accepted(silent), False)) == 1
    assert response.status_code == 503
    assert response.text == (
        f"503 Service Unavailable: the triple store at {url} did not answer within 1 s "
        "(setting store_timeout); try again shortly\n"
    )
