"""Issue 16, attacks 1 and 2: clients that send or read slowly hold no thread and no query slot.

Before, each gunicorn thread read its request and wrote its answer with blocking calls: 16
connections trickling headers took a 2-worker server down, and 8 clients that never read their
answers held every query slot. Each test here opens the attack on a live server and, while it
runs, asks what a researcher asks (``/healthz``, a page, a cheap query nobody asked before) and
checks the answers' content. The probes' own timeout only turns a hang into a failure.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from pathlib import Path

import pytest
import requests

from stancegraph.vocabulary import DEFAULT_BASE_URI
from stancegraph.web import request_buffer
from tests.conftest import LiveServer

#: Seconds a client has for a request; short, so that the tests see the server's deadlines.
CLIENT_TIMEOUT = 3
SETTINGS = {
    "STANCEGRAPH_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT),
    "STANCEGRAPH_ANSWER_CACHE_MB": "0",  # every probe query runs: it needs a slot
    "STANCEGRAPH_QUERY_SLOTS": "2",  # and 2 long slots: 8 non-readers would hold them all
}
#: Long enough to wait out any deadline of the server's; a probe that needs it has hung.
PROBE_TIMEOUT = 20
ATTACKERS = 200
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NIF_IS_STRING = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"
_FRESH = itertools.count()


@pytest.fixture(scope="module")
def server(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    return start_server(["--dist-dir", str(seed_dist), "--workers", "2"], env=SETTINGS)


def probe(server: LiveServer) -> None:
    """What a researcher asks while the attack runs: each answered, with the right content."""
    health = requests.get(f"{server.url}/healthz", timeout=PROBE_TIMEOUT)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    page = requests.get(
        f"{server.url}/doc/actor/spain", headers={"Accept": "text/turtle"}, timeout=PROBE_TIMEOUT
    )
    assert page.status_code == 200 and '"Spain"' in page.text
    query = (
        f"SELECT ?l WHERE {{ <{DEFAULT_BASE_URI}id/actor/spain> <{LABEL}> ?l }} # {next(_FRESH)}"
    )
    answer = requests.get(
        f"{server.url}/sparql",
        params={"query": query},
        headers={"Accept": "text/csv"},
        timeout=PROBE_TIMEOUT,
    )
    assert (answer.status_code, answer.text) == (200, "l\r\nSpain\r\n")


def connect(server: LiveServer, receive_buffer: int | None = None) -> socket.socket:
    sock = socket.socket()
    if receive_buffer is not None:  # set before connecting: it bounds the TCP window
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(PROBE_TIMEOUT)
    sock.connect(("127.0.0.1", server.port))
    return sock


class Trickle:
    """Connections that each send a few bytes, again and again, until stopped."""

    def __init__(self, sockets: list[socket.socket], drip: bytes, every: float) -> None:
        self.sockets, self.drip, self.every = sockets, drip, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for sock in self.sockets:
                with suppress(OSError):
                    sock.send(self.drip)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def attackers(server: LiveServer) -> Iterator[Callable[[bytes], list[socket.socket]]]:
    """Opens :data:`ATTACKERS` connections, each having sent ``start``; all closed at the end."""
    with ExitStack() as stack:

        def open_all(start: bytes) -> list[socket.socket]:
            sockets = [stack.enter_context(connect(server)) for _ in range(ATTACKERS)]
            for sock in sockets:
                sock.sendall(start)
            return sockets

        yield open_all


def read_all(sock: socket.socket) -> bytes:
    data = b""
    with suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_slowloris_headers(
    server: LiveServer, attackers: Callable[..., list[socket.socket]]
) -> None:
    """200 connections, each sending a header line every half second, never ending its headers."""
    sockets = attackers(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    trickle = Trickle(sockets, b"X-a: b\r\n", 0.5)
    try:
        probe(server)
        probe(server)
    finally:
        trickle.stop()
    # Each got 408 once its request had taken client_timeout, and was closed.
    answer = read_all(sockets[0])
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer[:200]
    assert answer.endswith(
        f"request not received whole within {CLIENT_TIMEOUT} s (setting client_timeout)\n".encode()
    )
    assert b"X-Content-Type-Options: nosniff\r\n" in answer


def test_idle_connections(
    server: LiveServer, attackers: Callable[..., list[socket.socket]]
) -> None:
    """200 connections that send nothing: probes are answered, and the idle ones closed."""
    sockets = attackers(b"")
    probe(server)
    assert read_all(sockets[-1]) == b""  # closed without an answer after client_timeout


def test_slow_bodies(server: LiveServer, attackers: Callable[..., list[socket.socket]]) -> None:
    """200 POSTs announcing 1,000 bytes of query and sending one byte every half second."""
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000\r\n\r\nSELECT"
    )
    sockets = attackers(head)
    trickle = Trickle(sockets, b" ", 0.5)
    try:
        probe(server)
        probe(server)
    finally:
        trickle.stop()
    assert read_all(sockets[0]).startswith(b"HTTP/1.1 408 Request Timeout\r\n")


def big_query(n: int) -> bytes:
    """A request for a different, big answer (several MB of CSV) for each ``n``."""
    query = (  # the article's 13 kB text on each of 500 rows: cheap to make, 6.6 MB to read
        f"SELECT ?text ?a WHERE {{ ?c <{NIF_IS_STRING}> ?text . ?a ?p ?b }} LIMIT 500 "
        f"OFFSET {n} # {next(_FRESH)}"
    )
    target = requests.Request("GET", "http://x/sparql", params={"query": query}).prepare().path_url
    return f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode()


def test_clients_that_never_read_hold_no_query_slot(server: LiveServer) -> None:
    """Attack 2: four clients (twice the two slots of each worker… and more) ask for big answers
    and read nothing; cheap queries still find a slot, and the non-readers are cut off."""
    with ExitStack() as stack:
        readers = [stack.enter_context(connect(server, receive_buffer=4096)) for _ in range(8)]
        for n, sock in enumerate(readers):
            sock.sendall(big_query(n))
        for _ in range(3):
            probe(server)
        # Reading nothing for two rate windows and more: cut off, the answer incomplete.
        time.sleep(4 * CLIENT_TIMEOUT)
        answer = read_all(readers[0])
    # What the kernel still held, if anything (a reset may drop it): the start of the answer.
    assert answer == b"" or answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert not answer.endswith(b"\r\n0\r\n\r\n")  # the chunked answer never ended


def test_a_slow_but_steady_reader_gets_the_whole_answer(server: LiveServer) -> None:
    """Reading above min_client_rate, however slowly it starts, gets every byte."""
    request = big_query(99)
    with connect(server, receive_buffer=4096) as sock:
        sock.sendall(request)
        time.sleep(1)  # the answer goes to the spool meanwhile
        slow = b""
        while chunk := sock.recv(65536):
            slow += chunk
    with connect(server) as sock:
        sock.sendall(request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        fast = read_all(sock)
    assert len(slow) > 2_000_000
    assert slow.partition(b"\r\n\r\n")[2] == fast.partition(b"\r\n\r\n")[2]


# --- whether a request is whole --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "ready"),
    [
        (b"", False),
        (b"GET / HTTP/1.1\r\nHost: x\r\n", False),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", True),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc", False),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", True),
        (b"POST / HTTP/1.1\r\ncontent-length:5\r\n\r\nabcdeGET", True),  # pipelined
        (b"POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", True),  # past the limit: 413
        (b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", True),  # gunicorn's 400
        (b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na", True),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", False),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n", False),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", True),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n", False),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n\r\n", True),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", True),  # 400
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n", True),  # > limit
        (b"GET / HTTP/1.1\r\nX: " + b"a" * request_buffer.MAX_HEAD, True),  # 431 from gunicorn
    ],
)
def test_whether_a_request_is_whole(data: bytes, ready: bool) -> None:
    assert request_buffer.ready(data, body_limit=1000) is ready


def test_a_body_expected_after_100_continue() -> None:
    head = b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
    assert request_buffer.expects_continue(head)
    assert not request_buffer.expects_continue(head[:-2])
    assert not request_buffer.expects_continue(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n")
