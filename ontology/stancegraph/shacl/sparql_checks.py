"""SHACL-SPARQL constraints run as one query per shape on an in-memory Oxigraph store.

pySHACL runs a ``sh:sparql`` constraint once per focus node, through its own regular-expression
checks and query parsing; that costs about a millisecond per node. Here ``$this`` is left unbound
and joined with the shape's targets instead, so each constraint is one query. For queries
without aggregates or sub-selects (ours: see ``shapes.ttl``) the solutions are the same as with
``$this`` bound node by node; ``tests/test_shapes.py`` compares the results with pySHACL's.

Oxigraph stores every integer as ``xsd:integer``, so datatype checks stay with the core shapes,
which pySHACL runs on the rdflib graph.

:func:`checks_of` raises :class:`Unsupported` for a shape that one query cannot check as SHACL
defines: one with more than ``sh:targetClass`` and ``sh:sparql`` (another target, ``sh:path``,
``sh:deactivated``, a core constraint), a constraint without exactly one ``sh:message`` or with
other parameters, or a query that uses ``$currentShape``, ``$shapesGraph`` or ``$PATH``, an
aggregate or a sub-select. The validation hands such a shape to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from stancegraph.shacl.value_checks import Unsupported
from stancegraph.vocabulary import SH

#: What a SPARQL shape may say besides its constraints; with anything else it goes to pySHACL.
ALLOWED = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.targetClass,
           SH.sparql, SH.severity}  # fmt: skip
#: What a ``sh:sparql`` constraint may say.
ALLOWED_IN_CONSTRAINT = {RDF.type, RDFS.comment, SH.prefixes, SH.select, SH.message}
#: What one query over all focus nodes does not answer as one query per focus node does:
#: variables bound before the query other than ``$this``, aggregates, sub-selects.
PREBOUND = re.compile(r"[?$](?:currentShape|shapesGraph|PATH)\b")
AGGREGATE = re.compile(
    r"\b(?:(?:COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(|GROUP\s+BY\b|HAVING\b)", re.I
)
SELECT = re.compile(r"\bSELECT\b", re.I)

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = ox.NamedNode(str(XSD.string))


@dataclass(frozen=True)
class SparqlCheck:
    """One ``sh:sparql`` constraint of a shape, as a single query over all the shape's targets."""

    shape: URIRef
    constraint: Node
    query: str
    message: Literal
    severity: URIRef
    description: Graph


def checks_of(graph: Graph, shape: Node) -> tuple[SparqlCheck, ...]:
    """The checks of the SPARQL shape ``shape``; :class:`Unsupported` if it has other parts."""
    return tuple(_checks(graph, shape))


def _checks(graph: Graph, shape: Node) -> Iterator[SparqlCheck]:
    extra = sorted(str(p) for p in set(graph.predicates(shape, None)) - ALLOWED)
    if not isinstance(shape, URIRef) or extra:
        found = ", ".join(extra) or "no IRI"
        raise Unsupported(f"SPARQL shape {shape} has {found}: it may only have sh:targetClass")
    classes = " ".join(f"<{c}>" for c in sorted(graph.objects(shape, SH.targetClass), key=str))
    severity = graph.value(shape, SH.severity, default=SH.Violation)
    for constraint in graph.objects(shape, SH.sparql):
        _check_constraint(graph, shape, constraint)
        prefixes = "".join(
            f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>\n"
            for declared in graph.objects(constraint, SH.prefixes)
            for d in graph.objects(declared, SH.declare)
        )
        query = (
            f"{prefixes}SELECT * WHERE {{\n"
            f"  {{ SELECT DISTINCT ?this WHERE {{ VALUES ?class {{ {classes} }}\n"
            f"    ?this <{RDF.type}>/<{RDFS.subClassOf}>* ?class }} }}\n"
            f"  {{ {graph.value(constraint, SH.select)} }}\n}}"
        )
        message = graph.value(constraint, SH.message)
        assert isinstance(message, Literal)  # by _check_constraint
        description = graph.cbd(constraint)
        yield SparqlCheck(shape, constraint, query, message, severity, description)  # type: ignore[arg-type]


def _check_constraint(graph: Graph, shape: Node, constraint: Node) -> None:
    """Raise :class:`Unsupported` unless one query over all targets checks ``constraint``."""
    extra = sorted(str(p) for p in set(graph.predicates(constraint, None)) - ALLOWED_IN_CONSTRAINT)
    if extra:
        raise Unsupported(f"SPARQL shape {shape} has a constraint with {', '.join(extra)}")
    messages = list(graph.objects(constraint, SH.message))
    if len(messages) != 1 or not isinstance(messages[0], Literal):
        raise Unsupported(f"SPARQL shape {shape} has a constraint without exactly one sh:message")
    select = graph.value(constraint, SH.select)
    if select is None:
        raise Unsupported(f"SPARQL shape {shape} has a constraint without sh:select")
    query = str(select)
    found = PREBOUND.search(query) or AGGREGATE.search(query)
    if found or len(SELECT.findall(query)) > 1:
        what = f"'{found.group(0)}'" if found else "a sub-select"
        raise Unsupported(
            f"SPARQL shape {shape} has a query with {what}: one query over all targets does not "
            "answer it as one query per focus node does"
        )


def _to_ox(term: Node) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(term.datatype) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def from_oxigraph(term: OxTerm) -> Node:
    """The rdflib term of an Oxigraph term (Oxigraph's parser keeps lexical forms as written)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == XSD_STRING:
        return Literal(term.value)  # rdflib's plain literal, equal to what rdflib parsers give
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def oxigraph_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph copy of ``graph`` that keeps blank node labels."""
    terms: dict[Node, OxTerm] = {}

    def convert(term: Node) -> OxTerm:
        found = terms.get(term)
        if found is None:
            found = terms[term] = _to_ox(term)
        return found

    store = ox.Store()
    # rdflib guarantees IRIs or blank nodes as subjects and IRIs as predicates.
    quads = (ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in graph)  # type: ignore[arg-type]
    store.bulk_extend(quads)
    return store


def store_of(ntriples: Iterable[bytes]) -> ox.Store:
    """An in-memory Oxigraph store holding the N-Triples documents ``ntriples`` (their union)."""
    store = ox.Store()
    for chunk in ntriples:
        store.bulk_load(chunk, ox.RdfFormat.N_TRIPLES)
    return store


#: One result: the check's index among the checks, focus node, path (or None), value, message.
#: Picklable, so that the checks can run in another process.
SparqlResult = tuple[int, Node, Node | None, Node, Literal]


def results(checks: Sequence[SparqlCheck], store: ox.Store) -> list[SparqlResult]:
    """The results of every check, as pySHACL would report them."""
    return [(n, *result) for n, check in enumerate(checks) for result in _results(check, store)]


def add_to_report(
    report: Graph, node: Node, checks: Sequence[SparqlCheck], found: Iterable[SparqlResult]
) -> None:
    """Add ``found``, results of ``checks``, to the ``sh:ValidationReport`` ``node`` of ``report``."""
    for index, focus, path, value, message in found:
        result_node = BNode()
        report.add((node, SH.result, result_node))
        report += _triples(result_node, checks[index], focus, path, value, message)
        report += checks[index].description


def _results(
    check: SparqlCheck, store: ox.Store
) -> Iterator[tuple[Node, Node | None, Node, Literal]]:
    """(focus, path, value, message) of each distinct solution, as pySHACL would report them."""
    solutions = store.query(check.query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    seen = set()
    for solution in solutions:
        row = {n: from_oxigraph(t) for n, t in zip(names, solution, strict=True) if t is not None}
        focus = row["this"]
        # A node shape's value node is its focus node unless the query binds ?value.
        result = (focus, row.get("path"), row.get("value", focus), _message(check.message, row))
        if result not in seen:
            seen.add(result)
            yield result


def _message(template: Literal, row: Mapping[str, Node]) -> Literal:
    """The message with ``{?var}`` and ``{$var}`` replaced by the solution's values."""

    def value(match: re.Match[str]) -> str:
        found = row.get(match.group(1))
        return match.group(0) if found is None else str(found)

    return Literal(re.sub(r"\{[?$](\w+)\}", value, str(template)), lang=template.language)


def _triples(
    result: BNode, check: SparqlCheck, focus: Node, path: Node | None, value: Node, message: Literal
) -> Iterator[tuple[Node, Node, Node]]:
    yield result, RDF.type, SH.ValidationResult
    yield result, SH.focusNode, focus
    yield result, SH.resultSeverity, check.severity
    yield result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent
    yield result, SH.sourceShape, check.shape
    yield result, SH.sourceConstraint, check.constraint
    yield result, SH.value, value
    yield result, SH.resultMessage, message
    if path is not None:
        yield result, SH.resultPath, path
