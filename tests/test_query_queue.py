"""Issue 13: a query that finds every slot taken waits its turn instead of getting 503 at once.

The queue (:mod:`stancegraph.sparql.query_queue`) is tested with threads that wait in it, each
let in, in turn, by a slot given back; then the runner, with real query processes: runaway
queries move aside to the long slots, and a cheap query is answered while they run.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from pyoxigraph import Store

from stancegraph.core.errors import NoFreeSlot, QueryTimedOut
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.query_process import NICENESS, Job
from stancegraph.sparql.query_queue import QueryQueue, Ticket
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import dataset_file, load

CSV = {ResultKind.SOLUTIONS: BY_NAME["csv"]}
#: Runs until stopped: a cross product of everything, four times over.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = 'SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (?label = "Spain") }'


def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait until ``condition()`` holds (a thread has reached the queue, say); fail after ``within``."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.005)


class Waiters:
    """Threads entering one queue, each recording the order in which it got its slot."""

    def __init__(self, queue: QueryQueue) -> None:
        self.queue = queue
        self.order: list[str] = []
        self.tickets: dict[str, Ticket] = {}
        self.futures: list[Future[Ticket]] = []
        self._pool = ThreadPoolExecutor(32)
        self._lock = threading.Lock()

    def enter(self, name: str, client: str = "") -> Future[Ticket]:
        """``name`` enters (as ``client``); returns once it waits in the queue or has a slot."""
        before = self.queue.waiting(), self._done()

        def wait() -> Ticket:
            ticket = self.queue.enter(client)
            with self._lock:
                self.order.append(name)
                self.tickets[name] = ticket
            return ticket

        future = self._pool.submit(wait)
        self.futures.append(future)
        # In the queue (or in a slot, or refused), or another pushed out of it.
        eventually(lambda: self.queue.waiting() > before[0] or self._done() > before[1])
        return future

    def _done(self) -> int:
        return sum(f.done() for f in self.futures)

    def let_one_in(self) -> str:
        """Give back the slot of the first one served and not given back; who got it next."""
        served = len(self.order)
        holder = next(name for name in self.order if not self.tickets[name]._released)
        self.tickets[holder].release()
        eventually(lambda: len(self.order) > served)
        return self.order[-1]

    def close(self) -> None:
        for ticket in list(self.tickets.values()):
            ticket.release()
        self._pool.shutdown(wait=True)


@pytest.fixture
def waiters() -> Iterator[Callable[[QueryQueue], Waiters]]:
    made: list[Waiters] = []

    def make(queue: QueryQueue) -> Waiters:
        made.append(Waiters(queue))
        return made[-1]

    yield make
    for each in made:
        each.close()


def test_queries_wait_in_the_order_they_came(waiters: Callable[[QueryQueue], Waiters]) -> None:
    queue = QueryQueue(slots=2, depth=10, max_wait=30)
    line = waiters(queue)
    for name in ("a", "b"):
        assert line.enter(name).result(timeout=5).granted  # two slots: no wait
    pending = [line.enter(name) for name in ("c", "d", "e")]
    assert queue.waiting() == 3 and queue.running() == (2, 0)
    assert [line.let_one_in() for _ in range(3)] == ["c", "d", "e"]
    assert all(f.result(timeout=5).granted for f in pending)
    assert queue.waiting() == 0 and queue.running() == (2, 0)


def test_no_query_is_refused_below_the_bound(waiters: Callable[[QueryQueue], Waiters]) -> None:
    queue = QueryQueue(slots=1, depth=20, max_wait=30)
    line = waiters(queue)
    line.enter("first")
    pending = [line.enter(f"q{n}") for n in range(20)]  # exactly the depth
    assert queue.waiting() == 20
    assert [line.let_one_in() for _ in range(20)] == [f"q{n}" for n in range(20)]
    assert not [f for f in pending if f.exception(timeout=5) is not None]


def test_a_full_queue_refuses_with_retry_after(waiters: Callable[[QueryQueue], Waiters]) -> None:
    queue = QueryQueue(slots=1, depth=2, max_wait=30)
    line = waiters(queue)
    line.enter("running")
    line.enter("w1")
    line.enter("w2")
    with pytest.raises(NoFreeSlot) as refused:
        queue.enter()
    assert str(refused.value) == (
        "all 1 query slots are busy and 2 queries wait (setting query_queue); try again shortly"
    )
    assert refused.value.retry_after == 1
    assert queue.waiting() == 2  # the refused one left no trace
    assert [line.let_one_in(), line.let_one_in()] == ["w1", "w2"]


def test_a_query_waits_at_most_max_wait(waiters: Callable[[QueryQueue], Waiters]) -> None:
    queue = QueryQueue(slots=1, depth=5, max_wait=0.3)
    line = waiters(queue)
    line.enter("running")
    with pytest.raises(NoFreeSlot) as refused:
        queue.enter()
    assert str(refused.value) == (
        "waited 0.3 s for one of 1 query slots (setting query_wait); try again shortly"
    )
    assert refused.value.retry_after == 1
    assert queue.waiting() == 0  # it left the queue
    assert line.tickets["running"].granted


def test_clients_take_turns(waiters: Callable[[QueryQueue], Waiters]) -> None:
    """A client with many queries waiting gets one slot per round: the others' come between."""
    queue = QueryQueue(slots=1, depth=20, max_wait=30)
    line = waiters(queue)
    line.enter("running", "crawler")
    for n in range(4):
        line.enter(f"crawler{n}", "crawler")
    line.enter("student0", "student")
    line.enter("notebook0", "notebook")
    line.enter("student1", "student")
    served = [line.let_one_in() for _ in range(7)]
    assert served == [
        "crawler0",
        "student0",
        "notebook0",
        "crawler1",
        "student1",
        "crawler2",
        "crawler3",
    ]


def test_a_full_queue_pushes_out_the_greediest_client(
    waiters: Callable[[QueryQueue], Waiters],
) -> None:
    """A client that filled the queue gives up its newest place to another client's query."""
    queue = QueryQueue(slots=1, depth=3, max_wait=30)
    line = waiters(queue)
    line.enter("running", "crawler")
    flood = [line.enter(f"crawler{n}", "crawler") for n in range(3)]
    with pytest.raises(NoFreeSlot, match=r"^all 1 query slots are busy and 3 queries wait"):
        queue.enter("crawler")  # the crawler cannot push out its own
    student = line.enter("student", "student")
    pushed = flood[2].exception(timeout=5)
    assert isinstance(pushed, NoFreeSlot)
    assert str(pushed).startswith("pushed out of the full queue (3 queries, setting query_queue)")
    assert [line.let_one_in(), line.let_one_in()] == ["crawler0", "student"]
    assert student.result(timeout=5).granted


def test_a_long_query_moves_aside_and_frees_its_slot(
    waiters: Callable[[QueryQueue], Waiters],
) -> None:
    queue = QueryQueue(slots=1, depth=5, max_wait=30, long_slots=1)
    line = waiters(queue)
    runaway = line.enter("runaway").result(timeout=5)
    cheap = line.enter("cheap")
    assert runaway.set_aside()  # the queue's first now runs in the freed slot
    assert cheap.result(timeout=5).granted and queue.running() == (1, 1)
    assert not runaway.set_aside()  # never twice
    second = line.enter("second")
    assert not cheap.result().set_aside()  # the one long slot is taken: it keeps its slot
    runaway.release()
    assert queue.running() == (1, 0)
    assert cheap.result().set_aside()  # now it can, and the second gets the slot
    assert second.result(timeout=5).granted and queue.running() == (1, 1)


@pytest.fixture(scope="module")
def store(seed_dist: Path) -> Store:
    return load(dataset_file(seed_dist)).store


def test_runaway_queries_do_not_hold_up_a_cheap_one(store: Store) -> None:
    """With every slot taken by a runaway, a cheap query still runs: the runaways move aside."""
    runner = QueryRunner(store, timeout=6, max_rows=10, slots=2, queue=8, max_wait=20)
    with ThreadPoolExecutor(2) as pool:
        runaways = [pool.submit(runner.run, Job(RUNAWAY, CSV), "flood") for _ in range(2)]
        eventually(lambda: runner.queue.running() == (0, 2))
        answer = runner.run(Job(CHEAP, CSV), "reader")
        assert answer.body.read() == b"label\r\nSpain\r\n"
        assert not any(f.done() for f in runaways)  # answered while both runaways still run
        assert runner.queue.running()[1] == 2
        for future in runaways:
            with pytest.raises(QueryTimedOut):
                future.result(timeout=60)


def test_a_query_waits_for_a_slot_instead_of_503(store: Store) -> None:
    """One slot, no long slots free: the next query waits until the first one is done."""
    runner = QueryRunner(store, timeout=20, max_rows=10, slots=1, queue=4, max_wait=20)
    held = runner.run(Job(CHEAP, CSV))  # holds its slot until its body is closed
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(runner.run, Job(CHEAP + " # again", CSV))
        eventually(lambda: runner.queue.waiting() == 1)
        assert not waiting.done()
        assert held.body.read() == b"label\r\nSpain\r\n"  # …and closed: the slot is free
        assert waiting.result(timeout=20).body.read() == b"label\r\nSpain\r\n"


def test_query_processes_yield_the_cpu_to_the_server(store: Store) -> None:
    """Runaways that take every core leave the workers the CPU for pages and hand-overs."""
    runner = QueryRunner(store, timeout=20, max_rows=10, slots=1)
    answer = runner.run(Job(CHEAP, CSV))
    pid = answer.body._child.pid  # type: ignore[attr-defined]
    try:
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(ours + NICENESS, 19)
    finally:
        answer.body.read()
