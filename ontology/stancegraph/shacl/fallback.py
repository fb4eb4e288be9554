"""pySHACL for the shapes the built-in engine does not support.

The built-in engine (:mod:`stancegraph.shacl.core_checks`, :mod:`stancegraph.shacl.sparql_checks`)
checks the project's shapes in a fraction of pySHACL's time, but knows only the constraints they
use. A shape with anything else is handed over here rather than refused: pySHACL validates the
same data (the union of its graphs, nothing inferred) against the shapes graph without the shapes
the built-in engine checks, and each of its results keeps pySHACL's own description (focus node,
path, value, source shape, messages, severity), which the report takes in as it is.

pySHACL is imported, and the data copied into an rdflib graph, only when a shape is handed over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, Node
from rdflib.namespace import OWL, RDF, RDFS

from stancegraph.terms.ntriples import Triple, add_to_rdflib
from stancegraph.vocabulary import SH

#: The parameters that give a shape its focus nodes.
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

RdflibTriple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Result:
    """One result of pySHACL: its ``sh:ValidationResult`` node and the triples describing it."""

    node: Node
    triples: tuple[RdflibTriple, ...]


def targeted(graph: Graph) -> set[Node]:
    """The shapes of ``graph`` that have focus nodes: by a target, or as classes themselves."""
    found = {shape for parameter in TARGETS for shape in graph.subjects(parameter, None)}
    return found | implicit_class_targets(graph)


def implicit_class_targets(graph: Graph) -> set[Node]:
    """Shapes that are classes too, whose instances are their focus nodes (SHACL 2.1.3.3)."""
    shapes = {*graph.subjects(RDF.type, SH.NodeShape), *graph.subjects(RDF.type, SH.PropertyShape)}
    classes = {*graph.subjects(RDF.type, RDFS.Class), *graph.subjects(RDF.type, OWL.Class)}
    return shapes & classes


def reachable(graph: Graph, roots: Iterable[Node]) -> set[Node]:
    """The nodes of ``graph`` that ``roots`` lead to through its triples, ``roots`` included.

    A shape handed to pySHACL takes along every targeted shape it leads to (by ``sh:node``, say),
    so that pySHACL reads each shape it needs whole and no shape is checked twice.
    """
    seen = set(roots)
    todo = list(seen)
    while todo:
        for node in graph.objects(todo.pop(), None):
            if node not in seen and not isinstance(node, Literal) and (node, None, None) in graph:
                seen.add(node)
                todo.append(node)
    return seen


def shapes_graph(graph: Graph, elsewhere: Iterable[Node]) -> Graph:
    """``graph`` without the shapes checked elsewhere (``elsewhere``), for pySHACL.

    What remains are the shapes handed over with all they refer to, and the prefix declarations.
    """
    found = Graph()
    found += graph
    for shape in elsewhere:
        found -= graph.cbd(shape)
    return found


def run(triples: Iterable[Triple], shapes: Graph) -> list[Result]:
    """pySHACL's results for ``shapes`` on the union of ``triples``."""
    import pyshacl  # here, not at the top: only a shape handed over needs it

    data = add_to_rdflib(Graph(), triples)
    # inplace: the graph is ours alone, so pySHACL needs no copy of it even in advanced mode.
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,
        advanced=True,
        inplace=True,
    )
    return [Result(node, tuple(report.cbd(node))) for node in report.objects(None, SH.result)]
