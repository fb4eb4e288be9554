"""The query store: what the server asks of the dataset it serves, and the store in memory.

Three stores answer the same small interface, :class:`QueryStore`; ``open_store`` picks one from
the ``store`` setting:

    memory          the build's ``dataset.nq`` loaded into pyoxigraph in memory (this module)
    oxigraph:DIR    a pyoxigraph store on disk, opened read-only (:mod:`stancegraph.stores.disk_store`)
    http(s)://…     a remote SPARQL 1.1 endpoint (:mod:`stancegraph.stores.remote_store`)

Every query sees the union of the named graphs as its default graph. The dataset is immutable
while served; :class:`Snapshot` carries what HTTP caching needs (a strong validator and the
modification time), from the store's :class:`Version`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from stancegraph.core.errors import InputError, UsageError
from stancegraph.sparql.query_runner import QueryRunner, Runner

Subject = ox.NamedNode | ox.BlankNode
#: Triples per named graph: how every store reports its graphs (and part of a remote's version).
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: What the ``store`` setting accepts, for messages.
STORE_FORMS = "memory, oxigraph:DIR, or the http(s) URL of a SPARQL endpoint"


@dataclass(frozen=True)
class Version:
    """What identifies the data in a store: a digest, when it was built, its size and graphs.

    ``modified`` is None where the store cannot tell (a remote store); ``graphs`` gives the
    number of triples in each named graph.
    """

    digest: str
    modified: datetime | None
    quads: int
    graphs: Mapping[str, int]


class Queryable(Protocol):
    """What descriptions and the page index read from a store, over the union of its graphs.

    A store that cannot answer right now (a remote one that is down or slow) raises
    :class:`~stancegraph.core.errors.StoreUnavailable`; the next call tries again.
    """

    def select(self, query: str) -> ox.QuerySolutions:
        """The solutions of a SELECT query."""
        ...

    def triples(
        self, subjects: Sequence[Subject], predicates: Sequence[ox.NamedNode] = ()
    ) -> Iterable[ox.Triple]:
        """The triples whose subject is one of ``subjects`` (and predicate one of ``predicates``,
        when given), possibly repeated."""
        ...


class QueryStore(Queryable, Protocol):
    """The few operations the server needs from the store it serves: see :class:`Queryable`.

    ``immutable`` says whether the data can change while it is served: only then may what was
    read from it be kept (answers, what each path names).
    """

    immutable: bool

    def version(self) -> Version:
        """The version of the data, computed once."""
        ...

    def runner(
        self,
        timeout: float,
        max_rows: int,
        slots: int,
        memory: int | None = None,
        queue: int = 0,
        max_wait: float = 0.0,
    ) -> Runner:
        """What runs the queries of the SPARQL endpoint, with its limits: ``slots`` at once, up
        to ``queue`` more waiting at most ``max_wait`` seconds each."""
        ...

    def kept_facts(self) -> Path | None:
        """The file where the build kept what start-up reads (:mod:`stancegraph.catalog.store_facts`), if any."""
        ...


@dataclass(frozen=True)
class Snapshot:
    """The dataset being served: its store, and through it the validators HTTP caching needs."""

    store: QueryStore

    @property
    def etag(self) -> str:
        """A strong entity tag for anything derived from this dataset (unquoted)."""
        return self.store.version().digest[:32]

    @property
    def modified(self) -> datetime | None:
        return self.store.version().modified

    def quad_count(self) -> int:
        return self.store.version().quads


class EmbeddedStore:
    """A pyoxigraph store in this process, :class:`Queryable` (stores served add a version)."""

    immutable = True  # loaded once, never written while served

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def local(self) -> ox.Store:
        """The pyoxigraph store, for the calling process."""
        return self.store

    def select(self, query: str) -> ox.QuerySolutions:
        solutions = self.local().query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions), query
        return solutions

    def triples(
        self, subjects: Sequence[Subject], predicates: Sequence[ox.NamedNode] = ()
    ) -> Iterable[ox.Triple]:
        store = self.local()
        for subject in subjects:
            for predicate in predicates or (None,):
                for quad in store.quads_for_pattern(subject, predicate, None):
                    yield quad.triple

    def runner(
        self,
        timeout: float,
        max_rows: int,
        slots: int,
        memory: int | None = None,
        queue: int = 0,
        max_wait: float = 0.0,
    ) -> Runner:
        return QueryRunner(
            self.local,
            timeout=timeout,
            max_rows=max_rows,
            slots=slots,
            memory=memory,
            queue=queue,
            max_wait=max_wait,
        )

    def kept_facts(self) -> Path | None:
        return None


def construct_query(subjects: Iterable[ox.NamedNode], predicates: Sequence[ox.NamedNode]) -> str:
    """The CONSTRUCT query that answers :meth:`Queryable.triples` (a query names no blank node)."""
    values = f"VALUES ?s {{ {' '.join(map(str, subjects))} }}"
    if predicates:
        values += f" VALUES ?p {{ {' '.join(map(str, predicates))} }}"
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {values} ?s ?p ?o }}"


def graph_counts(solutions: ox.QuerySolutions) -> dict[str, int]:
    """Triples per named graph, sorted by name, from the solutions of :data:`GRAPH_COUNTS`."""
    rows = ((row["g"], row["n"]) for row in solutions)
    return dict(sorted((g.value, int(n.value)) for g, n in rows if g is not None and n))


class MemoryStore(EmbeddedStore):
    """A dataset file loaded into pyoxigraph in memory; ``store`` is the pyoxigraph store."""

    def __init__(self, store: ox.Store, source: Path, digest: str, modified: datetime) -> None:
        super().__init__(store)
        self.source = source
        self._version = Version(
            digest, modified, len(store), graph_counts(self.select(GRAPH_COUNTS))
        )

    def version(self) -> Version:
        return self._version


def dataset_file(dist_dir: str | Path) -> Path:
    """The dump the server loads from a build folder."""
    return Path(dist_dir) / "dataset.nq"


def file_version(path: Path, data: bytes | None = None) -> tuple[str, datetime]:
    """The digest and modification time of a dataset file (whose bytes may be given)."""
    modified = datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC)
    if data is not None:
        return hashlib.sha256(data).hexdigest(), modified
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest(), modified


def load(path: str | Path) -> MemoryStore:
    """Load an RDF dataset file (N-Quads, TriG, or any triple format by extension) into memory."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the dataset ({error.strerror})") from None
    format_ = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if format_ is None:
        raise InputError(f"{path}: unknown RDF format; expected .nq, .trig, .ttl, .nt, .jsonld")
    store = ox.Store()
    try:
        store.bulk_load(data, format_)
    except SyntaxError as error:
        raise InputError(f"{path}: {error}") from None
    return MemoryStore(store, path, *file_version(path, data))


def is_remote(spec: str) -> bool:
    """Whether a ``store`` setting names a remote SPARQL endpoint."""
    return spec.startswith(("http://", "https://"))


def disk_location(spec: str) -> Path | None:
    """The folder an ``oxigraph:DIR`` store setting names; None for another kind of store."""
    if not spec.startswith("oxigraph:"):
        return None
    folder = spec.removeprefix("oxigraph:")
    if not folder:
        raise UsageError(f"store={spec!r}: name the folder, as in oxigraph:/var/lib/stancegraph")
    return Path(folder)
