"""The gunicorn worker: gthread, with our headers on its own answers and a prompt shutdown.

gunicorn answers some requests before the application sees them: a malformed request line (400),
a request line beyond ``limit_request_line`` (414), headers beyond their limits (431). It writes
those answers straight to the socket; this worker adds ``nosniff`` and the data policy of
:mod:`stancegraph.web.security` to their header block, so that every answer carries them. And on SIGTERM
it stops listening at once, so that new connections are refused while it finishes the requests
in flight (gunicorn's own worker keeps listening, unanswering, until it exits).
"""

from __future__ import annotations

import socket
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from stancegraph.web.security import DATA_POLICY, policy

#: Header lines added to gunicorn's own error answers, right after the status line.
HEADERS = (
    b"X-Content-Type-Options: nosniff\r\n"
    + f"Content-Security-Policy: {policy(DATA_POLICY)}\r\n".encode("ascii")
)


class Worker(ThreadWorker):
    """gunicorn's threaded worker; its error answers get :data:`HEADERS`.

    On SIGTERM it closes its listening sockets as soon as it stops accepting, while it finishes
    the requests in flight: once every worker has, new connections are refused at once instead
    of waiting, unanswered, in the listen queue until the last worker exits.
    """

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:
            for listener in self.sockets:
                listener.close()

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _AddingHeaders(client), addr, exc)


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
