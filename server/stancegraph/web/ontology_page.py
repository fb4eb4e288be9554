"""The ontology's documentation page: its metadata, then every class, property and individual at
its ``#fragment``; and the glossary other pages take the names of terms (``sg:Inferred``) from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
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

#: The ontology's metadata, in the order the page lists it.
HEADER = (
    ("Title", DCTERMS.title),
    ("Label", RDFS.label),
    ("Creator", DCTERMS.creator),
    ("Created", DCTERMS.created),
    ("Modified", DCTERMS.modified),
    ("Version", OWL.versionInfo),
    ("Version IRI", OWL.versionIRI),
    ("Prior version", OWL.priorVersion),
    ("Licence", DCTERMS.license),
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


@dataclass(frozen=True)
class Meta:
    """One value of the ontology's metadata: its text, and the IRI it is when it is one."""

    text: str
    iri: str | None = None


def header(graph: Graph) -> tuple[tuple[str, tuple[Meta, ...]], ...]:
    """The ontology's metadata that it states, by heading (:data:`HEADER`)."""
    head = URIRef(ONTOLOGY_IRI)
    found = []
    for heading, prop in HEADER:
        values = sorted(graph.objects(head, prop), key=str)
        shown = tuple(
            Meta(str(v)) if isinstance(v, Literal) else Meta(str(v), str(v))
            for v in values
            if isinstance(v, Literal | URIRef)
        )
        if shown:
            found.append((heading, shown))
    return tuple(found)


def glossary(graph: Graph) -> dict[str, tuple[str, str]]:
    """The label and comment of every term of the ontology's namespace, by IRI."""
    names = labels(graph)
    return {
        str(term): (names[str(term)], str(graph.value(term, RDFS.comment) or ""))
        for term in set(graph.subjects())
        if isinstance(term, URIRef) and str(term).startswith(str(SG)) and str(term) in names
    }


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
        "header": header(graph),
        "namespace": str(SG),
        "sections": [(heading, terms) for heading, terms in sections if terms],
    }
