"""The dataset's description in VoID and DCAT, computed once at start-up.

Served at ``/dataset`` (``/.well-known/void`` redirects there). It gives the triple counts of
the dataset and of each named graph, entity counts per class, the vocabularies used, the SPARQL
endpoint, the dumps with their sizes and media types, and the licence (a placeholder until
``license`` is set). Every node has an IRI (``{base}dataset#…``), so the output is stable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from ontology import DCAT, ONTOLOGY_IRI, VOID, issue_scheme_iri
from server.describe import new_graph, prefixes
from server.dumps import Dump
from server.store import Queryable, Snapshot
from server.tables import curie

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


def _select(store: Queryable, query: str) -> list[tuple[str, int]]:
    """(term, count) rows of a grouped count over the union of the graphs, sorted."""
    return sorted((row[0].value, int(row[1].value)) for row in store.select(query))


def _scalar(store: Queryable, query: str) -> int:
    """The single number a ``SELECT (COUNT(…) AS ?n)`` query answers."""
    return int(next(iter(store.select(query)))[0].value)


def _statistics(store: Queryable, quads: int, dataset: URIRef) -> Iterator[Triple]:
    """Triples, distinct subjects, properties, classes, and an entity count per class."""
    yield dataset, VOID.triples, _count(quads)
    for prop, query in (
        (VOID.distinctSubjects, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"),
        (VOID.properties, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        (VOID.classes, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"),
    ):
        yield dataset, prop, _count(_scalar(store, query))
    classes = _select(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c")
    for i, (cls, n) in enumerate(classes):
        name = curie(cls)
        partition = URIRef(
            f"{dataset}#class-" + (name.replace(":", "-") if name != cls else str(i))
        )
        yield dataset, VOID.classPartition, partition
        yield partition, VOID["class"], URIRef(cls)
        yield partition, VOID.entities, _count(n)


def _graphs(store: Queryable, dataset: URIRef) -> Iterator[Triple]:
    """Each named graph as a subset, with its triple count."""
    query = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    for graph, n in _select(store, query):
        node = URIRef(graph)
        yield dataset, VOID.subset, node
        yield node, RDF.type, VOID.Dataset
        yield node, RDFS.label, Literal(f"Named graph {graph.rsplit('/', 1)[-1]}", lang="en")
        yield node, VOID.triples, _count(n)


def _vocabularies(store: Queryable, dataset: URIRef) -> Iterator[Triple]:
    """The namespaces (among the project's prefixes) of the properties and classes used."""
    query = "SELECT DISTINCT ?t { { ?s ?t ?o } UNION { ?s a ?t } }"
    used = {row[0].value for row in store.select(query)}
    for namespace in sorted(set(prefixes().values())):
        if any(term.startswith(namespace) for term in used):
            yield dataset, VOID.vocabulary, URIRef(namespace)


def _distributions(base: str, dataset: URIRef, dumps: Sequence[Dump]) -> Iterator[Triple]:
    for dump in dumps:
        url, node = URIRef(f"{base}dumps/{dump.name}"), URIRef(f"{dataset}#{dump.name}")
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
    endpoint, service = URIRef(f"{base}sparql"), URIRef(f"{dataset}#sparql")
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
    yield dataset, VOID.uriSpace, Literal(f"{base}id/")
    yield dataset, VOID.rootResource, URIRef(issue_scheme_iri(base))
    if license_iri:
        yield dataset, DCTERMS.license, URIRef(license_iri)
    else:
        yield dataset, DCTERMS.rights, Literal(RIGHTS_PLACEHOLDER, lang="en")


def dataset_iri(base: str) -> str:
    """The IRI of the dataset itself, described at ``/dataset``."""
    return f"{base}dataset"


def describe_dataset(
    snapshot: Snapshot, base: str, dumps: Sequence[Dump], license_iri: str = ""
) -> Graph:
    """The VoID/DCAT description of the loaded dataset."""
    dataset = URIRef(dataset_iri(base))
    store = snapshot.store
    return new_graph(
        [
            *_about(snapshot, base, dataset, license_iri),
            *_statistics(store, snapshot.quad_count(), dataset),
            *_graphs(store, dataset),
            *_vocabularies(store, dataset),
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
