"""The one registry of formats: RDF serialisations, SPARQL result formats and HTML.

Content negotiation, extension URLs, ``Link`` headers, the service description and the tests
are all driven by :data:`FORMATS`. Accept headers are never compared as strings: negotiation goes
through Werkzeug's :class:`~werkzeug.datastructures.MIMEAccept`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from pyoxigraph import QueryResultsFormat, RdfFormat
from werkzeug.datastructures import MIMEAccept


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
    Format("html", "HTML", "text/html", "html", Kind.PAGE, aliases=("application/xhtml+xml",)),
    Format("sparql-json", "SPARQL results in JSON", "application/sparql-results+json", "srj",
           Kind.RESULTS, oxigraph_results=QueryResultsFormat.JSON),
    Format("sparql-xml", "SPARQL results in XML", "application/sparql-results+xml", "srx",
           Kind.RESULTS, oxigraph_results=QueryResultsFormat.XML),
    Format("csv", "CSV", "text/csv", "csv", Kind.RESULTS, oxigraph_results=QueryResultsFormat.CSV),
    Format("tsv", "TSV", "text/tab-separated-values", "tsv", Kind.RESULTS,
           oxigraph_results=QueryResultsFormat.TSV),
)  # fmt: skip

BY_NAME: Final = {f.name: f for f in FORMATS}
BY_EXTENSION: Final = {f.extension: f for f in FORMATS}

#: Representations of a linked-data resource, in order of preference for ``*/*``.
RESOURCE_FORMATS: Final = tuple(
    BY_NAME[n] for n in ("turtle", "html", "jsonld", "rdfxml", "ntriples")
)


def by_media_type(media_type: str, candidates: Iterable[Format] = FORMATS) -> Format | None:
    """The format whose media type (or alias) is ``media_type``, ignoring parameters and case."""
    wanted = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in candidates if wanted in f.media_types), None)


def negotiate(accept: MIMEAccept, candidates: Sequence[Format]) -> Format | None:
    """The best of ``candidates`` for an Accept header; the first one when there is no header.

    Q-values, wildcards and specificity are Werkzeug's; ties go to the earlier candidate.
    Returns None when nothing acceptable is offered (the caller answers 406).
    """
    if not accept:
        return candidates[0] if candidates else None
    offers = [media for f in candidates for media in f.media_types]
    best = accept.best_match(offers)
    return by_media_type(best, candidates) if best else None


def describe(candidates: Iterable[Format]) -> str:
    """A one-line list of the media types on offer, for 406 answers."""
    return ", ".join(f.media_type for f in candidates)
