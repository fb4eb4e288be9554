"""What the server says about one resource: its description, read from the query store.

A description of ``iri`` holds every triple with ``iri`` as subject, the triples of its own
nodes (subjects whose IRI starts with ``iri#``: spans, memberships, roles), the closure over the
blank nodes and dependent nodes they reach (hash IRIs under ``{base}id/``, such as a statement's
span in its article), and the labels of every other resource they link to. Descriptions are
read across all named graphs and returned as an rdflib :class:`~rdflib.Graph` with the project's
prefixes bound, ready to serialise.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache, cached_property, partial

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from stancegraph.stores.store import Queryable
from stancegraph.vocabulary import CONTEXT_JSONLD, SCHEMA
from stancegraph.vocabulary.iris import ID_SPACE

#: Properties that name a resource; a description carries them for every resource it links to.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SCHEMA.headline, SCHEMA.name, DCTERMS.title)

_LABELS = tuple(ox.NamedNode(str(prop)) for prop in LABEL_PROPERTIES)
#: The subjects with a fragment: the nodes that belong to the description of another IRI.
_HASH_SUBJECTS = (
    'SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s) && CONTAINS(STR(?s), "#")) }'
)
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """The rdflib term for a pyoxigraph term: the same term (plain strings stay plain).

    A typed literal keeps the lexical form the store gives; rdflib would otherwise rewrite it
    into its own canonical form (``"…Z"^^xsd:dateTime`` as ``"…+00:00"``, ``"100"^^xsd:double``
    as ``"100.0"``), and a description would then hold a term that the dumps and ``/sparql`` do not.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"no rdflib term for {term!r}")


@cache
def prefixes() -> dict[str, str]:
    """The prefixes the JSON-LD context declares (a superset of ``ontology.PREFIXES``)."""
    context: dict[str, str] = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    return dict(sorted(context.items()))


def new_graph(triples: Iterable[tuple[Node, Node, Node]] = ()) -> Graph:
    """A graph with the project's prefixes bound, filled in sorted order (stable output)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace)
    for triple in sorted(triples, key=lambda t: tuple(term.n3() for term in t)):
        graph.add(triple)
    return graph


class Describer:
    """Descriptions of the resources in one immutable store."""

    def __init__(
        self,
        store: Queryable,
        base: str,
        hash_subjects: Callable[[], dict[str, tuple[str, ...]]] | None = None,
    ) -> None:
        """``hash_subjects`` gives what :func:`read_hash_subjects` reads, when it was read already."""
        self.store = store
        self._dependent = base + ID_SPACE
        self._hash_subjects = hash_subjects or partial(read_hash_subjects, store)

    @cached_property
    def _own_nodes(self) -> dict[str, tuple[str, ...]]:
        """For each IRI, the subjects ``{iri}#…`` in the store (read once, on first use)."""
        return self._hash_subjects()

    def exists(self, iri: str) -> bool:
        """Whether the store says anything about ``iri`` (as a subject)."""
        return next(iter(self.store.triples([ox.NamedNode(iri)])), None) is not None

    def own_nodes(self, iri: str) -> tuple[str, ...]:
        """The subjects ``{iri}#…`` that belong to ``iri``'s description, sorted."""
        return self._own_nodes.get(iri, ())

    def describe(self, iri: str) -> Graph:
        """The description of ``iri`` (empty when the store knows nothing about it)."""
        subjects = [ox.NamedNode(iri), *(ox.NamedNode(node) for node in self.own_nodes(iri))]
        triples = set(self._closure(subjects))
        described = {t.subject for t in triples}
        linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode)} - described
        triples.update(self._labels(linked))
        return new_graph(_converted(triples))

    def _follows(self, term: ox.NamedNode | ox.BlankNode) -> bool:
        """Whether a linked node is part of the description (blank or dependent), not just named."""
        return isinstance(term, ox.BlankNode) or (
            "#" in term.value and term.value.startswith(self._dependent)
        )

    def _closure(self, subjects: list[ox.NamedNode]) -> Iterator[ox.Triple]:
        """The triples of the subjects and of the nodes they lead to, one step at a time."""
        pending: list[ox.NamedNode | ox.BlankNode] = list(subjects)
        seen: set[ox.NamedNode | ox.BlankNode] = set(pending)
        while pending:
            step, pending = pending, []
            for triple in self.store.triples(step):
                yield triple
                linked = triple.object
                if (
                    isinstance(linked, ox.NamedNode | ox.BlankNode)
                    and linked not in seen
                    and self._follows(linked)
                ):
                    seen.add(linked)
                    pending.append(linked)

    def _labels(self, resources: set[ox.NamedNode]) -> Iterable[ox.Triple]:
        return self.store.triples(sorted(resources, key=str), _LABELS) if resources else ()


def _converted(triples: Iterable[ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    for t in triples:
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def read_hash_subjects(store: Queryable) -> dict[str, tuple[str, ...]]:
    """For each IRI, the subjects ``{iri}#…`` in the store."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for row in store.select(_HASH_SUBJECTS):
        subject = row["s"]
        if isinstance(subject, ox.NamedNode):
            index[subject.value.split("#", 1)[0]].add(subject.value)
    return {iri: tuple(sorted(nodes)) for iri, nodes in index.items()}
