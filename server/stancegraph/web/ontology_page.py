"""The ontology's documentation page: every class, property and individual at its ``#fragment``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from stancegraph.catalog.tables import Value, curie, labels, value
from stancegraph.vocabulary import ONTOLOGY_IRI, SG

#: Sections of the page: heading and the class whose members it lists.
SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Stances and other individuals", OWL.NamedIndividual),
    ("Concept schemes", SKOS.ConceptScheme),
)

#: Facts listed for each term, with the heading they are shown under.
FACTS = (
    ("Type", RDF.type),
    ("Subclass of", RDFS.subClassOf),
    ("Subproperty of", RDFS.subPropertyOf),
    ("Domain", RDFS.domain),
    ("Range", RDFS.range),
    ("Disjoint with", OWL.disjointWith),
    ("In scheme", SKOS.inScheme),
    ("Top concepts", SKOS.hasTopConcept),
)


@dataclass(frozen=True)
class Term:
    iri: str
    fragment: str
    label: str
    comment: str
    facts: tuple[tuple[str, tuple[Value, ...]], ...]


def _facts(
    graph: Graph, term: URIRef, names: dict[str, str]
) -> tuple[tuple[str, tuple[Value, ...]], ...]:
    facts = []
    for heading, prop in FACTS:
        values = sorted(graph.objects(term, prop), key=lambda o: curie(str(o)))
        shown = tuple(value(v, names) for v in values if isinstance(v, URIRef))
        if shown:
            facts.append((heading, shown))
    one_of = graph.value(term, OWL.oneOf)
    if one_of is not None:
        facts.append(("One of", tuple(value(v, names) for v in Collection(graph, one_of))))
    return tuple(facts)


def _term(graph: Graph, term: URIRef, names: dict[str, str]) -> Term:
    comment = graph.value(term, RDFS.comment)
    return Term(
        str(term),
        str(term).rsplit("#", 1)[-1],
        names.get(str(term), curie(str(term))),
        str(comment or ""),
        _facts(graph, term, names),
    )


def ontology(graph: Graph) -> dict[str, Any]:
    """The page's context: the ontology's header and its terms by section."""
    names = labels(graph)
    head = URIRef(ONTOLOGY_IRI)
    sections = []
    for heading, cls in SECTIONS:
        members = sorted(
            (
                t
                for t in set(graph.subjects(RDF.type, cls))
                if isinstance(t, URIRef) and str(t).startswith(str(SG))
            ),
            key=lambda t: str(t).lower(),
        )
        sections.append((heading, [_term(graph, t, names) for t in members]))
    return {
        "iri": ONTOLOGY_IRI,
        "title": str(graph.value(head, DCTERMS.title) or "Ontology"),
        "description": str(graph.value(head, DCTERMS.description) or ""),
        "version": str(graph.value(head, OWL.versionInfo) or ""),
        "license": str(graph.value(head, DCTERMS.license) or ""),
        "namespace": str(SG),
        "sections": [(heading, terms) for heading, terms in sections if terms],
    }
