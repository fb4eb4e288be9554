"""Who runs next: a worker's query slots, and a bounded, fair queue of queries waiting for one.

A query takes one of ``slots`` slots to start; when all are taken it waits. Waiting queries are
served first come, first served per client, and the clients take turns: a client with many
queries waiting gets one slot per round, so it cannot starve a client that sends one. The queue
holds at most ``depth`` queries; a query that finds it full pushes out the newest query of the
client with the most waiting, unless its own client has as many (that one is refused). A query
that waited ``max_wait`` seconds gives up. Both refusals are :class:`~stancegraph.core.errors.NoFreeSlot`
(503 with ``Retry-After``).

A query that has run past ``long_after`` seconds moves aside (:meth:`Ticket.set_aside`) to one of
``long_slots`` slots kept for long queries, freeing its slot for the next: so a handful of
runaway queries, each stopped only at the timeout, do not hold up the cheap ones behind them.
Once the long slots are taken too, a long query keeps its slot.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from math import ceil

from stancegraph.core.errors import NoFreeSlot


class Ticket:
    """A place in the queue, then a slot: give it back with :meth:`release`, once."""

    def __init__(self, queue: QueryQueue, client: str) -> None:
        self._queue = queue
        self.client = client
        self.granted = False
        self.refusal: str | None = None  # set when pushed out of the queue
        self.long = False
        self._released = False

    def set_aside(self) -> bool:
        """Move this running query to a long slot, if one is free; whether it moved."""
        return self._queue._set_aside(self)

    def release(self) -> None:
        """Give back the slot (or the place in the queue); later calls do nothing."""
        if not self._released:
            self._released = True
            self._queue._release(self)


class QueryQueue:
    """``slots`` slots for queries, ``long_slots`` more for queries past ``long_after`` seconds,
    and a queue of at most ``depth`` queries that wait up to ``max_wait`` seconds."""

    def __init__(
        self,
        slots: int,
        depth: int,
        max_wait: float,
        long_slots: int = 0,
        long_after: float = 0.5,
    ) -> None:
        self.slots = slots
        self.depth = depth
        self.max_wait = max_wait
        self.long_slots = long_slots
        self.long_after = long_after
        self._running = 0
        self._long = 0
        self._waiting: OrderedDict[str, deque[Ticket]] = OrderedDict()  # client → its tickets
        self._count = 0  # tickets waiting
        self._changed = threading.Condition()

    @property
    def capacity(self) -> int:
        """Queries that can run at once: the slots and the long slots."""
        return self.slots + self.long_slots

    def enter(self, client: str = "") -> Ticket:
        """A slot for a query of ``client``, waiting for one if need be; else NoFreeSlot."""
        ticket = Ticket(self, client)
        with self._changed:
            if self._running < self.slots and not self._count:
                self._running += 1
                ticket.granted = True
                return ticket
            self._admit(ticket)
            deadline = time.monotonic() + self.max_wait
            while not ticket.granted and ticket.refusal is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._withdraw(ticket)
                    raise NoFreeSlot(
                        f"waited {self.max_wait:g} s for one of {self.slots} query slots "
                        "(setting query_wait); try again shortly",
                        ceil(self.max_wait / 2) or 1,
                    )
                self._changed.wait(left)
            if ticket.refusal is not None:
                raise NoFreeSlot(ticket.refusal, 1)
            return ticket

    def waiting(self) -> int:
        """Queries waiting for a slot now."""
        with self._changed:
            return self._count

    def running(self) -> tuple[int, int]:
        """Queries running now in slots and in long slots."""
        with self._changed:
            return self._running, self._long

    def _admit(self, ticket: Ticket) -> None:
        if self._count >= self.depth:
            fullest = max(self._waiting, key=lambda c: len(self._waiting[c]), default=None)
            own = len(self._waiting.get(ticket.client, ()))
            if fullest is None or len(self._waiting[fullest]) <= own:
                raise NoFreeSlot(
                    f"all {self.slots} query slots are busy and {self.depth} queries wait "
                    "(setting query_queue); try again shortly",
                    1,
                )
            pushed = self._waiting[fullest].pop()
            self._count -= 1
            if not self._waiting[fullest]:
                del self._waiting[fullest]
            pushed.refusal = (
                f"pushed out of the full queue ({self.depth} queries, setting query_queue) by "
                "another client's query: this client had the most waiting; try again shortly"
            )
            self._changed.notify_all()
        self._waiting.setdefault(ticket.client, deque()).append(ticket)
        self._count += 1

    def _withdraw(self, ticket: Ticket) -> None:
        mine = self._waiting.get(ticket.client)
        if mine is not None and ticket in mine:
            mine.remove(ticket)
            self._count -= 1
            if not mine:
                del self._waiting[ticket.client]

    def _grant(self) -> None:
        """Free slots to the waiting: one per client in turn, the longest-waiting client first."""
        granted = False
        while self._running < self.slots and self._waiting:
            client, mine = next(iter(self._waiting.items()))
            ticket = mine.popleft()
            self._count -= 1
            del self._waiting[client]
            if mine:
                self._waiting[client] = mine  # to the back: the other clients' turn first
            ticket.granted = True
            self._running += 1
            granted = True
        if granted:
            self._changed.notify_all()

    def _set_aside(self, ticket: Ticket) -> bool:
        with self._changed:
            if ticket.long or not ticket.granted or self._long >= self.long_slots:
                return False
            ticket.long = True
            self._long += 1
            self._running -= 1
            self._grant()
            return True

    def _release(self, ticket: Ticket) -> None:
        with self._changed:
            if not ticket.granted:
                self._withdraw(ticket)
            elif ticket.long:
                self._long -= 1
            else:
                self._running -= 1
                self._grant()
