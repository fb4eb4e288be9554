"""A remote store: any SPARQL 1.1 endpoint, queried over HTTP through SPARQLWrapper.

The endpoint must answer with the union of its named graphs as the default graph (Oxigraph:
``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``), as the
embedded stores do. Answers come back as SPARQL JSON results or N-Triples and are parsed into
pyoxigraph terms, so pages and ``/sparql`` answers are written by the same code as for the
embedded stores, byte for byte.

Every call has a timeout. A store that is down, slow or failing raises
:class:`~stancegraph.core.errors.StoreUnavailable` (503 with ``Retry-After``); nothing is cached from a
failed call, so the next request simply asks again and the frontend recovers by itself. Only
the :class:`~stancegraph.stores.store.Version` (the triple count of each graph) is kept once fetched: the
data is assumed not to change while served. Blank nodes cannot be named in a query, so
:meth:`RemoteStore.triples` answers for IRIs only.
"""

from __future__ import annotations

import ast
import hashlib
import http.client
import json
import urllib.error
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from math import ceil
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox
from SPARQLWrapper import POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException, URITooLong

from stancegraph.core.errors import (
    NotAcceptable,
    QueryRejected,
    StoreError,
    StoreUnavailable,
)
from stancegraph.sparql.query_guard import from_graphs
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_queue import QueryQueue
from stancegraph.sparql.query_results import collect, kind_of, write
from stancegraph.sparql.query_runner import Answer, Written
from stancegraph.stores.store import GRAPH_COUNTS, Subject, Version, construct_query, graph_counts

#: What every request accepts: SELECT and ASK answers as SPARQL JSON, graphs as N-Triples.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
#: Subjects per CONSTRUCT query (keeps each request well under any URL or body limit).
BATCH = 200
#: Seconds a client is told to wait before trying again when the store is unavailable.
RETRY_AFTER = 5
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, OSError)

T = TypeVar("T")
Result = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


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

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self._version: Version | None = None

    def select(self, query: str) -> ox.QuerySolutions:
        result = self._answer(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreUnavailable(f"{self.url} answered a SELECT query without solutions")
        return result

    def triples(
        self, subjects: Sequence[Subject], predicates: Sequence[ox.NamedNode] = ()
    ) -> list[ox.Triple]:
        iris = [s for s in subjects if isinstance(s, ox.NamedNode)]  # blank nodes: see above
        found: list[ox.Triple] = []
        for start in range(0, len(iris), BATCH):
            result = self._answer(construct_query(iris[start : start + BATCH], predicates))
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                raise StoreUnavailable(f"{self.url} answered a CONSTRUCT query without triples")
            found += _read(partial(list, result), self.url)
        return found

    def _answer(self, query: str) -> Result:
        """The whole answer to a query, read before the response is closed."""
        with self.request(query) as response:
            media_type = response.headers.get_content_type()
            body = _read(response.read, self.url)
        return _parse(body, media_type, self.url)

    def version(self) -> Version:
        """The triple count of each graph (and their digest), asked once it is first needed."""
        if self._version is None:
            counts = graph_counts(self.select(GRAPH_COUNTS))
            digest = hashlib.sha256(json.dumps(counts, sort_keys=True).encode()).hexdigest()
            self._version = Version(digest, None, sum(counts.values()), counts)
        return self._version

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
        self,
        query: str,
        timeout: float | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> Iterator[http.client.HTTPResponse]:
        """Send a query (form-encoded POST); the open response, closed on leaving the block."""
        wrapper = _QueryOnly(self.url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # no format=… parameters: the Accept header says it all
        wrapper.setTimeout(max(1, ceil(timeout or self.timeout)))
        wrapper.addCustomHttpHeader("Accept", ACCEPT)
        for iri in default_graphs:
            wrapper.addParameter("default-graph-uri", iri)
        for iri in named_graphs:
            wrapper.addParameter("named-graph-uri", iri)
        wrapper.setQuery(query)
        try:
            response = wrapper.query().response
        except (SPARQLWrapperException, *_NETWORK_ERRORS) as error:
            raise _failure(self.url, error, timeout or self.timeout) from None
        try:
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
        # Same line numbers in the store's messages: the base goes on the query's first line.
        query = f"BASE <{job.base_iri}> {job.query}" if job.base_iri else job.query
        graphs = (job.default_graph or (), job.named_graphs or ())
        if job.default_graph is None and job.named_graphs is None and not job.union:
            # FROM, sent as the protocol's dataset: a union default graph may override FROM
            # (oxigraph serve --union-default-graph does), never the protocol's parameters.
            graphs = from_graphs(job.query, job.base_iri)
        with self.store.request(query, self.timeout, *graphs) as response:
            media_type = response.headers.get_content_type()
            result = _parse(response, media_type, self.store.url)  # read as it is collected
            kind = kind_of(result)
            fmt = job.formats.get(kind)
            if fmt is None:
                raise NotAcceptable(
                    job.refusals.get(kind, f"no acceptable format for {kind.value} results")
                )
            collected = _read(partial(collect, result, self.max_rows), self.store.url)
        data = write(collected, fmt)
        return Answer(kind, fmt, collected.truncated, Written(data), len(data))


def _parse(answer: bytes | IO[bytes], media_type: str, url: str) -> Result:
    """An answer, parsed by its media type (lazily: errors may come while it is iterated)."""
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        return _read(partial(ox.parse_query_results, answer, results), url)
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


def _failure(url: str, error: BaseException, timeout: float) -> StoreError:
    """What a failed request means: the query refused (400, 414), else the store unavailable."""
    if isinstance(error, QueryBadFormed | URITooLong):
        return QueryRejected(_detail(error))
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return StoreUnavailable(
            f"the triple store at {url} did not answer within {timeout:g} s "
            "(setting query_timeout); try again shortly",
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
