"""The ``oxigraph:DIR`` store: a pyoxigraph store on disk, loaded by the build, served read-only.

``stancegraph build --store oxigraph:DIR`` bulk-loads the N-Quads dump it has just written into
a fresh store beside ``DIR``, writes :data:`VERSION_FILE` (the dump's digest, modification time,
quad count and graphs) and the facts start-up reads (:mod:`server.store_facts`) into it, then
puts it in place of ``DIR``. Serving never parses a dump:
each gunicorn worker and each query process opens the store with ``Store.read_only``, so they
all read the same files through the operating system's page cache instead of each holding a copy.

The process that opened the :class:`DiskStore` (the gunicorn master, which reads the page index
before forking the workers) never opens RocksDB itself: a process forked from one that did dies
of SIGSEGV when it exits normally (RocksDB's process-wide state does not survive the fork). Its
queries run in short-lived query processes instead, which end with ``os._exit``.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from server import store_facts
from server.errors import InputError, StancegraphError, UsageError
from server.formats import BY_NAME
from server.query_process import Job
from server.query_results import ResultKind
from server.query_runner import QueryRunner
from server.store import (
    GRAPH_COUNTS,
    EmbeddedStore,
    Subject,
    Version,
    construct_query,
    file_version,
    graph_counts,
)
from server.store_facts import FACTS_FILE

#: The file, inside the store's folder, that records which build the store holds.
VERSION_FILE = "stancegraph.json"
#: Seconds a query of the opening process may take (reading the page index of a large corpus).
HELPER_TIMEOUT = 600.0
_ANSWERS = {ResultKind.SOLUTIONS: BY_NAME["sparql-json"], ResultKind.GRAPH: BY_NAME["ntriples"]}


class DiskStore(EmbeddedStore):
    """A store on disk, opened read-only once in each process that reads it.

    The process that created it is the exception: its queries run in query processes.
    """

    def __init__(self, folder: Path) -> None:  # no store yet: each process opens its own
        self.folder = folder
        self._version = read_version(folder)
        self._store: ox.Store | None = None
        self._pid = 0
        # Handles opened by a parent process are kept, never closed here: closing them would
        # touch the parent's state (its threads and locks) from this process.
        self._inherited: list[ox.Store] = []
        self._opener = os.getpid()
        self._helper = QueryRunner(
            self.local, HELPER_TIMEOUT, max_rows=sys.maxsize - 1, slots=4, jobs_per_process=1
        )

    def select(self, query: str) -> ox.QuerySolutions:
        if os.getpid() != self._opener:
            return super().select(query)
        answer = ox.parse_query_results(self._ask(query), ox.QueryResultsFormat.JSON)
        assert isinstance(answer, ox.QuerySolutions), query
        return answer

    def triples(
        self, subjects: Sequence[Subject], predicates: Sequence[ox.NamedNode] = ()
    ) -> Iterable[ox.Triple]:
        if os.getpid() != self._opener:
            return super().triples(subjects, predicates)
        iris = [s for s in subjects if isinstance(s, ox.NamedNode)]  # a query names no blank node
        if not iris:
            return []
        answer = self._ask(construct_query(iris, predicates))
        return [t for t in ox.parse(answer, ox.RdfFormat.N_TRIPLES) if isinstance(t, ox.Triple)]

    def _ask(self, query: str) -> bytes:
        """The answer of a query run in a query process of its own."""
        return self._helper.run(Job(query, _ANSWERS)).body.read()

    def local(self) -> ox.Store:
        if os.getpid() == self._opener:
            raise RuntimeError(f"{self.folder}: opened in the process that opened the DiskStore")
        if self._store is None or self._pid != os.getpid():
            if self._store is not None:
                self._inherited.append(self._store)
            try:
                self._store = ox.Store.read_only(str(self.folder))
            except OSError as error:
                raise InputError(f"{self.folder}: cannot open the store ({error})") from None
            self._pid = os.getpid()
        return self._store

    def version(self) -> Version:
        return self._version

    def kept_facts(self) -> Path | None:
        kept = self.folder / FACTS_FILE
        return kept if kept.is_file() else None  # a store built before facts were kept


def read_version(folder: Path) -> Version:
    """The version recorded in the store's folder by the build."""
    path = folder / VERSION_FILE
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        return Version(
            recorded["digest"],
            datetime.fromisoformat(recorded["modified"]),
            recorded["quads"],
            recorded["graphs"],
        )
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file; load the store with stancegraph build --store oxigraph:{folder}"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a version record of stancegraph build ({error})") from None


def replaceable(folder: Path) -> None:
    """Refuse a folder that is neither missing, empty, nor a store an earlier build loaded."""
    if not folder.exists() or (folder / VERSION_FILE).is_file():
        return
    if not folder.is_dir() or any(folder.iterdir()):
        raise UsageError(
            f"{folder}: exists and is not a store loaded by stancegraph build; not replacing it"
        )


def load_store(folder: Path, dump: Path) -> Version:
    """Bulk-load an N-Quads dump into a new store that replaces ``folder``; its version.

    ``folder`` must be :func:`replaceable`.
    """
    replaceable(folder)
    staging = folder.with_name(f".{folder.name}.loading-{os.getpid()}")
    facts = folder.with_name(f".{folder.name}.facts-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    # A process started afresh (it shares no RocksDB state) reads the facts meanwhile.
    spawn = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(1, spawn) as pool:
            reading = pool.submit(store_facts.write_from_dump, dump, facts)
            version = _fill(staging, dump)
            try:
                reading.result()
            except (BrokenProcessPool, OSError) as error:
                raise StancegraphError(
                    f"{folder}: reading the facts of {dump} failed ({error or type(error).__name__})"
                    "; the store was not replaced"
                ) from None
        facts.rename(staging / FACTS_FILE)
        _swap(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        facts.unlink(missing_ok=True)
    return version


def _fill(staging: Path, dump: Path) -> Version:
    """Load the dump into a store at ``staging`` and record its version there."""
    store = ox.Store(str(staging))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    counts = graph_counts(EmbeddedStore(store).select(GRAPH_COUNTS))
    digest, modified = file_version(dump)
    version = Version(digest, modified, len(store), counts)
    store.flush()
    del store
    gc.collect()  # closes the store: the folder must be complete before it is moved
    record = {
        "digest": version.digest,
        "modified": modified.isoformat(),
        "quads": version.quads,
        "graphs": dict(version.graphs),
        "source": str(dump),
    }
    (staging / VERSION_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return version


def _swap(staging: Path, folder: Path) -> None:
    """Put ``staging`` in place of ``folder``; the old store is removed only once replaced."""
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
