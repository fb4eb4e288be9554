"""A client's socket as the worker's threads see it: requests read ahead, answers spooled.

The worker's event loop reads a whole request into :class:`ClientSocket` before a thread parses
it, so the thread's reads come from memory. What the thread writes goes out at once as far as
the client takes it; the rest waits in a spool (in memory up to :data:`MEMORY_PER_CONNECTION`,
then in an unlinked temporary file; files sent with ``sendfile`` are spooled as a reference), and
the event loop sends it as the client reads. So a thread, and the query slot behind it, is held
only while the answer is made, never while a slow client reads it.

All spool files of a worker together hold at most the ``answer_spool_mb`` setting
(:class:`SpoolBudget`); past it a thread waits for its client to read, and gives up on a client
that reads slower than the ``min_client_rate`` setting for ``client_timeout`` seconds.
"""

from __future__ import annotations

import os
import select
import socket
import tempfile
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from typing import IO, Any

#: Bytes of answer kept in memory per connection before the spool goes to a file.
MEMORY_PER_CONNECTION = 256 * 1024
#: Most bytes one send hands to the kernel.
_SEND = 1 << 20


class SlowClient(ConnectionError):
    """The client read an answer slower than the floor rate for longer than allowed."""


class SpoolBudget:
    """Bytes of spool files a worker may hold, shared by its connections."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > self.capacity:
                return False
            self.used += size
            return True

    def give_back(self, size: int) -> None:
        with self._lock:
            self.used -= size


@dataclass(frozen=True)
class ClientLimits:
    """How long a client may take: a whole request within ``timeout`` seconds of its first
    byte, and an answer read at ``min_rate`` bytes per second over each ``timeout`` seconds."""

    timeout: float
    min_rate: int
    body_limit: int
    budget: SpoolBudget


class _Segment:
    """Part of a file to send: ``fd`` (ours to close unless ``shared``) from ``offset``."""

    def __init__(self, fd: int, offset: int, left: int, shared: bool = False) -> None:
        self.fd, self.offset, self.left, self.shared = fd, offset, left, shared


class ClientSocket:
    """A non-blocking client socket with the reads and writes of a blocking one.

    ``recv`` serves what :meth:`feed` read ahead, then waits on the socket at most the timeout
    the caller set (or ``limits.timeout`` when blocking). ``send``, ``sendall`` and ``sendfile``
    never wait, unless the worker's spool budget is spent.
    """

    def __init__(self, sock: socket.socket, limits: ClientLimits) -> None:
        self.sock = sock
        self.limits = limits
        sock.setblocking(False)
        self.inbox = bytearray()
        self.continued = False  # "100 Continue" already sent for the request in the inbox
        self._timeout: float | None = None
        self._out: deque[memoryview | _Segment] = deque()
        self._in_memory = 0
        self._file: IO[bytes] | None = None
        self._file_size = 0  # bytes written to the spool file (and taken from the budget)
        self.sent = 0
        self._closed = False

    # Reading ----------------------------------------------------------------------------------

    def feed(self) -> bool:
        """Read what the client has sent into :attr:`inbox`; False once it has closed."""
        try:
            data = self.sock.recv(_SEND)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        self.inbox += data
        return bool(data)

    def unread(self, data: bytes) -> None:
        """Put back bytes the parser read past its request (a pipelined request's start)."""
        self.inbox[:0] = data

    def recv(self, size: int, flags: int = 0) -> bytes:
        if self.inbox:
            data = bytes(self.inbox[:size])
            del self.inbox[:size]
            return data
        wait = self.limits.timeout if self._timeout is None else self._timeout
        if wait and not select.select([self.sock], [], [], wait)[0]:
            raise TimeoutError(f"no request data for {wait:g} s")
        try:
            return self.sock.recv(size, flags)
        except BlockingIOError:
            raise TimeoutError("no request data") from None

    def setblocking(self, flag: bool) -> None:
        self._timeout = None if flag else 0.0

    def settimeout(self, value: float | None) -> None:
        self._timeout = value

    def gettimeout(self) -> float | None:
        return self._timeout

    # Writing ----------------------------------------------------------------------------------

    def send(self, data: bytes, flags: int = 0) -> int:
        if bytes(data) == CONTINUE:
            return len(data)  # the body is in already, or the event loop asked for it
        self.sendall(data)
        return len(data)

    def sendall(self, data: bytes, flags: int = 0) -> None:
        if not data:
            return
        if not self._out:
            rest = memoryview(data)[self._send_now(memoryview(data)) :]
            if not rest:
                return
            data = bytes(rest)
        if self._in_memory + len(data) <= MEMORY_PER_CONNECTION:
            self._out.append(memoryview(bytes(data)))
            self._in_memory += len(data)
        else:
            self._spool_to_file(bytes(data))

    def sendfile(self, file: Any, offset: int = 0, count: int | None = None) -> int:
        fd = file.fileno()
        if count is None:
            count = os.fstat(fd).st_size - offset
        self._out.append(_Segment(os.dup(fd), offset, count))
        self.flush()
        return count

    @property
    def pending(self) -> bool:
        """Whether some of the answer is still to be sent."""
        return bool(self._out)

    def flush(self) -> bool:
        """Send what the client takes now, without waiting; whether all is sent."""
        while self._out:
            item = self._out[0]
            if isinstance(item, memoryview):
                sent = self._send_now(item)
                self._in_memory -= sent
                if sent < len(item):
                    self._out[0] = item[sent:]
                    return False
            else:
                if not self._send_segment(item):
                    return False
                if not item.shared:
                    os.close(item.fd)
            self._out.popleft()
        self._drop_file()
        return True

    def flush_waiting(self) -> None:
        """Send everything, waiting for the client: at least ``min_rate`` bytes per second over
        each ``timeout`` seconds, else :class:`SlowClient`."""
        window_start, sent_before = time.monotonic(), self.sent
        while not self.flush():
            select.select([], [self.sock], [], self.limits.timeout)
            now = time.monotonic()
            if now - window_start >= self.limits.timeout:
                if self.sent - sent_before < self.limits.min_rate * (now - window_start):
                    raise SlowClient("the client reads its answer too slowly")
                window_start, sent_before = now, self.sent

    def _send_now(self, view: memoryview) -> int:
        try:
            sent = self.sock.send(view[:_SEND])
        except (BlockingIOError, InterruptedError):
            return 0
        self.sent += sent
        return sent

    def _send_segment(self, segment: _Segment) -> bool:
        while segment.left > 0:
            try:
                sent = os.sendfile(
                    self.sock.fileno(), segment.fd, segment.offset, min(segment.left, _SEND)
                )
            except (BlockingIOError, InterruptedError):
                return False
            if sent == 0:
                raise BrokenPipeError("the file ended before its announced length")
            segment.offset += sent
            segment.left -= sent
            self.sent += sent
        return True

    def _spool_to_file(self, data: bytes) -> None:
        if not self.limits.budget.take(len(data)):
            # The worker's spool is full: this client's answer waits for the client.
            self._out.append(memoryview(data))
            self._in_memory += len(data)
            self.flush_waiting()
            return
        if self._file is None:
            # Kept open across writes, closed by _drop_file once the client has it all.
            self._file = tempfile.TemporaryFile(prefix="stancegraph-answer-")  # noqa: SIM115
        self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self._file.flush()
        self._out.append(_Segment(self._file.fileno(), self._file_size, len(data), shared=True))
        self._file_size += len(data)

    def _drop_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self.limits.budget.give_back(self._file_size)
            self._file_size = 0

    # The rest of a socket ---------------------------------------------------------------------

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        """Close the socket and drop what was not sent."""
        if self._closed:
            return
        self._closed = True
        for item in self._out:
            if isinstance(item, _Segment) and not item.shared:
                os.close(item.fd)
        self._out.clear()
        self._drop_file()
        with suppress(OSError):
            self.sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


#: What a client that sent ``Expect: 100-continue`` is told before it sends its body.
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
