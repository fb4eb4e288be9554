"""The one registry of formats: RDF serialisations, SPARQL result formats and HTML.

Content negotiation (:mod:`stancegraph.web.negotiation`), extension URLs, ``Link`` headers, the
service description, the command line and the tests are all driven by :data:`FORMATS`.

Some clients ask for a media type that names no serialisation of its own: ``text/n3`` (Turtle is
N3) and plain ``application/json`` (JSON-LD for graphs, SPARQL JSON for SELECT and ASK). Each is
a format here too, whose :attr:`Format.same_as` names the format whose bytes it carries: it is
served labelled with the media type the client asked for, but never advertised (``Link``, service
description, dumps) and chosen through a wildcard only when the client names it.

Triples are the default graph of a dataset, so TriG and N-Quads carry every graph answer. ASK in
CSV or TSV is the one-value table Apache Jena writes: a column ``_askResult`` holding ``true`` or
``false`` (Oxigraph writes the bare word, which is no table).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from pyoxigraph import QueryResultsFormat, RdfFormat


class Kind(Enum):
    """What a format can carry."""

    GRAPH = "graph"  # triples: Turtle, N-Triples, RDF/XML, JSON-LD
    DATASET = "dataset"  # quads: TriG, N-Quads (also carry triples)
    RESULTS = "results"  # SPARQL SELECT/ASK results
    PAGE = "page"  # a human-readable HTML page


@dataclass(frozen=True)
class Format:
    """One format: a short name, its media type, file extension and serialisers."""

    name: str
    label: str
    media_type: str
    extension: str
    kind: Kind
    rdflib: str | None = None
    oxigraph_rdf: RdfFormat | None = None
    oxigraph_results: QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()
    #: The format whose bytes these are, under another media type (None: a serialisation).
    same_as: str | None = None

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        """The Content-Type header value (UTF-8 for every textual format)."""
        return f"{self.media_type}; charset=utf-8"

    @property
    def carries_triples(self) -> bool:
        return self.kind in (Kind.GRAPH, Kind.DATASET)

    @property
    def advertised(self) -> bool:
        """Whether the format is offered by name: not another label for another's bytes."""
        return self.same_as is None


FORMATS: Final[tuple[Format, ...]] = (
    Format("turtle", "Turtle", "text/turtle", "ttl", Kind.GRAPH, "turtle", RdfFormat.TURTLE,
           aliases=("application/x-turtle",)),
    Format("jsonld", "JSON-LD", "application/ld+json", "jsonld", Kind.GRAPH, "json-ld",
           RdfFormat.JSON_LD),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", "rdf", Kind.GRAPH, "xml", RdfFormat.RDF_XML),
    Format("ntriples", "N-Triples", "application/n-triples", "nt", Kind.GRAPH, "nt11",
           RdfFormat.N_TRIPLES),
    Format("trig", "TriG", "application/trig", "trig", Kind.DATASET, "trig", RdfFormat.TRIG),
    Format("nquads", "N-Quads", "application/n-quads", "nq", Kind.DATASET, "nquads",
           RdfFormat.N_QUADS),
    Format("n3", "N3 (as Turtle)", "text/n3", "n3", Kind.GRAPH, "turtle", RdfFormat.TURTLE,
           same_as="turtle"),
    Format("json-graph", "JSON-LD (as JSON)", "application/json", "json", Kind.GRAPH, "json-ld",
           RdfFormat.JSON_LD, same_as="jsonld"),
    Format("html", "HTML", "text/html", "html", Kind.PAGE, aliases=("application/xhtml+xml",)),
    Format("text", "Plain text", "text/plain", "txt", Kind.PAGE),
    Format("json", "JSON", "application/json", "json", Kind.PAGE),
    Format("sparql-json", "SPARQL results in JSON", "application/sparql-results+json", "srj",
           Kind.RESULTS, oxigraph_results=QueryResultsFormat.JSON),
    Format("sparql-xml", "SPARQL results in XML", "application/sparql-results+xml", "srx",
           Kind.RESULTS, oxigraph_results=QueryResultsFormat.XML),
    Format("csv", "CSV", "text/csv", "csv", Kind.RESULTS, oxigraph_results=QueryResultsFormat.CSV),
    Format("tsv", "TSV", "text/tab-separated-values", "tsv", Kind.RESULTS,
           oxigraph_results=QueryResultsFormat.TSV),
    Format("json-results", "SPARQL results in JSON (as JSON)", "application/json", "json",
           Kind.RESULTS, oxigraph_results=QueryResultsFormat.JSON, same_as="sparql-json"),
)  # fmt: skip

BY_NAME: Final = {f.name: f for f in FORMATS}
#: The format a file extension names; of formats sharing one (``.json``), the first listed.
BY_EXTENSION: Final = {f.extension: f for f in reversed(FORMATS)}

#: Representations of a linked-data resource, in order of preference for ``*/*``.
RESOURCE_FORMATS: Final = tuple(
    BY_NAME[n]
    for n in ("turtle", "html", "jsonld", "rdfxml", "ntriples", "trig", "nquads", "n3", "json-graph")
)  # fmt: skip

#: What an error answer can be written as: plain text for ``*/*`` (curl), HTML for browsers,
#: JSON for clients that ask for it.
ERROR_FORMATS: Final = (BY_NAME["text"], BY_NAME["html"], BY_NAME["json"])
#: What a full-text search answers with: the page for browsers, JSON for programs.
SEARCH_FORMATS: Final = (BY_NAME["html"], BY_NAME["json"])


def by_media_type(media_type: str, candidates: Iterable[Format] = FORMATS) -> Format | None:
    """The format whose media type (or alias) is ``media_type``, ignoring parameters and case."""
    wanted = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in candidates if wanted in f.media_types), None)


def describe(candidates: Iterable[Format]) -> str:
    """A one-line list of the media types on offer, for 406 answers."""
    return ", ".join(dict.fromkeys(f.media_type for f in candidates))


#: What each kind of SPARQL answer can be written as, in order of preference.
SOLUTION_FORMATS: Final = tuple(f for f in FORMATS if f.kind is Kind.RESULTS)
BOOLEAN_FORMATS: Final = SOLUTION_FORMATS
GRAPH_FORMATS: Final = tuple(f for f in FORMATS if f.carries_triples)

#: Values clients send in ``format``/``output``/``results`` besides our names (SPARQLWrapper's).
_PARAMETER_SYNONYMS: Final = {
    "json": ("sparql-json", "jsonld"),
    "xml": ("sparql-xml", "rdfxml"),
    "rdf": ("rdfxml",),
    "rdf+xml": ("rdfxml",),
    "json-ld": ("jsonld",),
}

#: Identifiers of the formats in http://www.w3.org/ns/formats/, for service descriptions.
_W3C_FORMATS: Final = {
    "turtle": "Turtle",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "ntriples": "N-Triples",
    "trig": "TriG",
    "nquads": "N-Quads",
    "sparql-json": "SPARQL_Results_JSON",
    "sparql-xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
}


def by_parameter(value: str, candidates: Sequence[Format]) -> Format | None:
    """The candidate a ``format`` parameter names: name, synonym, extension or media type.

    Synonyms come before extensions: ``format=json`` (SPARQLWrapper's) asks for SPARQL JSON
    results or JSON-LD, not for the plain JSON that shares their extension.
    """
    wanted = value.strip().lower()
    names = (wanted, *_PARAMETER_SYNONYMS.get(wanted, ()))
    found = next((f for name in names for f in candidates if f.name == name), None)
    found = found or next((f for f in candidates if f.extension == wanted), None)
    return found or by_media_type(wanted, candidates)


def w3c_iri(fmt: Format) -> str | None:
    """The IRI W3C gives the format (``http://www.w3.org/ns/formats/Turtle``), if any."""
    name = _W3C_FORMATS.get(fmt.name)
    return f"http://www.w3.org/ns/formats/{name}" if name else None
