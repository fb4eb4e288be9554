"""Validating data against ``shapes.ttl``, and rendering the results for people and machines.

:func:`validate` checks the union of all graphs of a dataset against the project's shapes (or a
shapes graph it is given) and returns a :class:`Report`; ``as_text``, ``as_json``, ``as_turtle``
and ``as_github`` render it (see :data:`RENDERERS`). A renderer takes ``origins``, a mapping from
a node to where it came from (anything with ``.path`` and ``.line``, such as
:class:`stancegraph.mapping.origins.Origin`), to point at mapping lines.

Speed: the shapes are parsed once per process and nothing is inferred. The core shapes run over
all their focus nodes at once on the triples as canonical N-Triples terms, which keep literals
exactly as written (:mod:`stancegraph.shacl.core_checks`, checked against pySHACL by the tests);
the SHACL-SPARQL shapes run as one query each on an Oxigraph store
(:mod:`stancegraph.shacl.sparql_checks`).

Where the built-in engine stops, pySHACL takes over. :func:`divide` gives each shape with a
target to one engine: to the core or the SPARQL checks when they support all of it, otherwise to
pySHACL (:mod:`stancegraph.shacl.fallback`). pySHACL thus gets a shape with a constraint component
the built-in engine lacks (``sh:property``, ``sh:node``, ``sh:and``, ``sh:or``, ``sh:not``,
``sh:qualifiedValueShape``, ``sh:closed``, ``sh:disjoint``, ``sh:lessThanOrEquals``,
``sh:uniqueLang``, ``sh:hasValue``, ``sh:deactivated``, ...), a check it cannot make faithfully
(a datatype or range bound it cannot read, a pattern flag other than ``i``), a target other than
``sh:targetClass``, a path that is no predicate, a SPARQL shape that is more than
``sh:targetClass`` and ``sh:sparql`` or whose query one run over all targets does not answer, and
every targeted shape such a shape refers to. pySHACL then runs once, on the same data with just
those shapes and what they refer to (nested shapes, prefix declarations), and each of its results
joins the report as pySHACL describes it (focus node, path, value, source shape, messages,
severity), so that the renderers and the mapping-line origins treat it like any other. When the
built-in engine supports every shape, as it does all of ``shapes.ttl``, pySHACL is neither run nor
imported. :attr:`Report.checked_by` says which engine checked which shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from stancegraph.shacl import core_checks, fallback, sparql_checks
from stancegraph.shacl.sparql_checks import SparqlCheck
from stancegraph.shacl.value_checks import Unsupported
from stancegraph.terms import ntriples
from stancegraph.terms.bulk import without_cycle_collection
from stancegraph.terms.ntriples import Triple
from stancegraph.vocabulary import PREFIXES, SH, SHAPES_TTL

SGSH = "https://w3id.org/stancegraph/shapes#"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
GITHUB_COMMANDS = {"Violation": "error", "Warning": "warning", "Info": "notice"}
#: The engines, as :attr:`Report.checked_by` names them.
CORE, SPARQL, PYSHACL = "core", "sparql", "pyshacl"
#: A result of the core shapes, or one of pySHACL for a shape the built-in engine does not support.
CoreResult = core_checks.Result | fallback.Result


class Located(Protocol):
    """Where a node came from: a file and a line (1-based)."""

    @property
    def path(self) -> str: ...

    @property
    def line(self) -> int: ...


#: Where each node came from; only IRIs have an origin.
Origins = Mapping[URIRef, Located]


@dataclass(frozen=True)
class Violation:
    """One validation result: what is wrong (message), where (focus, path) and by which shape."""

    severity: str
    focus: Node
    path: str | None
    message: str
    value: Node | None
    shape: Node

    def sort_key(self) -> tuple[str, ...]:
        value = "" if self.value is None else self.value.n3()
        return (str(self.focus), self.path or "", self.message, value, str(self.shape))


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`; ``graph`` is the standard ``sh:ValidationReport``.

    ``checked_by`` names the engine that checked each shape with a target: :data:`CORE`,
    :data:`SPARQL` or :data:`PYSHACL`.
    """

    conforms: bool
    results: list[Violation]
    graph: Graph
    checked_by: Mapping[Node, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Engines:
    """A shapes graph divided between the engines: each shape with a target goes to one."""

    #: The shapes graph without the SPARQL shapes and the shapes pySHACL checks.
    core_graph: Graph
    core: tuple[core_checks.Shape, ...]
    sparql: tuple[SparqlCheck, ...]
    #: The shapes graph pySHACL checks; None when no shape needs it.
    pyshacl: Graph | None
    #: The engine of each shape with a target (:data:`CORE`, :data:`SPARQL` or :data:`PYSHACL`).
    checked_by: Mapping[Node, str]
    #: Why each shape pySHACL checks is not checked by the built-in engine.
    handed_over: Mapping[Node, str]


def divide(graph: Graph) -> Engines:
    """Each shape of ``graph`` with a target, given to the engine that checks it (see above)."""
    core_graph = Graph()
    core_graph += graph
    targeted = fallback.targeted(graph)
    implicit = fallback.implicit_class_targets(graph)
    reasons = {shape: "a shape that is a class has implicit class targets" for shape in implicit}
    sparql: dict[Node, tuple[SparqlCheck, ...]] = {}
    for shape in sorted(set(graph.subjects(SH.sparql, None)), key=str):
        core_graph -= graph.cbd(shape)
        if shape in targeted and shape not in reasons:
            try:
                sparql[shape] = sparql_checks.checks_of(graph, shape)
            except Unsupported as error:
                reasons[shape] = str(error)
    core: dict[Node, core_checks.Shape] = {}
    for shape in fallback.targeted(core_graph) - reasons.keys():
        try:
            core[shape] = core_checks.load_shape(core_graph, shape)
        except Unsupported as error:
            reasons[shape] = str(error)
    for shape in fallback.reachable(graph, reasons) & targeted - reasons.keys():
        reasons[shape] = "a shape that pySHACL checks refers to it"
        core.pop(shape, None)
        sparql.pop(shape, None)
    for shape in reasons:
        core_graph -= graph.cbd(shape)
    checked_by = {shape: CORE for shape in core} | {shape: SPARQL for shape in sparql}
    return Engines(
        core_graph=core_graph,
        core=tuple(core[shape] for shape in sorted(core, key=str)),
        sparql=tuple(check for shape in sorted(sparql, key=str) for check in sparql[shape]),
        pyshacl=fallback.shapes_graph(graph, [*core, *sparql]) if reasons else None,
        checked_by=MappingProxyType(checked_by | {shape: PYSHACL for shape in reasons}),
        handed_over=MappingProxyType(reasons),
    )


@cache
def project_engines() -> Engines:
    """``shapes.ttl`` parsed and divided between the engines once per process."""
    # Parsed from text: rdflib leaves a file it opens itself unclosed.
    text = SHAPES_TTL.read_text(encoding="utf-8")
    return divide(Graph().parse(data=text, format="turtle"))


def shapes() -> tuple[Graph, tuple[SparqlCheck, ...]]:
    """The core shapes graph of ``shapes.ttl``, and its SPARQL checks."""
    engines = project_engines()
    return engines.core_graph, engines.sparql


def core_shapes() -> tuple[core_checks.Shape, ...]:
    """The core shapes of ``shapes.ttl``, ready to evaluate."""
    return project_engines().core


def triples_of(data: Graph | Iterable[Triple]) -> list[Triple]:
    """The triples of ``data`` (a graph, a dataset, or N-Triples terms) as N-Triples terms."""
    if isinstance(data, ConjunctiveGraph):
        found = (q[:3] for q in data.quads((None, None, None, None)))
        return list(ntriples.triples_of_rdflib(found))
    if isinstance(data, Graph):
        return list(ntriples.triples_of_rdflib(data))
    return data if isinstance(data, list) else list(data)


def validate(data: Graph | Iterable[Triple], shapes_graph: Graph | None = None) -> Report:
    """Validate ``data`` (a graph, a dataset's union, or triples) against the project's shapes,
    or against ``shapes_graph``."""
    engines = project_engines() if shapes_graph is None else divide(shapes_graph)
    with without_cycle_collection():
        triples = triples_of(data)
        sparql: list[sparql_checks.SparqlResult] = []
        if engines.sparql:
            store = sparql_checks.store_of(ntriples.chunks(triples))
            sparql = sparql_checks.results(engines.sparql, store)
        return report_of(core_results(triples, engines), sparql, engines)


def core_data(triples: Iterable[Triple], engines: Engines | None = None) -> core_checks.Data:
    """The triples indexed for the core shapes (of ``shapes.ttl`` unless ``engines`` says)."""
    shapes = project_engines().core if engines is None else engines.core
    return core_checks.Data(triples, core_checks.predicates(shapes))


def core_results(triples: Iterable[Triple], engines: Engines | None = None) -> list[CoreResult]:
    """The results of the core shapes on ``triples`` (their union), and pySHACL's for the shapes
    it checks; pySHACL runs only when some shape needs it."""
    engines = project_engines() if engines is None else engines
    if engines.pyshacl is None:
        return list(core_checks.evaluate(engines.core, core_data(triples, engines)))
    triples = triples_of(triples)  # read twice
    found: list[CoreResult] = list(core_checks.evaluate(engines.core, core_data(triples, engines)))
    found.extend(fallback.run(triples, engines.pyshacl))
    return found


def sparql_results(ntriples_file: Path) -> list[sparql_checks.SparqlResult]:
    """The results of the SPARQL shapes of ``shapes.ttl`` on the triples of an N-Triples file."""
    store = ox.Store()
    store.bulk_load(path=str(ntriples_file), format=ox.RdfFormat.N_TRIPLES)
    return sparql_checks.results(project_engines().sparql, store)


def report_of(
    core: Iterable[CoreResult],
    sparql: Iterable[sparql_checks.SparqlResult],
    engines: Engines | None = None,
) -> Report:
    """The report of the results of the core shapes (and pySHACL) and of the SPARQL checks."""
    engines = project_engines() if engines is None else engines
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "sh": SH, "sgsh": SGSH}.items():
        graph.bind(prefix, namespace, replace=True)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    count = 0
    for result in core:
        if isinstance(result, fallback.Result):  # in pySHACL's words already
            graph.add((node, SH.result, result.node))
            graph.addN((s, p, o, graph) for s, p, o in result.triples)
        else:
            graph.addN((s, p, o, graph) for s, p, o in _core_triples(node, result))
        count += 1
    sparql = list(sparql)
    sparql_checks.add_to_report(graph, node, engines.sparql, sparql)
    graph.add((node, SH.conforms, Literal(not (count or sparql))))
    results = sorted(_results(graph), key=Violation.sort_key)
    return Report(not (count or sparql), results, graph, engines.checked_by)


def _core_triples(report: Node, result: core_checks.Result) -> Iterator[tuple[Node, Node, Node]]:
    """A core result as pySHACL writes it into the report graph."""
    node = BNode()
    yield report, SH.result, node
    yield node, RDF.type, SH.ValidationResult
    yield node, SH.sourceConstraintComponent, result.component
    yield node, SH.sourceShape, result.shape
    yield node, SH.resultSeverity, result.severity
    yield node, SH.focusNode, ntriples.to_rdflib(result.focus)
    if result.value is not None:
        yield node, SH.value, ntriples.to_rdflib(result.value)
    if result.path is not None:
        yield node, SH.resultPath, result.path
    for message in result.messages:
        yield node, SH.resultMessage, message


def _results(graph: Graph) -> Iterable[Violation]:
    for result in graph.objects(None, SH.result):
        path = graph.value(result, SH.resultPath)
        severity = graph.value(result, SH.resultSeverity)
        yield Violation(
            severity=SEVERITIES[severity] if isinstance(severity, URIRef) else "Violation",
            focus=_one(graph, result, SH.focusNode),
            path=None if path is None else render_path(graph, path),
            message=" ".join(sorted(str(m) for m in graph.objects(result, SH.resultMessage))),
            value=graph.value(result, SH.value),
            shape=_one(graph, result, SH.sourceShape),
        )


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node:
    value = graph.value(subject, predicate)
    if value is None:
        raise ValueError(f"validation result {subject} has no {predicate}")
    return value


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax with the project's prefixes: ``sg:span/oa:exact``."""
    if isinstance(path, URIRef):
        known = any(path.startswith(str(ns)) for ns in (*PREFIXES.values(), SH, SGSH))
        return graph.namespace_manager.curie(path, generate=False) if known else f"<{path}>"
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, step) for step in Collection(graph, path))
    for predicate, template in PATH_TEMPLATES.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(render_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, a) for a in Collection(graph, alternatives)) + ")"
    return path.n3()


PATH_TEMPLATES = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


def origin_of(node: Node, origins: Origins | None) -> Located | None:
    """Where ``node`` came from; for ``doc#fragment`` IRIs without their own, where ``doc`` did.

    A span ``article#char=3,9`` or a role ``organization#role-x`` thus points at its article or
    organization when the mapping recorded no line for it.
    """
    if not origins or not isinstance(node, URIRef):
        return None
    found = origins.get(node)
    if found is None and "#" in node:
        found = origins.get(URIRef(node.split("#", 1)[0]))
    return found


def _term(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else node.n3()


def _where(v: Violation) -> str:
    """``<focus> path``: the node and property a result is about."""
    return f"{_term(v.focus)} {v.path}" if v.path else _term(v.focus)


def as_text(report: Report, origins: Origins | None = None) -> str:
    """One line per result, ``Violation <focus> path: message (file:line)``, then a summary.

    A line break inside a message (a quoted passage of the article, say) is written escaped.
    """
    lines = []
    for v in report.results:
        found = origin_of(v.focus, origins)
        origin = f" ({found.path}:{found.line})" if found else ""
        lines.append(_one_line(f"{v.severity} {_where(v)}: {v.message}{origin}"))
    count = len(report.results)
    if report.conforms:
        lines.append("Conforms." if not count else f"Conforms, with {count} warnings or notes.")
    else:
        lines.append(f"Does not conform: {count} result{'' if count == 1 else 's'}.")
    return "\n".join(lines) + "\n"


_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(lambda m: m.group(0).encode("unicode_escape").decode(), text)


def as_json(report: Report, origins: Origins | None = None) -> str:
    """A JSON list with one object per result; ``file`` and ``line`` are null when unknown."""
    items = []
    for v in report.results:
        found = origin_of(v.focus, origins)
        items.append(
            {
                "severity": v.severity,
                "focus": str(v.focus),
                "path": v.path,
                "message": v.message,
                "value": None if v.value is None else str(v.value),
                "shape": str(v.shape),
                "file": found.path if found else None,
                "line": found.line if found else None,
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def as_turtle(report: Report, origins: Origins | None = None) -> str:
    """The standard SHACL validation report graph in Turtle; origins are not part of it."""
    return report.graph.serialize(format="turtle")


def github_annotation(
    message: str, file: str | None = None, line: int | None = None, command: str = "error"
) -> str:
    """A GitHub Actions workflow command: ``::error file=x.yaml,line=42::message``."""
    properties = []
    if file:
        properties.append(f"file={_escape(file, in_property=True)}")
        if line:
            properties.append(f"line={line}")
    head = f"{command} {','.join(properties)}" if properties else command
    return f"::{head}::{_escape(message)}"


def _escape(text: str, in_property: bool = False) -> str:
    """GitHub's escaping of workflow command data (and, in properties, of ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def as_github(report: Report, origins: Origins | None = None) -> str:
    """One GitHub annotation per result, on the mapping line its focus node came from."""
    lines = []
    for v in report.results:
        found = origin_of(v.focus, origins)
        lines.append(
            github_annotation(
                f"{_where(v)}: {v.message}",
                found.path if found else None,
                found.line if found else None,
                GITHUB_COMMANDS[v.severity],
            )
        )
    return "".join(line + "\n" for line in lines)


#: The output formats of ``stancegraph validate --format``, by name.
RENDERERS: dict[str, Callable[[Report, Origins | None], str]] = {
    "text": as_text,
    "turtle": as_turtle,
    "json": as_json,
    "github": as_github,
}
