"""The dataset's description in VoID and DCAT, computed once at start-up.

Served at ``/dataset`` (``/.well-known/void`` redirects there). It gives the triple counts of
the dataset and of each named graph, entity counts per class, the vocabularies used, the SPARQL
endpoint, the dumps with their sizes and media types, and the licence (a placeholder until
``license`` is set). Every node has an IRI (``{base}dataset#…``), so the output is stable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from stancegraph.catalog.describe import new_graph, prefixes
from stancegraph.catalog.dumps import Dump
from stancegraph.catalog.tables import curie
from stancegraph.stores.store import Queryable, Snapshot
from stancegraph.vocabulary import DCAT, ONTOLOGY_IRI, VOID
from stancegraph.vocabulary.iris import (
    ID_SPACE,
    dataset_iri,
    dump_url,
    endpoint_url,
    issue_scheme_iri,
)

TITLE = "stancegraph: who said what about which question in the news"
DESCRIPTION = (
    "Statements quoted or reported in news articles, located exactly in the text (NIF and Web "
    "Annotation), attributed to the people, organisations and states who made them (PROV-O), "
    "and the positions they take on debated issues (SKOS), for political scientists and media "
    "researchers."
)
RIGHTS_PLACEHOLDER = (
    "No licence has been chosen for this dataset yet. The article texts it quotes remain the "
    "property of their publishers."
)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@dataclass(frozen=True)
class Statistics:
    """What the description counts in the store: read once, or kept beside a store on disk."""

    distinct_subjects: int
    properties: int
    classes: int
    class_entities: tuple[tuple[str, int], ...]  # (class, entities), by class
    graph_triples: tuple[tuple[str, int], ...]  # (named graph, triples), by graph
    vocabularies: tuple[str, ...]  # namespaces among the project's prefixes that are used

    def records(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_records(cls, records: dict[str, Any]) -> Statistics:
        return cls(
            records["distinct_subjects"],
            records["properties"],
            records["classes"],
            tuple((c, n) for c, n in records["class_entities"]),
            tuple((g, n) for g, n in records["graph_triples"]),
            tuple(records["vocabularies"]),
        )


def read_statistics(store: Queryable) -> Statistics:
    """The counts of the description, with one query each, over the union of the graphs."""
    used = {row[0].value for row in store.select(_TERMS_USED)}
    return Statistics(
        distinct_subjects=_scalar(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"),
        properties=_scalar(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        classes=_scalar(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"),
        class_entities=_select(
            store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c"
        ),
        graph_triples=_select(
            store, "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        ),
        vocabularies=tuple(
            namespace
            for namespace in sorted(set(prefixes().values()))
            if any(term.startswith(namespace) for term in used)
        ),
    )


_TERMS_USED = "SELECT DISTINCT ?t { { ?s ?t ?o } UNION { ?s a ?t } }"


def _select(store: Queryable, query: str) -> tuple[tuple[str, int], ...]:
    """(term, count) rows of a grouped count over the union of the graphs, sorted."""
    return tuple(sorted((row[0].value, int(row[1].value)) for row in store.select(query)))


def _scalar(store: Queryable, query: str) -> int:
    """The single number a ``SELECT (COUNT(…) AS ?n)`` query answers."""
    return int(next(iter(store.select(query)))[0].value)


def _statistics(counts: Statistics, quads: int, dataset: URIRef) -> Iterator[Triple]:
    """Triples, distinct subjects, properties, classes, and an entity count per class."""
    yield dataset, VOID.triples, _count(quads)
    yield dataset, VOID.distinctSubjects, _count(counts.distinct_subjects)
    yield dataset, VOID.properties, _count(counts.properties)
    yield dataset, VOID.classes, _count(counts.classes)
    for i, (cls, n) in enumerate(counts.class_entities):
        name = curie(cls)
        partition = URIRef(
            f"{dataset}#class-" + (name.replace(":", "-") if name != cls else str(i))
        )
        yield dataset, VOID.classPartition, partition
        yield partition, VOID["class"], URIRef(cls)
        yield partition, VOID.entities, _count(n)


def _graphs(counts: Statistics, dataset: URIRef) -> Iterator[Triple]:
    """Each named graph as a subset, with its triple count."""
    for graph, n in counts.graph_triples:
        node = URIRef(graph)
        yield dataset, VOID.subset, node
        yield node, RDF.type, VOID.Dataset
        yield node, RDFS.label, Literal(f"Named graph {graph.rsplit('/', 1)[-1]}", lang="en")
        yield node, VOID.triples, _count(n)


def _vocabularies(counts: Statistics, dataset: URIRef) -> Iterator[Triple]:
    """The namespaces (among the project's prefixes) of the properties and classes used."""
    for namespace in counts.vocabularies:
        yield dataset, VOID.vocabulary, URIRef(namespace)


def _distributions(base: str, dataset: URIRef, dumps: Sequence[Dump]) -> Iterator[Triple]:
    for dump in dumps:
        url, node = URIRef(dump_url(base, dump.name)), URIRef(f"{dataset}#{dump.name}")
        title = f"{dump.format.label} dump" + (", gzipped" if dump.gzipped else "")
        yield dataset, VOID.dataDump, url
        yield dataset, DCAT.distribution, node
        yield node, RDF.type, DCAT.Distribution
        yield node, DCTERMS.title, Literal(title, lang="en")
        yield node, DCAT.downloadURL, url
        yield node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dump.format.media_type)
        yield node, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)
        if dump.gzipped:
            yield node, DCAT.compressFormat, URIRef(IANA_MEDIA_TYPES + dump.media_type)


def _service(base: str, dataset: URIRef) -> Iterator[Triple]:
    endpoint, service = URIRef(endpoint_url(base)), URIRef(f"{dataset}#sparql")
    yield dataset, VOID.sparqlEndpoint, endpoint
    yield service, RDF.type, DCAT.DataService
    yield service, DCTERMS.title, Literal("SPARQL endpoint", lang="en")
    yield service, DCAT.endpointURL, endpoint
    yield service, DCAT.servesDataset, dataset
    yield service, DCTERMS.conformsTo, SPARQL_PROTOCOL


def _about(snapshot: Snapshot, base: str, dataset: URIRef, license_iri: str) -> Iterator[Triple]:
    yield dataset, RDF.type, VOID.Dataset
    yield dataset, RDF.type, DCAT.Dataset
    yield dataset, DCTERMS.title, Literal(TITLE, lang="en")
    yield dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")
    if snapshot.modified is not None:  # a remote store cannot tell
        modified = snapshot.modified.isoformat()
        yield dataset, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)
    yield dataset, DCAT.landingPage, URIRef(base)
    yield dataset, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)
    yield dataset, VOID.uriSpace, Literal(base + ID_SPACE)
    yield dataset, VOID.rootResource, URIRef(issue_scheme_iri(base))
    if license_iri:
        yield dataset, DCTERMS.license, URIRef(license_iri)
    else:
        yield dataset, DCTERMS.rights, Literal(RIGHTS_PLACEHOLDER, lang="en")


def describe_dataset(
    snapshot: Snapshot,
    counts: Statistics,
    base: str,
    dumps: Sequence[Dump],
    license_iri: str = "",
) -> Graph:
    """The VoID/DCAT description of the loaded dataset, whose ``counts`` have been read."""
    dataset = URIRef(dataset_iri(base))
    return new_graph(
        [
            *_about(snapshot, base, dataset, license_iri),
            *_statistics(counts, snapshot.quad_count(), dataset),
            *_graphs(counts, dataset),
            *_vocabularies(counts, dataset),
            *_service(base, dataset),
            *_distributions(base, dataset, dumps),
        ]
    )


def summary(graph: Graph, base: str) -> dict[str, Any]:
    """The dataset page's context, read back from the description itself."""
    dataset = URIRef(dataset_iri(base))

    def number(node: Node, prop: URIRef) -> int:
        found = graph.value(node, prop)
        return int(found) if isinstance(found, Literal) else 0

    partitions = [
        (str(graph.value(p, VOID["class"])), number(p, VOID.entities))
        for p in graph.objects(dataset, VOID.classPartition)
    ]
    distributions = [
        (
            str(graph.value(d, DCAT.downloadURL)),
            str(graph.value(d, DCTERMS.title)),
            number(d, DCAT.byteSize),
        )
        for d in graph.objects(dataset, DCAT.distribution)
    ]
    return {
        "title": str(graph.value(dataset, DCTERMS.title)),
        "description": str(graph.value(dataset, DCTERMS.description)),
        "rights": graph.value(dataset, DCTERMS.rights),
        "license": graph.value(dataset, DCTERMS.license),
        "modified": str(graph.value(dataset, DCTERMS.modified) or "not known"),
        "counts": {
            name: number(dataset, VOID[name])
            for name in ("triples", "distinctSubjects", "properties", "classes")
        },
        "graphs": sorted(
            (str(g), number(g, VOID.triples)) for g in graph.objects(dataset, VOID.subset)
        ),
        "partitions": sorted(partitions, key=lambda p: (-p[1], p[0])),
        "dumps": sorted(distributions),
        "endpoint": str(graph.value(dataset, VOID.sparqlEndpoint)),
        "vocabularies": sorted(str(v) for v in graph.objects(dataset, VOID.vocabulary)),
    }
