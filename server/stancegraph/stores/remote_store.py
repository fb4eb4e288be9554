"""A remote store: any SPARQL 1.1 endpoint, queried over HTTP through SPARQLWrapper.

A query must see the dataset and nothing else. Where the store's own default graph is the union
of its graphs and those are the dataset's (``oxigraph serve --union-default-graph``, Fuseki's
``unionDefaultGraph``, a store holding this dataset alone), queries are sent as they are: at a
million triples in a thousand graphs, naming the graphs makes Oxigraph hundreds of times slower.
Otherwise every query is sent with the dataset's graphs as its dataset: the protocol's
``default-graph-uri`` and ``named-graph-uri``, or, for Virtuoso (whose default graph is every
graph it holds, its system graphs included), its ``DEFINE input:`` pragmas in the query. The
dataset's graphs are those under ``{base}graph/``; the version is the one ``stancegraph publish``
marked (:mod:`stancegraph.stores.publication`). Before serving it the store is checked to hold
as many triples as were published, and to answer the default graph as their union.

Answers come back as SPARQL JSON results or N-Triples and are parsed into pyoxigraph terms, so
pages and ``/sparql`` answers are written by the same code as for the embedded stores, byte for
byte. Where a store's answers differ from the standard's they are read as meant (Virtuoso
answers ASK as a one-row SELECT: :mod:`stancegraph.stores.virtuoso`).

Every call has a timeout. A store that is down, slow or failing raises
:class:`~stancegraph.core.errors.StoreUnavailable` (503 with ``Retry-After``); nothing is cached from a
failed call, so the next request simply asks again and the frontend recovers by itself. The
:class:`~stancegraph.stores.store.Version` is kept once read: a new version is served by new
workers (:mod:`stancegraph.cli.dataset_watch`). Blank nodes cannot be named in a query, so
:meth:`RemoteStore.triples` answers for IRIs only.
"""

from __future__ import annotations

import ast
import hashlib
import http.client
import json
import threading
import time
import urllib.error
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from math import ceil
from pathlib import Path
from typing import IO, TypeVar, cast

import pyoxigraph as ox
from SPARQLWrapper import POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
    URITooLong,
)

from stancegraph.core.errors import (
    NotAcceptable,
    QueryRejected,
    StoreError,
    StoreMismatch,
    StoreUnavailable,
)
from stancegraph.sparql.query_guard import from_graphs
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_queue import QueryQueue
from stancegraph.sparql.query_results import collect, kind_of, write
from stancegraph.sparql.query_runner import Answer, Written
from stancegraph.stores import publication, virtuoso
from stancegraph.stores.credentials import check_url
from stancegraph.stores.forwarded_query import capped, query_form, transitive
from stancegraph.stores.store import GRAPH_COUNTS, Subject, Version, construct_query, graph_counts
from stancegraph.vocabulary import DEFAULT_BASE_URI
from stancegraph.vocabulary.iris import graph_space

#: What a request accepts, by the form of its query: a store may answer a CONSTRUCT in SPARQL
#: JSON if it may (Virtuoso does, as ?s ?p ?o rows), so each form is offered only its own.
ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}
#: Either, for a query whose form is not found (the store then says what is wrong with it).
ACCEPT_ANY = "application/sparql-results+json, application/n-triples;q=0.9"
#: Subjects per CONSTRUCT query (keeps each request well under any URL or body limit).
BATCH = 200
#: Seconds a client is told to wait before trying again when the store is unavailable.
RETRY_AFTER = 5
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, OSError)
#: A graph no store holds: the protocol's dataset for an empty default graph or no named graphs
#: (a store given no ``named-graph-uri`` may take all its graphs as named).
NO_GRAPH = "urn:x-stancegraph:no-graph"
#: Triples in the default graph, as the frontend asks it (the protocol's dataset).
DEFAULT_GRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

T = TypeVar("T")
Result = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


@dataclass(frozen=True)
class Scope:
    """How a query is told which dataset it runs on: ``prefix``, put before the query, and the
    protocol's ``default-graph-uri`` and ``named-graph-uri``."""

    prefix: str = ""
    default: tuple[str, ...] = (NO_GRAPH,)
    named: tuple[str, ...] = (NO_GRAPH,)
    excluded: bool = False  # the prefix excludes graphs (Virtuoso), not names the dataset's

    @classmethod
    def of(cls, default: Sequence[str], named: Sequence[str]) -> Scope:
        """The protocol's dataset of these graphs (an empty side is no graph, not every one)."""
        return cls("", tuple(default) or (NO_GRAPH,), tuple(named) or (NO_GRAPH,))

    @classmethod
    def in_query(cls, default: Sequence[str], named: Sequence[str]) -> Scope:
        """The same dataset given by Virtuoso's pragmas, in the query itself: each protocol
        parameter comes back as a header of its answer, and past 100 headers no Python client
        reads it, so a dataset of many graphs cannot be sent as parameters."""
        pragmas = [f"DEFINE input:default-graph-uri <{g}> " for g in default or (NO_GRAPH,)]
        pragmas += [f"DEFINE input:named-graph-uri <{g}> " for g in named or (NO_GRAPH,)]
        return cls("".join(pragmas), (), ())

    @classmethod
    def excluding(cls, graphs: Sequence[str]) -> Scope:
        """Virtuoso's dataset of every graph but ``graphs``, by its pragmas in the query: its
        default graph holds all its graphs, its own system graphs included."""
        pragmas = (
            f"DEFINE input:default-graph-exclude <{g}> DEFINE input:named-graph-exclude <{g}> "
            for g in graphs
        )
        return cls("".join(pragmas), (), (), excluded=True)


#: No dataset given: the store's own default graph and named graphs (for what is asked of the
#: store itself, not of the dataset: the publication record, the graphs it holds).
UNSCOPED = Scope("", (), ())


class _QueryOnly(SPARQLWrapper):
    """SPARQLWrapper that always sends a query, never an update.

    SPARQLWrapper guesses the query form with a regular expression and sends what it takes for
    an update to the update endpoint; :mod:`stancegraph.sparql.query_guard` has refused every update before,
    so a guess can only be wrong here. The kind of answer is read from its Content-Type.
    """

    def _parseQueryType(self, query: str) -> str | None:
        return SELECT


class RemoteStore:
    """A SPARQL 1.1 query endpoint, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph server)."""

    immutable = False  # others may publish to it while the frontend runs

    def __init__(self, url: str, timeout: float, base: str = DEFAULT_BASE_URI) -> None:
        check_url(url)  # its messages name it, to clients too: never with a password in it
        self.url = url
        self.timeout = timeout
        self.base = base
        self.server = ""  # the Server header of its last answer: "Virtuoso/07.20…", say
        self._version: Version | None = None
        self._scope: Scope | None = None
        self._checking = threading.Lock()
        self._failed: tuple[float, StoreMismatch] | None = None

    def select(self, query: str) -> ox.QuerySolutions:
        return self._solutions(query, self.dataset(query))

    def _solutions(self, query: str, scope: Scope = UNSCOPED) -> ox.QuerySolutions:
        result = self._answer(query, scope)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreUnavailable(f"{self.url} answered a SELECT query without solutions")
        return result

    def triples(
        self, subjects: Sequence[Subject], predicates: Sequence[ox.NamedNode] = ()
    ) -> list[ox.Triple]:
        iris = [s for s in subjects if isinstance(s, ox.NamedNode)]  # blank nodes: see above
        found: list[ox.Triple] = []
        dataset = self.dataset()
        for start in range(0, len(iris), BATCH):
            query = construct_query(iris[start : start + BATCH], predicates)
            result = self._answer(query, dataset)
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                raise StoreUnavailable(f"{self.url} answered a CONSTRUCT query without triples")
            found += _read(partial(list, result), self.url)
        return found

    def _answer(self, query: str, scope: Scope = UNSCOPED) -> Result:
        """The whole answer to a query, read before the response is closed."""
        with self.request(query, None, scope) as response:
            media_type = response.headers.get_content_type()
            body = _read(response.read, self.url)
        return _parse(body, media_type, self.url, query_form(query))

    def dataset(self, query: str = "") -> Scope:
        """The dataset a query of the frontend runs on unless it names its own: the default
        graph the union of the dataset's graphs, and those as the named graphs."""
        self.version()
        assert self._scope is not None
        if self._scope.excluded and transitive(query):
            # Virtuoso answers a path of * or + nothing once graphs are excluded.
            graphs = tuple(self.version().graphs)
            return Scope.in_query(graphs, graphs)
        return self._scope

    @property
    def is_virtuoso(self) -> bool:
        """Whether the store is Virtuoso, as the ``Server`` header of its last answer says."""
        return virtuoso.is_virtuoso(self.server)

    def marks(self) -> list[publication.Publication]:
        """The publications marked in the store, oldest first (asked anew each time)."""
        return publication.read(self._solutions(publication.query(self.base)))

    def published(self) -> publication.Publication | None:
        """The version ``publish`` marked last in the store, if any."""
        found = self.marks()
        return found[-1] if found else None

    def stored_graphs(self) -> dict[str, int]:
        """Triples per graph of the store's graphs under ``{base}graph/`` (and no others)."""
        space = graph_space(self.base)
        return {g: n for g, n in self._graph_counts().items() if g.startswith(space)}

    def _graph_counts(self) -> dict[str, int]:
        """Triples per graph, of every graph the store holds."""
        return graph_counts(self._solutions(GRAPH_COUNTS))

    def version(self) -> Version:
        """The version published in the store, checked against what the store holds; read
        once it is first needed, and kept. A store found not to hold the version is not checked
        again for its ``Retry-After`` (not asked a full count by every request meanwhile), and
        one request at a time checks."""
        with self._checking:
            if self._version is None:
                failed = self._failed
                if failed is not None and time.monotonic() < failed[0]:
                    raise failed[1]
                try:
                    self._version = self._checked(self.published())
                except StoreMismatch as error:
                    self._failed = (time.monotonic() + error.retry_after, error)
                    raise
        return self._version

    def _checked(self, published: publication.Publication | None) -> Version:
        """The version ``published`` marks (or, in a store filled by other means, the graphs
        under ``{base}graph/``), once the store is seen to hold it; and its scope set."""
        every = self._graph_counts()
        space = graph_space(self.base)
        counts = {g: n for g, n in every.items() if g.startswith(space)}
        if not counts:
            raise StoreMismatch(
                f"the triple store at {self.url} holds no stancegraph dataset (no graph "
                f"under {space}); publish one with stancegraph publish --graph-store URL"
            )
        total = sum(counts.values())
        if published is None:
            digest = hashlib.sha256(json.dumps(counts, sort_keys=True).encode()).hexdigest()
            found = Version(digest, None, total, counts)
        elif total != published.triples:
            raise StoreMismatch(
                f"the triple store at {self.url} holds {total} triples in the dataset's "
                f"{len(counts)} graphs where publish marked {published.triples}: a "
                "publication under way or one that failed, or graphs an earlier build had "
                "(publish with --store-update); publish again"
            )
        else:
            found = Version(published.digest, published.modified, total, counts)
        self._scope = self._scope_of(tuple(counts), every)
        rows = list(self._solutions(self._scope.prefix + DEFAULT_GRAPH_COUNT, self._scope))
        seen = int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else -1
        if not 0 < seen <= total:
            raise StoreMismatch(
                f"the triple store at {self.url} answers {seen} triples in the default graph "
                f"made of the dataset's {len(counts)} graphs, which hold {total}: it does "
                "not take the protocol's default-graph-uri as the dataset"
            )
        return found

    def _scope_of(self, graphs: tuple[str, ...], every: dict[str, int]) -> Scope:
        """How queries are told the dataset: not at all where the store's own default graph is
        the union of its graphs and those are the dataset's (the fastest, by far); for Virtuoso
        (whose default graph holds its system graphs) by excluding its other graphs, in the
        query (naming a thousand graphs there takes it past any time limit); else with the
        dataset's graphs as the protocol's dataset."""
        if self.is_virtuoso:
            return Scope.excluding(sorted(set(every) - set(graphs)))
        if set(every) == set(graphs):
            rows = list(self._solutions(DEFAULT_GRAPH_COUNT))
            if rows and rows[0]["n"] is not None and int(rows[0]["n"].value) == sum(every.values()):
                return UNSCOPED
        return Scope.of(graphs, graphs)

    def runner(
        self,
        timeout: float,
        max_rows: int,
        slots: int,
        memory: int | None = None,
        queue: int = 0,
        max_wait: float = 0.0,
    ) -> RemoteRunner:
        """``memory`` is the remote store's to bound: queries do not run here."""
        return RemoteRunner(self, timeout, max_rows, QueryQueue(slots, queue, max_wait))

    def kept_facts(self) -> Path | None:
        return None

    @contextmanager
    def request(
        self, query: str, timeout: float | None = None, scope: Scope = UNSCOPED
    ) -> Iterator[http.client.HTTPResponse]:
        """Send a query (form-encoded POST); the open response, closed on leaving the block."""
        wrapper = _QueryOnly(self.url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # no format=… parameters: the Accept header says it all
        wrapper.setTimeout(max(1, ceil(timeout or self.timeout)))
        wrapper.addCustomHttpHeader("Accept", ACCEPT.get(query_form(query) or "", ACCEPT_ANY))
        for iri in scope.default:
            wrapper.addParameter("default-graph-uri", iri)
        for iri in scope.named:
            wrapper.addParameter("named-graph-uri", iri)
        wrapper.setQuery(query)
        try:
            response = wrapper.query().response
        except (SPARQLWrapperException, *_NETWORK_ERRORS) as error:
            setting = "query_timeout" if timeout else "store_timeout"
            raise _failure(self.url, error, timeout or self.timeout, setting) from None
        self.server = response.headers.get("Server", "")
        try:
            virtuoso.refuse_cut(response.headers, self.url)
            yield response
        finally:
            response.close()


class RemoteRunner:
    """Runs the endpoint's checked queries on the remote store, as many at a time as ``queue``
    has slots, the others waiting their turn in it."""

    def __init__(
        self, store: RemoteStore, timeout: float, max_rows: int, queue: QueryQueue
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.queue = queue

    def run(self, job: Job, client: str = "") -> Answer:
        """Forward the query; its answer, cut at ``max_rows``, in the format the job chose.

        Raises :class:`~stancegraph.core.errors.QueryRejected` when the store refuses the query,
        :class:`~stancegraph.core.errors.NotAcceptable` when no format was chosen for the kind of
        answer, :class:`~stancegraph.core.errors.NoFreeSlot` when no slot is free in time, and
        :class:`~stancegraph.core.errors.StoreUnavailable` when the store does not answer in time.
        """
        ticket = self.queue.enter(client)
        try:
            return self._forward(job)
        except QueryRejected as error:
            raise QueryRejected(f"the triple store refused the query: {error}") from None
        finally:
            ticket.release()

    def _forward(self, job: Job) -> Answer:
        # Same line numbers in the store's messages: the base (and the scope's prefix) go on
        # the query's first line.
        scope = self._dataset(job)
        query = capped(job.query, self.max_rows + 1)  # one more: whether it was cut
        query = f"BASE <{job.base_iri}> {query}" if job.base_iri else query
        with self.store.request(scope.prefix + query, self.timeout, scope) as response:
            media_type = response.headers.get_content_type()
            # Read as it is collected:
            result = _parse(response, media_type, self.store.url, query_form(job.query))
            kind = kind_of(result)
            fmt = job.formats.get(kind)
            if fmt is None:
                raise NotAcceptable(
                    job.refusals.get(kind, f"no acceptable format for {kind.value} results")
                )
            collected = _read(partial(collect, result, self.max_rows), self.store.url)
        data = write(collected, fmt)
        return Answer(kind, fmt, collected.truncated, Written(data), len(data))

    def _dataset(self, job: Job) -> Scope:
        """The dataset the job's query runs on, spelt out whole (see the module)."""
        scope = self.store.dataset(job.query)  # checked first: whether it is Virtuoso
        spelt = Scope.in_query if self.store.is_virtuoso else Scope.of
        if job.default_graph is not None or job.named_graphs is not None:
            return spelt(job.default_graph or (), job.named_graphs or ())
        if not job.union:  # FROM and FROM NAMED, already checked to name the dataset's graphs
            return spelt(*from_graphs(job.query, job.base_iri))
        return scope


def _parse(answer: bytes | IO[bytes], media_type: str, url: str, form: str | None) -> Result:
    """An answer, parsed by its media type (lazily: errors may come while it is iterated)."""
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        is_json = results == ox.QueryResultsFormat.JSON
        readable = cast("IO[bytes]", virtuoso.BlankNodeLabels(answer)) if is_json else answer
        parsed = _read(partial(ox.parse_query_results, readable, results), url)
        solutions = parsed if isinstance(parsed, ox.QuerySolutions) else None
        if form == "ASK" and solutions is not None and virtuoso.is_ask_answer(solutions):
            return virtuoso.boolean(_read(partial(list, solutions), url), url)
        return parsed
    rdf = ox.RdfFormat.from_media_type(media_type)
    if rdf is not None and not rdf.supports_datasets:
        triples: Iterator[ox.Triple] = _read(partial(ox.parse, answer, rdf), url)
        return triples
    raise StoreUnavailable(f"{url} answered {media_type}, neither SPARQL results nor triples")


def _read(step: Callable[[], T], url: str) -> T:
    """What ``step()`` reads of an answer; an answer that cannot be read is unavailability."""
    try:
        return step()
    except (SyntaxError, *_NETWORK_ERRORS) as error:
        raise StoreUnavailable(f"{url} sent an answer that could not be read ({error})") from None


def _failure(url: str, error: BaseException, timeout: float, setting: str) -> StoreError:
    """What a failed request means: the query refused (400, 414), else the store unavailable."""
    if isinstance(error, QueryBadFormed | URITooLong):
        return QueryRejected(_detail(error))
    if isinstance(error, EndPointInternalError) and virtuoso.SORT_LIMIT in _detail(error):
        return StoreUnavailable(
            f"the triple store at {url} will not sort that many rows (Virtuoso's "
            "MaxSortedTopRows must be more than max_result_rows + OFFSET)",
            RETRY_AFTER,
        )
    if isinstance(error, EndPointInternalError) and virtuoso.QUERY_ERROR.match(_detail(error)):
        return QueryRejected(_detail(error))
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return StoreUnavailable(
            f"the triple store at {url} did not answer within {timeout:g} s "
            f"(setting {setting}); try again shortly",
            max(RETRY_AFTER, ceil(timeout)),
        )
    if isinstance(error, urllib.error.HTTPError):
        reason = f"{error.code} {error.reason}"
    elif isinstance(error, urllib.error.URLError):
        cause = error.reason
        reason = (cause.strerror if isinstance(cause, OSError) else None) or str(cause)
    elif isinstance(error, SPARQLWrapperException):
        reason = str(error).split(":", 1)[1].split(".", 1)[0].strip()
    else:
        reason = str(error) or type(error).__name__
    return StoreUnavailable(
        f"the triple store at {url} is unavailable ({reason}); try again in {RETRY_AFTER} s",
        RETRY_AFTER,
    )


def _detail(error: SPARQLWrapperException) -> str:
    """The first line of the store's own message, which SPARQLWrapper keeps only as text."""
    _, found, text = str(error).partition("Response:\n")
    try:
        body = ast.literal_eval(text) if found else b""
    except (ValueError, SyntaxError):
        body = b""
    lines = body.decode("utf-8", "replace").strip().splitlines() if isinstance(body, bytes) else []
    return lines[0] if lines else str(error).split("\n", 1)[0]
