"""Served = dumped, and both conform (issue 12), for each store: memory, ``oxigraph:DIR``, remote.

For each store a real ``stancegraph serve`` is asked over HTTP, as any client would ask it, and
the triples it gives must be those of its dumps, term for term, and conform to the shapes:

* every dump it offers (``/dumps/dataset.*``) holds the triples of its N-Quads dump, the reference
  (the store was loaded from that file, or, for the remote Oxigraph server, published from it);
* ``CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }`` on ``/sparql``, in every RDF format
  the endpoint writes, gives those triples; ``SELECT ?g ?s ?p ?o`` gives the quads, graph by graph;
* those triples conform to the shapes: no violation;
* every resource page, in every RDF format it is offered in (the HTML page by the JSON-LD it
  embeds), holds only dumped triples; all pages of one format together hold them all, and conform.

Every answer is parsed by rdflib with its literals as written: by default rdflib rewrites the
lexical form of typed literals (``"01"^^xsd:integer`` becomes ``"1"``), which would hide a literal
that a serialiser changed. Terms are compared as canonical N-Triples
(:func:`stancegraph.terms.ntriples.from_rdflib`): the IRI; the lexical form with its datatype
(``xsd:string`` for a plain literal) or its language tag. A blank node's label is local to the
document it is written in, so blank nodes are compared after relabelling a whole set of triples
or quads by RDFC-1.0 (equal sets then mean isomorphic ones); within one page, which holds part of
the data only, a blank node stands for any blank node.

The resource pages are the descriptions of the subjects of the dump: ``/doc/{kind}/{slug}`` for
each thing under ``{base}id/`` (its ``#`` nodes are in its description), ``/doc/issues`` for the
issue scheme, ``/ontology`` for the vocabulary. ``/dataset``, ``/graph/{name}`` and ``/shapes``
describe the dataset and its shapes rather than hold its data: they are not in the dumps.

One page alone does not conform, by design: it gives the things it links to by their labels, not
their types, and shapes check those types (``sh:class``). The shapes are checked on the union of
the pages of each format, which is the whole data.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT
from rdflib.query import Result
from rdflib.term import Node, Variable

from stancegraph.catalog.dataset_description import IANA_MEDIA_TYPES
from stancegraph.catalog.describe import Describer
from stancegraph.catalog.dumps import GZIP_MEDIA_TYPE
from stancegraph.core.formats import (
    BY_NAME,
    GRAPH_FORMATS,
    RESOURCE_FORMATS,
    Format,
    Kind,
    by_media_type,
)
from stancegraph.shacl.validation import as_text, validate
from stancegraph.stores.store import EmbeddedStore
from stancegraph.terms.ntriples import Triple, from_rdflib
from stancegraph.vocabulary import DEFAULT_BASE_URI, ONTOLOGY_IRI
from stancegraph.vocabulary.iris import ID_SPACE, Site
from stancegraph.web.endpoint import TRUNCATED_HEADER
from stancegraph.web.representations import serialize
from tests.conftest import REMOTE_STORES, LiveServer, build_with_store, published_store

BASE = DEFAULT_BASE_URI
STORES = ("memory", "oxigraph:DIR", *(f"remote-{kind}" for kind in REMOTE_STORES))
#: A quad of N-Triples terms; the default graph is "".
Quad = tuple[str, str, str, str]
DEFAULT = ""
EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
EVERY_QUAD = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
#: The SPARQL result formats that carry RDF terms whole (CSV gives plain strings only), and
#: rdflib's name of each.
TERM_RESULTS = {"sparql-json": "json", "sparql-xml": "xml"}
HTML = BY_NAME["html"]
#: The JSON-LD an HTML page embeds, its RDF.
EMBEDDED_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
#: Pages asked for at once: the server's workers render some while this process parses others.
PAGES_AT_ONCE = 4
#: Differences shown in a failure message.
SHOWN = 25


@pytest.fixture(scope="module", autouse=True)
def literals_as_written() -> Iterator[None]:
    """rdflib keeps every literal's lexical form as parsed (its documented switch)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rdflib, "NORMALIZE_LITERALS", False)
        yield


@pytest.fixture(scope="module", params=STORES)
def server(
    request: pytest.FixtureRequest,
    start_server: Callable[..., LiveServer],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """``stancegraph serve`` over one store, with the dumps of the build its data came from."""
    if request.param == "memory":
        yield request.getfixturevalue("live_server")  # the session's own: left running
        return
    if request.param == "oxigraph:DIR":
        dist, store = build_with_store(tmp_path_factory.mktemp("served-disk"))
        args = ["--dist-dir", str(dist), "--store", f"oxigraph:{store}"]
    else:
        kind = request.param.removeprefix("remote-")
        seed_dist: Path = request.getfixturevalue("seed_dist")
        with published_store(kind, tmp_path_factory.mktemp(kind) / "data", seed_dist) as remote:
            served = start_server(["--dist-dir", str(seed_dist), "--store", remote.query_url])
            yield served
            served.stop()
        return
    served = start_server([*args, "--workers", "2"])
    yield served
    served.stop()


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def get(
    http: requests.Session | None, server: LiveServer, path: str, accept: str
) -> requests.Response:
    """``GET path`` answered 200 in the media type asked for (on a connection of its own when
    ``http`` is None)."""
    response = (http or requests).get(server.url + path, headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
    assert response.headers["Content-Type"].split(";")[0] == accept.split(";")[0], path
    return response


def ask(http: requests.Session, server: LiveServer, query: str, fmt: Format) -> requests.Response:
    """The whole answer to a query on ``/sparql``, in ``fmt``."""
    response = http.post(
        server.url + "/sparql",
        data={"query": query},
        headers={"Accept": fmt.media_type},
        timeout=60,
    )
    assert response.status_code == 200, f"{fmt.name}: {response.status_code} {response.text}"
    assert response.headers["Content-Type"].split(";")[0] == fmt.media_type
    assert TRUNCATED_HEADER not in response.headers, "the answer was cut"
    return response


# --- terms ---------------------------------------------------------------------------------------


def parsed(data: bytes | str, rdflib_format: str, base: str) -> list[Quad]:
    """The quads rdflib reads in an RDF document, as N-Triples terms."""
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_format, publicID=base)
    return [_quad(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))]


def _quad(s: Node | None, p: Node | None, o: Node | None, g: Node | None) -> Quad:
    """A quad of rdflib terms (from a dataset or SPARQL results) as N-Triples terms."""
    assert s is not None and p is not None and o is not None
    graph = DEFAULT if g is None or g == DATASET_DEFAULT_GRAPH_ID else from_rdflib(g)
    return from_rdflib(s), from_rdflib(p), from_rdflib(o), graph


def canonical(quads: Iterable[Quad]) -> set[Quad]:
    """``quads`` with their blank nodes relabelled by RDFC-1.0: the same set for isomorphic ones."""
    text = "".join(f"{s} {p} {o} {g} .\n" for s, p, o, g in quads)
    dataset = ox.Dataset(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {
        (
            str(q.subject),
            str(q.predicate),
            str(q.object),
            DEFAULT if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
        )
        for q in dataset
    }


def triples(quads: Iterable[Quad]) -> set[Quad]:
    """The triples of ``quads`` in any graph, as quads of the default graph, blank nodes relabelled."""
    return canonical({(s, p, o, DEFAULT) for s, p, o, _ in quads})


def any_blank(quads: Iterable[Quad]) -> set[Triple]:
    """The triples of ``quads`` with every blank node written ``_:``, standing for any."""

    def term(t: str) -> str:
        return "_:" if t.startswith("_:") else t

    return {(term(s), term(p), term(o)) for s, p, o, _ in quads}


def apart(documents: Iterable[list[Quad]]) -> Iterator[Quad]:
    """The quads of several documents, the blank nodes of each its own (labels are per document)."""
    for n, quads in enumerate(documents):

        def own(t: str, n: int = n) -> str:
            return f"_:d{n}x{t[2:]}" if t.startswith("_:") else t

        for s, p, o, g in quads:
            yield own(s), own(p), own(o), g


def differences(found: set[Quad], expected: set[Quad]) -> str:
    """The first quads missing from ``found`` and the first it has beyond ``expected``."""
    missing, extra = sorted(expected - found), sorted(found - expected)
    return (
        f"{len(missing)} missing, {len(extra)} not dumped\n"
        + "".join(f"  missing: {' '.join(q)}\n" for q in missing[:SHOWN])
        + "".join(f"  not dumped: {' '.join(q)}\n" for q in extra[:SHOWN])
    )


def conforms(data: set[Quad]) -> tuple[bool, str]:
    """Whether the triples of ``data`` conform to the project's shapes, no violation; the report."""
    report = validate(sorted(q[:3] for q in data))
    violations = [r for r in report.results if r.severity == "Violation"]
    return report.conforms and not violations, as_text(report)


# --- the dumps -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dumped(server: LiveServer, http: requests.Session) -> set[Quad]:
    """The quads of the N-Quads dump the server offers, blank nodes relabelled."""
    response = get(http, server, "/dumps/dataset.nq", "application/n-quads")
    quads = canonical(parsed(response.content, "nquads", server.url + "/dumps/dataset.nq"))
    assert len(quads) > 2000
    return quads


@pytest.fixture(scope="module")
def dumped_triples(dumped: set[Quad]) -> set[Quad]:
    return triples(dumped)


def offered(http: requests.Session, server: LiveServer) -> list[tuple[str, Format, bool]]:
    """The dumps the dataset's description offers: (local path, the format inside, gzipped)."""
    description = get(http, server, "/dataset", "text/turtle")
    graph = Graph().parse(data=description.content, format="turtle")
    found = []
    for node in graph.subjects(DCAT.downloadURL, None):
        path = Site(BASE).path(str(graph.value(node, DCAT.downloadURL)))
        media_type = str(graph.value(node, DCAT.mediaType)).removeprefix(IANA_MEDIA_TYPES)
        inside = by_media_type(media_type)
        assert path is not None and inside is not None, node
        found.append((path, inside, graph.value(node, DCAT.compressFormat) is not None))
    return sorted(found, key=lambda dump: dump[0])


def test_every_dump_offered_holds_the_same_triples(
    server: LiveServer, http: requests.Session, dumped: set[Quad], dumped_triples: set[Quad]
) -> None:
    dumps = offered(http, server)
    expected = {f"/dumps/dataset.{extension}" for extension in ("nq", "nq.gz", "nt", "ttl")}
    assert expected <= {path for path, _, _ in dumps}
    wrong = {}
    for path, fmt, gzipped in dumps:
        response = get(http, server, path, GZIP_MEDIA_TYPE if gzipped else fmt.media_type)
        data = gzip.decompress(response.content) if gzipped else response.content
        assert fmt.rdflib is not None
        quads = parsed(data, fmt.rdflib, server.url + path)
        found = triples(quads)
        if found != dumped_triples:
            wrong[path] = differences(found, dumped_triples)
        elif fmt.kind is Kind.DATASET and canonical(quads) != dumped:
            wrong[path] = "quads: " + differences(canonical(quads), dumped)
    assert not wrong, "".join(f"{path}: {text}" for path, text in wrong.items())


# --- the SPARQL endpoint -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda fmt: fmt.name)
def test_construct_of_everything_gives_the_dumped_triples(
    server: LiveServer, http: requests.Session, fmt: Format, dumped_triples: set[Quad]
) -> None:
    response = ask(http, server, EVERYTHING, fmt)
    assert fmt.rdflib is not None
    found = triples(parsed(response.content, fmt.rdflib, server.url + "/sparql"))
    assert found == dumped_triples, differences(found, dumped_triples)


@pytest.mark.parametrize("fmt", [BY_NAME[name] for name in TERM_RESULTS], ids=list(TERM_RESULTS))
def test_every_graph_gives_the_dumped_quads(
    server: LiveServer, http: requests.Session, fmt: Format, dumped: set[Quad]
) -> None:
    response = ask(http, server, EVERY_QUAD, fmt)
    rows = Result.parse(io.BytesIO(response.content), format=TERM_RESULTS[fmt.name]).bindings
    names = [Variable(name) for name in ("s", "p", "o", "g")]
    found = canonical(_quad(*(row.get(name) for name in names)) for row in rows)
    assert found == dumped, differences(found, dumped)


def test_the_served_triples_conform(server: LiveServer, http: requests.Session) -> None:
    response = ask(http, server, EVERYTHING, BY_NAME["ntriples"])
    served = parsed(response.content, "nt", server.url + "/sparql")
    assert len(served) > 2000
    ok, report = conforms(triples(served))
    assert ok, report


# --- the resource pages --------------------------------------------------------------------------


def page_of(subject: str) -> str | None:
    """The page whose description holds the triples of ``subject`` (an N-Triples term)."""
    if not subject.startswith("<"):
        return None  # a blank node: in the description of whatever leads to it
    document = subject[1:-1].split("#", 1)[0]
    if document.startswith(BASE + ID_SPACE):
        return "/doc/" + document.removeprefix(BASE + ID_SPACE)
    return "/ontology" if document == ONTOLOGY_IRI else None


def rdf_in(response: requests.Response, fmt: Format) -> tuple[bytes | str, str]:
    """The RDF in a page and how rdflib reads it: the body, or the JSON-LD an HTML page embeds."""
    if fmt is HTML:
        embedded = EMBEDDED_JSONLD.findall(response.text)
        assert len(embedded) == 1, f"{response.url}: {len(embedded)} JSON-LD scripts"
        return embedded[0], "json-ld"
    assert fmt.rdflib is not None
    return response.content, fmt.rdflib


@pytest.fixture(scope="module")
def pages(server: LiveServer, dumped: set[Quad]) -> dict[str, dict[str, list[Quad]]]:
    """Every page in every format: format name → page → the triples rdflib reads in it."""
    paths = sorted({page for q in dumped if (page := page_of(q[0])) is not None})
    assert len(paths) > 100 and "/ontology" in paths and "/doc/issues" in paths
    asked = [(fmt, path) for fmt in RESOURCE_FORMATS for path in paths]
    found: dict[str, dict[str, list[Quad]]] = {fmt.name: {} for fmt in RESOURCE_FORMATS}
    with ThreadPoolExecutor(PAGES_AT_ONCE) as pool:
        answers = pool.map(lambda one: get(None, server, one[1], one[0].media_type), asked)
        for (fmt, path), response in zip(asked, answers, strict=True):
            data, rdflib_format = rdf_in(response, fmt)
            found[fmt.name][path] = parsed(data, rdflib_format, server.url + path)
    return found


@pytest.mark.parametrize("fmt", RESOURCE_FORMATS, ids=lambda fmt: fmt.name)
def test_every_page_holds_only_dumped_triples(
    fmt: Format, pages: dict[str, dict[str, list[Quad]]], dumped: set[Quad]
) -> None:
    dumped_any_blank = any_blank(dumped)
    wrong = {
        path: sorted(any_blank(quads) - dumped_any_blank) for path, quads in pages[fmt.name].items()
    }
    wrong = {path: extra for path, extra in wrong.items() if extra}
    shown = "".join(
        f"{path}: {' '.join(triple)}\n" for path, extra in sorted(wrong.items()) for triple in extra
    )
    assert not wrong, f"{len(wrong)} pages with triples not dumped:\n{shown[:5000]}"


@pytest.mark.parametrize("fmt", RESOURCE_FORMATS, ids=lambda fmt: fmt.name)
def test_the_pages_of_a_format_together_are_the_dump(
    fmt: Format, pages: dict[str, dict[str, list[Quad]]], dumped_triples: set[Quad]
) -> None:
    found = triples(apart(pages[fmt.name].values()))
    assert found == dumped_triples, differences(found, dumped_triples)


@pytest.mark.parametrize("fmt", RESOURCE_FORMATS, ids=lambda fmt: fmt.name)
def test_the_pages_of_a_format_together_conform(
    fmt: Format, pages: dict[str, dict[str, list[Quad]]]
) -> None:
    ok, report = conforms(triples(apart(pages[fmt.name].values())))
    assert ok, report


# --- literals the mapping does not make ------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Typed literals as an Oxigraph store gives them, which rdflib rewrote when it made its own term
#: of each (``Z`` as ``+00:00``; a date's timezone dropped, so another value). Not here, because
#: rdflib's writers change them whatever the term: ``xsd:double`` (Turtle writes ``1e+02``,
#: JSON-LD a JSON number, read back as ``xsd:integer``) and a whole ``xsd:decimal`` (``1.0``).
STORED_LITERALS = (
    f'"2024-05-01Z"^^<{XSD}date>',
    f'"2024-05-01T10:00:00Z"^^<{XSD}dateTime>',
    f'"2024-05-01T10:00:00.5+01:00"^^<{XSD}dateTime>',
    f'"10:00:00Z"^^<{XSD}time>',
    f'"P1Y"^^<{XSD}duration>',
    f'"1.5"^^<{XSD}decimal>',
    f'"-5"^^<{XSD}integer>',
    f'"true"^^<{XSD}boolean>',
)
#: The RDF formats a description is written in.
DESCRIPTION_FORMATS = [fmt for fmt in RESOURCE_FORMATS if fmt.kind is Kind.GRAPH]


@pytest.mark.parametrize("fmt", DESCRIPTION_FORMATS, ids=lambda fmt: fmt.name)
def test_a_description_keeps_the_literals_of_the_store(
    fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: descriptions held rdflib's rewriting of typed literals, not the store's terms."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", True)  # rdflib's default, as in the server
    subject = f"{BASE}{ID_SPACE}article/a"
    lines = (f"<{subject}> <{BASE}p{n}> {o} .\n" for n, o in enumerate(STORED_LITERALS))
    store = ox.Store()
    store.load("".join(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    assert {str(q.object) for q in store} == set(STORED_LITERALS)  # the store keeps them so
    description = Describer(EmbeddedStore(store), BASE).describe(subject)
    assert fmt.oxigraph_rdf is not None
    served = {str(t.object) for t in ox.parse(serialize(description, fmt), fmt.oxigraph_rdf)}
    stored = set(STORED_LITERALS)
    assert served == stored, f"{sorted(served - stored)} written for {sorted(stored - served)}"
