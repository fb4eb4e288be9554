"""Any RDF description as property tables: the generic HTML view of a graph.

Every page ends with the triples it was built from; the dataset description, the shapes and
the named graphs are shown this way only. Resources are named by their labels where the graph
carries one, properties by compact IRIs (``sg:holder``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from stancegraph.catalog.describe import LABEL_PROPERTIES, prefixes


@dataclass(frozen=True)
class Value:
    """An object as shown: text, the IRI it links to (or ``#anchor`` of a blank node), a note.

    An RDF list has its members in ``items``.
    """

    text: str
    link: str | None = None
    anchor: str | None = None
    note: str = ""
    items: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Row:
    predicate: str
    name: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Block:
    """The triples of one subject; ``anchor`` is the id of its table on the page: a blank
    node's label, or the fragment of one of the main subject's own ``#`` nodes."""

    subject: str
    name: str
    anchor: str | None
    rows: tuple[Row, ...]


def curie(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (longest namespace wins), else the IRI."""
    best = max(
        ((p, ns) for p, ns in prefixes().items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def labels(graph: Graph) -> dict[str, str]:
    """The label the graph gives each resource (first label property in order, smallest value)."""
    found: dict[str, str] = {}
    for prop in reversed(LABEL_PROPERTIES):
        for subject, value in sorted(graph.subject_objects(prop)):
            found[str(subject)] = str(value)
    return found


def value(term: Node, names: dict[str, str], graph: Graph | None = None) -> Value:
    """How one object is shown, naming resources and blank nodes by ``names`` (IRI → label).

    An RDF list (a blank node with ``rdf:first``) in ``graph`` is shown as its members.
    """
    if isinstance(term, Literal):
        note = f"@{term.language}" if term.language else curie(str(term.datatype or ""))
        return Value(str(term), note=note)
    if isinstance(term, BNode):
        if graph is not None and (term, RDF.first, None) in graph:
            members = tuple(value(item, names, graph) for item in Collection(graph, term))
            return Value("list", items=members)
        name = names.get(str(term), f"_:{term}")
        return Value(name, anchor=name.lstrip("_:"))
    return Value(names.get(str(term), curie(str(term))), link=str(term))


def _block(graph: Graph, subject: Node, names: dict[str, str], main: str) -> Block:
    rows = []
    for predicate in sorted(set(graph.predicates(subject)), key=lambda p: curie(str(p))):
        objects = sorted(graph.objects(subject, predicate), key=lambda o: o.n3())
        shown = tuple(value(o, names, graph) for o in objects)
        rows.append(Row(str(predicate), curie(str(predicate)), shown))
    name = names.get(str(subject), curie(str(subject)))
    own, _, fragment = str(subject).partition("#")
    if isinstance(subject, BNode):
        anchor: str | None = name.lstrip("_:")
    else:
        anchor = fragment if own == main and fragment else None  # main#x lands on its table
    return Block(str(subject), name, anchor, tuple(rows))


def blocks(graph: Graph, main: str, everything: bool = False) -> list[Block]:
    """Property tables for ``main``, its own ``#`` nodes and blank nodes (or every subject).

    Subjects the description holds only for their labels are left out unless ``everything``;
    the cells of RDF lists are shown inside the value that holds the list.
    """

    def shown(subject: Node) -> bool:
        if isinstance(subject, BNode):
            return (subject, RDF.first, None) not in graph
        return everything or str(subject).split("#", 1)[0] == main

    subjects = sorted(
        {s for s in graph.subjects() if shown(s)}, key=lambda s: (str(s) != main, s.n3())
    )
    blanks = [s for s in subjects if isinstance(s, BNode)]
    names = labels(graph) | {str(b): f"_:b{i}" for i, b in enumerate(blanks, start=1)}
    return [_block(graph, subject, names, main) for subject in subjects]
