"""HTTP/1.1 over a plain socket, for requests that ``requests`` or ``http.client`` would tidy up.

They normalise ``..`` out of paths, refuse control characters and non-ASCII bytes in the request
line, and fix headers; a hostile client does none of that. One request per connection.
"""

from __future__ import annotations

import socket
import time
from contextlib import suppress
from dataclasses import dataclass, field


@dataclass
class Answer:
    """What came back: the status (0 when the server closed without answering), headers, body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def request_bytes(
    method: bytes | str,
    target: bytes | str,
    headers: dict[str, str] | list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
    host: str = "127.0.0.1",
) -> bytes:
    """A request with ``Host`` and ``Connection: close``; ``Content-Length`` when there is a body."""
    method = method.encode("latin-1") if isinstance(method, str) else method
    target = target.encode("latin-1") if isinstance(target, str) else target
    pairs: list[tuple[bytes, bytes]] = [
        (b"Host", host.encode("latin-1")),
        (b"Connection", b"close"),
    ]
    if isinstance(headers, dict):
        pairs += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    elif headers:
        pairs += headers
    if body and not any(k.lower() in (b"content-length", b"transfer-encoding") for k, _ in pairs):
        pairs.append((b"Content-Length", str(len(body)).encode()))
    head = b"".join(k + b": " + v + b"\r\n" for k, v in pairs)
    return method + b" " + target + b" HTTP/1.1\r\n" + head + b"\r\n" + body


def exchange(port: int, data: bytes, timeout: float = 30.0) -> Answer:
    """Send ``data`` on a new connection and read the answer until the server closes it."""
    started = time.monotonic()
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        # The server may answer (and close) before it has taken the whole request.
        with suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        with suppress(ConnectionResetError):
            while chunk := sock.recv(1 << 16):
                received += chunk
    answer = parse(received)
    answer.seconds = time.monotonic() - started
    return answer


def parse(received: bytes) -> Answer:
    """The status line, headers and (de-chunked) body of one HTTP/1.1 answer."""
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/1."):
        return Answer(0, body=received)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    return Answer(int(lines[0].split()[1]), headers, body)


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return out


def get(port: int, target: bytes | str, headers: dict[str, str] | None = None) -> Answer:
    """GET ``target`` exactly as given."""
    return exchange(port, request_bytes("GET", target, headers))
