"""HTTP/1.1 over plain sockets, so that an attack controls every byte sent and every wait."""

from __future__ import annotations

import socket
import time
from contextlib import suppress
from dataclasses import dataclass, field

#: Seconds within which a probe must be answered.
LIMIT = 1.0
PROBE_TIMEOUT = 3.0


@dataclass
class Reply:
    """An answer; ``status`` is what happened instead when there was none (timeout, reset...)."""

    status: int | str
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def in_time(self) -> bool:
        return isinstance(self.status, int) and 200 <= self.status < 300 and self.seconds <= LIMIT


def request(target: str, headers: dict[str, str] | None = None, host: str = "127.0.0.1") -> bytes:
    """A GET with ``Host`` and ``Connection: close``."""
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def exchange(address: tuple[str, int], data: bytes, timeout: float = PROBE_TIMEOUT) -> Reply:
    """Send ``data`` on a new connection; the answer, read until the server closes."""
    started = time.monotonic()
    deadline = started + timeout
    received: list[bytes] = []
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            with suppress(BrokenPipeError, ConnectionResetError):  # it may answer before reading
                sock.sendall(data)
            while time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                if not (chunk := sock.recv(1 << 16)):
                    return parse(b"".join(received), time.monotonic() - started)
                received.append(chunk)
            raise TimeoutError
    except TimeoutError:
        return Reply("timeout", time.monotonic() - started)
    except ConnectionRefusedError:
        return Reply("refused", time.monotonic() - started)
    except OSError as error:
        what = "reset" if isinstance(error, ConnectionResetError) else type(error).__name__
        return Reply(what, time.monotonic() - started)


def parse(received: bytes, seconds: float) -> Reply:
    """The answer in ``received`` ("closed" or "garbled" if it has no status line)."""
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return Reply("closed" if not received else "garbled", seconds)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", ""):
        body = dechunk(body)
    return Reply(int(parts[1]), seconds, headers, body)


def dechunk(data: bytes) -> bytes:
    """The body of a chunked answer (as much of it as came)."""
    chunks, at = [], 0
    while (end := data.find(b"\r\n", at)) >= 0:
        try:
            length = int(data[at:end].split(b";")[0], 16)
        except ValueError:
            break
        if not length:
            break
        chunks.append(data[end + 2 : end + 2 + length])
        at = end + 4 + length
    return b"".join(chunks)
