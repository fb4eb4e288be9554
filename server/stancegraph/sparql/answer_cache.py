"""Answers of the SPARQL endpoint kept in memory: the dataset does not change while served.

A store in this process (``memory``, ``oxigraph:DIR``) is immutable once served, so one query on
one dataset in one format gives the same answer each time, unless it calls a function whose value
changes from one run to the next (``NOW``, ``RAND``, ``UUID``, ``STRUUID``, ``BNODE``): the
query guard marks those jobs ``volatile``, and their answers are never kept.

:class:`CachingRunner` keeps complete answers, least recently used out first, within a budget of
bytes per worker; a hit is answered from memory, without a query process. An answer is kept only
once it was read whole: errors, timeouts and answers a client stopped reading are never kept,
and neither are answers larger than an eighth of the budget. An entry costs its answer plus
:data:`ENTRY_OVERHEAD` (its key is the digest of the job, however long the query). A remote store
may change under the frontend: its answers are never kept (``immutable`` of
:class:`stancegraph.stores.store.QueryStore`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_runner import Answer, Body, Runner, Written

#: The largest answer kept, as a share of the budget.
ENTRY_SHARE = 8
#: Bytes an entry costs beyond its answer: its key (a SHA-256 digest) and the objects holding it.
ENTRY_OVERHEAD = 512


class CachingRunner:
    """A :class:`~stancegraph.sparql.query_runner.Runner` that keeps whole answers of ``runner`` in memory."""

    def __init__(self, runner: Runner, capacity: int) -> None:
        self.runner = runner
        self.timeout = runner.timeout
        self.max_rows = runner.max_rows
        self.capacity = capacity
        self.largest = capacity // ENTRY_SHARE - ENTRY_OVERHEAD
        self.size = 0
        self._kept: OrderedDict[bytes, tuple[Answer, int]] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, job: Job, client: str = "") -> Answer:
        if job.volatile:
            return self.runner.run(job, client)
        key = _key(job)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept[0]
        answer = self.runner.run(job, client)
        keep = partial(self._keep, key, answer)
        return replace(answer, body=_Recorded(answer.body, self.largest, keep))

    def keeps(self, job: Job) -> bool:
        """Whether the answer to ``job`` is kept."""
        with self._lock:
            return _key(job) in self._kept

    def _keep(self, key: bytes, answer: Answer, data: bytes) -> None:
        with self._lock:
            if key in self._kept:
                return
            cost = len(data) + ENTRY_OVERHEAD
            self._kept[key] = (replace(answer, body=Written(data), length=len(data)), cost)
            self.size += cost
            while self.size > self.capacity:
                _, (_, size) = self._kept.popitem(last=False)
                self.size -= size


def _key(job: Job) -> bytes:
    """What identifies a job's answer: the digest of all that is sent to the query process."""
    return job.digest


class _Recorded:
    """A body that hands its bytes to ``keep`` once it was read whole, if not over ``largest``."""

    def __init__(self, body: Body, largest: int, keep: Callable[[bytes], None]) -> None:
        self._body = body
        self._largest = largest
        self._keep = keep
        self._chunks: list[bytes] | None = []
        self._size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._record(chunk)
            yield chunk
        if self._chunks is not None:
            self._keep(b"".join(self._chunks))
            self._chunks = None

    def _record(self, chunk: bytes) -> None:
        if self._chunks is None:
            return
        self._size += len(chunk)
        if self._size > self._largest:
            self._chunks = None  # too large to keep: stream it only
        else:
            self._chunks.append(chunk)

    def read(self) -> bytes:
        """The whole body; closes it."""
        try:
            return b"".join(self)
        finally:
            self.close()

    def close(self) -> None:
        self._body.close()
