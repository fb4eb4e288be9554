"""The SHACL core constraints of ``shapes.ttl``, checked over all focus nodes of a shape at once.

pySHACL walks an rdflib graph focus node by focus node; at a million triples that takes minutes.
Here the data is indexed once (predicate → subject → objects, over canonical N-Triples terms,
so every literal is checked exactly as written) and each shape visits its focus nodes in a
plain loop. The results are pySHACL's: the same focus nodes, values, paths, messages, shapes and
constraint components; ``tests/test_shapes.py`` compares the two on every fixture.

Only what ``shapes.ttl`` uses is implemented: ``sh:targetClass``, predicate paths, counts,
``sh:equals``, ``sh:lessThan``, ``sh:class``, ``sh:xone`` of node shapes, and the checks of one
value in :mod:`stancegraph.shacl.value_checks`. :func:`load_shape` raises :class:`Unsupported`
for a shape with anything else (another target, a path that is no predicate, ``sh:property``,
``sh:node``, ``sh:uniqueLang``, ``sh:closed``, ...), so that no constraint is ever skipped: the
validation hands such a shape to pySHACL (:mod:`stancegraph.shacl.fallback`), and :func:`load`
refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from stancegraph.shacl import value_checks
from stancegraph.shacl.value_checks import Unsupported, ValueCheck, compare, value_of
from stancegraph.terms.ntriples import Triple, from_rdflib
from stancegraph.vocabulary import SH

RDF_TYPE = f"<{RDF.type}>"
SUBCLASS_OF = f"<{RDFS.subClassOf}>"
#: Parameters a shape may have that are no constraint.
DESCRIPTIVE = {RDF.type, RDFS.comment, RDFS.label, SH.targetClass, SH.path, SH.message,
               SH.severity, SH.name, SH.description, SH.flags, SH.order, SH.group,
               SH.defaultValue}  # fmt: skip


@dataclass(frozen=True)
class Result:
    """One failed constraint: pySHACL's ``sh:ValidationResult``, with N-Triples terms."""

    shape: Node
    component: URIRef
    focus: str
    value: str | None
    path: URIRef | None
    messages: tuple[Literal, ...]
    severity: URIRef


@dataclass(frozen=True)
class Constraint:
    """One constraint component of a shape with its parameter, as a check."""

    component: URIRef
    kind: str  # "value", "min", "max", "equals" or "lessThan"
    check: ValueCheck | None = None
    count: int = 0
    other: str = ""


@dataclass(frozen=True)
class Shape:
    node: Node
    targets: tuple[str, ...]
    path: URIRef | None
    constraints: tuple[Constraint, ...]
    messages: tuple[Literal, ...]
    severity: URIRef


# ---------------------------------------------------------------- the data, indexed


class Data:
    """The triples the shapes look at: predicate → subject → objects, and class membership."""

    def __init__(self, triples: Iterable[Triple], predicates: Iterable[str]) -> None:
        self.objects: dict[str, dict[str, list[str]]] = {p: {} for p in predicates}
        self.objects.setdefault(RDF_TYPE, {})
        self.objects.setdefault(SUBCLASS_OF, {})
        index = self.objects
        for s, p, o in triples:
            by_subject = index.get(p)
            if by_subject is not None:
                found = by_subject.get(s)
                if found is None:
                    by_subject[s] = [o]
                elif o not in found:
                    found.append(o)
        self._instances: dict[str, set[str]] = {}
        self._by_class: dict[str, list[str]] | None = None

    def values(self, predicate: str) -> dict[str, list[str]]:
        return self.objects.get(predicate, {})

    def instances(self, cls: str) -> set[str]:
        """Every node whose ``rdf:type/rdfs:subClassOf*`` reaches ``cls``."""
        found = self._instances.get(cls)
        if found is None:
            found = self._instances[cls] = set()
            for sub in self._subclasses(cls):
                found.update(self._typed().get(sub, ()))
        return found

    def _typed(self) -> dict[str, list[str]]:
        if self._by_class is None:
            self._by_class = {}
            for node, classes in self.objects[RDF_TYPE].items():
                for cls in classes:
                    self._by_class.setdefault(cls, []).append(node)
        return self._by_class

    def _subclasses(self, cls: str) -> set[str]:
        supers = self.objects[SUBCLASS_OF]
        found, changed = {cls}, True
        while changed:
            changed = False
            for sub, parents in supers.items():
                if sub not in found and found.intersection(parents):
                    found.add(sub)
                    changed = True
        return found


# ---------------------------------------------------------------- loading the shapes


def load(shapes: Graph) -> tuple[Shape, ...]:
    """The shapes with a target in ``shapes``, in IRI order; anything unsupported is refused."""
    nodes = sorted(set(shapes.subjects(SH.targetClass, None)), key=str)
    return tuple(load_shape(shapes, node) for node in nodes)


def load_shape(graph: Graph, node: Node) -> Shape:
    """The shape ``node`` of ``graph``, ready to evaluate; :class:`Unsupported` if it cannot be."""
    try:
        return _shape(graph, node)
    except Unsupported as error:
        raise Unsupported(f"shape {node}: {error}") from None


def _shape(graph: Graph, node: Node) -> Shape:
    path = graph.value(node, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported(f"only predicate paths are supported, not {path}")
    targets = tuple(sorted(from_rdflib(c) for c in graph.objects(node, SH.targetClass)))
    for predicate in set(graph.predicates(node, None)):
        if str(predicate).startswith(str(SH.target)) and predicate != SH.targetClass:
            raise Unsupported(f"{predicate} is not supported, only sh:targetClass")
    if not targets:
        raise Unsupported("only sh:targetClass is supported as a target")
    return Shape(
        node=node,
        targets=targets,
        path=path,
        constraints=tuple(_constraints(graph, node)),
        messages=tuple(
            sorted(m for m in graph.objects(node, SH.message) if isinstance(m, Literal))
        ),
        severity=graph.value(node, SH.severity, default=SH.Violation),  # type: ignore[arg-type]
    )


def _constraints(graph: Graph, node: Node) -> Iterator[Constraint]:
    def component(name: str) -> URIRef:
        return SH[name[0].upper() + name[1:] + "ConstraintComponent"]

    for predicate, value in sorted(graph.predicate_objects(node), key=str):
        name = str(predicate).removeprefix(str(SH))
        if predicate in DESCRIPTIVE:
            continue
        if predicate in (SH.minCount, SH.maxCount):
            yield Constraint(component(name), name[:3], count=int(value))  # type: ignore[call-overload]
        elif predicate in (SH.equals, SH.lessThan):
            yield Constraint(component(name), name, other=from_rdflib(value))
        elif predicate == SH.xone:
            members = [_member_checks(graph, m) for m in Collection(graph, value)]
            yield Constraint(component(name), "value", check=_exactly_one(members))
        else:
            yield Constraint(
                component(name), "value", check=_value_check(graph, node, predicate, value)
            )


def _value_check(graph: Graph, node: Node, predicate: Node, value: Node) -> ValueCheck:
    if predicate == SH["class"]:
        return _ClassCheck(from_rdflib(value))
    if predicate == SH.datatype:
        return value_checks.datatype(value)
    if predicate == SH.nodeKind:
        return value_checks.node_kind(value)
    comparisons: dict[Node, Callable[[int], bool]] = {
        SH.minInclusive: lambda order: order >= 0,
        SH.maxInclusive: lambda order: order <= 0,
        SH.minExclusive: lambda order: order > 0,
        SH.maxExclusive: lambda order: order < 0,
    }
    if predicate in comparisons:
        return value_checks.in_range(value, comparisons[predicate])
    if predicate == SH.minLength:
        return value_checks.length(value, lambda difference: difference >= 0)
    if predicate == SH.maxLength:
        return value_checks.length(value, lambda difference: difference <= 0)
    if predicate == SH.pattern:
        return value_checks.pattern(value, graph.value(node, SH.flags))
    if predicate == SH.languageIn:
        return value_checks.language_in(list(Collection(graph, value)))
    if predicate == SH["in"]:
        return value_checks.one_of(list(Collection(graph, value)))
    raise Unsupported(f"{predicate} is not supported by the built-in engine")


class _ClassCheck:
    """``sh:class``: needs the data, so the shape's evaluation binds it (see :func:`_bind`)."""

    def __init__(self, cls: str) -> None:
        self.cls = cls

    def __call__(self, term: str) -> bool:
        raise RuntimeError("a class check must be bound to the data first")


def _member_checks(graph: Graph, member: Node) -> list[ValueCheck]:
    """The checks of a shape inside sh:xone: a node shape with value constraints only."""
    checks = []
    for predicate, value in graph.predicate_objects(member):
        if predicate in DESCRIPTIVE and predicate != SH.path:
            continue
        checks.append(_value_check(graph, member, predicate, value))
    return checks


class _exactly_one:
    def __init__(self, members: list[list[ValueCheck]]) -> None:
        self.members = members

    def __call__(self, term: str) -> bool:
        raise RuntimeError("an sh:xone check must be bound to the data first")


def _bind(check: ValueCheck, data: Data) -> ValueCheck:
    """The check with class membership looked up in ``data``."""
    if isinstance(check, _ClassCheck):
        return data.instances(check.cls).__contains__
    if isinstance(check, _exactly_one):
        members = [[_bind(c, data) for c in checks] for checks in check.members]
        return lambda term: sum(all(c(term) for c in checks) for checks in members) == 1
    return check


# ---------------------------------------------------------------- evaluation


def predicates(shapes: Iterable[Shape]) -> set[str]:
    """The predicates the shapes read: their paths, and those of sh:equals and sh:lessThan."""
    found = {RDF_TYPE, SUBCLASS_OF}
    for shape in shapes:
        if shape.path is not None:
            found.add(f"<{shape.path}>")
        found.update(c.other for c in shape.constraints if c.other)
    return found


def evaluate(shapes: Iterable[Shape], data: Data) -> Iterator[Result]:
    """Every result of every shape, as pySHACL would report it."""
    for shape in shapes:
        focus = set().union(*(data.instances(cls) for cls in shape.targets))
        yield from _evaluate(shape, focus, data)


def _evaluate(shape: Shape, focus: set[str], data: Data) -> Iterator[Result]:
    if shape.path is None:  # a node shape: each focus node is its own value
        values: dict[str, list[str]] = {node: [node] for node in focus}
    else:
        values = data.values(f"<{shape.path}>")
    for constraint in shape.constraints:
        for node, value in _failures(constraint, focus, values, data):
            yield Result(
                shape.node,
                constraint.component,
                node,
                value,
                shape.path,
                shape.messages,
                shape.severity,
            )


def _failures(
    constraint: Constraint, focus: set[str], values: dict[str, list[str]], data: Data
) -> list[tuple[str, str | None]]:
    """(focus node, value or None) of each failure of ``constraint``: one comprehension each."""
    none: list[str] = []
    get = values.get
    if constraint.kind == "value":
        assert constraint.check is not None
        check = _bind(constraint.check, data)
        return [(node, v) for node in focus for v in get(node, none) if not check(v)]
    if constraint.kind == "min":
        return [(node, None) for node in focus if len(get(node, none)) < constraint.count]
    if constraint.kind == "max":
        return [(node, None) for node in focus if len(get(node, none)) > constraint.count]
    others = data.values(constraint.other).get
    if constraint.kind == "equals":
        return [
            (node, value)
            for node in focus
            for found, compared in ((get(node, none), others(node, none)),)
            for value in [v for v in found if v not in compared]
            + [v for v in compared if v not in found]
        ]
    return [  # lessThan
        (node, value)
        for node in focus
        for value in get(node, none)
        for other in others(node, none)
        if (order := compare(value_of(value), value_of(other))) is None or order >= 0
    ]
