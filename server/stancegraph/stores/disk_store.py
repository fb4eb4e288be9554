"""The ``oxigraph:DIR`` store: a pyoxigraph store on disk, loaded by the build, served read-only.

``stancegraph build --store oxigraph:DIR`` loads it (:mod:`stancegraph.build.disk_load`), with
:data:`VERSION_FILE` (which build it holds) and :data:`FACTS_FILE` (what start-up reads,
:mod:`stancegraph.catalog.store_facts`) inside. Serving never parses a dump:
each gunicorn worker and each query process opens the store with ``Store.read_only``, so they
all read the same files through the operating system's page cache instead of each holding a copy.

The process that opened the :class:`DiskStore` (the gunicorn master, which reads the page index
before forking the workers) never opens RocksDB itself: a process forked from one that did dies
of SIGSEGV when it exits normally (RocksDB's process-wide state does not survive the fork). Its
queries run in short-lived query processes instead, which end with ``os._exit``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from stancegraph.core.errors import InputError
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import EmbeddedStore, Subject, Version, construct_query

#: The file, inside the store's folder, that records which build the store holds.
VERSION_FILE = "stancegraph.json"
#: The file, inside the store's folder, that keeps what start-up reads (the build writes it).
FACTS_FILE = "stancegraph-facts.json"
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
