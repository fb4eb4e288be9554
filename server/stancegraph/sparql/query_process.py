"""What runs in a query process: confinement, then one query after another, each stoppable.

A query process is forked from the serving process, so it shares the loaded store copy-on-write.
It keeps only standard input/output/error, the read end of its job pipe and the write end of its
answer pipe (and, for a store on disk, the files of the store it then opens), then lowers its
descriptor limit so that no further file or socket can ever be opened:
``SERVICE``, ``LOAD`` or a ``file:`` IRI can reach nothing even if a query slipped past
:mod:`stancegraph.sparql.query_guard`; the query then fails with an ``OSError`` (``EMFILE``), which
is answered as a refusal. For each job (a length-prefixed JSON message) it arms a kernel alarm
that ends it a little after the deadline, should the serving process fail to, then writes a
one-line JSON header (status, kind of answer, format, truncation, length of the answer) and the
answer. It exits when its job pipe closes, or after an error that is not the query's fault.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import resource
import signal
import struct
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NoReturn

from pyoxigraph import NamedNode, Store

from stancegraph.core.formats import BY_NAME, Format
from stancegraph.sparql.query_results import ResultKind, collect, kind_of, write

#: The descriptors the process reads its job from and writes its answer to; all others are closed.
_JOB_FD = 3
_OUT_FD = 4
#: The length that comes before each job.
_LENGTH = struct.Struct(">I")
#: Seconds past the deadline after which the process's own alarm kills it (the parent comes first).
_GRACE = 1.0
_SIGNALS_TO_DEFAULT = ("SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGABRT")
#: How much lower a query process's CPU priority is than the server's: when runaway queries take
#: every core, the workers still serve pages and hand cheap queries over at once.
NICENESS = 10


@dataclass(frozen=True)
class Job:
    """A checked query, the dataset it runs on, and the format chosen for each kind of answer.

    Where no format was chosen for a kind, ``refusals`` may give the reason to answer with 406.

    ``default_graph`` and ``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri`` (``None`` when not given); ``union`` makes the default graph the union of
    all graphs when neither they nor the query's ``FROM`` say otherwise.
    """

    query: str
    formats: Mapping[ResultKind, Format | None]
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union: bool = True
    refusals: Mapping[ResultKind, str] = field(default_factory=dict)
    volatile: bool = False  # calls NOW, RAND, … : its answer is never kept

    def encode(self) -> bytes:
        """The message that hands the job to a query process (the refusals stay here)."""
        return self._message

    @cached_property
    def digest(self) -> bytes:
        """SHA-256 of :meth:`encode`: what identifies the answer (jobs of repeated requests are
        reused, so both are computed once)."""
        return hashlib.sha256(self._message).digest()

    @cached_property
    def _message(self) -> bytes:
        formats = {kind.value: fmt.name if fmt else None for kind, fmt in self.formats.items()}
        fields = {
            "query": self.query,
            "formats": formats,
            "base_iri": self.base_iri,
            "default_graph": self.default_graph,
            "named_graphs": self.named_graphs,
            "union": self.union,
        }
        data = json.dumps(fields).encode("utf-8")
        return _LENGTH.pack(len(data)) + data

    @classmethod
    def decode(cls, data: bytes) -> Job:
        fields = json.loads(data)
        formats = {ResultKind(k): BY_NAME[v] if v else None for k, v in fields["formats"].items()}
        return cls(
            fields["query"],
            formats,
            fields["base_iri"],
            _tuple(fields["default_graph"]),
            _tuple(fields["named_graphs"]),
            fields["union"],
        )


def _tuple(iris: list[str] | None) -> tuple[str, ...] | None:
    return None if iris is None else tuple(iris)


def main(
    source: Store | Callable[[], Store],
    job_fd: int,
    answer_fd: int,
    max_rows: int,
    timeout: float,
    memory: int | None = None,
) -> NoReturn:
    """Answer jobs in this freshly forked process until its job pipe closes; then exit.

    ``source`` is the store, or the function that opens it in this process (a store on disk);
    ``memory``, the bytes a query may allocate on top of what the process holds once the store is
    open (None: no limit).
    """
    gc.freeze()  # what the parent allocated stays shared: the collector never walks it
    code = 1
    try:
        os.nice(NICENESS)
        _confine(job_fd, answer_fd)
        store = source() if callable(source) else source
        ceiling = None if memory is None else _address_space() + memory
        _forbid_new_descriptors()
        if ceiling is not None:
            # Past it an allocation fails: MemoryError in Python, an abort in Oxigraph (the
            # serving process answers both as "query exceeded its memory limit").
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        while (message := _read_message()) is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout + _GRACE)
            header, body = _execute(store, Job.decode(message), max_rows)
            signal.setitimer(signal.ITIMER_REAL, 0)  # the answer may take a slow client's time
            header["length"] = len(body)
            _write_all(json.dumps(header).encode() + b"\n" + body)
        code = 0
    except BaseException as error:  # the parent reports it as our bug (500)
        try:
            note = {"status": "error", "message": f"{type(error).__name__}: {error}"}
            _write_all(json.dumps(note).encode() + b"\n")
        except BaseException:
            pass
    finally:
        os._exit(code)


def _confine(job_fd: int, answer_fd: int) -> None:
    """Keep only stdio and the two pipes, let signals kill at once."""
    for name in (*_SIGNALS_TO_DEFAULT, "SIGALRM"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)  # SIGALRM ends even a running query
    for fd in range(_JOB_FD):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # fills the lowest free slot, which is fd
    high = max(_JOB_FD, _OUT_FD) + 1  # out of the way first, should either pipe sit on 3 or 4
    job, answer = (fcntl.fcntl(fd, fcntl.F_DUPFD, high) for fd in (job_fd, answer_fd))
    os.dup2(job, _JOB_FD)
    os.dup2(answer, _OUT_FD)
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    os.closerange(high, max(soft, 1024))


def _address_space() -> int:
    """Bytes of address space this process has mapped now (its ``VmSize``)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _forbid_new_descriptors() -> None:
    """Lower the descriptor limit below any free slot: no file or socket can be opened any more.

    Slots 0 to 4 are taken (stdio and the pipes); descriptors above, such as those of a store
    on disk opened after :func:`_confine`, stay usable.
    """
    high = max(_JOB_FD, _OUT_FD) + 1
    resource.setrlimit(resource.RLIMIT_NOFILE, (high, high))


def _read_message() -> bytes | None:
    """The next job, or None once the serving process has closed the pipe."""
    size = _read_exactly(_LENGTH.size)
    return None if size is None else _read_exactly(_LENGTH.unpack(size)[0])


def _read_exactly(size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(_JOB_FD, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _execute(store: Store, job: Job, max_rows: int) -> tuple[dict[str, Any], bytes]:
    """Header and answer; errors the query causes become headers, anything else propagates."""
    protocol = job.default_graph is not None or job.named_graphs is not None
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            use_default_graph_as_union=job.union and not protocol,
            default_graph=[*_graphs(job.default_graph)] if protocol else None,
            named_graphs=[*_graphs(job.named_graphs)] if protocol else None,
        )
        fmt = job.formats.get(kind_of(result))
        if fmt is None:
            return {"status": "not-acceptable", "kind": kind_of(result).value}, b""
        collected = collect(result, max_rows)
    except SyntaxError as error:
        return {"status": "syntax", "message": str(error)}, b""
    except OSError as error:  # SERVICE, past the guard: the sandbox opens no file or socket
        return {"status": "refused", "message": str(error)}, b""
    except (ValueError, RuntimeError) as error:  # pyoxigraph's query and evaluation errors
        return {"status": "evaluation", "message": str(error)}, b""
    except MemoryError:  # past the process's RLIMIT_AS
        return {"status": "memory"}, b""
    try:
        body = write(collected, fmt)
    except MemoryError:
        del collected
        return {"status": "memory"}, b""
    kind = collected.kind.value
    return {
        "status": "ok",
        "kind": kind,
        "format": fmt.name,
        "truncated": collected.truncated,
    }, body


def _graphs(iris: tuple[str, ...] | None) -> Iterator[NamedNode]:
    """Graphs named by the protocol; a protocol dataset that omits one of the lists has it empty."""
    return (NamedNode(iri) for iri in iris or ())


def _write_all(data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(_OUT_FD, view) :]
