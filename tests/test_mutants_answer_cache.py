"""The answer cache's bookkeeping, in front of a runner that counts its calls (no query process).

Written against the mutants that survived ``test_answer_cache`` (see TESTING.md): exact sizes at
the budget's edges, which entry goes first, and that an answer is kept once however it was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.answer_cache import ENTRY_OVERHEAD, ENTRY_SHARE, CachingRunner
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import Answer

CSV = {ResultKind.SOLUTIONS: BY_NAME["csv"]}


@dataclass
class Chunks:
    """A body in chunks that says whether it was closed."""

    chunks: list[bytes]
    closed: bool = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    def read(self) -> bytes:
        return b"".join(self.chunks)

    def close(self) -> None:
        self.closed = True


@dataclass
class Counting:
    """A runner whose answer to a job is its query's text, in chunks of ``chunk`` bytes."""

    chunk: int = 4
    timeout: float = 7.5
    max_rows: int = 321
    calls: list[str] = field(default_factory=list)
    bodies: list[Chunks] = field(default_factory=list)

    def run(self, job: Job, client: str = "") -> Answer:
        self.calls.append(job.query)
        data = job.query.encode()
        body = Chunks([data[i : i + self.chunk] for i in range(0, len(data), self.chunk)])
        self.bodies.append(body)
        return Answer(ResultKind.SOLUTIONS, BY_NAME["csv"], True, body)


def job(text: str, volatile: bool = False) -> Job:
    return Job(text, CSV, volatile=volatile)


def test_the_cache_takes_the_runners_limits_and_its_budget() -> None:
    runner = CachingRunner(Counting(), 8 * 1000)
    assert (runner.timeout, runner.max_rows, runner.capacity) == (7.5, 321, 8000)
    assert runner.largest == 8000 // ENTRY_SHARE - ENTRY_OVERHEAD == 488
    assert CachingRunner(Counting(), 8007).largest == 488  # whole bytes
    assert runner.size == 0


def test_a_kept_answer_is_the_same_answer_without_the_runner() -> None:
    inner = Counting()
    runner = CachingRunner(inner, 1 << 20)
    first = runner.run(job("SELECT 1"))
    assert (first.kind, first.format, first.truncated) == (
        ResultKind.SOLUTIONS,
        BY_NAME["csv"],
        True,
    )
    assert list(first.body) == [b"SELE", b"CT 1"]
    again = runner.run(job("SELECT 1"))
    assert inner.calls == ["SELECT 1"]
    assert (again.kind, again.format, again.truncated) == (
        ResultKind.SOLUTIONS,
        BY_NAME["csv"],
        True,
    )
    assert again.body.read() == b"SELECT 1"
    assert runner.size == len(b"SELECT 1") + ENTRY_OVERHEAD


def test_a_volatile_job_always_runs_and_is_never_kept() -> None:
    inner = Counting()
    runner = CachingRunner(inner, 1 << 20)
    for _ in range(2):
        assert runner.run(job("SELECT (RAND() AS ?r) {}", volatile=True)).body.read()
    assert len(inner.calls) == 2
    assert not runner.keeps(job("SELECT (RAND() AS ?r) {}", volatile=True))
    assert runner.size == 0


def test_an_answer_read_twice_at_once_is_counted_once() -> None:
    inner = Counting()
    runner = CachingRunner(inner, 1 << 20)
    one, two = runner.run(job("SELECT 2")), runner.run(job("SELECT 2"))  # both miss
    assert one.body.read() == two.body.read() == b"SELECT 2"
    assert len(inner.calls) == 2
    assert runner.size == len(b"SELECT 2") + ENTRY_OVERHEAD


def test_an_answer_of_exactly_the_largest_size_is_kept_one_byte_more_is_not() -> None:
    runner = CachingRunner(Counting(), ENTRY_SHARE * (100 + ENTRY_OVERHEAD))
    assert runner.largest == 100
    exact, over = "x" * 100, "y" * 101
    assert runner.run(job(exact)).body.read() == exact.encode()
    assert runner.keeps(job(exact))
    assert runner.run(job(over)).body.read() == over.encode()
    assert not runner.keeps(job(over))
    assert runner.size == 100 + ENTRY_OVERHEAD


def test_a_budget_filled_exactly_keeps_everything() -> None:
    cost = 10 + ENTRY_OVERHEAD
    runner = CachingRunner(Counting(), ENTRY_SHARE * cost)  # room for eight, to the byte
    texts = [str(i) * 10 for i in range(ENTRY_SHARE)]
    for text in texts:
        runner.run(job(text)).body.read()
    assert all(runner.keeps(job(text)) for text in texts)
    assert runner.size == ENTRY_SHARE * cost


def test_the_least_recently_used_goes_first_and_the_size_follows() -> None:
    cost = 10 + ENTRY_OVERHEAD
    inner = Counting()
    runner = CachingRunner(inner, ENTRY_SHARE * cost + cost // 2)
    texts = [str(i) * 10 for i in range(ENTRY_SHARE)]
    for text in texts:
        runner.run(job(text)).body.read()
    assert runner.run(job(texts[0])).body.read() == texts[0].encode()  # texts[1] is now oldest
    runner.run(job("x" * 10)).body.read()
    assert [runner.keeps(job(t)) for t in texts[:3]] == [True, False, True]
    assert runner.keeps(job("x" * 10))
    assert runner.size == ENTRY_SHARE * cost
    assert inner.calls == [*texts, "x" * 10]


def test_a_body_read_in_part_is_not_kept_and_is_closed() -> None:
    inner = Counting()
    runner = CachingRunner(inner, 1 << 20)
    answer = runner.run(job("SELECT 3"))
    assert next(iter(answer.body)) == b"SELE"
    answer.body.close()
    assert inner.bodies[0].closed
    assert not runner.keeps(job("SELECT 3")) and runner.size == 0


def test_reading_a_body_whole_closes_it() -> None:
    inner = Counting()
    runner = CachingRunner(inner, 1 << 20)
    assert runner.run(job("SELECT 4")).body.read() == b"SELECT 4"
    assert inner.bodies[0].closed
