"""Running SPARQL queries so that they can be stopped: in a pool of forked query processes.

pyoxigraph's ``Store.query`` has no timeout, and a Python signal handler only runs once a long
aggregate has finished, so queries run in processes of their own (:mod:`stancegraph.sparql.query_process`),
forked from the serving process so that they share the loaded store copy-on-write. A process that
misses the deadline is killed with ``SIGKILL`` before the client gets its 503.

Forking for every query would cost milliseconds of page-table copying and copy-on-write faults, so
a process that answered goes back to the runner's pool and takes the next query; one is forked
only when none is idle, and retired after ``JOBS_PER_PROCESS`` queries. Which query runs when is
the :class:`~stancegraph.sparql.query_queue.QueryQueue`'s call: ``slots`` at once, as many again
for queries that have run long, the rest waiting their turn; its capacity bounds the pool.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from math import ceil
from typing import Any, Protocol

from pyoxigraph import Store

from stancegraph.core.errors import (
    NotAcceptable,
    OutOfMemory,
    QueryInvalid,
    QueryRefused,
    QueryTimedOut,
)
from stancegraph.core.formats import BY_NAME, Format
from stancegraph.sparql import query_process
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_queue import QueryQueue, Ticket
from stancegraph.sparql.query_results import ResultKind

#: Queries a process answers before it is retired (bounds what it copies from its parent).
JOBS_PER_PROCESS = 500
#: Seconds after which a running query moves to a long slot, if one is free, freeing its own.
LONG_AFTER = 0.5
#: How often a long query whose long slots were all taken tries again to move.
_ASIDE_RETRY = 0.25
_CHUNK = 1 << 16
_log = logging.getLogger(__name__)


class Body(Protocol):
    """An answer's body: iterated in chunks (and closed) by the WSGI server, or read whole."""

    def __iter__(self) -> Iterator[bytes]: ...

    def read(self) -> bytes: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Written:
    """An answer already written in full, as a body."""

    data: bytes

    def __iter__(self) -> Iterator[bytes]:
        yield self.data

    def read(self) -> bytes:
        return self.data

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Answer:
    """A query's answer on its way from where it ran: close ``body`` when done with it."""

    kind: ResultKind
    format: Format
    truncated: bool
    body: Body
    length: int | None = None  # bytes of the body, when known before it is read


class Runner(Protocol):
    """What the SPARQL endpoint runs a checked query with: see :meth:`QueryRunner.run`."""

    timeout: float
    max_rows: int

    def run(self, job: Job, client: str = "") -> Answer: ...


class QueryRunner:
    """Runs queries on a store, each in a query process stopped after ``timeout`` seconds.

    ``store`` is the pyoxigraph store, or a function that gives it in the calling process: a
    store on disk is opened anew by each query process, before it confines itself. ``slots``
    queries start at once; up to ``queue`` more wait, each at most ``max_wait`` seconds, and
    ``slots`` more slots take queries that run past ``LONG_AFTER`` seconds (see
    :mod:`stancegraph.sparql.query_queue`). A process is retired after ``jobs_per_process`` queries.
    """

    def __init__(
        self,
        store: Store | Callable[[], Store],
        timeout: float,
        max_rows: int,
        slots: int,
        jobs_per_process: int = JOBS_PER_PROCESS,
        memory: int | None = None,
        queue: int = 0,
        max_wait: float = 0.0,
    ) -> None:
        self.store = store
        self.memory = memory
        self.jobs_per_process = jobs_per_process
        self.timeout = timeout
        self.max_rows = max_rows
        self.slots = slots
        self.queue = QueryQueue(slots, queue, max_wait, long_slots=slots, long_after=LONG_AFTER)
        self._idle: list[_Child] = []
        self._exiting: set[int] = set()
        self._lock = threading.Lock()
        self._owner = os.getpid()

    def run(self, job: Job, client: str = "") -> Answer:
        """Start the query, once it has a slot, and wait for its header; the body streams from
        :attr:`Answer.body`. ``client`` names who asks, for the queue's turns.

        Raises :class:`~stancegraph.core.errors.QueryInvalid` for a syntax or evaluation error
        (with line and column), :class:`~stancegraph.core.errors.QueryRefused` when it reached
        for a file or socket from its confined process, :class:`~stancegraph.core.errors.NotAcceptable`
        when no format was chosen for the kind of answer,
        :class:`~stancegraph.core.errors.QueryTimedOut` and :class:`~stancegraph.core.errors.NoFreeSlot`.
        """
        ticket = self.queue.enter(client)
        try:
            child = self._hand_over(job)
        except BaseException:
            ticket.release()
            raise
        output = ChildOutput(child, partial(self._give_back, ticket))
        try:
            started = time.monotonic()
            header = output.read_header(started + self.timeout, ticket, started + LONG_AFTER)
            return _answer(header, output, job, self.timeout, self.memory)
        except BaseException:
            output.close()
            raise

    def _hand_over(self, job: Job) -> _Child:
        """An idle process (or, if there is none, a new one) that has received the job."""
        message = job.encode()
        child = self._take_idle()
        if child is not None:
            try:
                child.send(message)
                return child
            except BrokenPipeError:  # it died while idle
                child.close()
        child = _Child.spawn(self.store, self.max_rows, self.timeout, self.memory)
        try:
            child.send(message)
        except BaseException:
            child.close()
            raise
        return child

    def _take_idle(self) -> _Child | None:
        with self._lock:
            if self._owner != os.getpid():  # inherited through a fork: those are not ours
                self._idle, self._exiting, self._owner = [], set(), os.getpid()
            self._exiting = {pid for pid in self._exiting if not _reaped(pid)}
            return self._idle.pop() if self._idle else None

    def _give_back(self, ticket: Ticket, child: _Child, reusable: bool) -> None:
        """A query is over: keep its process for the next one if it can take it; free the slot."""
        try:
            if reusable and child.jobs < self.jobs_per_process:
                with self._lock:
                    self._idle.append(child)
            elif reusable:
                child.retire()
                with self._lock:
                    self._exiting.add(child.pid)
            else:
                child.close()
        finally:
            ticket.release()


def _reaped(pid: int) -> bool:
    return os.waitpid(pid, os.WNOHANG)[0] != 0


def _answer(
    header: dict[str, Any],
    output: ChildOutput,
    job: Job,
    timeout: float,
    memory: int | None = None,
) -> Answer:
    status = header["status"]
    if status == "ok":
        kind = ResultKind(header["kind"])
        return Answer(
            kind, BY_NAME[header["format"]], header["truncated"], output, header.get("length")
        )
    if status == "timeout":
        raise QueryTimedOut(
            f"query stopped after {timeout:g} s, the time limit (setting query_timeout); "
            "narrow it down or add a LIMIT",
            ceil(timeout),
        )
    if status == "memory" or (memory is not None and header.get("signal") == "SIGABRT"):
        limit = f"{memory >> 20} MB, " if memory is not None else ""
        raise OutOfMemory(
            f"query exceeded its memory limit ({limit}setting query_memory_mb); narrow it down "
            "or add a LIMIT"
        )
    if status == "syntax":
        raise QueryInvalid(f"query syntax: {_shorten(header['message'])}")
    if status == "evaluation":
        raise QueryInvalid(f"query evaluation: {_shorten(header['message'])}")
    if status == "refused":
        _log.warning("query process refused what the query guard let through: %s", header)
        raise QueryRefused(
            "query refused: it reached for a file or the network (SERVICE?), which this "
            f"endpoint's query processes cannot open ({_shorten(header['message'])})"
        )
    if status == "not-acceptable":
        kind = ResultKind(header["kind"])
        raise NotAcceptable(
            job.refusals.get(kind, f"no acceptable format for {kind.value} results")
        )
    raise RuntimeError(f"query process failed: {header.get('message', header)}")


def _shorten(message: str, limit: int = 200) -> str:
    """pyoxigraph lists every character class it expected; the position is what matters."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


class _Child:
    """A query process: the write end of its job pipe and the read end of its answer pipe."""

    def __init__(self, pid: int, job_fd: int, fd: int) -> None:
        self.pid = pid
        self.job_fd = job_fd
        self.fd = fd
        self.jobs = 0
        self.ended = False
        self.signal: str | None = None  # the signal that ended it, once it has ended

    @classmethod
    def spawn(
        cls,
        store: Store | Callable[[], Store],
        max_rows: int,
        timeout: float,
        memory: int | None = None,
    ) -> _Child:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            query_process.main(store, job_read, answer_write, max_rows, timeout, memory)
        os.close(job_read)
        os.close(answer_write)
        return cls(pid, job_write, answer_read)

    def send(self, message: bytes) -> None:
        view = memoryview(message)
        while view:
            view = view[os.write(self.job_fd, view) :]
        self.jobs += 1

    def kill(self) -> None:
        """Stop the process now and wait until it is gone."""
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self) -> str:
        """Wait for the process to end; how it ended."""
        _, status = os.waitpid(self.pid, 0)
        self.ended = True
        if os.WIFSIGNALED(status):
            self.signal = signal.Signals(os.WTERMSIG(status)).name
            return f"killed by {self.signal}"
        return f"exit status {os.WEXITSTATUS(status)}"

    def retire(self) -> None:
        """Close the pipes: the idle process reads the end of its jobs and exits by itself."""
        for fd in (self.job_fd, self.fd):
            os.close(fd)

    def close(self) -> None:
        """Kill the process unless it has ended, and close the pipes."""
        if not self.ended:
            self.kill()
        self.retire()


class ChildOutput:
    """The answer pipe of a query process: its header first, then the body as chunks.

    ``close()`` (called by the WSGI server when the response ends, or by us on error) ends the
    query once: the process goes back to the pool if it wrote its whole answer and it was all
    read; otherwise it is killed and reaped. Then the slot is freed.
    """

    def __init__(self, child: _Child, give_back: Callable[[_Child, bool], None]) -> None:
        self._child = child
        self._give_back = give_back
        self._buffer = b""
        self._left = -1  # bytes of the body still to read; -1 until a header says how many
        self._closed = False

    def read_header(
        self, deadline: float, ticket: Ticket | None = None, aside_at: float = 0.0
    ) -> dict[str, Any]:
        """The process's header, or ``{"status": "timeout"}`` once the deadline passes.

        From ``aside_at`` on, the query's ``ticket`` is set aside to a long slot (when one is free).
        """
        aside = ticket is None
        while b"\n" not in self._buffer:
            now = time.monotonic()
            if not aside and now >= aside_at:
                aside = ticket is not None and ticket.set_aside()
                aside_at = now + _ASIDE_RETRY
            wake = deadline if aside else min(deadline, aside_at)
            left = wake - now
            ready = select.select([self._child.fd], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                if time.monotonic() < deadline:
                    continue
                self._child.kill()
                return {"status": "timeout"}
            chunk = os.read(self._child.fd, _CHUNK)
            if not chunk:
                ended = self._child.wait()
                note = {"status": "error", "message": f"exited without an answer ({ended})"}
                if self._child.signal is not None:
                    note["signal"] = self._child.signal
                return note
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        header: dict[str, Any] = json.loads(line)
        if "length" in header:
            self._left = header["length"] - len(self._buffer)
        return header

    def __iter__(self) -> Iterator[bytes]:
        if self._buffer:
            yield self._buffer
            self._buffer = b""
        while self._left > 0:
            chunk = os.read(self._child.fd, min(self._left, _CHUNK))
            if not chunk:
                raise RuntimeError(f"query process {self._child.pid} ended mid-answer")
            self._left -= len(chunk)
            yield chunk

    def read(self) -> bytes:
        """The whole body (for the command line); closes the output."""
        try:
            return b"".join(self)
        finally:
            self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        reusable = self._left == 0 and not self._buffer and not self._child.ended
        self._give_back(self._child, reusable)
