"""The gunicorn worker: gthread, with our headers on its own answers and a prompt shutdown.

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

import socket
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from stancegraph.web.security import DATA_POLICY, policy

#: Header lines added to gunicorn's own error answers, right after the status line.
HEADERS = (
    b"X-Content-Type-Options: nosniff\r\n"
    + f"Content-Security-Policy: {policy(DATA_POLICY)}\r\n".encode("ascii")
)


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Worker(ThreadWorker):
    """gunicorn's threaded worker; its error answers get :data:`HEADERS`.

    On SIGTERM it closes its listening sockets as soon as it stops accepting, while it finishes
    the requests in flight: once every worker has, new connections are refused at once instead
    of waiting, unanswered, in the listen queue until the last worker exits. Its application
    closes the connection after answering a request whose body it did not read.
    """

    wsgi: WSGIApp

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:
            for listener in self.sockets:
                listener.close()

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _AddingHeaders(client), addr, exc)

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = closing_when_unread(self.wsgi)


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
