"""Safe by default: read-only, no outbound access, and limits that hold under load.

The limits are tested on a server of their own with small settings (timeout 2 s, two query slots,
600-byte queries, three rows per answer) and a single worker, so concurrent requests share it.
What needs no server process (refusals, the length limit) is asked of the application in this
process through Flask's test client.

No answer cache anywhere here (``answer_cache_mb`` 0, ``STANCEGRAPH_ANSWER_CACHE_MB=0`` for the
servers), so every query, the counts before and after a refused update included, is run by a
query process; the one exception is the server of :func:`test_a_kept_answer_needs_no_slot`,
which is about the cache. Nothing here checks how long anything takes: a runaway query is shown
stopped by how its process ended (SIGKILL from the runner) and by its being gone, a slot shown
free by the next query it runs.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from rdflib.namespace import RDFS
from SPARQLWrapper import JSON, SPARQLWrapper
from werkzeug.test import TestResponse

from stancegraph.core.errors import QueryRefused, QueryTimedOut
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql import query_process
from stancegraph.sparql.query_guard import CheckedQuery
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import dataset_file, load
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.web import endpoint
from tests.conftest import LiveServer, make_app, processes

TIMEOUT = 2.0
#: The small settings, by name; the live server gets them as ``STANCEGRAPH_*`` variables.
SMALL = {"query_timeout": TIMEOUT, "query_slots": 2, "max_query_length": 600, "max_result_rows": 3}
LIMITS = {f"STANCEGRAPH_{name.upper()}": str(value) for name, value in SMALL.items()}
#: No answer kept: every query is run.
NO_CACHE = {"STANCEGRAPH_ANSWER_CACHE_MB": "0"}
#: Seconds to wait for a state (a query process running, an answer) before calling it a hang.
HANG = 60.0
#: Three copies of the whole graph joined: billions of solutions to count.
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = f"SELECT ?label WHERE {{ <{DEFAULT_BASE_URI}id/actor/spain> <{RDFS.label}> ?label }}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def limited(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """One worker with the small limits of :data:`LIMITS`, and no answer cache."""
    return start_server(["--dist-dir", str(seed_dist), "--workers", "1"], env=LIMITS | NO_CACHE)


@pytest.fixture(scope="module")
def live_server(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """Here, instead of the shared one: the seed served by two workers with no answer cache."""
    return start_server(["--dist-dir", str(seed_dist), "--workers", "2"], env=NO_CACHE)


@pytest.fixture(scope="module")
def uncached_app(seed_dist: Path) -> Flask:
    """The application over the seed with no answer cache, in this process."""
    return make_app({"dist_dir": str(seed_dist), "answer_cache_mb": 0})


@pytest.fixture
def client(uncached_app: Flask) -> FlaskClient:
    """Here, instead of the shared one: the test client of :func:`uncached_app`."""
    return uncached_app.test_client()


@pytest.fixture(scope="module")
def limited_app(seed_dist: Path) -> Flask:
    """The application with the settings of :data:`SMALL` and no answer cache, in this process."""
    return make_app({"dist_dir": str(seed_dist), **SMALL, "answer_cache_mb": 0})


def ask(
    client: FlaskClient,
    path: str = "/sparql",
    method: str = "GET",
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    data: bytes | dict[str, str] | None = None,
) -> TestResponse:
    """The app's answer, asked as ``requests`` did: ``Accept: */*``, redirects followed."""
    return client.open(
        path,
        method=method,
        query_string=params,
        headers={"Accept": "*/*", **(headers or {})},
        data=data,
        follow_redirects=True,
        buffered=True,  # read whole and closed, as a WSGI server does
    )


def rows_of(response: TestResponse) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.get_json()["results"]["bindings"]
    return rows


def sparql(server: LiveServer, query: str, **kwargs: Any) -> requests.Response:
    return requests.get(server.url + "/sparql", params={"query": query}, timeout=30, **kwargs)


def bindings(response: requests.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return rows


def answers_cheaply(server: LiveServer, query: str | None = None) -> bool:
    """Whether a cheap query is answered; by default one never asked before (no kept answer)."""
    query = query or f"{CHEAP}\n# {next(_FRESH)}"
    return [row["label"]["value"] for row in bindings(sparql(server, query))] == ["Spain"]


_FRESH = itertools.count()


# --- read-only -----------------------------------------------------------------------------------

UPDATE = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
UPDATES = [
    ("GET", "/sparql", {"update": "CLEAR ALL"}, {}, None),
    ("POST", "/sparql", {}, {"Content-Type": "application/x-www-form-urlencoded"},
     b"update=CLEAR%20ALL"),
    ("POST", "/sparql", {}, {"Content-Type": "application/sparql-update"}, UPDATE.encode()),
    ("PUT", "/sparql", {}, {"Content-Type": "application/sparql-update"}, UPDATE.encode()),
    ("GET", "/sparql", {"query": UPDATE}, {}, None),
    ("GET", "/sparql", {"query": "clear all"}, {}, None),
    ("POST", "/sparql", {}, {"Content-Type": "application/sparql-query"},
     b"DELETE WHERE { ?s ?p ?o }"),
    ("POST", "/sparql", {}, {"Content-Type": "application/x-www-form-urlencoded"},
     b"query=DROP%20GRAPH%20%3Curn%3Ag%3E"),
    ("GET", "/", {"update": "CLEAR ALL"}, {}, None),
    ("POST", "/id/actor/vlade-radulovic", {}, {"Content-Type": "application/sparql-update"},
     b"CLEAR ALL"),
    ("POST", "/healthz", {}, {"Content-Type": "application/x-www-form-urlencoded"},
     b"update=CLEAR%20ALL"),
]  # fmt: skip


def total(client: FlaskClient) -> int:
    return int(rows_of(ask(client, params={"query": COUNT}))[0]["n"]["value"])


@pytest.mark.parametrize(("method", "path", "params", "headers", "body"), UPDATES)
def test_updates_are_refused_on_every_route(
    client: FlaskClient,
    method: str,
    path: str,
    params: dict[str, str],
    headers: dict[str, str],
    body: bytes | None,
) -> None:
    before = total(client)
    response = ask(client, path, method, params=params, headers=headers, data=body)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert total(client) == before


# --- no outbound access --------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP port on loopback that records connection attempts without accepting them."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.setblocking(False)
        yield sock


def nobody_called(listener: socket.socket) -> bool:
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def outbound_queries(url: str) -> list[tuple[str, int, str]]:
    return [
        (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", 403, "SERVICE is refused"),
        (f"select * {{ service silent<{url}>{{ ?s ?p ?o }} }}", 403, "SERVICE is refused"),
        (f"SELECT * {{ ?x ?y ?z . SERVICE ?endpoint {{ ?s ?p ?o }} VALUES ?endpoint {{ <{url}> }} }}",
         403, "SERVICE is refused"),
        (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", 400, "not a graph of this dataset"),
        (f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", 400,
         "not a graph of this dataset"),
        (f"PREFIX here: <{url}/> ASK FROM here:data {{ ?s ?p ?o }}", 400, "not a graph"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 400, "not a graph"),
        (f"LOAD <{url}>", 403, "SPARQL Update (LOAD) is refused"),
        # Codepoint escapes are undone before anything else is parsed (SPARQL 1.1, 19.2).
        ("SELECT * FROM <\\u0066ile:///etc/passwd> WHERE { ?s ?p ?o }", 400,
         "FROM <file:///etc/passwd>: not a graph"),
        (f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}", 403, "SERVICE is refused"),
        # Oxigraph undoes escapes only in strings and IRIs: to it, the SERVICE is no string's.
        *((hidden, 403, "SERVICE is refused") for hidden in hidden_services(url)),
    ]  # fmt: skip


def hidden_services(url: str) -> list[str]:
    """SERVICE calls that the guard of issue 16 let through and Oxigraph ran (attack 4)."""
    return [
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} BIND("b" AS ?y) }}',
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE SILENT <{url}> {{ ?s ?p ?o }} '
        'BIND("b" AS ?y) }',
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2&&'>'!=?a) SERVICE <{url}> {{}} BIND('' AS ?c) }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    ]


def test_no_query_reaches_the_network(client: FlaskClient, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    for query, status, reason in outbound_queries(f"http://127.0.0.1:{port}/sparql"):
        response = ask(client, params={"query": query})
        assert (response.status_code, reason in response.text) == (status, True), query
    assert nobody_called(listener)


@pytest.mark.parametrize("which", [0, 1], ids=["loud", "silent"])
def test_a_service_hidden_from_the_old_guard_reaches_nobody_through_the_server(
    live_server: LiveServer, listener: socket.socket, which: int
) -> None:
    """Attack 4 of issue 16 as it was run: it got a 500 (a 200 when SILENT) from gunicorn."""
    port = listener.getsockname()[1]
    query = hidden_services(f"http://127.0.0.1:{port}/sparql")[which]
    response = sparql(live_server, query)  # Accept: */*, so errors come as plain text
    assert response.status_code == 403
    assert response.text.startswith("403 Forbidden: SERVICE is refused: this endpoint makes no")
    assert "Traceback" not in live_server.stderr()
    assert nobody_called(listener)


def test_the_query_process_cannot_open_a_socket_even_unchecked(
    seed_dist: Path, listener: socket.socket, caplog: pytest.LogCaptureFixture
) -> None:
    """Below the guard: a SERVICE query handed straight to the runner is refused by the kernel
    in its process (``EMFILE``); that is the query's refusal, and the process serves on."""
    store = load(dataset_file(seed_dist)).store
    runner = QueryRunner(store, timeout=10, max_rows=10, slots=1)
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    csv = {ResultKind.SOLUTIONS: BY_NAME["csv"]}
    with pytest.raises(QueryRefused) as refused:
        runner.run(Job(query, csv))
    assert str(refused.value) == (
        "query refused: it reached for a file or the network (SERVICE?), which this endpoint's "
        "query processes cannot open (Too many open files (os error 24))"
    )
    assert "query guard let through" in caplog.text  # the operator hears of the guard's gap
    assert nobody_called(listener)
    assert runner.run(Job(CHEAP, csv)).body.read() == b"label\r\nSpain\r\n"


def test_a_refusal_of_the_query_process_is_a_403_not_a_500(
    uncached_app: Flask, listener: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the guard to let a SERVICE through, the client would get a 403 that says why."""
    monkeypatch.setattr(endpoint, "check", lambda query, *_, **__: CheckedQuery(query, False))
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }} # unchecked"
    response = ask(uncached_app.test_client(), params={"query": query})
    assert response.status_code == 403
    assert response.text.startswith("403 Forbidden: query refused: it reached for a file or")
    assert nobody_called(listener)


def test_a_volatile_function_hidden_from_the_old_guard_is_not_kept(app: Flask) -> None:
    """Attack 4's other half: RAND() hidden from the guard was kept and its answer repeated.

    ``app`` keeps answers (the default ``answer_cache_mb``): two runs of one query must differ.
    """
    client = app.test_client()
    for query in (
        'SELECT ?r WHERE { BIND("a\\u0022" AS ?x) BIND(RAND() AS ?r) BIND("b" AS ?y) }',
        "SELECT ?r WHERE { BIND(1 AS ?a) BIND(?a<2&&'>'!=?a AS ?b) BIND(RAND() AS ?r) "
        "BIND('' AS ?c) }",
    ):
        first, second = (rows_of(ask(client, params={"query": query})) for _ in range(2))
        assert first[0]["r"]["value"] != second[0]["r"]["value"], query


# --- limits --------------------------------------------------------------------------------------


#: CPU seconds after which a query process is busy with a runaway, not with a cheap query.
BUSY = 0.2


def busy_query_processes(server: LiveServer) -> set[int]:
    """Live processes below the server's workers that have used more than ``BUSY`` CPU seconds."""
    table = processes()
    workers = {pid for pid, (_, parent, _) in table.items() if parent == server.process.pid}
    # A query process waiting for work sleeps (S); one running a query is runnable (R) even when
    # other load on the machine keeps it off the CPU, so its state tells sooner than its CPU time.
    return {
        pid
        for pid, (state, parent, cpu) in table.items()
        if parent in workers and state != "Z" and (state == "R" or cpu > BUSY)
    }


def wait_until_busy(server: LiveServer, count: int) -> set[int]:
    """Poll until ``count`` query processes are busy (readiness, not timing); return their pids."""
    deadline = time.monotonic() + HANG  # only a hang waits this long
    while len(busy := busy_query_processes(server)) < count:
        assert time.monotonic() < deadline, "the runaway queries did not start"
        time.sleep(0.01)
    return busy


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still exist as processes (zombies included)."""
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


def start_explosive(pool: ThreadPoolExecutor, server: LiveServer) -> Future[requests.Response]:
    return pool.submit(sparql, server, EXPLOSIVE)


def test_a_runaway_query_is_stopped_and_others_go_on(limited: LiveServer) -> None:
    with ThreadPoolExecutor(1) as pool:
        runaway = start_explosive(pool, limited)
        busy = wait_until_busy(limited, 1)
        assert answers_cheaply(limited)
        assert not runaway.done()  # the cheap query was answered while the runaway ran
        response = runaway.result(timeout=HANG)
    assert response.status_code == 503
    assert "stopped after 2 s" in response.text and "query_timeout" in response.text
    assert response.headers["Retry-After"] == "2"
    assert alive(busy) == set()  # killed and reaped before the 503, not left running
    assert answers_cheaply(limited)  # its slot is free again


def test_the_runner_ends_a_runaway_query_process_with_sigkill(
    seed_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At ``query_timeout`` the runner SIGKILLs the query process; its own alarm is a backstop.

    Here that alarm is put off by a minute (the forked process inherits the setting), so that
    only the runner's kill ends the process in time; how it ended is read from the status the
    runner's ``waitpid`` gets. A runner that merely waited would see SIGALRM a minute on.
    """
    monkeypatch.setattr(query_process, "_GRACE", HANG)
    ended: dict[int, int] = {}
    waitpid = os.waitpid

    def observed_waitpid(pid: int, options: int) -> tuple[int, int]:
        found, status = waitpid(pid, options)
        if found:
            ended[found] = status
        return found, status

    monkeypatch.setattr(os, "waitpid", observed_waitpid)
    store = load(dataset_file(seed_dist)).store
    runner = QueryRunner(store, timeout=1, max_rows=10, slots=1, jobs_per_process=1)
    csv = {ResultKind.SOLUTIONS: BY_NAME["csv"]}
    with pytest.raises(QueryTimedOut, match=r"^query stopped after 1 s, the time limit "):
        runner.run(Job(EXPLOSIVE, csv))
    [(pid, status)] = ended.items()
    how = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else status
    assert how == "SIGKILL", f"query process {pid} ended by {how}"
    assert alive({pid}) == set()  # reaped
    # The one slot is free again: the next query runs (in a new process).
    assert runner.run(Job(CHEAP, csv)).body.read() == b"label\r\nSpain\r\n"


def test_runaways_move_aside_and_a_cheap_query_is_answered(limited: LiveServer) -> None:
    """Issue 13: with both slots taken by runaways, a cheap query is answered, not refused."""
    with ThreadPoolExecutor(2) as pool:
        runaways = [start_explosive(pool, limited) for _ in range(2)]
        wait_until_busy(limited, 2)
        assert answers_cheaply(limited)
        assert not any(r.done() for r in runaways)  # answered while both runaways ran
        assert [r.result(timeout=HANG).status_code for r in runaways] == [503, 503]
    assert answers_cheaply(limited)


#: One slot, one long slot, and no queue: two runaways take everything.
FULL = {"STANCEGRAPH_QUERY_SLOTS": "1", "STANCEGRAPH_QUERY_QUEUE": "0"}
FULL_TIMEOUT = {"STANCEGRAPH_QUERY_TIMEOUT": "8"}


def occupy(
    pool: ThreadPoolExecutor, server: LiveServer, count: int
) -> list[Future[requests.Response]]:
    """``count`` runaways running at once: each started once the one before has moved aside
    (one that finds no slot yet is refused at once, and started again)."""
    running: list[Future[requests.Response]] = []
    while len(running) < count:
        runaway = start_explosive(pool, server)
        deadline = time.monotonic() + HANG
        while len(busy_query_processes(server)) <= len(running) and not runaway.done():
            assert time.monotonic() < deadline, "the runaway query did not start"
            time.sleep(0.01)
        if not runaway.done():
            running.append(runaway)
        else:
            assert runaway.result().status_code == 503, runaway.result().text
    return running


@pytest.fixture(scope="module")
def full(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    env = LIMITS | NO_CACHE | FULL | FULL_TIMEOUT
    return start_server(["--dist-dir", str(seed_dist), "--workers", "1"], env=env)


def test_a_query_beyond_slots_and_queue_gets_503(full: LiveServer) -> None:
    with ThreadPoolExecutor(2) as pool:
        runaways = occupy(pool, full, 2)
        refused = sparql(full, f"{CHEAP}\n# not asked before")
        assert [r.result(timeout=HANG).status_code for r in runaways] == [503, 503]
    assert refused.status_code == 503
    assert refused.text == (
        "503 Service Unavailable: all 1 query slots are busy and 0 queries wait "
        "(setting query_queue); try again shortly\n"
    )
    assert refused.headers["Retry-After"] == "1"
    assert answers_cheaply(full)  # the slots are free again


@pytest.fixture(scope="module")
def full_caching(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """As :func:`full`, but keeping whole answers (32 MB of answer cache)."""
    env = LIMITS | FULL | FULL_TIMEOUT | {"STANCEGRAPH_ANSWER_CACHE_MB": "32"}
    return start_server(["--dist-dir", str(seed_dist), "--workers", "1"], env=env)


def test_a_kept_answer_needs_no_slot(full_caching: LiveServer) -> None:
    """An answer read whole is kept (the data does not change): given again with the slots full."""
    server = full_caching
    kept = f"{CHEAP}\n# kept"
    assert answers_cheaply(server, kept)
    with ThreadPoolExecutor(2) as pool:
        runaways = occupy(pool, server, 2)
        again = sparql(server, kept)
        refused = sparql(server, f"{CHEAP}\n# asked for the first time")
        assert [r.result(timeout=HANG).status_code for r in runaways] == [503, 503]
    assert [row["label"]["value"] for row in bindings(again)] == ["Spain"]
    assert refused.status_code == 503 and "query slots are busy" in refused.text


def padded(query: str, size: int) -> str:
    return query + "\n#" + "x" * (size - len(query) - 2)


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_query_length_limit(limited_app: Flask, method: str) -> None:
    client = limited_app.test_client()

    def send(query: str) -> TestResponse:
        if method == "GET":
            return ask(client, params={"query": query})
        if method == "POST form":
            return ask(client, method="POST", data={"query": query})
        headers = {"Content-Type": "application/sparql-query"}
        return ask(client, method="POST", data=query.encode(), headers=headers)

    assert len(rows_of(send(padded(CHEAP, 600)))) == 1
    too_long = send(padded(CHEAP, 601))
    assert too_long.status_code == 413
    assert "exceeds the limit of 600" in too_long.text


def test_answers_are_cut_at_max_result_rows(limited: LiveServer) -> None:
    client = SPARQLWrapper(limited.url + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(f"SELECT ?s WHERE {{ ?s a <{SG.Statement}> }}")
    result = client.query()
    assert result.info()["x-sparql-maxrows"] == "3"
    assert len(result.convert()["results"]["bindings"]) == 3

    client.setQuery(f"SELECT ?s WHERE {{ ?s a <{SG.Statement}> }} LIMIT 2")
    result = client.query()
    assert "x-sparql-maxrows" not in result.info()
    assert len(result.convert()["results"]["bindings"]) == 2

    graph = requests.get(
        limited.url + "/sparql",
        params={"query": f"CONSTRUCT WHERE {{ ?s a <{SG.Statement}> }}"},
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    assert graph.headers["X-SPARQL-MaxRows"] == "3"
    assert len(graph.text.splitlines()) == 3


def test_a_client_that_hangs_up_mid_answer_spoils_nothing(live_server: LiveServer) -> None:
    """The query process that was cut off is not reused: later answers are whole and right."""
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    url = live_server.url + "/sparql"
    expected = len(bindings(sparql(live_server, everything)))
    for _ in range(4):  # more than the slots of a worker, so that every process is tried
        with requests.get(url, params={"query": everything}, stream=True, timeout=30) as response:
            assert response.raw.read(100)
        assert requests.head(url, params={"query": everything}, timeout=30).status_code == 200
    for _ in range(8):
        assert answers_cheaply(live_server)
        assert len(bindings(sparql(live_server, everything))) == expected
