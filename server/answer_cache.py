"""Answers of the SPARQL endpoint kept in memory: the dataset does not change while served.

A store in this process (``memory``, ``oxigraph:DIR``) is immutable once served, so one query on
one dataset in one format always gives the same bytes. :class:`CachingRunner` keeps complete
answers, least recently used out first, within a budget of bytes per worker; a hit is answered
from memory, without a query process. An answer is kept only once it was read whole: errors,
timeouts and answers a client stopped reading are never kept, and neither are answers larger
than an eighth of the budget. A remote store may change under the frontend: its answers are
never kept (see :meth:`server.remote_store.RemoteStore.runner`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from server.query_process import Job
from server.query_runner import Answer, Body, Runner, Written

#: The largest answer kept, as a share of the budget.
ENTRY_SHARE = 8


class CachingRunner:
    """A :class:`~server.query_runner.Runner` that keeps whole answers of ``runner`` in memory."""

    def __init__(self, runner: Runner, capacity: int) -> None:
        self.runner = runner
        self.timeout = runner.timeout
        self.max_rows = runner.max_rows
        self.capacity = capacity
        self.largest = capacity // ENTRY_SHARE
        self.size = 0
        self._kept: OrderedDict[bytes, tuple[Answer, int]] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, job: Job) -> Answer:
        key = job.encode()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept[0]
        answer = self.runner.run(job)
        keep = partial(self._keep, key, answer)
        return replace(answer, body=_Recorded(answer.body, self.largest, keep))

    def keeps(self, job: Job) -> bool:
        """Whether the answer to ``job`` is kept."""
        with self._lock:
            return job.encode() in self._kept

    def _keep(self, key: bytes, answer: Answer, data: bytes) -> None:
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = (replace(answer, body=Written(data)), len(data))
            self.size += len(data)
            while self.size > self.capacity:
                _, (_, size) = self._kept.popitem(last=False)
                self.size -= size


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
