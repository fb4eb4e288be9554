"""Shapes the built-in SHACL engine does not support are checked by pySHACL, in the same report.

The built-in engine (core checks and SPARQL checks) knows only the constraints of
``shapes.ttl``; a shape with anything else is handed to pySHACL, the real one, run here on the
same data. Its results join the report in the same form, so every renderer shows them like the
others. With the project's own shapes pySHACL has nothing to do and is neither run nor imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, Node, URIRef

from stancegraph.shacl import core_checks, fallback
from stancegraph.shacl.sparql_checks import from_oxigraph
from stancegraph.shacl.validation import (
    CORE,
    PYSHACL,
    SPARQL,
    Report,
    as_github,
    as_json,
    as_text,
    as_turtle,
    core_results,
    divide,
    project_engines,
    report_of,
    triples_of,
    validate,
)
from stancegraph.vocabulary import ONTOLOGY_TTL, SH, SHAPES_TTL

ROOT = Path(__file__).resolve().parent.parent
EX = Namespace("https://example.org/ns#")
EXSH = Namespace("https://example.org/shapes#")
PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <https://example.org/ns#> .
@prefix exsh: <https://example.org/shapes#> .
"""
NAME = f"<{EX.name}>"


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def found(report: Report) -> list[tuple[Node, str | None, Node]]:
    """(focus node, path, source shape) of each result."""
    return [(v.focus, v.path, v.shape) for v in report.results]


# ---------------------------------------------------------------- one unsupported constraint

#: sh:uniqueLang: no part of the built-in engine.
UNIQUE_LANG = """
exsh:Person-name-languages a sh:PropertyShape ;
    sh:targetClass ex:Person ;
    sh:path ex:name ;
    sh:uniqueLang true ;
    sh:message "A person has at most one name per language."@en .
"""
PASSING = """
ex:ana a ex:Person ; ex:name "Ana"@en , "Ана"@sr .
ex:bob a ex:Person ; ex:name "Bob"@en .
"""
FAILING = """
ex:ana a ex:Person ; ex:name "Ana"@en , "Anna"@en , "Ана"@sr .
ex:bob a ex:Person ; ex:name "Bob"@en .
"""


def test_the_built_in_engine_refuses_the_constraint_on_its_own() -> None:
    with pytest.raises(core_checks.Unsupported, match="uniqueLang"):
        core_checks.load(turtle(UNIQUE_LANG))
    engines = divide(turtle(UNIQUE_LANG))
    assert engines.core == () and engines.sparql == ()
    assert dict(engines.checked_by) == {EXSH["Person-name-languages"]: PYSHACL}
    assert "uniqueLang" in engines.handed_over[EXSH["Person-name-languages"]]


def test_passing_data_conforms() -> None:
    report = validate(turtle(PASSING), turtle(UNIQUE_LANG))
    assert (report.conforms, report.results) == (True, [])
    assert (None, SH.conforms, Literal(True)) in report.graph
    assert dict(report.checked_by) == {EXSH["Person-name-languages"]: PYSHACL}


def test_failing_data_gives_pyshacls_result() -> None:
    report = validate(turtle(FAILING), turtle(UNIQUE_LANG))
    assert not report.conforms
    assert found(report) == [(EX.ana, NAME, EXSH["Person-name-languages"])]
    [violation] = report.results
    assert violation.severity == "Violation"
    assert violation.message == "A person has at most one name per language."
    assert violation.value is None
    [result] = report.graph.objects(None, SH.result)
    component = report.graph.value(result, SH.sourceConstraintComponent)
    assert component == SH.UniqueLangConstraintComponent
    assert (None, SH.conforms, Literal(False)) in report.graph


def test_pyshacl_validates_the_union_of_a_datasets_graphs() -> None:
    """As the built-in engine does; pySHACL alone would validate each named graph apart."""
    dataset = Dataset()
    dataset.graph(EX.first).parse(data=PREFIXES + 'ex:ana a ex:Person ; ex:name "Ana"@en .')
    dataset.graph(EX.second).parse(data=PREFIXES + 'ex:ana ex:name "Anna"@en .')
    report = validate(dataset, turtle(UNIQUE_LANG))
    assert found(report) == [(EX.ana, NAME, EXSH["Person-name-languages"])]


@dataclass(frozen=True)
class Origin:
    path: str
    line: int


def test_every_renderer_shows_a_pyshacl_result_like_any_other() -> None:
    report = validate(turtle(FAILING), turtle(UNIQUE_LANG))
    origins = {EX.ana: Origin("people.yaml", 3)}
    where = f"<{EX.ana}> {NAME}"
    message = "A person has at most one name per language."
    assert as_text(report, origins) == (
        f"Violation {where}: {message} (people.yaml:3)\nDoes not conform: 1 result.\n"
    )
    assert as_github(report, origins) == f"::error file=people.yaml,line=3::{where}: {message}\n"
    assert json.loads(as_json(report, origins)) == [
        {
            "severity": "Violation",
            "focus": str(EX.ana),
            "path": NAME,
            "message": message,
            "value": None,
            "shape": str(EXSH["Person-name-languages"]),
            "file": "people.yaml",
            "line": 3,
        }
    ]
    graph = Graph().parse(data=as_turtle(report), format="turtle")
    [result] = graph.objects(None, SH.result)
    assert graph.value(result, SH.focusNode) == EX.ana
    assert graph.value(result, SH.resultPath) == EX.name
    assert graph.value(result, SH.sourceShape) == EXSH["Person-name-languages"]
    assert graph.value(result, SH.resultSeverity) == SH.Violation


# ---------------------------------------------------------------- more of what goes to pySHACL


@dataclass(frozen=True)
class Case:
    """A shape the built-in engine does not support, data it passes, and data it fails."""

    name: str
    shapes: str
    passing: str
    failing: str
    #: The one result of ``failing``: focus node, path (as rendered) and source shape.
    result: tuple[Node, str | None, Node]
    #: The shape handed to pySHACL, when it is not the result's source shape.
    handed: Node | None = None


CASES = (
    Case(
        "sh:disjoint",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:likes ; "
        "sh:disjoint ex:dislikes .",
        "ex:ana a ex:Person ; ex:likes ex:tea ; ex:dislikes ex:coffee .",
        "ex:ana a ex:Person ; ex:likes ex:tea ; ex:dislikes ex:tea .",
        (EX.ana, f"<{EX.likes}>", EXSH.S),
    ),
    Case(
        "sh:lessThanOrEquals",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Span ; sh:path ex:begin ; "
        "sh:lessThanOrEquals ex:end .",
        "ex:x a ex:Span ; ex:begin 3 ; ex:end 3 .",
        "ex:x a ex:Span ; ex:begin 4 ; ex:end 3 .",
        (EX.x, f"<{EX.begin}>", EXSH.S),
    ),
    Case(
        "sh:closed",
        "exsh:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:closed true ; "
        "sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:name ] .",
        'ex:ana a ex:Person ; ex:name "Ana" .',
        'ex:ana a ex:Person ; ex:name "Ana" ; ex:age 40 .',
        (EX.ana, f"<{EX.age}>", EXSH.S),
    ),
    Case(
        "sh:qualifiedValueShape",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:parent ; "
        "sh:qualifiedValueShape [ sh:class ex:Mother ] ; sh:qualifiedMaxCount 1 .",
        "ex:ana a ex:Person ; ex:parent ex:eva , ex:ivo . ex:eva a ex:Mother .",
        "ex:ana a ex:Person ; ex:parent ex:eva , ex:mia . ex:eva a ex:Mother . ex:mia a ex:Mother .",
        (EX.ana, f"<{EX.parent}>", EXSH.S),
    ),
    Case(
        "sh:property of a node shape",
        "exsh:Person a sh:NodeShape ; sh:targetClass ex:Person ; sh:property exsh:Person-name . "
        "exsh:Person-name sh:path ex:name ; sh:minCount 1 .",
        'ex:ana a ex:Person ; ex:name "Ana" .',
        "ex:ana a ex:Person .",
        (EX.ana, NAME, EXSH["Person-name"]),
        handed=EXSH.Person,
    ),
    Case(
        "sh:node",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:parent ; "
        "sh:node [ sh:class ex:Person ] .",
        "ex:ana a ex:Person ; ex:parent ex:eva . ex:eva a ex:Person .",
        "ex:ana a ex:Person ; ex:parent ex:eva .",
        (EX.ana, f"<{EX.parent}>", EXSH.S),
    ),
    Case(
        "sh:hasValue",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:kind ; "
        "sh:hasValue ex:Human .",
        "ex:ana a ex:Person ; ex:kind ex:Human .",
        "ex:ana a ex:Person ; ex:kind ex:Robot .",
        (EX.ana, f"<{EX.kind}>", EXSH.S),
    ),
    Case(
        "sh:or",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:age ; "
        "sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) .",
        "ex:ana a ex:Person ; ex:age 40.5 .",
        'ex:ana a ex:Person ; ex:age "forty" .',
        (EX.ana, f"<{EX.age}>", EXSH.S),
    ),
    Case(
        "sh:not",
        "exsh:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:not [ sh:class ex:Robot ] .",
        "ex:ana a ex:Person .",
        "ex:ana a ex:Person , ex:Robot .",
        (EX.ana, None, EXSH.S),
    ),
    Case(
        "sh:targetNode",
        "exsh:S a sh:PropertyShape ; sh:targetNode ex:ana ; sh:path ex:name ; sh:minCount 1 .",
        'ex:ana ex:name "Ana" .',
        'ex:bob ex:name "Bob" .',
        (EX.ana, NAME, EXSH.S),
    ),
    Case(
        "a sequence path",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ( ex:parent ex:name ) ; "
        "sh:minCount 1 .",
        'ex:ana a ex:Person ; ex:parent ex:eva . ex:eva ex:name "Eva" .',
        "ex:ana a ex:Person ; ex:parent ex:eva .",
        (EX.ana, f"<{EX.parent}>/<{EX.name}>", EXSH.S),
    ),
    Case(
        "a shape that is a class (implicit class target)",
        'ex:Person a rdfs:Class , sh:NodeShape ; sh:pattern "^https://example.org/" .',
        "ex:ana a ex:Person .",
        "<https://elsewhere.org/bob> a ex:Person .",
        (URIRef("https://elsewhere.org/bob"), None, EX.Person),
    ),
    Case(
        "sh:datatype without a lexical check here (xsd:dateTime)",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:born ; "
        "sh:datatype xsd:dateTime .",
        'ex:ana a ex:Person ; ex:born "1980-02-01T10:00:00"^^xsd:dateTime .',
        'ex:ana a ex:Person ; ex:born "1980-02-01T10:00:00" .',
        (EX.ana, f"<{EX.born}>", EXSH.S),
    ),
    # The built-in engine would fail the passing data: it cannot compare dates.
    Case(
        "a range bound that is a date",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:born ; "
        'sh:minInclusive "1900-01-01"^^xsd:date .',
        'ex:ana a ex:Person ; ex:born "1980-02-01"^^xsd:date .',
        'ex:ana a ex:Person ; ex:born "1880-02-01"^^xsd:date .',
        (EX.ana, f"<{EX.born}>", EXSH.S),
    ),
    # The built-in engine would fail the passing data: it knows the flag i only.
    Case(
        "a pattern flag other than i",
        "exsh:S a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:name ; "
        'sh:pattern "^Ana$" ; sh:flags "m" .',
        'ex:ana a ex:Person ; ex:name "Ana\\nPetrović" .',
        'ex:ana a ex:Person ; ex:name "Ana Petrović" .',
        (EX.ana, NAME, EXSH.S),
    ),
    Case(
        "a SPARQL shape with another target",
        "exsh:S a sh:NodeShape ; sh:targetNode ex:ana ; sh:sparql [ a sh:SPARQLConstraint ; "
        'sh:message "Knows themselves." ; sh:select "SELECT $this WHERE { $this ?p $this }" ] .',
        "ex:ana ex:knows ex:bob .",
        "ex:ana ex:knows ex:ana .",
        (EX.ana, None, EXSH.S),
    ),
    Case(
        "a SPARQL query with $currentShape",
        "exsh:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:sparql [ a sh:SPARQLConstraint ; "
        'sh:message "Flagged." ; sh:select "SELECT $this WHERE { $this ?p $currentShape }" ] .',
        "ex:ana a ex:Person .",
        "ex:ana a ex:Person ; ex:flaggedBy exsh:S .",
        (EX.ana, None, EXSH.S),
    ),
    Case(
        "a SPARQL query with an aggregate",
        "exsh:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:sparql [ a sh:SPARQLConstraint ; "
        'sh:message "Knows more than one." ; sh:select """SELECT $this WHERE { '
        "$this <https://example.org/ns#knows> ?other } "
        'GROUP BY $this HAVING (COUNT(?other) > 1)""" ] .',
        "ex:ana a ex:Person ; ex:knows ex:bob .",
        "ex:ana a ex:Person ; ex:knows ex:bob , ex:eva .",
        (EX.ana, None, EXSH.S),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_unsupported_shapes_go_to_pyshacl(case: Case) -> None:
    shapes = turtle(case.shapes)
    handed = case.handed or case.result[2]
    engines = divide(shapes)
    assert engines.core == () and engines.sparql == ()
    assert dict(engines.checked_by) == {handed: PYSHACL}
    passing = validate(turtle(case.passing), shapes)
    assert (passing.conforms, passing.results) == (True, [])
    failing = validate(turtle(case.failing), shapes)
    assert not failing.conforms
    assert found(failing) == [case.result]


def sparql_shape(select: str, extra: str = "") -> str:
    return (
        "exsh:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:sparql [ a sh:SPARQLConstraint ; "
        f'sh:message "Broken." ; sh:select """{select}""" {extra}] .'
    )


ANY = "SELECT $this WHERE { $this ?p ?o }"


@pytest.mark.parametrize(
    ("shapes", "reason"),
    [
        (sparql_shape("SELECT $this WHERE { { " + ANY + " } }"), "sub-select"),
        (sparql_shape("SELECT $this WHERE { $this ?p $shapesGraph }"), "$shapesGraph"),
        (sparql_shape(ANY, "; sh:deactivated true"), "deactivated"),
        (sparql_shape(ANY) + " exsh:S sh:closed true .", "closed"),
    ],
    ids=["sub-select", "$shapesGraph", "deactivated constraint", "core constraint"],
)
def test_sparql_shapes_one_query_cannot_check_go_to_pyshacl(shapes: str, reason: str) -> None:
    engines = divide(turtle(shapes))
    assert engines.sparql == ()
    assert dict(engines.checked_by) == {EXSH.S: PYSHACL}
    assert reason in engines.handed_over[EXSH.S]


# ---------------------------------------------------------------- both engines in one report

MIXED = """
exsh:Person-name a sh:PropertyShape ;
    sh:targetClass ex:Person ; sh:path ex:name ; sh:minCount 1 ;
    sh:message "A person must have a name."@en .
exsh:Person-name-languages a sh:PropertyShape ;
    sh:targetClass ex:Person ; sh:path ex:name ; sh:uniqueLang true ;
    sh:message "A person has at most one name per language."@en .
exsh:Person a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path ex:likes ; sh:disjoint ex:dislikes ;
                  sh:message "A person cannot like what they dislike."@en ] .
exsh:PersonSelf a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:prefixes exsh: ;
        sh:message "A person does not know themselves."@en ;
        sh:select "SELECT $this WHERE { $this ex:knows $this }" ] .
exsh: sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/ns#"^^xsd:anyURI ] .
"""
MIXED_PASSING = """
ex:ana a ex:Person ; ex:name "Ana"@en ; ex:likes ex:tea ; ex:knows ex:bob .
ex:bob a ex:Person ; ex:name "Bob"@en , "Боб"@sr .
"""
#: Each person breaks the shape of one engine: bob the core shape, ana pySHACL's, eva SPARQL's.
MIXED_FAILING = """
ex:ana a ex:Person ; ex:name "Ana"@en , "Anna"@en ; ex:likes ex:tea ; ex:dislikes ex:tea .
ex:bob a ex:Person .
ex:eva a ex:Person ; ex:name "Eva"@en ; ex:knows ex:eva .
"""


def test_a_mixed_shapes_graph_is_divided_between_the_engines() -> None:
    engines = divide(turtle(MIXED))
    assert dict(engines.checked_by) == {
        EXSH["Person-name"]: CORE,
        EXSH.PersonSelf: SPARQL,
        EXSH["Person-name-languages"]: PYSHACL,
        EXSH.Person: PYSHACL,
    }
    assert [shape.node for shape in engines.core] == [EXSH["Person-name"]]
    assert [check.shape for check in engines.sparql] == [EXSH.PersonSelf]
    assert engines.pyshacl is not None  # only the shapes handed over keep their targets
    assert set(engines.pyshacl.subjects(SH.targetClass, None)) == {
        EXSH["Person-name-languages"],
        EXSH.Person,
    }


def test_a_mixed_shapes_graph_conforms() -> None:
    report = validate(turtle(MIXED_PASSING), turtle(MIXED))
    assert (report.conforms, report.results) == (True, [])


def test_a_mixed_shapes_graph_reports_violations_of_both_engines() -> None:
    report = validate(turtle(MIXED_FAILING), turtle(MIXED))
    assert not report.conforms
    rows = {(v.focus, v.path, v.shape, v.message) for v in report.results}
    graph = report.graph
    [disjoint] = graph.subjects(SH.sourceConstraintComponent, SH.DisjointConstraintComponent)
    property_shape = graph.value(disjoint, SH.sourceShape)
    languages = "A person has at most one name per language."
    assert rows == {
        (EX.bob, NAME, EXSH["Person-name"], "A person must have a name."),
        (EX.ana, NAME, EXSH["Person-name-languages"], languages),
        (EX.ana, f"<{EX.likes}>", property_shape, "A person cannot like what they dislike."),
        (EX.eva, None, EXSH.PersonSelf, "A person does not know themselves."),
    }
    assert len(report.results) == 4
    # The blank property shape of pySHACL's result is described in the report, as pySHACL does.
    assert graph.value(property_shape, SH.disjoint) == EX.dislikes
    assert as_text(report).endswith("Does not conform: 4 results.\n")


def test_the_build_path_takes_pyshacls_results_in_too() -> None:
    """A build runs the core shapes and the SPARQL shapes apart and joins them in report_of."""
    engines = divide(turtle(MIXED))
    triples = triples_of(turtle(MIXED_FAILING))
    report = report_of(core_results(triples, engines), [], engines)
    # All but the SPARQL shape's: bob's from the core shape, ana's two from pySHACL.
    assert [(v.focus, v.path) for v in report.results] == [
        (EX.ana, f"<{EX.likes}>"),
        (EX.ana, NAME),
        (EX.bob, NAME),
    ]
    assert report.results[1].shape == EXSH["Person-name-languages"]
    assert report.results[2].shape == EXSH["Person-name"]


def test_a_shape_handed_over_takes_along_the_shapes_it_refers_to() -> None:
    """pySHACL reads a shape it refers to whole; each such shape is checked once, by pySHACL."""
    shapes = turtle("""
        exsh:Ours a sh:NodeShape ; sh:targetClass ex:Person ; sh:pattern "^https://example.org/" .
        exsh:Parent a sh:PropertyShape ; sh:targetClass ex:Person ; sh:path ex:parent ;
            sh:node exsh:Ours .
    """)
    engines = divide(shapes)
    assert dict(engines.checked_by) == {EXSH.Ours: PYSHACL, EXSH.Parent: PYSHACL}
    eva = URIRef("https://elsewhere.org/eva")
    data = turtle(f"<{eva}> a ex:Person . ex:bob a ex:Person ; ex:parent <{eva}> .")
    report = validate(data, shapes)
    assert found(report) == [(eva, None, EXSH.Ours), (EX.bob, f"<{EX.parent}>", EXSH.Parent)]


# ---------------------------------------------------------------- the project's shapes


def targeted_project_shapes() -> set[Node]:
    text = SHAPES_TTL.read_text(encoding="utf-8")
    return fallback.targeted(Graph().parse(data=text, format="turtle"))


def test_the_built_in_engine_checks_every_project_shape() -> None:
    engines = project_engines()
    assert engines.pyshacl is None
    assert dict(engines.handed_over) == {}
    assert set(engines.checked_by) == targeted_project_shapes()
    assert set(engines.checked_by.values()) == {CORE, SPARQL}


def valid_fixture() -> Dataset:
    dataset = Dataset()
    path = ROOT / "tests" / "fixtures" / "shapes" / "valid.trig"
    for quad in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TRIG):
        s, p, o, g = (from_oxigraph(term) for term in quad)
        dataset.graph(g).add((s, p, o))  # type: ignore[arg-type]
    ontology = ONTOLOGY_TTL.read_text(encoding="utf-8")
    dataset.graph(EX.ontology).parse(data=ontology, format="turtle")
    return dataset


def test_pyshacl_is_not_run_for_the_project_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> list[fallback.Result]:
        raise AssertionError("pySHACL ran for the project's shapes")

    monkeypatch.setattr(fallback, "run", refuse)
    report = validate(valid_fixture())
    assert (report.conforms, report.results) == (True, [])
    assert set(report.checked_by) == targeted_project_shapes()
    assert PYSHACL not in set(report.checked_by.values())


def test_validating_with_the_project_shapes_does_not_import_pyshacl() -> None:
    script = (
        "import sys\n"
        "from rdflib import Graph\n"
        "from stancegraph.shacl.validation import validate\n"
        "from stancegraph.vocabulary import ONTOLOGY_TTL\n"
        "text = ONTOLOGY_TTL.read_text(encoding='utf-8')\n"
        "report = validate(Graph().parse(data=text, format='turtle'))\n"
        "assert report.conforms, report.results\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'pyshacl'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout == "[]\n"
