"""The gunicorn worker: gthread, whose event loop reads whole requests and sends whole answers.

gunicorn's threaded worker hands a new connection to a thread, which then reads the request with
blocking calls and writes the answer likewise: a client that sends or reads slowly holds a thread
(slowloris; and a client that reads nothing held a query slot too). Here the event loop reads each
request into memory (:mod:`stancegraph.web.request_buffer`) before a thread takes it, and a
request not whole within ``client_timeout`` seconds of its first byte gets 408; the thread's
answer goes to a spool (:mod:`stancegraph.web.client_socket`) that the event loop sends as the
client reads, cutting off a client that reads slower than ``min_client_rate``. Idle connections
close after ``client_timeout`` (a new one) or gunicorn's keep-alive time (2 s, after an answer).

gunicorn answers some requests before the application sees them: a malformed request line (400),
a request line beyond ``limit_request_line`` (414), headers beyond their limits (431). It writes
those answers straight to the socket; this worker adds ``nosniff`` and the data policy of
:mod:`stancegraph.web.security` to their header block, so that every answer carries them. And on SIGTERM
it stops listening at once, so that new connections are refused while it finishes the requests
in flight (gunicorn's own worker keeps listening, unanswering, until it exits).

An answer given before the request's body was read to its end (a 413, say) says
``Connection: close`` and the connection is closed after it: gunicorn drains only a little of an
unread body before the next request and otherwise drops the connection, which a keep-alive
client would then find closed under its next request.
"""

from __future__ import annotations

import errno
import logging
import selectors
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import suppress
from functools import partial
from typing import Any

from gunicorn.workers.gthread import STOP_KEEPALIVE_LINGER, TConn, ThreadWorker

from stancegraph.core import settings
from stancegraph.web import request_buffer
from stancegraph.web.client_socket import CONTINUE, ClientLimits, ClientSocket, SpoolBudget
from stancegraph.web.security import DATA_POLICY, policy

#: Header lines added to gunicorn's own error answers, right after the status line.
HEADERS = (
    b"X-Content-Type-Options: nosniff\r\n"
    + f"Content-Security-Policy: {policy(DATA_POLICY)}\r\n".encode("ascii")
)
#: Seconds a closed connection's end waits for the client's, reading what it still sends
#: (closing at once could reset the connection before the client has read the answer).
LINGER = 2.0
_log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Then = Callable[[TConn], None]


class Worker(ThreadWorker):
    """gunicorn's threaded worker, its threads taking only whole requests and never waiting on a
    client; its error answers get :data:`HEADERS`.

    On SIGTERM it closes its listening sockets as soon as it stops accepting, while it finishes
    the requests in flight: once every worker has, new connections are refused at once instead
    of waiting, unanswered, in the listen queue until the last worker exits. Its application
    closes the connection after answering a request whose body it did not read.
    """

    wsgi: WSGIApp
    limits: ClientLimits

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading: dict[TConn, float] = {}  # connection → when it must have sent a request
        self._writing: dict[TConn, tuple[float, int, Then]] = {}  # → rate window; what next
        self._closing: dict[TConn, float] = {}  # → when to stop lingering

    def load_wsgi(self) -> None:
        super().load_wsgi()
        config = {**settings.defaults(), **settings.by_name(getattr(self.wsgi, "config", {}))}
        self.limits = ClientLimits(
            timeout=config["client_timeout"],
            min_rate=config["min_client_rate"],
            body_limit=config["max_request_bytes"],
            budget=SpoolBudget(config["answer_spool_mb"] << 20),
        )
        self.wsgi = closing_when_unread(self.wsgi)

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:
            for listener in self.sockets:
                listener.close()

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _AddingHeaders(client), addr, exc)

    # Reading requests in the event loop -------------------------------------------------------

    def accept(self, listener: socket.socket) -> None:
        try:
            sock, address = listener.accept()
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):
                _log.warning("no descriptor left for a new connection: %s", error)
            elif error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, ClientSocket(sock, self.limits), address, listener.getsockname())
        self._await_request(conn, time.monotonic() + self.limits.timeout)

    def _await_request(self, conn: TConn, idle_until: float) -> None:
        """Hand the connection's next request to a thread once it is whole; until then, read."""
        client: ClientSocket = conn.sock
        if request_buffer.ready(client.inbox, self.limits.body_limit):
            conn.data_ready = True
            self.enqueue_req(conn)
            return
        started = bool(client.inbox)
        self._reading[conn] = time.monotonic() + self.limits.timeout if started else idle_until
        self.poller.register(client.sock, selectors.EVENT_READ, partial(self._on_request, conn))

    def _on_request(self, conn: TConn, _: Any) -> None:
        client: ClientSocket = conn.sock
        started = bool(client.inbox)
        if not client.feed():
            self._drop(conn)
            return
        if not started and client.inbox:  # a request begins: it has client_timeout to arrive
            self._reading[conn] = time.monotonic() + self.limits.timeout
        if request_buffer.ready(client.inbox, self.limits.body_limit):
            self._unregister(conn)
            del self._reading[conn]
            conn.data_ready = True
            self.enqueue_req(conn)
        elif not client.continued and request_buffer.expects_continue(client.inbox):
            client.continued = True
            client.sendall(CONTINUE)

    def _timed_out(self, conn: TConn) -> None:
        """408 for a request that did not arrive whole in time; then close."""
        self._unregister(conn)
        del self._reading[conn]
        client: ClientSocket = conn.sock
        client.inbox.clear()
        text = (
            f"request not received whole within {self.limits.timeout:g} s "
            "(setting client_timeout)\n"
        ).encode()
        client.sendall(
            b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            + HEADERS
            + b"Content-Type: text/plain; charset=utf-8\r\n"
            + f"Content-Length: {len(text)}\r\n\r\n".encode()
            + text
        )
        self._send_rest(conn, self._close)

    # Sending answers in the event loop --------------------------------------------------------

    def finish_request(self, conn: TConn, fs: Future[Any]) -> None:
        """A thread is done with the connection: send the rest of its answer, then read the next
        request (keep-alive) or close."""
        try:
            keepalive = bool(fs.result()) and self.alive if not fs.cancelled() else False
        except Exception:
            keepalive = False
        client: ClientSocket = conn.sock
        client.continued = False
        if keepalive and conn.parser is not None:
            client.unread(conn.parser.unreader.take_buffered())  # a pipelined request's start
        self._send_rest(conn, self._await_next if keepalive else self._close)

    def _send_rest(self, conn: TConn, then: Then) -> None:
        client: ClientSocket = conn.sock
        try:
            done = client.flush()
        except OSError:
            self._drop(conn)
            return
        if done:
            then(conn)
            return
        self._writing[conn] = (time.monotonic(), client.sent, then)
        self.poller.register(client.sock, selectors.EVENT_WRITE, partial(self._on_writable, conn))

    def _on_writable(self, conn: TConn, _: Any) -> None:
        try:
            done = conn.sock.flush()
        except OSError:
            self._drop(conn)
            return
        if done:
            self._unregister(conn)
            _, _, then = self._writing.pop(conn)
            then(conn)

    def _await_next(self, conn: TConn) -> None:
        self._await_request(conn, time.monotonic() + self.cfg.keepalive)

    def _close(self, conn: TConn) -> None:
        """End our side; read what the client still sends until it ends its own, or LINGER."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._drop(conn)
            return
        self._closing[conn] = time.monotonic() + LINGER
        self.poller.register(conn.sock.sock, selectors.EVENT_READ, partial(self._on_linger, conn))

    def _on_linger(self, conn: TConn, _: Any) -> None:
        client: ClientSocket = conn.sock
        open_ = client.feed()
        client.inbox.clear()
        if not open_:
            self._drop(conn)

    # Deadlines --------------------------------------------------------------------------------

    def murder_keepalived(self, force: bool = False) -> None:
        """Also: 408 to requests late, cut off slow readers, end lingering and idle connections."""
        super().murder_keepalived(force)
        now = time.monotonic()
        for conn, deadline in list(self._reading.items()):
            if not self.alive and not conn.sock.inbox and deadline > now + STOP_KEEPALIVE_LINGER:
                # Stopping: a kept-alive connection stays a moment for a request the client may
                # be sending already (answered with "Connection: close"), then closes.
                self._reading[conn] = deadline = now + STOP_KEEPALIVE_LINGER
            if force:
                self._drop(conn)
            elif now >= deadline and conn.sock.inbox:
                self._timed_out(conn)
            elif now >= deadline:
                self._drop(conn)
        for conn, (since, sent, then) in list(self._writing.items()):
            if force:
                self._drop(conn)
            elif now - since >= self.limits.timeout:
                if conn.sock.sent - sent < self.limits.min_rate * (now - since):
                    _log.info("cut off %s: it reads slower than min_client_rate", conn.client)
                    self._drop(conn)
                else:
                    self._writing[conn] = (now, conn.sock.sent, then)
        for conn, until in list(self._closing.items()):
            if force or now >= until:
                self._drop(conn)

    def _unregister(self, conn: TConn) -> None:
        with suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock.sock)

    def _drop(self, conn: TConn) -> None:
        """Close the connection now, wherever it was."""
        self._unregister(conn)
        for waiting in (self._reading, self._writing, self._closing):
            waiting.pop(conn, None)
        self.nr_conns -= 1
        conn.sock.close()


def closing_when_unread(app: WSGIApp) -> WSGIApp:
    """``app``, answering with ``Connection: close`` when it has not read the whole body.

    A WSGI application may not send hop-by-hop headers; gunicorn's start_response is a method of
    its response, whose ``force_close()`` makes gunicorn say ``Connection: close`` and close.
    """

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = CountedBody(environ["wsgi.input"], environ)
        environ["wsgi.input"] = body

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            force_close = getattr(getattr(start_response, "__self__", None), "force_close", None)
            if not body.finished and force_close is not None:
                force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return application


class CountedBody:
    """A request body (``wsgi.input``) that knows whether it has been read to its end."""

    def __init__(self, stream: Any, environ: dict[str, Any]) -> None:
        self._stream = stream
        length = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        #: Bytes still expected; None for a chunked body, until it ends.
        self._left: int | None = None if chunked else int(length) if length.isdigit() else 0

    @property
    def finished(self) -> bool:
        return self._left == 0

    def _count(self, data: bytes, at_end: bool) -> bytes:
        if self._left is not None:
            self._left = max(0, self._left - len(data))
        elif at_end:
            self._left = 0  # the end of a chunked body
        return data

    def read(self, size: int | None = None) -> bytes:
        data: bytes = self._stream.read(size)
        # gunicorn's read() returns less than asked only at the end.
        return self._count(data, size is None or size < 0 or len(data) < size)

    def readline(self, size: int | None = None) -> bytes:
        line: bytes = self._stream.readline(size)
        return self._count(line, not line and size != 0)

    def readlines(self, hint: int | None = None) -> list[bytes]:
        lines: list[bytes] = self._stream.readlines(hint)
        self._count(b"".join(lines), True)  # gunicorn's readlines() reads to the end
        return lines

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


class _AddingHeaders:
    """A socket whose first write, an answer's status line and headers, gets :data:`HEADERS`."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._pending = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        if self._pending and data.startswith(b"HTTP/"):
            status, _, rest = data.partition(b"\r\n")
            data = status + b"\r\n" + HEADERS + rest
        self._pending = False
        self._sock.sendall(data)
