"""Faults while serving: SIGTERM under load, and a worker killed in the middle of a request.

SIGTERM: a query in flight gets its whole answer, new connections are refused, and the server
exits 0 within the graceful timeout. SIGKILL of the worker running a query: the other worker
answers meanwhile, the killed one is replaced, its orphaned query process does not outlive the
query's time limit, and every client gets a proper HTTP answer or, for the requests that worker
held, a closed connection.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from stancegraph.cli.serve import GRACEFUL_TIMEOUT
from stancegraph.core.settings import BY_NAME
from stancegraph.sparql.query_process import _GRACE
from tests.conftest import LiveServer, processes

#: Joins every triple with every other, four times over: about a second of CPU (a quarter of it,
#: once the seed's build got faster to query, was too close to :data:`BUSY`), then a known count.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 } }"
#: Three ways: runs far past any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CSV = {"Accept": "text/csv", "Connection": "close"}
THREADS = BY_NAME["threads"].default  # gunicorn threads per worker (the serve default)
#: CPU seconds after which a query process is surely running the slow query, not a short one.
BUSY = 0.3
LOAD_PATHS = ("/healthz", "/doc/actor/vlade-radulovic.ttl", "/", "/sparql?query=ASK%7B%7D")


def children(pid: int) -> set[int]:
    return {
        child for child, (state, parent, _) in processes().items() if parent == pid and state != "Z"
    }


def running_query(server: LiveServer) -> tuple[int, int]:
    """(worker, query process) once a query process has run for :data:`BUSY` CPU seconds.

    The short queries of the load never do; the slow one does, and is still running then.
    """
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        table = processes()
        workers = {pid for pid, (_, parent, _) in table.items() if parent == server.process.pid}
        for pid, (state, parent, cpu) in table.items():
            if parent in workers and state != "Z" and cpu > BUSY:
                return parent, pid
        time.sleep(0.01)
    raise AssertionError("no query process started running")


def count(server: LiveServer, query: str, timeout: float = 60) -> int:
    response = requests.get(
        server.url + "/sparql", params={"query": query}, headers=CSV, timeout=timeout
    )
    assert response.status_code == 200, response.text
    return int(response.text.split()[1])


def refuses_connections(port: int) -> bool:
    """Whether a new connection is refused (or reset while the listening socket closes)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except (ConnectionRefusedError, ConnectionResetError):
        return True
    return False


def both_workers(server: LiveServer) -> set[int]:
    """The two workers, once the master has started both (the first may answer alone a while)."""
    deadline = time.monotonic() + 15
    while len(found := children(server.process.pid)) < 2:
        assert time.monotonic() < deadline, f"workers: {found}"
        time.sleep(0.01)
    return found


@contextmanager
def load(server: LiveServer) -> Iterator[Counter[str]]:
    """Two clients asking for pages on fresh connections until the block ends; their outcomes."""
    outcomes: Counter[str] = Counter()
    stop = threading.Event()

    def client(offset: int) -> None:
        i = offset
        while not stop.is_set():
            try:
                path = LOAD_PATHS[i % len(LOAD_PATHS)]
                status = requests.get(
                    server.url + path, headers={"Connection": "close"}, timeout=30
                )
                outcomes[str(status.status_code)] += 1
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                outcomes["closed"] += 1
            except requests.RequestException as error:  # a timeout, say: fails the test
                outcomes[type(error).__name__] += 1
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        yield outcomes
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)


def wait_for(outcomes: Counter[str], key: str, at_least: int) -> None:
    deadline = time.monotonic() + 30
    while outcomes[key] < at_least:
        assert time.monotonic() < deadline, f"only {outcomes} so far"
        time.sleep(0.01)


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


def test_sigterm_finishes_what_is_in_flight_refuses_the_rest_and_exits_0(
    start_server: Callable[..., LiveServer], seed_dist: Path, pool: ThreadPoolExecutor
) -> None:
    server = start_server(["--dist-dir", str(seed_dist), "--workers", "2"])
    triples = count(server, TRIPLES)
    with load(server) as outcomes:
        wait_for(outcomes, "200", 20)
        slow: Future[int] = pool.submit(count, server, SLOW)
        running_query(server)
        os.kill(server.process.pid, signal.SIGTERM)
        signalled = time.monotonic()
        while not refuses_connections(server.port):
            assert time.monotonic() - signalled < 3, "still accepting connections after SIGTERM"
        assert slow.result(timeout=GRACEFUL_TIMEOUT + 5) == 4 * triples * triples
        assert server.process.wait(timeout=GRACEFUL_TIMEOUT + 5) == 0
        assert time.monotonic() - signalled < GRACEFUL_TIMEOUT + 2
    assert set(outcomes) <= {"200", "closed"}, outcomes
    assert refuses_connections(server.port)


def test_a_worker_killed_mid_request_is_replaced_while_the_other_answers(
    start_server: Callable[..., LiveServer], seed_dist: Path, pool: ThreadPoolExecutor
) -> None:
    timeout = 4.0
    env = {"STANCEGRAPH_QUERY_TIMEOUT": str(timeout)}
    server = start_server(["--dist-dir", str(seed_dist), "--workers", "2"], env)
    triples = count(server, TRIPLES)
    workers = both_workers(server)

    def runaway() -> str:
        try:
            response = requests.get(
                server.url + "/sparql", params={"query": RUNAWAY}, headers=CSV, timeout=30
            )
        except requests.ConnectionError:
            return "closed"
        return str(response.status_code)

    with load(server) as outcomes:
        wait_for(outcomes, "200", 20)
        killed = pool.submit(runaway)
        worker, orphan = running_query(server)
        os.kill(worker, signal.SIGKILL)
        killed_at = time.monotonic()
        for path in LOAD_PATHS:  # at once: no gap in service while the worker is replaced
            assert requests.get(server.url + path, timeout=10).status_code == 200
        assert killed.result(timeout=10) == "closed"
        answered = outcomes["200"]
        while (replaced := children(server.process.pid)) == workers - {worker}:
            assert time.monotonic() - killed_at < 15, "the killed worker was not replaced"
            time.sleep(0.01)
        assert len(replaced) == 2 and worker not in replaced
        wait_for(outcomes, "200", answered + 20)  # served on, whichever worker took them
        while processes().get(orphan, ("Z", 0, 0.0))[0] != "Z":  # gone, or a zombie
            assert time.monotonic() - killed_at < timeout + _GRACE + 2, "orphan query lives on"
            time.sleep(0.05)
    assert set(outcomes) <= {"200", "closed"}, outcomes
    assert outcomes["closed"] <= THREADS  # only what the killed worker held
    assert count(server, TRIPLES) == triples
    assert count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }") > 0
