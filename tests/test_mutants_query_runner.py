"""The query runner's parts: headers read from a pipe, answers of each status, the process pool.

Written against the mutants that survived the endpoint's tests (see TESTING.md). The pool's tests
run real query processes on a store of three triples; the pipe's tests write the query process's
side themselves, with a child process that does nothing but wait to be ended.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from stancegraph.core.errors import (
    NoFreeSlot,
    NotAcceptable,
    OutOfMemory,
    QueryInvalid,
    QueryTimedOut,
)
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import (
    JOBS_PER_PROCESS,
    Answer,
    ChildOutput,
    QueryRunner,
    Written,
    _answer,
    _Child,
    _shorten,
)

CSV = {ResultKind.SOLUTIONS: BY_NAME["csv"]}
#: A pid no process can have (beyond Linux's largest): a signal sent to it reaches nobody.
NO_PROCESS = 2**30
LABELS = "SELECT ?l WHERE { ?s <http://x/label> ?l } ORDER BY ?l"


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    for n in range(3):
        store.add(Quad(NamedNode(f"http://x/{n}"), NamedNode("http://x/label"), Literal(f"L{n}")))
    return store


def labels_job(limit: int | None = None) -> Job:
    return Job(LABELS + (f" LIMIT {limit}" if limit else ""), CSV)


# ---------------------------------------------------------------- answers and messages


def test_written_is_a_body_of_one_chunk() -> None:
    body = Written(b"abc")
    assert list(body) == [b"abc"] and body.read() == b"abc"
    body.close()


def test_shorten_keeps_the_start_of_a_long_message() -> None:
    assert _shorten("a  b\n\tc") == "a b c"
    assert _shorten("x" * 200) == "x" * 200
    assert _shorten("y" * 201) == "y" * 199 + "…"
    assert _shorten("z" * 10, limit=5) == "zzzz…"


def fake_output() -> ChildOutput:
    return ChildOutput(_Child(NO_PROCESS, -1, -1), lambda child, reusable: None)


def test_an_ok_header_is_an_answer_of_its_kind_and_format() -> None:
    output = fake_output()
    header = {"status": "ok", "kind": "ASK", "format": "sparql-xml", "truncated": True}
    answer = _answer(header, output, labels_job(), 2.0)
    assert answer == Answer(ResultKind.BOOLEAN, BY_NAME["sparql-xml"], True, output)


def test_a_timeout_header_says_the_limit_and_when_to_retry() -> None:
    with pytest.raises(QueryTimedOut) as stopped:
        _answer({"status": "timeout"}, fake_output(), labels_job(), 2.5)
    assert str(stopped.value) == (
        "query stopped after 2.5 s, the time limit (setting query_timeout); "
        "narrow it down or add a LIMIT"
    )
    assert stopped.value.retry_after == 3


@pytest.mark.parametrize(("status", "words"), [("syntax", "syntax"), ("evaluation", "evaluation")])
def test_an_error_header_is_an_invalid_query(status: str, words: str) -> None:
    header = {"status": status, "message": "error at 1:7:\n   expected  one of " + "x" * 300}
    with pytest.raises(QueryInvalid) as invalid:
        _answer(header, fake_output(), labels_job(), 1.0)
    message = str(invalid.value)
    assert message.startswith(f"query {words}: error at 1:7: expected one of xxx")
    assert len(message) == len(f"query {words}: ") + 200 and message.endswith("…")


def test_a_refused_kind_says_why_or_which_kind() -> None:
    header = {"status": "not-acceptable", "kind": "CONSTRUCT or DESCRIBE"}
    job = Job("CONSTRUCT {} WHERE {}", CSV, refusals={ResultKind.GRAPH: "no RDF format chosen"})
    with pytest.raises(NotAcceptable, match=r"^no RDF format chosen$"):
        _answer(header, fake_output(), job, 1.0)
    with pytest.raises(
        NotAcceptable, match=r"^no acceptable format for CONSTRUCT or DESCRIBE results$"
    ):
        _answer(header, fake_output(), labels_job(), 1.0)


def test_any_other_header_is_a_failure_of_the_process() -> None:
    with pytest.raises(RuntimeError, match=r"^query process failed: it broke$"):
        _answer({"status": "error", "message": "it broke"}, fake_output(), labels_job(), 1.0)
    with pytest.raises(RuntimeError, match=r"^query process failed: \{'status': 'odd'\}$"):
        _answer({"status": "odd"}, fake_output(), labels_job(), 1.0)


# ---------------------------------------------------------------- the answer pipe


class Pipe:
    """The answer pipe of a pretend query process ``pid``, and what ``close()`` handed back."""

    def __init__(self, pid: int) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.child = _Child(pid, -1, self.read_fd)
        self.given_back: list[tuple[_Child, bool]] = []
        self.output = ChildOutput(self.child, lambda c, r: self.given_back.append((c, r)))

    def send(self, data: bytes) -> None:
        os.write(self.write_fd, data)

    def end(self) -> None:
        os.close(self.write_fd)


def spawn_waiting() -> tuple[int, int]:
    """A child that waits on a pipe: (pid, the pipe's write end, whose closing ends it)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(write)
        os.read(read, 1)
        os._exit(3)
    os.close(read)
    return pid, write


def test_a_header_and_a_body_in_chunks_give_the_process_back() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 5}\nab')
    assert pipe.output.read_header(time.monotonic() + 60) == {"status": "ok", "length": 5}
    chunks = iter(pipe.output)
    assert next(chunks) == b"ab"
    pipe.send(b"cde")
    assert list(chunks) == [b"cde"]
    pipe.output.close()
    pipe.output.close()  # once only
    assert pipe.given_back == [(pipe.child, True)]
    os.close(hold)
    assert pipe.child.wait() == "exit status 3"


def test_a_header_that_comes_in_pieces_is_read_whole() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", ')
    later = threading.Timer(0.2, pipe.send, [b'"length": 2}\nab'])  # after the first read
    later.start()
    assert pipe.output.read_header(time.monotonic() + 60) == {"status": "ok", "length": 2}
    later.join()
    assert pipe.output.read() == b"ab"
    os.close(hold)
    pipe.child.wait()


def test_the_last_byte_of_a_body_is_read_too() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 5}\nabcd')
    pipe.output.read_header(time.monotonic() + 60)
    chunks = iter(pipe.output)
    assert next(chunks) == b"abcd"
    pipe.send(b"e")
    assert list(chunks) == [b"e"]
    pipe.output.close()
    assert pipe.given_back == [(pipe.child, True)]
    os.close(hold)
    pipe.child.wait()


def test_a_deadline_passed_is_a_timeout_even_with_a_header_waiting() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 0}\n')
    assert pipe.output.read_header(time.monotonic() - 1) == {"status": "timeout"}
    assert pipe.child.ended
    os.close(hold)
    pipe.end()


def test_killing_a_process_that_is_gone_fails_only_when_it_waits() -> None:
    with pytest.raises(ChildProcessError):
        _Child(NO_PROCESS, -1, -1).kill()  # no such process to signal: then no child to wait for


def test_a_body_left_unread_does_not_give_the_process_back_for_reuse() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 4}\nab')
    pipe.output.read_header(time.monotonic() + 60)
    pipe.output.close()  # two bytes of the body never read
    assert pipe.given_back == [(pipe.child, False)]
    os.close(hold)
    pipe.child.wait()


def test_a_header_without_length_is_all_there_is() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "syntax", "message": "m"}\n')
    assert pipe.output.read_header(time.monotonic() + 60) == {"status": "syntax", "message": "m"}
    assert list(pipe.output) == []
    pipe.output.close()
    assert pipe.given_back == [(pipe.child, False)]
    os.close(hold)
    pipe.child.wait()


def test_reading_the_whole_body_closes_the_output() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 3}\nx')
    pipe.output.read_header(time.monotonic() + 60)
    pipe.send(b"yz")
    assert pipe.output.read() == b"xyz"
    assert pipe.given_back == [(pipe.child, True)]
    os.close(hold)
    pipe.child.wait()


def test_a_process_that_ends_mid_answer_is_an_error() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": "ok", "length": 9}\nabc')
    pipe.output.read_header(time.monotonic() + 60)
    pipe.end()
    with pytest.raises(RuntimeError, match=rf"^query process {pid} ended mid-answer$"):
        list(pipe.output)
    os.close(hold)
    pipe.child.wait()


def test_a_process_that_exits_without_a_header_says_how_it_ended() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    pipe.send(b'{"status": ')
    pipe.end()
    os.close(hold)  # the child exits with 3
    header = pipe.output.read_header(time.monotonic() + 60)
    assert header == {"status": "error", "message": "exited without an answer (exit status 3)"}
    assert pipe.child.ended


def test_a_deadline_passed_kills_the_process() -> None:
    pid, hold = spawn_waiting()
    pipe = Pipe(pid)
    assert pipe.output.read_header(time.monotonic() - 1) == {"status": "timeout"}
    assert pipe.child.ended
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
    os.close(hold)
    pipe.end()


def test_a_killed_process_says_by_which_signal() -> None:
    pid, hold = spawn_waiting()
    child = _Child(pid, -1, -1)
    os.kill(pid, signal.SIGTERM)
    assert child.wait() == "killed by SIGTERM"
    os.close(hold)


# ---------------------------------------------------------------- the pool


def test_the_runner_answers_and_keeps_its_settings(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=2, slots=2)
    assert (runner.timeout, runner.max_rows, runner.slots) == (30, 2, 2)
    assert runner.jobs_per_process == JOBS_PER_PROCESS == 500
    answer = runner.run(labels_job())
    assert (answer.kind, answer.format, answer.truncated) == (
        ResultKind.SOLUTIONS,
        BY_NAME["csv"],
        True,
    )
    assert answer.body.read() == b"l\r\nL0\r\nL1\r\n"
    answer = runner.run(labels_job(limit=1))
    assert not answer.truncated and answer.body.read() == b"l\r\nL0\r\n"


def test_a_store_may_be_given_as_a_function(store: Store) -> None:
    runner = QueryRunner(lambda: store, timeout=30, max_rows=10, slots=1)
    assert runner.run(labels_job()).body.read() == b"l\r\nL0\r\nL1\r\nL2\r\n"


def test_a_process_that_answered_whole_takes_the_next_query(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    runner.run(labels_job()).body.read()
    [first] = runner._idle
    runner.run(labels_job(limit=1)).body.read()
    assert runner._idle == [first] and first.jobs == 2


def test_a_process_is_retired_after_its_jobs(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1, jobs_per_process=2)
    runner.run(labels_job()).body.read()
    [first] = runner._idle
    runner.run(labels_job()).body.read()
    assert runner._idle == [] and runner._exiting == {first.pid}
    runner.run(labels_job()).body.read()  # a new process
    [second] = runner._idle
    assert second.pid != first.pid and second.jobs == 1


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has exited and waits to be reaped."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


def test_retired_processes_are_reaped_once_they_exit(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1, jobs_per_process=1)
    answer = runner.run(labels_job())
    pid = answer.body._child.pid  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGSTOP)  # it cannot exit before we say so
    answer.body.read()  # retired: its pipes are closed
    assert runner._exiting == {pid}
    runner._take_idle()
    assert runner._exiting == {pid}  # still running: kept, to be reaped later
    os.kill(pid, signal.SIGCONT)
    while not _zombie(pid):  # it reads the end of its jobs and exits
        time.sleep(0.01)
    runner._take_idle()
    assert runner._exiting == set()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
    runner._take_idle()  # nothing left to reap twice
    assert runner.run(labels_job(limit=1)).body.read() == b"l\r\nL0\r\n"


def test_an_answer_left_unread_ends_its_process(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    answer = runner.run(labels_job())
    pid = answer.body._child.pid  # type: ignore[attr-defined]
    answer.body.close()
    assert runner._idle == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
    assert runner.run(labels_job(limit=1)).body.read() == b"l\r\nL0\r\n"


def test_a_query_beyond_the_slots_is_refused_until_one_is_free(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    held = runner.run(labels_job())
    with pytest.raises(NoFreeSlot) as refused:
        runner.run(labels_job())
    assert str(refused.value) == (
        "all 1 query slots are busy and 0 queries wait (setting query_queue); try again shortly"
    )
    assert refused.value.retry_after == 1
    held.body.read()
    assert runner.run(labels_job(limit=1)).body.read() == b"l\r\nL0\r\n"


def test_an_invalid_query_frees_its_slot_and_the_process_goes_on(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    with pytest.raises(QueryInvalid, match=r"^query syntax: "):
        runner.run(Job("SELECT ?s WHERE { ?s ?p }", CSV))
    assert runner.run(labels_job(limit=1)).body.read() == b"l\r\nL0\r\n"


def test_a_process_that_died_while_idle_is_replaced(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    runner.run(labels_job()).body.read()
    [idle] = runner._idle
    os.kill(idle.pid, signal.SIGKILL)
    os.waitpid(idle.pid, 0)
    idle.ended = True
    assert runner.run(labels_job(limit=1)).body.read() == b"l\r\nL0\r\n"
    [replacement] = runner._idle
    assert replacement.pid != idle.pid


def test_processes_inherited_through_a_fork_are_not_used(store: Store) -> None:
    runner = QueryRunner(store, timeout=30, max_rows=10, slots=1)
    runner.run(labels_job()).body.read()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: a new pool of its own)
        try:
            body = runner.run(labels_job(limit=1)).body.read()
            mine = runner._idle[0].pid
            os.write(write, json.dumps([body.decode(), mine != runner._owner]).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    body, _ = json.loads(os.read(read, 1000))
    os.close(read)
    assert body == "l\r\nL0\r\n"
    assert len(runner._idle) == 1  # the parent's pool is as it was


@pytest.mark.parametrize(
    ("header", "memory", "limit"),
    [
        ({"status": "memory"}, 64 << 20, "64 MB, "),
        ({"status": "error", "message": "exited", "signal": "SIGABRT"}, 128 << 20, "128 MB, "),
        ({"status": "memory"}, None, ""),
    ],
)
def test_a_query_past_its_memory_is_out_of_memory(
    header: dict[str, str], memory: int | None, limit: str
) -> None:
    """A MemoryError in the process, or Oxigraph's abort when it cannot allocate (SIGABRT)."""
    with pytest.raises(OutOfMemory) as refused:
        _answer(header, fake_output(), labels_job(), 1.0, memory)
    assert str(refused.value) == (
        f"query exceeded its memory limit ({limit}setting query_memory_mb); narrow it down or "
        "add a LIMIT"
    )
    assert refused.value.retry_after == 1


def test_an_abort_without_a_memory_limit_is_the_process_failing() -> None:
    with pytest.raises(RuntimeError):
        _answer(
            {"status": "error", "message": "x", "signal": "SIGABRT"},
            fake_output(),
            labels_job(),
            1.0,
        )
