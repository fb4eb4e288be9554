"""The SPARQL 1.1 Protocol endpoint, ``/sparql``: read-only, offline, with limits.

A request is turned into a :class:`~stancegraph.sparql.query_process.Job`: the query (from ``GET ?query=``, a
form-encoded POST or an ``application/sparql-query`` POST), the dataset (``default-graph-uri`` and
``named-graph-uri`` replace the union default graph and any ``FROM``; like ``FROM``, they may only
name graphs of the dataset) and, for each kind of answer, the format chosen through
:mod:`stancegraph.core.formats` (the ``format``/``output``/``results`` parameters first, then
``Accept``). Parameters must be UTF-8 once percent-decoded, in the URL as in a body. An answer asked for as
HTML (``format=html``, or an Accept header naming ``text/html``) is a table on a page of the site
(:mod:`stancegraph.web.results_page`). A GET without a query gets the query page (browsers, with
YASGUI served from here: :mod:`stancegraph.web.yasgui`) or the service description (RDF clients). Every
answer allows any origin (no credentials). SPARQL Update is refused with 403 on every route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from math import ceil
from typing import Any, Final
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, render_template, request
from pyoxigraph import NamedNode
from werkzeug.datastructures import MultiDict

from stancegraph.catalog import service_description
from stancegraph.core import settings
from stancegraph.core.errors import NotAcceptable, QueryRefused
from stancegraph.core.formats import (
    BOOLEAN_FORMATS,
    BY_NAME,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    Format,
    Kind,
    by_parameter,
    describe,
)
from stancegraph.sparql.answer_cache import CachingRunner
from stancegraph.sparql.example_queries import examples, namespaces
from stancegraph.sparql.query_guard import check
from stancegraph.sparql.query_memory import query_memory
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import Runner
from stancegraph.stores.store import Snapshot
from stancegraph.web import results_page, yasgui
from stancegraph.web.clients import client_address
from stancegraph.web.http_errors import (
    BadRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from stancegraph.web.negotiation import negotiate_header
from stancegraph.web.representations import serialize
from stancegraph.web.urls import site

PATH: Final = "/sparql"
FORM: Final = "application/x-www-form-urlencoded"
QUERY: Final = "application/sparql-query"
UPDATE: Final = "application/sparql-update"
ALLOW: Final = "GET, HEAD, POST, OPTIONS"
FORMAT_PARAMETERS: Final = ("format", "output", "results")
#: What each kind of answer can be written as, best first (the first is the default); last, the
#: page for browsers (:mod:`stancegraph.web.results_page`).
CANDIDATES: Final = {
    ResultKind.SOLUTIONS: (*SOLUTION_FORMATS, results_page.PAGE),
    ResultKind.BOOLEAN: (*BOOLEAN_FORMATS, results_page.PAGE),
    ResultKind.GRAPH: (*GRAPH_FORMATS, results_page.PAGE),
}
#: Representations of the endpoint itself: its service description, or the query page.
DESCRIPTION_FORMATS: Final = (GRAPH_FORMATS[0], BY_NAME["html"], *GRAPH_FORMATS[1:])
TRUNCATED_HEADER: Final = "X-SPARQL-MaxRows"
#: Characters of a parameter's name an error message shows.
_NAME_SHOWN = 40
#: Slack for percent-encoding and other parameters in a form body, beyond the query's own limit.
_FORM_OVERHEAD = 3
#: Jobs remembered per worker, for requests without graph parameters, a query of at most
#: ``PREPARED_QUERY_LENGTH`` characters and an Accept header of at most ``PREPARED_ACCEPT_LENGTH``.
PREPARED_JOBS = 1024
PREPARED_QUERY_LENGTH = 4096
PREPARED_ACCEPT_LENGTH = 512

bp = Blueprint("sparql", __name__)


@dataclass
class Endpoint:
    """What the endpoint keeps per process: the snapshot and the query runner."""

    snapshot: Snapshot
    runner: Runner
    max_query_length: int
    counts: service_description.Counts | None = field(default=None)
    #: :func:`prepare`, remembered for the last requests that qualify (see :func:`answer`).
    prepared: Callable[[QueryRequest], Job] = field(
        default_factory=lambda: lru_cache(maxsize=PREPARED_JOBS)(prepare)
    )

    @cached_property
    def graphs(self) -> frozenset[str]:
        """The named graphs a query's ``FROM`` may name (read once: the dataset does not change)."""
        return frozenset(self.snapshot.store.version().graphs)

    def dataset_counts(self) -> service_description.Counts:
        """Triples per graph, counted on first use (a full scan)."""
        if self.counts is None:
            self.counts = service_description.count(self.snapshot.store)
        return self.counts


def init_app(app: Flask) -> None:
    """Serve ``/sparql`` for the app's snapshot and refuse SPARQL Update on every route."""
    snapshot: Snapshot = app.extensions["stancegraph.snapshot"]
    runner: Runner = snapshot.store.runner(
        timeout=app.config["QUERY_TIMEOUT"],
        max_rows=app.config["MAX_RESULT_ROWS"],
        slots=app.config["QUERY_SLOTS"],
        memory=query_memory(
            app.config["QUERY_MEMORY_MB"], app.config["WORKERS"], 2 * app.config["QUERY_SLOTS"]
        ),
        queue=app.config["QUERY_QUEUE"],
        max_wait=app.config["QUERY_WAIT"],
    )
    if snapshot.store.immutable and app.config["ANSWER_CACHE_MB"] > 0:
        runner = CachingRunner(runner, app.config["ANSWER_CACHE_MB"] << 20)
    app.extensions["stancegraph.sparql"] = Endpoint(
        snapshot, runner, app.config["MAX_QUERY_LENGTH"]
    )
    app.before_request(refuse_updates)
    app.register_blueprint(bp)


def _endpoint() -> Endpoint:
    endpoint: Endpoint = current_app.extensions["stancegraph.sparql"]
    return endpoint


@bp.route(PATH, methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def sparql() -> Response:
    if request.method == "OPTIONS":
        return preflight()
    if request.method not in ("GET", "HEAD", "POST"):
        raise MethodNotAllowed(
            f"{request.method} is not a SPARQL query method; use GET or POST", {"Allow": ALLOW}
        )
    parameters = protocol_parameters()
    queries = parameters.getlist("query")
    if len(queries) > 1:
        raise BadRequest(f"{len(queries)} queries in one request; send exactly one")
    if queries:
        return answer(queries[0], parameters)
    if request.method == "POST":
        raise BadRequest("no query: send a query parameter or an application/sparql-query body")
    return endpoint_page(parameters)


@bp.after_request
def expose_endpoint_headers(response: Response) -> Response:
    """The endpoint's own headers a page on another origin may read (CORS: ``web.security``)."""
    response.headers["Access-Control-Expose-Headers"] = f"{TRUNCATED_HEADER}, Retry-After"
    return response


def preflight() -> Response:
    """The answer to a CORS preflight (or a plain OPTIONS)."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    response.headers["Allow"] = ALLOW
    response.headers["Access-Control-Allow-Methods"] = ALLOW
    response.headers["Access-Control-Allow-Headers"] = request.headers.get(
        "Access-Control-Request-Headers", "Accept, Content-Type"
    )
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def refuse_updates() -> None:
    """Refuse SPARQL Update (403) on any route: an ``update`` parameter or an update body."""
    if request.mimetype == UPDATE or "update" in request.args:
        raise QueryRefused("SPARQL Update is refused: this endpoint is read-only")
    if request.method == "POST" and request.mimetype == FORM and "update" in form_body():
        raise QueryRefused("SPARQL Update is refused: this endpoint is read-only")


def protocol_parameters() -> MultiDict[str, str]:
    """The request's parameters, the query included, checked as the protocol says."""
    parameters = query_string()
    if request.method != "POST":
        return parameters
    if not request.mimetype:
        raise UnsupportedMediaType(f"POST needs a Content-Type: {FORM} or {QUERY}")
    if request.mimetype not in (FORM, QUERY):
        raise UnsupportedMediaType(
            f"Content-Type {request.mimetype} is not a query; use {FORM} or {QUERY}"
        )
    if request.mimetype == FORM:
        parameters.update(form_body())
    elif "query" in parameters:
        raise BadRequest(f"query both in the URL and in the {QUERY} body; send one")
    else:
        parameters.add("query", _utf8(read_body(_endpoint().max_query_length)))
    return parameters


def query_string() -> MultiDict[str, str]:
    """The parameters of the URL's query string, decoded strictly as UTF-8.

    Werkzeug's ``request.args`` keeps a byte that is not UTF-8 as its escape (``%FF``), so a
    query would run with other characters than were sent; the endpoint refuses it, as in a body.
    """
    try:
        text = request.query_string.decode("utf-8")  # the bytes as sent, escaped or not
    except UnicodeDecodeError as error:
        raise BadRequest(f"the query string is not UTF-8 (byte {error.start})") from None
    return _form_fields(text, "the query string")


def form_body() -> MultiDict[str, str]:
    """The fields of a form-encoded body, decoded strictly as UTF-8 (cached for the request)."""
    body = _utf8(read_body(_endpoint().max_query_length * _FORM_OVERHEAD))
    return _form_fields(body, "the form body")


def _form_fields(text: str, where: str) -> MultiDict[str, str]:
    """``name=value&…`` fields whose percent-escapes must decode as UTF-8; 400 saying where not."""
    fields: MultiDict[str, str] = MultiDict()
    for pair in filter(None, text.split("&")):
        try:
            fields.update(parse_qsl(pair, keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError:
            name = pair.split("=", 1)[0][:_NAME_SHOWN]
            raise BadRequest(
                f"parameter {name} in {where} is not UTF-8 once percent-decoded"
            ) from None
    return fields


def read_body(limit: int) -> bytes:
    """The request body, refused with 413 beyond ``limit`` bytes."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"charset={charset}: the body must be UTF-8")
    if (request.content_length or 0) > limit:
        raise PayloadTooLarge(_too_long(request.content_length or 0))
    return request.get_data(cache=True)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not UTF-8 (byte {error.start})") from None


def _too_long(size: int) -> str:
    limit = _endpoint().max_query_length
    return f"query of {size} bytes exceeds the limit of {limit} (setting max_query_length)"


def answer(query: str, parameters: MultiDict[str, str]) -> Response:
    """Run a query and stream its answer."""
    endpoint = _endpoint()
    if len(query.encode("utf-8")) > endpoint.max_query_length:
        raise PayloadTooLarge(_too_long(len(query.encode("utf-8"))))
    asked = QueryRequest(
        query,
        request.headers.get("Accept", ""),
        tuple(_format_parameters(parameters)),
        _graph_parameter(parameters, "default-graph-uri", endpoint.graphs),
        _graph_parameter(parameters, "named-graph-uri", endpoint.graphs),
        site().iri(request.path),  # the base's endpoint IRI: never the client's Host
        endpoint.graphs,
    )
    # Only common, small requests are remembered: a key holds all of the request.
    common = asked.default_graph is None and asked.named_graphs is None
    small = len(query) <= PREPARED_QUERY_LENGTH and len(asked.accept) <= PREPARED_ACCEPT_LENGTH
    job = endpoint.prepared(asked) if common and small else prepare(asked)
    client = client_address(request, current_app.config["FORWARDED_ALLOW_IPS"])
    result = endpoint.runner.run(job, client)
    if choose_formats(asked.format_parameters, asked.accept)[0][result.kind] is results_page.PAGE:
        response = results_page.response(result, query, endpoint.runner.max_rows)
    else:
        response = Response(result.body, content_type=result.format.content_type)
        if result.length is not None:
            response.content_length = result.length  # sent as is, not in chunks
    response.headers["Vary"] = "Accept"
    if result.truncated:
        response.headers[TRUNCATED_HEADER] = str(endpoint.runner.max_rows)
    return response


@dataclass(frozen=True)
class QueryRequest:
    """What decides the job of a query request: the same request always makes the same job."""

    query: str
    accept: str
    format_parameters: tuple[str, ...]
    default_graph: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    base_iri: str
    graphs: frozenset[str]  # the named graphs of the dataset


def prepare(asked: QueryRequest) -> Job:
    """Check the query (403/400 when refused) and choose its formats (406 when none fits)."""
    checked = check(asked.query, asked.graphs, base_iri=asked.base_iri)
    formats, refusals = choose_formats(asked.format_parameters, asked.accept)
    if not any(formats.values()):
        candidates = (*SOLUTION_FORMATS, *GRAPH_FORMATS)
        raise NotAcceptable(
            _refusal(asked.format_parameters, asked.accept, "any answer", candidates)
        )
    return Job(
        asked.query,
        results_page.carried(formats),  # a page is rendered from what its carrier format holds
        base_iri=asked.base_iri,
        default_graph=asked.default_graph,
        named_graphs=asked.named_graphs,
        union=not checked.has_dataset_clause,
        refusals=refusals,
        volatile=checked.volatile,
    )


@lru_cache(
    maxsize=256
)  # few clients' Accept headers: negotiated once each (the answer is read only)
def choose_formats(
    named: tuple[str, ...], accept: str
) -> tuple[dict[ResultKind, Format | None], dict[ResultKind, str]]:
    """The format for each kind of answer, and why there is none where there is none.

    ``named`` are the values of the ``format``/``output``/``results`` parameters, which win over
    ``accept``, the Accept header. The page (last of the candidates) is chosen through the header
    only when it names HTML: through a wildcard it would win over the data a client rated higher.
    """
    formats: dict[ResultKind, Format | None] = {}
    refusals: dict[ResultKind, str] = {}
    page = named or results_page.named_in(accept)
    for kind, candidates in CANDIDATES.items():
        formats[kind] = choose(named, accept, candidates if page else candidates[:-1])
        if formats[kind] is None:
            refusals[kind] = _refusal(named, accept, f"{kind.value} results", candidates)
    return formats, refusals


def choose(named: tuple[str, ...], accept: str, candidates: tuple[Format, ...]) -> Format | None:
    """The format named by a ``format``/``output``/``results`` parameter, else by ``Accept``."""
    if not named:
        return negotiate_header(accept, candidates)
    return next(filter(None, (by_parameter(value, candidates) for value in named)), None)


def _format_parameters(parameters: MultiDict[str, str]) -> list[str]:
    return [value for name in FORMAT_PARAMETERS for value in parameters.getlist(name) if value]


def _refusal(named: tuple[str, ...], accept: str, what: str, candidates: tuple[Format, ...]) -> str:
    asked = f"format={named[0]}" if named else f"Accept: {accept}"
    return f"{asked} cannot carry {what}; available: {describe(candidates)}"


def _graph_parameter(
    parameters: MultiDict[str, str], name: str, graphs: frozenset[str]
) -> tuple[str, ...] | None:
    """The IRIs of ``default-graph-uri`` or ``named-graph-uri``; None when not given.

    Each must name a graph of the dataset, as ``FROM`` must (the endpoint fetches nothing).
    """
    iris = parameters.getlist(name)
    for iri in iris:
        try:
            NamedNode(iri)
        except ValueError:
            raise BadRequest(f"{name}={iri}: not an IRI") from None
        if iri not in graphs:
            raise BadRequest(
                f"{name} <{iri}>: not a graph of this dataset "
                "(the service description lists the named graphs)"
            )
    return tuple(iris) if iris else None


def endpoint_page(parameters: MultiDict[str, str]) -> Response:
    """The query page for browsers, else the service description in the negotiated format."""
    named, accept = tuple(_format_parameters(parameters)), request.headers.get("Accept", "")
    fmt = choose(named, accept, DESCRIPTION_FORMATS)
    if fmt is None:
        raise NotAcceptable(_refusal(named, accept, "the service description", DESCRIPTION_FORMATS))
    endpoint = _endpoint()
    body: str | bytes
    if fmt.kind is Kind.PAGE:
        body = render_template("sparql.html", **_page_context(endpoint))
    else:
        graph = service_description.describe(
            site().iri(request.path),
            endpoint.dataset_counts(),
            settings.by_name(current_app.config),
        )
        body = serialize(graph, fmt)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _page_context(endpoint: Endpoint) -> dict[str, Any]:
    base = current_app.config["BASE_URI"]
    return {
        "endpoint": request.script_root + request.path,  # this server, whatever Host says
        "examples": examples(base),
        "base": base,
        "prefixes": namespaces(base),
        "formats": results_page.FORM_FORMATS,
        "timeout": ceil(endpoint.runner.timeout),
        "max_rows": endpoint.runner.max_rows,
        "yasgui": yasgui.assets(),
    }
