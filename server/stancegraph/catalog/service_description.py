"""The SPARQL 1.1 Service Description of ``/sparql``, built from the format registry and the store.

It names the endpoint, the language (SPARQL 1.1 Query only: the endpoint is read-only), the result
formats of :mod:`stancegraph.core.formats`, the union default graph feature, and the default dataset with
the number of triples in each graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from stancegraph.core.formats import GRAPH_FORMATS, SOLUTION_FORMATS, w3c_iri
from stancegraph.stores.store import QueryStore
from stancegraph.vocabulary import PREFIXES, VOID

SD: Final = Namespace("http://www.w3.org/ns/sparql-service-description#")
ENTAILMENT: Final = Namespace("http://www.w3.org/ns/entailment/")
_COUNT_DISTINCT = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"


@dataclass(frozen=True)
class Counts:
    """Triples in the default graph (the union, without repeats) and in each named graph."""

    default: int
    named: Mapping[str, int]


def count(store: QueryStore) -> Counts:
    """Count the triples of the union default graph and of every named graph."""
    named = store.version().graphs
    total = next(iter(store.select(_COUNT_DISTINCT)))["n"]
    return Counts(int(total.value) if total is not None else 0, dict(sorted(named.items())))


def describe(endpoint: str, counts: Counts, settings: Mapping[str, Any]) -> Graph:
    """The service description of the endpoint at ``endpoint`` (its absolute URL).

    ``settings`` are by name (:mod:`stancegraph.core.settings`): the limits it states.
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    for name in ("dcterms", "rdfs"):
        graph.bind(name, PREFIXES[name])
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        iri = w3c_iri(fmt)
        if iri:
            graph.add((service, SD.resultFormat, URIRef(iri)))
    graph.add((service, DCTERMS.title, Literal("stancegraph SPARQL endpoint", lang="en")))
    graph.add((service, RDFS.comment, Literal(_limits(settings), lang="en")))
    graph.add((service, SD.defaultDataset, _dataset(graph, counts)))
    return graph


def _limits(settings: Mapping[str, Any]) -> str:
    return (
        "Read-only: SPARQL Update, SERVICE and LOAD are refused, and FROM may only name graphs "
        "of this dataset. The default graph is the union of the named graphs. "
        f"A query may run {settings['query_timeout']:g} s; answers are cut at "
        f"{settings['max_result_rows']} rows (header X-SPARQL-MaxRows); "
        f"queries may be {settings['max_query_length']} bytes long."
    )


def _dataset(graph: Graph, counts: Counts) -> BNode:
    dataset = BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, _graph(graph, counts.default)))
    for name, triples in counts.named.items():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, _graph(graph, triples)))
    return dataset


def _graph(graph: Graph, triples: int) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SD.Graph))
    graph.add((node, VOID.triples, Literal(triples)))
    return node
