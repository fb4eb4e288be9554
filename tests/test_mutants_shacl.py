"""The built-in SHACL engine piece by piece: value checks, shapes loaded and evaluated, SPARQL
checks, the division between engines, and the renderers.

Written against the mutants that survived ``test_shapes`` and ``test_shacl_fallback`` (see
TESTING.md). Each test is small and exact: what a check answers for one term, which results a
two-node graph gives, the very words a renderer writes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from stancegraph.shacl import core_checks, sparql_checks, validation, value_checks
from stancegraph.shacl.core_checks import Data
from stancegraph.shacl.validation import (
    CORE,
    PYSHACL,
    SGSH,
    SPARQL,
    Report,
    Violation,
    as_github,
    as_json,
    as_text,
    divide,
    github_annotation,
    origin_of,
    render_path,
    validate,
)
from stancegraph.shacl.value_checks import Unsupported, compare, value_of, well_typed
from stancegraph.vocabulary import PREFIXES as PREFIXES_OF_REPORTS
from stancegraph.vocabulary import SH

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


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def typed(lexical: str, datatype: URIRef) -> str:
    return f'"{lexical}"^^<{datatype}>'


# ---------------------------------------------------------------- value_checks


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("5", XSD.integer, True),
        ("-5", XSD.integer, True),
        ("+5", XSD.integer, True),
        (" 5", XSD.integer, False),
        ("5.0", XSD.integer, False),
        ("0", XSD.nonNegativeInteger, True),
        ("-1", XSD.nonNegativeInteger, False),
        ("1", XSD.positiveInteger, True),
        ("0", XSD.positiveInteger, False),
        ("0", XSD.nonPositiveInteger, True),
        ("1", XSD.nonPositiveInteger, False),
        ("-1", XSD.negativeInteger, True),
        ("0", XSD.negativeInteger, False),
        ("127", XSD.byte, True),
        ("128", XSD.byte, False),
        ("-128", XSD.byte, True),
        ("-129", XSD.byte, False),
        ("255", XSD.unsignedByte, True),
        ("256", XSD.unsignedByte, False),
        ("2147483647", XSD.int, True),
        ("2147483648", XSD.int, False),
        ("1.5", XSD.decimal, True),
        (".5", XSD.decimal, True),
        ("5.", XSD.decimal, True),
        ("1e3", XSD.decimal, False),
        ("1.5e3", XSD.double, True),
        ("-INF", XSD.float, True),
        ("NaN", XSD.double, True),
        ("nan", XSD.double, False),
        ("true", XSD.boolean, True),
        ("0", XSD.boolean, True),
        ("1", XSD.boolean, True),
        ("false", XSD.boolean, True),
        ("yes", XSD.boolean, False),
        ("2024-02-29", XSD.date, True),
        ("2000-02-29", XSD.date, True),
        ("2023-02-29", XSD.date, False),
        ("1900-02-29", XSD.date, False),
        ("2026-02-30", XSD.date, False),
        ("2026-04-31", XSD.date, False),
        ("2026-12-31", XSD.date, True),
        ("2026-13-01", XSD.date, False),
        ("2026-00-10", XSD.date, False),
        ("2026-01-00", XSD.date, False),
        ("2026-1-10", XSD.date, False),
        ("2026-12-02Z", XSD.date, True),
        ("2026-12-02+14:00", XSD.date, True),
        ("2026-12-02-05:30", XSD.date, True),
        ("2026-12-02+14:01", XSD.date, False),
        ("2026-12-02T00:00:00", XSD.date, False),
        ("12026-12-02", XSD.date, True),
        ("02026-12-02", XSD.date, False),
        ("-0044-03-15", XSD.date, True),
        ("anything", XSD.date, False),
        ("anything", XSD.time, True),  # not known here: not judged
    ],
)
def test_well_typed_follows_xsd(lexical: str, datatype: URIRef, expected: bool) -> None:
    assert well_typed(lexical, str(datatype)) is expected


def test_value_of_gives_what_a_comparison_compares() -> None:
    assert value_of("<http://x/a>") == "http://x/a"
    assert value_of("_:b") is None
    assert value_of('"text"') == "text"
    assert value_of('"texte"@fr') == "texte"
    assert value_of(typed("42", XSD.integer)) == 42
    assert value_of(typed("4 2", XSD.integer)) is None
    assert value_of(typed("1.50", XSD.decimal)) == Decimal("1.50")
    assert value_of(typed("1.5.0", XSD.decimal)) is None
    assert value_of(typed("2.5E1", XSD.double)) == 25.0
    assert value_of(typed("INF", XSD.float)) == float("inf")
    assert value_of(typed("-INF", XSD.double)) == float("-inf")
    assert value_of(typed("x1", XSD.float)) is None
    assert value_of(typed("true", XSD.boolean)) is None
    assert value_of(typed("1", XSD.boolean)) is None  # reads as a number, is none
    assert value_of(typed("5", EX.Unit)) is None
    assert value_of(typed("2024-01-01", XSD.date)) is None


def test_compare_orders_like_values_only() -> None:
    assert (compare(1, 2), compare(2, 2), compare(3, 2)) == (-1, 0, 1)
    assert (compare("a", "b"), compare("b", "a")) == (-1, 1)
    assert compare(Decimal("1.5"), 1) == 1
    assert compare("1", 1) is None and compare(1, "1") is None
    assert compare(None, 1) is None and compare(1, None) is None
    assert compare(Decimal("NaN"), Decimal("1")) is None  # InvalidOperation


def test_datatype_checks() -> None:
    integer = value_checks.datatype(XSD.integer)
    assert integer(typed("5", XSD.integer))
    assert not integer(typed("five", XSD.integer))
    assert not integer(typed("5", XSD.int))
    assert not integer('"5"') and not integer("<http://x/5>") and not integer("_:b")
    string = value_checks.datatype(XSD.string)
    assert string('"s"') and not string('"s"@en') and not string(typed("1", XSD.integer))
    date = value_checks.datatype(XSD.date)
    assert date(typed("2024-02-29", XSD.date)) and not date(typed("2023-02-29", XSD.date))
    assert not date('"2024-02-29"') and not date(typed("2024-02-29", XSD.dateTime))
    lang = value_checks.datatype(RDF.langString)
    assert lang('"s"@en') and not lang('"s"')
    any_literal = value_checks.datatype(RDFS.Literal)
    assert any_literal('"s"@en') and any_literal(typed("1", XSD.integer)) and any_literal('"s"')
    own = value_checks.datatype(EX.Unit)
    assert own(typed("3 m", EX.Unit)) and not own('"3 m"')


@pytest.mark.parametrize("datatype", [XSD.time, RDF.HTML, XSD.dateTime])
def test_a_datatype_whose_lexical_space_is_unknown_is_unsupported(datatype: URIRef) -> None:
    with pytest.raises(Unsupported, match=r"^the lexical space of sh:datatype .* is not checked"):
        value_checks.datatype(datatype)


@pytest.mark.parametrize(
    ("kind", "iri", "blank", "literal"),
    [
        (SH.IRI, True, False, False),
        (SH.BlankNode, False, True, False),
        (SH.Literal, False, False, True),
        (SH.BlankNodeOrIRI, True, True, False),
        (SH.BlankNodeOrLiteral, False, True, True),
        (SH.IRIOrLiteral, True, False, True),
    ],
)
def test_node_kinds(kind: URIRef, iri: bool, blank: bool, literal: bool) -> None:
    check = value_checks.node_kind(kind)
    assert (check("<http://x/a>"), check("_:b"), check('"l"')) == (iri, blank, literal)


def test_ranges() -> None:
    def at_least(n: int) -> value_checks.ValueCheck:
        return value_checks.in_range(Literal(n), lambda order: order >= 0)

    assert at_least(3)(typed("3", XSD.integer)) and at_least(3)(typed("4", XSD.integer))
    assert not at_least(3)(typed("2", XSD.integer))
    assert not at_least(3)('"3"')  # a string and a number: no order, a failure
    below_m = value_checks.in_range(Literal("m"), lambda order: order < 0)
    assert below_m('"a"') and not below_m('"z"')
    with pytest.raises(Unsupported, match=r"^a range bound .* cannot be compared here$"):
        value_checks.in_range(Literal("2024-01-01", datatype=XSD.date), lambda order: True)


def test_lengths() -> None:
    at_least_3 = value_checks.length(Literal(3), lambda difference: difference >= 0)
    at_most_3 = value_checks.length(Literal(3), lambda difference: difference <= 0)
    assert at_least_3('"abc"') and not at_least_3('"ab"') and at_least_3("<http://x>")
    assert at_most_3('"abc"') and not at_most_3('"abcd"')
    assert not at_least_3("_:b") and not at_most_3("_:b")
    at_most_0 = value_checks.length(Literal(0), lambda difference: difference <= 0)
    assert at_most_0("_:b")  # a blank node has no string, so only a bound of 0 holds
    at_least_0 = value_checks.length(Literal(0), lambda difference: difference >= 0)
    assert at_least_0("_:b")


def test_patterns() -> None:
    check = value_checks.pattern(Literal("^ab"), None)
    assert check('"abc"') and not check('"ABC"') and not check('"cab"') and not check("_:ab")
    assert check("<ab:c>")
    folded = value_checks.pattern(Literal("^ab"), Literal("i"))
    assert folded('"ABC"')
    assert not value_checks.pattern(Literal("^ab"), Literal(""))('"ABC"')  # no flag given
    with pytest.raises(Unsupported, match=r"^sh:flags 'im': only the flag i is supported$"):
        value_checks.pattern(Literal("^ab"), Literal("im"))


def test_languages() -> None:
    check = value_checks.language_in([Literal("EN"), Literal("fr")])
    assert check('"a"@en') and check('"a"@en-gb') and check('"a"@FR')
    assert not check('"a"@de') and not check('"a"') and not check("<http://x>")
    assert value_checks.language_in([Literal("*")])('"a"@de')


def test_one_of() -> None:
    check = value_checks.one_of([EX.a, Literal("b")])
    assert check(f"<{EX.a}>") and check('"b"') and not check('"a"')


# ---------------------------------------------------------------- core_checks: the data


def test_data_keeps_each_value_once_and_only_the_predicates_asked() -> None:
    triples = [
        ("<s>", "<p>", '"1"'),
        ("<s>", "<p>", '"1"'),
        ("<s>", "<p>", '"2"'),
        ("<s>", "<q>", '"3"'),
        ("<t>", "<p>", '"4"'),
    ]
    data = Data(triples, ["<p>"])
    assert data.values("<p>") == {"<s>": ['"1"', '"2"'], "<t>": ['"4"']}
    assert data.values("<q>") == {}


def test_instances_follow_subclasses_transitively() -> None:
    a, sub = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
    triples = [
        ("<x>", a, "<C>"),
        ("<y>", a, "<D>"),
        ("<z>", a, "<E>"),
        ("<w>", a, "<F>"),
        ("<D>", sub, "<C>"),
        ("<E>", sub, "<D>"),
    ]
    data = Data(triples, [])
    assert data.instances("<C>") == {"<x>", "<y>", "<z>"}
    assert data.instances("<D>") == {"<y>", "<z>"}
    assert data.instances("<F>") == {"<w>"}
    assert data.instances("<G>") == set()
    assert data.instances("<C>") == {"<x>", "<y>", "<z>"}  # remembered


# ---------------------------------------------------------------- core_checks: shapes


def load(text: str) -> core_checks.Shape:
    graph = turtle(text)
    [node] = set(graph.subjects(SH.targetClass, None))
    return core_checks.load_shape(graph, node)


def results(shapes_text: str, data_text: str) -> set[tuple[str, str, str | None]]:
    """(component's local name, focus, value) of each result of the shapes on the data."""
    shapes = core_checks.load(turtle(shapes_text))
    data_graph = turtle(data_text)
    from stancegraph.terms.ntriples import triples_of_rdflib

    data = Data(triples_of_rdflib(data_graph), core_checks.predicates(shapes))
    return {
        (str(r.component).removeprefix(str(SH)), r.focus, r.value)
        for r in core_checks.evaluate(shapes, data)
    }


A = f"<{EX.a}>"
B = f"<{EX.b}>"


def test_a_shape_loads_with_its_parts() -> None:
    shape = load(
        """
        exsh:S a sh:PropertyShape ; sh:targetClass ex:T, ex:U ; sh:path ex:p ;
            sh:minCount 1 ; sh:maxCount 2 ; sh:severity sh:Warning ;
            sh:message "two"@en, "one"@en ; rdfs:comment "not a constraint" ; sh:name "n" .
        """
    )
    assert shape.node == EXSH.S
    assert shape.targets == (f"<{EX.T}>", f"<{EX.U}>")
    assert shape.path == EX.p
    assert shape.severity == SH.Warning
    assert shape.messages == (Literal("one", lang="en"), Literal("two", lang="en"))
    assert [(c.component, c.kind, c.count) for c in shape.constraints] == [
        (SH.MaxCountConstraintComponent, "max", 2),
        (SH.MinCountConstraintComponent, "min", 1),
    ]


def test_a_shape_without_severity_is_a_violation() -> None:
    shape = load("exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .")
    assert shape.severity == SH.Violation and shape.messages == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "exsh:S sh:targetClass ex:T ; sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 .",
            r"^shape https://example.org/shapes#S: only predicate paths are supported, not ",
        ),
        (
            "exsh:S sh:targetClass ex:T ; sh:targetNode ex:a ; sh:path ex:p ; sh:minCount 1 .",
            r"^shape https://example.org/shapes#S: http://www.w3.org/ns/shacl#targetNode "
            r"is not supported, only sh:targetClass$",
        ),
        (
            "exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:uniqueLang true .",
            r"^shape https://example.org/shapes#S: http://www.w3.org/ns/shacl#uniqueLang "
            r"is not supported by the built-in engine$",
        ),
    ],
)
def test_what_the_engine_cannot_check_is_unsupported_by_name(text: str, message: str) -> None:
    with pytest.raises(Unsupported, match=message):
        load(text)


def test_a_shape_without_a_class_target_is_unsupported() -> None:
    graph = turtle("exsh:S sh:targetNode ex:a ; sh:path ex:p ; sh:minCount 1 .")
    with pytest.raises(Unsupported, match=r"sh:targetNode is not supported|only sh:targetClass"):
        core_checks.load_shape(graph, EXSH.S)
    graph = turtle("exsh:S sh:path ex:p ; sh:minCount 1 .")
    with pytest.raises(
        Unsupported, match=r"^shape .*S: only sh:targetClass is supported as a target$"
    ):
        core_checks.load_shape(graph, EXSH.S)


def test_load_gives_every_targeted_shape_in_iri_order() -> None:
    graph = turtle(
        """
        exsh:B sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .
        exsh:A sh:targetClass ex:T ; sh:path ex:q ; sh:maxCount 1 .
        exsh:C sh:path ex:p ; sh:minCount 1 .
        """
    )
    assert [s.node for s in core_checks.load(graph)] == [EXSH.A, EXSH.B]


COUNTS = """
exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 2 ; sh:maxCount 2 .
"""


def test_counts_at_and_beyond_their_bounds() -> None:
    data = """
    ex:a a ex:T ; ex:p 1, 2 .
    ex:b a ex:T ; ex:p 1 .
    ex:c a ex:T ; ex:p 1, 2, 3 .
    ex:d ex:p 1 .
    """
    assert results(COUNTS, data) == {
        ("MinCountConstraintComponent", f"<{EX.b}>", None),
        ("MaxCountConstraintComponent", f"<{EX.c}>", None),
    }


def test_the_targets_of_a_shape_include_instances_of_subclasses() -> None:
    data = """
    ex:Sub rdfs:subClassOf ex:T .
    ex:a a ex:Sub .
    """
    assert results(COUNTS, data) == {("MinCountConstraintComponent", f"<{EX.a}>", None)}


def test_value_constraints_report_each_failing_value() -> None:
    shapes = """
    exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:datatype xsd:integer ; sh:minInclusive 0 .
    """
    data = """
    ex:a a ex:T ; ex:p 1, -1, "x" .
    """
    assert results(shapes, data) == {
        ("DatatypeConstraintComponent", A, '"x"'),
        ("MinInclusiveConstraintComponent", A, typed("-1", XSD.integer)),
        ("MinInclusiveConstraintComponent", A, '"x"'),
    }


@pytest.mark.parametrize(
    ("constraint", "passing", "failing"),
    [
        ("sh:minInclusive 2", ["2", "3"], ["1"]),
        ("sh:maxInclusive 2", ["1", "2"], ["3"]),
        ("sh:minExclusive 2", ["3"], ["1", "2"]),
        ("sh:maxExclusive 2", ["1"], ["2", "3"]),
        ("sh:minLength 2", ["10", "11"], ["1"]),
        ("sh:maxLength 1", ["1", "2"], ["10"]),
    ],
)
def test_each_comparison_has_its_own_bound(
    constraint: str, passing: list[str], failing: list[str]
) -> None:
    shapes = f"exsh:S sh:targetClass ex:T ; sh:path ex:p ; {constraint} ."
    values = ", ".join(passing + failing)
    found = results(shapes, f"ex:a a ex:T ; ex:p {values} .")
    assert {value for _, _, value in found} == {typed(v, XSD.integer) for v in failing}


def test_pattern_language_in_and_in_and_node_kind() -> None:
    shapes = """
    exsh:P sh:targetClass ex:T ; sh:path ex:p ; sh:pattern "^a" ; sh:flags "i" .
    exsh:L sh:targetClass ex:T ; sh:path ex:l ; sh:languageIn ( "en" ) .
    exsh:I sh:targetClass ex:T ; sh:path ex:i ; sh:in ( ex:x "y" ) .
    exsh:K sh:targetClass ex:T ; sh:path ex:k ; sh:nodeKind sh:IRI .
    exsh:N sh:targetClass ex:T ; sh:path ex:n ; sh:maxLength 3 .
    """
    data = """
    ex:a a ex:T ; ex:p "Ab", "b" ; ex:l "x"@en, "x"@de ; ex:i ex:x, "y", ex:z ;
        ex:k ex:x, "x" ; ex:n "abcd" .
    """
    assert results(shapes, data) == {
        ("PatternConstraintComponent", A, '"b"'),
        ("LanguageInConstraintComponent", A, '"x"@de'),
        ("InConstraintComponent", A, f"<{EX.z}>"),
        ("NodeKindConstraintComponent", A, '"x"'),
        ("MaxLengthConstraintComponent", A, '"abcd"'),
    }


def test_class_of_values_follows_the_data() -> None:
    shapes = "exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:class ex:C ."
    data = """
    ex:Sub rdfs:subClassOf ex:C .
    ex:a a ex:T ; ex:p ex:b, ex:c, ex:d .
    ex:b a ex:C .
    ex:c a ex:Sub .
    """
    assert results(shapes, data) == {("ClassConstraintComponent", A, f"<{EX.d}>")}


def test_unbound_checks_refuse_to_run() -> None:
    with pytest.raises(RuntimeError, match=r"^a class check must be bound to the data first$"):
        core_checks._ClassCheck("<C>")("<x>")
    with pytest.raises(RuntimeError, match=r"^an sh:xone check must be bound to the data first$"):
        core_checks._exactly_one([])("<x>")


def test_equals_reports_the_values_on_either_side_only() -> None:
    shapes = "exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:equals ex:q ."
    data = """
    ex:a a ex:T ; ex:p 1, 2 ; ex:q 2, 3 .
    ex:b a ex:T ; ex:p 1 ; ex:q 1 .
    """
    assert results(shapes, data) == {
        ("EqualsConstraintComponent", A, typed("1", XSD.integer)),
        ("EqualsConstraintComponent", A, typed("3", XSD.integer)),
    }


def test_less_than_reports_values_not_below_every_other() -> None:
    shapes = "exsh:S sh:targetClass ex:T ; sh:path ex:begin ; sh:lessThan ex:end ."
    data = """
    ex:a a ex:T ; ex:begin 1 ; ex:end 2 .
    ex:b a ex:T ; ex:begin 2 ; ex:end 2 .
    ex:c a ex:T ; ex:begin 3 ; ex:end 2, 4 .
    ex:d a ex:T ; ex:begin "x" ; ex:end 2 .
    ex:e a ex:T ; ex:begin 5 .
    """
    assert results(shapes, data) == {
        ("LessThanConstraintComponent", f"<{EX.b}>", typed("2", XSD.integer)),
        ("LessThanConstraintComponent", f"<{EX.c}>", typed("3", XSD.integer)),
        ("LessThanConstraintComponent", f"<{EX.d}>", '"x"'),
    }


def test_xone_of_node_shapes_needs_exactly_one_to_hold() -> None:
    shapes = """
    exsh:S a sh:NodeShape ; sh:targetClass ex:T ;
        sh:xone ( [ sh:class ex:P ] [ sh:class ex:O ; sh:nodeKind sh:IRI ] ) .
    """
    data = """
    ex:a a ex:T, ex:P .
    ex:b a ex:T, ex:O .
    ex:c a ex:T, ex:P, ex:O .
    ex:d a ex:T .
    """
    assert results(shapes, data) == {
        ("XoneConstraintComponent", f"<{EX.c}>", f"<{EX.c}>"),
        ("XoneConstraintComponent", f"<{EX.d}>", f"<{EX.d}>"),
    }


def test_a_node_shape_checks_the_focus_node_itself() -> None:
    shapes = 'exsh:S a sh:NodeShape ; sh:targetClass ex:T ; sh:pattern "#a$" .'
    data = "ex:a a ex:T . <https://example.org/b> a ex:T ."
    assert results(shapes, data) == {
        ("PatternConstraintComponent", "<https://example.org/b>", "<https://example.org/b>")
    }


def test_predicates_are_the_paths_and_the_compared_ones() -> None:
    shapes = core_checks.load(
        turtle(
            """
            exsh:A sh:targetClass ex:T ; sh:path ex:p ; sh:equals ex:q .
            exsh:B a sh:NodeShape ; sh:targetClass ex:T ; sh:nodeKind sh:IRI .
            """
        )
    )
    assert core_checks.predicates(shapes) == {
        f"<{RDF.type}>",
        f"<{RDFS.subClassOf}>",
        f"<{EX.p}>",
        f"<{EX.q}>",
    }


def test_a_result_carries_the_shape_path_messages_and_severity() -> None:
    shapes = core_checks.load(
        turtle(
            """
            exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 ;
                sh:severity sh:Info ; sh:message "m"@en .
            """
        )
    )
    data = Data([(A, f"<{RDF.type}>", f"<{EX.T}>")], core_checks.predicates(shapes))
    assert list(core_checks.evaluate(shapes, data)) == [
        core_checks.Result(
            EXSH.S,
            SH.MinCountConstraintComponent,
            A,
            None,
            EX.p,
            (Literal("m", lang="en"),),
            SH.Info,
        )
    ]


# ---------------------------------------------------------------- sparql_checks

SPARQL_SHAPE = """
exsh:S a sh:NodeShape ; sh:targetClass ex:T ; sh:severity sh:Warning ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "{$this} has {?value} at {?path} and {?nothing}"@en ;
        sh:prefixes exsh:prefixes ;
        sh:select "SELECT $this ?value ?path WHERE { $this ex:p ?value . BIND(ex:p AS ?path) FILTER(?value > 1) }" ;
    ] .
exsh:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/ns#"^^xsd:anyURI ] .
"""


def test_a_sparql_shape_is_one_query_over_its_targets() -> None:
    graph = turtle(SPARQL_SHAPE)
    [check] = sparql_checks.checks_of(graph, EXSH.S)
    assert check.shape == EXSH.S and check.severity == SH.Warning
    assert check.message == Literal("{$this} has {?value} at {?path} and {?nothing}", lang="en")
    assert check.query.startswith("PREFIX ex: <https://example.org/ns#>\nSELECT * WHERE {\n")
    assert f"VALUES ?class {{ <{EX.T}> }}" in check.query
    assert f"?this <{RDF.type}>/<{RDFS.subClassOf}>* ?class" in check.query
    assert (check.constraint, SH.select, None) in check.description
    data = turtle("ex:Sub rdfs:subClassOf ex:T . ex:a a ex:Sub ; ex:p 1, 2, 3 . ex:b ex:p 5 .")
    store = sparql_checks.oxigraph_store(data)
    found = sorted(sparql_checks.results([check], store), key=str)
    two, three = Literal("2", datatype=XSD.integer), Literal("3", datatype=XSD.integer)
    assert found == [
        (0, EX.a, EX.p, two, Literal(f"{EX.a} has 2 at {EX.p} and {{?nothing}}", lang="en")),
        (0, EX.a, EX.p, three, Literal(f"{EX.a} has 3 at {EX.p} and {{?nothing}}", lang="en")),
    ]
    report, node = Graph(), BNode()
    sparql_checks.add_to_report(report, node, [check], found[:1])
    [result] = report.objects(node, SH.result)
    assert set(report.predicate_objects(result)) == {
        (RDF.type, SH.ValidationResult),
        (SH.focusNode, EX.a),
        (SH.resultSeverity, SH.Warning),
        (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
        (SH.sourceShape, EXSH.S),
        (SH.sourceConstraint, check.constraint),
        (SH.value, two),
        (SH.resultMessage, found[0][4]),
        (SH.resultPath, EX.p),
    }
    assert (check.constraint, SH.select, None) in report


def test_a_node_shapes_value_is_its_focus_and_a_solution_counts_once() -> None:
    graph = turtle(
        """
        exsh:S sh:targetClass ex:T ; sh:sparql [
            sh:message "no p" ;
            sh:select '''SELECT $this WHERE { $this a ?c .
                FILTER NOT EXISTS { $this <https://example.org/ns#p> ?x } }''' ] .
        """
    )
    [check] = sparql_checks.checks_of(graph, EXSH.S)
    assert check.severity == SH.Violation
    assert not check.query.startswith("PREFIX")
    store = sparql_checks.oxigraph_store(turtle("ex:a a ex:T, ex:U . ex:b a ex:T ; ex:p 1 ."))
    assert sparql_checks.results([check], store) == [(0, EX.a, None, EX.a, Literal("no p"))]
    report, node = Graph(), BNode()
    sparql_checks.add_to_report(report, node, [check], sparql_checks.results([check], store))
    [result] = report.objects(node, SH.result)
    assert report.value(result, SH.resultPath) is None


def C(constraint: str) -> str:
    """A SPARQL shape of ex:T with one constraint."""
    return f"exsh:S sh:targetClass ex:T ; sh:sparql [ {constraint} ] ."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:sparql [ sh:message "m" ; sh:select "SELECT $this {}" ] .',
            r"^SPARQL shape https://example.org/shapes#S has http://www.w3.org/ns/shacl#path: "
            r"it may only have sh:targetClass$",
        ),
        (
            C('sh:message "m" ; sh:deactivated true ; sh:select "SELECT $this {}"'),
            r"^SPARQL shape https://example.org/shapes#S has a constraint with "
            r"http://www.w3.org/ns/shacl#deactivated$",
        ),
        (
            C('sh:message "m", "n" ; sh:select "SELECT $this {}"'),
            r"^SPARQL shape .*S has a constraint without exactly one sh:message$",
        ),
        (
            C('sh:message ex:m ; sh:select "SELECT $this {}"'),
            r"^SPARQL shape .*S has a constraint without exactly one sh:message$",
        ),
        (
            C('sh:message "m"'),
            r"^SPARQL shape .*S has a constraint without sh:select$",
        ),
        (
            C('sh:message "m" ; sh:select "SELECT $this { $this ?p $currentShape }"'),
            r"^SPARQL shape .*S has a query with '\$currentShape': one query over all targets "
            r"does not answer it as one query per focus node does$",
        ),
        (
            C(
                'sh:message "m" ; sh:select "SELECT $this (count(?x) AS ?n) { $this ?p ?x } GROUP BY $this"'
            ),
            r"^SPARQL shape .*S has a query with 'count\(':",
        ),
        (
            C('sh:message "m" ; sh:select "SELECT $this { { select ?x {} } }"'),
            r"^SPARQL shape .*S has a query with a sub-select:",
        ),
    ],
)
def test_a_sparql_shape_one_query_cannot_check_is_unsupported(text: str, message: str) -> None:
    with pytest.raises(Unsupported, match=message):
        sparql_checks.checks_of(turtle(text), EXSH.S)


def test_a_sparql_shape_must_be_an_iri() -> None:
    graph = turtle(
        '[ sh:targetClass ex:T ; sh:sparql [ sh:message "m" ; sh:select "SELECT $this {}" ] ] .'
    )
    [shape] = set(graph.subjects(SH.targetClass, None))
    with pytest.raises(Unsupported, match=r"has no IRI: it may only have sh:targetClass$"):
        sparql_checks.checks_of(graph, shape)


def test_terms_go_to_oxigraph_and_back_unchanged() -> None:
    terms = [
        EX.a,
        BNode("b1"),
        Literal("plain"),
        Literal("chat", lang="fr"),
        Literal("01", datatype=XSD.integer),
        Literal("x", datatype=EX.Unit),
    ]
    graph = Graph()
    for n, term in enumerate(terms):
        graph.add((EX.s, EX[f"p{n}"], term))
    store = sparql_checks.oxigraph_store(graph)
    back = {
        sparql_checks.from_oxigraph(q.predicate): sparql_checks.from_oxigraph(q.object)
        for q in store
    }
    assert back == {EX[f"p{n}"]: term for n, term in enumerate(terms)}
    assert sparql_checks.from_oxigraph(ox.Literal("s")) == Literal("s")
    assert isinstance(sparql_checks._to_ox(Literal("s")), ox.Literal)
    with pytest.raises(TypeError, match=r"^cannot store"):
        sparql_checks._to_ox("not a term")  # type: ignore[arg-type]


def test_a_store_of_ntriples_documents_holds_their_union() -> None:
    store = sparql_checks.store_of([b"<a:s> <a:p> <a:o> .\n", b'<a:s> <a:p> "x" .\n'])
    assert len(store) == 2


# ---------------------------------------------------------------- validation: engines


MIXED = """
exsh:Core sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .
exsh:Sparql sh:targetClass ex:T ; sh:sparql [ sh:message "bad" ;
    sh:select "SELECT $this WHERE { $this <https://example.org/ns#bad> true }" ] .
exsh:Unique sh:targetClass ex:T ; sh:path ex:name ; sh:uniqueLang true .
"""


def test_divide_gives_each_shape_one_engine_with_its_reason() -> None:
    engines = divide(turtle(MIXED))
    assert dict(engines.checked_by) == {EXSH.Core: CORE, EXSH.Sparql: SPARQL, EXSH.Unique: PYSHACL}
    assert [s.node for s in engines.core] == [EXSH.Core]
    assert [c.shape for c in engines.sparql] == [EXSH.Sparql]
    assert dict(engines.handed_over) == {
        EXSH.Unique: f"shape {EXSH.Unique}: {SH.uniqueLang} is not supported by the built-in engine"
    }
    assert engines.pyshacl is not None
    assert (EXSH.Unique, SH.uniqueLang, Literal(True)) in engines.pyshacl
    assert (EXSH.Core, None, None) not in engines.pyshacl
    assert (EXSH.Unique, None, None) not in engines.core_graph
    assert (EXSH.Sparql, None, None) not in engines.core_graph
    assert (EXSH.Core, SH.minCount, Literal(1)) in engines.core_graph


def test_a_shape_that_is_a_class_and_what_refers_to_it_go_to_pyshacl() -> None:
    engines = divide(
        turtle(
            """
            ex:T a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
            exsh:Core sh:targetClass ex:T ; sh:path ex:q ; sh:minCount 1 .
            exsh:Sparql sh:targetClass ex:T ; sh:sparql [ sh:message "m" ;
                sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
            """
        )
    )
    assert engines.checked_by[ex_T := EX.T] == PYSHACL
    assert engines.handed_over[ex_T] == "a shape that is a class has implicit class targets"
    assert engines.checked_by[EXSH.Core] == CORE
    assert engines.checked_by[EXSH.Sparql] == SPARQL


def test_a_targeted_shape_a_pyshacl_shape_refers_to_goes_along() -> None:
    engines = divide(
        turtle(
            """
            exsh:Outer sh:targetClass ex:T ; sh:path ex:p ; sh:node exsh:Inner .
            exsh:Inner sh:targetClass ex:U ; sh:path ex:q ; sh:minCount 1 .
            exsh:Other sh:targetClass ex:U ; sh:path ex:r ; sh:minCount 1 .
            """
        )
    )
    assert engines.checked_by[EXSH.Inner] == PYSHACL
    assert engines.handed_over[EXSH.Inner] == "a shape that pySHACL checks refers to it"
    assert engines.checked_by[EXSH.Other] == CORE
    assert [s.node for s in engines.core] == [EXSH.Other]
    assert (EXSH.Inner, None, None) not in engines.core_graph


def test_without_a_shape_for_pyshacl_there_is_no_pyshacl_graph() -> None:
    engines = divide(turtle("exsh:Core sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 ."))
    assert engines.pyshacl is None and dict(engines.handed_over) == {}


def test_validate_with_every_engine_reports_each_result_once() -> None:
    data = turtle(
        """
        ex:a a ex:T ; ex:bad true ; ex:name "A"@en, "B"@en .
        ex:b a ex:T ; ex:p 1 ; ex:name "C"@en .
        """
    )
    report = validate(data, turtle(MIXED))
    assert not report.conforms
    assert [(v.severity, v.focus, v.path, v.message, v.shape) for v in report.results] == [
        ("Violation", EX.a, None, "bad", EXSH.Sparql),
        (
            "Violation",
            EX.a,
            "<https://example.org/ns#name>",
            report.results[1].message,
            EXSH.Unique,
        ),
        ("Violation", EX.a, "<https://example.org/ns#p>", "", EXSH.Core),
    ]
    assert (None, SH.conforms, Literal(False)) in report.graph
    ok = validate(turtle("ex:b a ex:T ; ex:p 1 ."), turtle(MIXED))
    assert ok.conforms and ok.results == []
    assert (None, SH.conforms, Literal(True)) in ok.graph


def test_core_results_in_the_report_graph_are_pyshacls() -> None:
    shapes = turtle(
        """
        exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:maxCount 0 ;
            sh:severity sh:Warning ; sh:message "m1"@en, "m2"@en .
        """
    )
    report = validate(turtle("ex:a a ex:T ; ex:p ex:v ."), shapes)
    [result] = report.graph.objects(None, SH.result)
    assert set(report.graph.predicate_objects(result)) == {
        (RDF.type, SH.ValidationResult),
        (SH.sourceConstraintComponent, SH.MaxCountConstraintComponent),
        (SH.sourceShape, EXSH.S),
        (SH.resultSeverity, SH.Warning),
        (SH.focusNode, EX.a),
        (SH.resultPath, EX.p),
        (SH.resultMessage, Literal("m1", lang="en")),
        (SH.resultMessage, Literal("m2", lang="en")),
    }
    assert report.results == [
        Violation("Warning", EX.a, "<https://example.org/ns#p>", "m1 m2", None, EXSH.S)
    ]
    assert report.conforms is False
    value = validate(
        turtle("ex:a a ex:T ; ex:p 5 ."),
        turtle("exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:maxInclusive 4 ."),
    )
    assert [v.value for v in value.results] == [Literal("5", datatype=XSD.integer)]


# ---------------------------------------------------------------- validation: renderers


def test_paths_render_as_sparql_with_the_projects_prefixes() -> None:
    graph = turtle(
        """
        ex:s ex:seq ( ex:a [ sh:inversePath ex:b ] ) ;
            ex:alt [ sh:alternativePath ( ex:a ex:b ) ] ;
            ex:star [ sh:zeroOrMorePath ex:a ] ;
            ex:plus [ sh:oneOrMorePath ex:a ] ;
            ex:opt [ sh:zeroOrOnePath ex:a ] ;
            ex:odd [ ex:other ex:a ] .
        """
    )
    for prefix, namespace in {**PREFIXES_OF_REPORTS, "sh": SH, "sgsh": SGSH}.items():
        graph.bind(prefix, namespace, replace=True)

    def path(name: str) -> str:
        return render_path(graph, graph.value(EX.s, EX[name]))

    a, b = f"<{EX.a}>", f"<{EX.b}>"
    assert path("seq") == f"{a}/^{b}"
    assert path("alt") == f"({a}|{b})"
    assert (path("star"), path("plus"), path("opt")) == (f"{a}*", f"{a}+", f"{a}?")
    assert path("odd").startswith("_:")
    assert render_path(graph, SH.path) == "sh:path"
    assert render_path(graph, URIRef("https://w3id.org/stancegraph/ontology#span")) == "sg:span"
    assert render_path(graph, URIRef("https://w3id.org/stancegraph/shapes#x")) == "sgsh:x"


class Origin:
    def __init__(self, path: str, line: int) -> None:
        self.path, self.line = path, line


def test_origins_of_fragments_fall_back_to_their_document() -> None:
    doc = URIRef("https://x/doc")
    origins = {doc: Origin("a.yaml", 3), URIRef("https://x/doc#own"): Origin("b.yaml", 9)}
    assert origin_of(URIRef("https://x/doc#char=1,2"), origins).line == 3  # type: ignore[union-attr]
    assert origin_of(URIRef("https://x/doc#own"), origins).path == "b.yaml"  # type: ignore[union-attr]
    assert origin_of(URIRef("https://x/other"), origins) is None
    assert origin_of(doc, None) is None and origin_of(doc, {}) is None
    assert origin_of(BNode(), origins) is None


def report(*violations: Violation, conforms: bool = False) -> Report:
    return Report(conforms, list(violations), Graph())


FOCUS = URIRef("https://x/doc#char=1,2")
ORIGINS = {URIRef("https://x/doc"): Origin("map,ping.yaml", 7)}
V1 = Violation("Violation", FOCUS, "sg:text", "line one\nline: two, 100%", Literal("v"), EXSH.S)
V2 = Violation("Warning", BNode("n"), None, "plain", None, EXSH.T)


def test_text_has_one_line_per_result_and_a_summary() -> None:
    assert as_text(report(V1, V2), ORIGINS) == (
        "Violation <https://x/doc#char=1,2> sg:text: line one\\nline: two, 100% "
        "(map,ping.yaml:7)\n"
        "Warning _:n: plain\n"
        "Does not conform: 2 results.\n"
    )
    assert as_text(report(V1)) == (
        "Violation <https://x/doc#char=1,2> sg:text: line one\\nline: two, 100%\n"
        "Does not conform: 1 result.\n"
    )
    assert as_text(report(conforms=True)) == "Conforms.\n"
    assert as_text(report(V2, V2, conforms=True)).endswith("Conforms, with 2 warnings or notes.\n")


def test_json_has_one_object_per_result() -> None:
    assert json.loads(as_json(report(V1, V2), ORIGINS)) == [
        {
            "severity": "Violation",
            "focus": str(FOCUS),
            "path": "sg:text",
            "message": "line one\nline: two, 100%",
            "value": "v",
            "shape": str(EXSH.S),
            "file": "map,ping.yaml",
            "line": 7,
        },
        {
            "severity": "Warning",
            "focus": "n",
            "path": None,
            "message": "plain",
            "value": None,
            "shape": str(EXSH.T),
            "file": None,
            "line": None,
        },
    ]
    assert as_json(report(Violation("Info", FOCUS, None, "é", None, EXSH.S))).count("é") == 1


def test_github_annotations_escape_data_and_properties() -> None:
    assert as_github(report(V1, V2), ORIGINS) == (
        "::error file=map%2Cping.yaml,line=7::<https://x/doc#char=1,2> sg:text: "
        "line one%0Aline: two, 100%25\n"
        "::warning::_:n: plain\n"
    )
    notice = Violation("Info", FOCUS, None, "m", None, EXSH.S)
    assert as_github(report(notice)) == "::notice::<https://x/doc#char=1,2>: m\n"
    assert github_annotation("a\r\nb", "c:d", 0) == "::error file=c%3Ad::a%0D%0Ab"
    assert github_annotation("m", None, 5, "warning") == "::warning::m"


def test_violations_sort_by_focus_path_message_value_and_shape() -> None:
    one = Violation("Violation", EX.a, None, "m", None, EXSH.S)
    assert one.sort_key() == (str(EX.a), "", "m", "", str(EXSH.S))
    two = Violation("Violation", EX.a, "p", "m", Literal("v"), EXSH.S)
    assert two.sort_key() == (str(EX.a), "p", "m", '"v"', str(EXSH.S))


# ---------------------------------------------------------------- against the survivors of a run


def test_subclasses_are_found_however_deep_and_in_whatever_order() -> None:
    a, sub = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
    # The deepest subclass first: finding it takes a second pass over the subclass triples.
    triples = [("<E>", sub, "<D>"), ("<D>", sub, "<C>"), ("<z>", a, "<E>")]
    assert Data(triples, []).instances("<C>") == {"<z>"}


def test_a_shape_is_judged_by_its_own_targets_only() -> None:
    graph = turtle(
        """
        exsh:A sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .
        exsh:B sh:targetNode ex:a ; sh:path ex:p ; sh:minCount 1 .
        """
    )
    assert core_checks.load_shape(graph, EXSH.A).targets == (f"<{EX.T}>",)


XONE_MEMBERS = """
exsh:S a sh:NodeShape ; sh:targetClass ex:T ;
    sh:xone (
        [ rdfs:comment "an IRI in ex:" ; a sh:NodeShape ; sh:pattern "^https://example.org/ns#" ]
        [ sh:in ( ex:b ex:z ) ]
    ) .
exsh:Other sh:targetClass ex:U ; sh:path ex:q ; sh:pattern "x" ; sh:flags "i" .
"""


def test_xone_members_skip_their_descriptions_and_keep_their_own_parameters() -> None:
    data = """
    ex:a a ex:T .
    ex:b a ex:T .
    <https://example.org/other#c> a ex:T .
    <HTTPS://EXAMPLE.ORG/NS#d> a ex:T .
    """
    assert results(XONE_MEMBERS, data) == {
        ("XoneConstraintComponent", f"<{EX.b}>", f"<{EX.b}>"),  # both hold
        (
            "XoneConstraintComponent",
            "<https://example.org/other#c>",
            "<https://example.org/other#c>",
        ),
        ("XoneConstraintComponent", "<HTTPS://EXAMPLE.ORG/NS#d>", "<HTTPS://EXAMPLE.ORG/NS#d>"),
    }


def test_an_xone_members_pattern_takes_its_own_flags() -> None:
    shapes = """
    exsh:S a sh:NodeShape ; sh:targetClass ex:T ;
        sh:xone ( [ sh:pattern "^https://example.org/ns#" ; sh:flags "i" ] [ sh:in ( ex:z ) ] ) .
    """
    data = "ex:a a ex:T . <HTTPS://EXAMPLE.ORG/NS#d> a ex:T . <https://other.org/e> a ex:T ."
    assert results(shapes, data) == {
        ("XoneConstraintComponent", "<https://other.org/e>", "<https://other.org/e>"),
    }


def test_two_of_a_sparql_shapes_parts_are_named_in_its_refusal() -> None:
    graph = turtle(
        'exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:deactivated false ; sh:sparql [ sh:message "m" ; '
        'sh:select "SELECT $this {}" ] .'
    )
    with pytest.raises(Unsupported) as refused:
        sparql_checks.checks_of(graph, EXSH.S)
    assert str(refused.value) == (
        f"SPARQL shape {EXSH.S} has {SH.deactivated}, {SH.path}: it may only have sh:targetClass"
    )
    graph = turtle(
        'exsh:S sh:targetClass ex:T ; sh:sparql [ sh:message "m" ; sh:deactivated false ; '
        'sh:order 1 ; sh:select "SELECT $this {}" ] .'
    )
    with pytest.raises(Unsupported) as refused:
        sparql_checks.checks_of(graph, EXSH.S)
    assert str(refused.value) == (
        f"SPARQL shape {EXSH.S} has a constraint with {SH.deactivated}, {SH.order}"
    )


TWO_SPARQL_SHAPES = """
exsh:S sh:targetClass ex:T, ex:U ; sh:sparql [ sh:message "s" ; sh:prefixes exsh:one ;
    sh:select "SELECT $this WHERE { $this a one:X }" ] .
exsh:R sh:targetClass ex:V ; sh:sparql [ sh:message "r" ; sh:prefixes exsh:two ;
    sh:select "SELECT $this WHERE { $this a two:Y }" ] .
exsh:one sh:declare [ sh:prefix "one" ; sh:namespace "https://one.org/"^^xsd:anyURI ] .
exsh:two sh:declare [ sh:prefix "two" ; sh:namespace "https://two.org/"^^xsd:anyURI ] .
"""


def test_a_sparql_shape_takes_only_its_own_classes_constraints_and_prefixes() -> None:
    graph = turtle(TWO_SPARQL_SHAPES)
    [check] = sparql_checks.checks_of(graph, EXSH.S)
    assert check.message == Literal("s")
    assert check.query.startswith("PREFIX one: <https://one.org/>\nSELECT * WHERE {\n")
    assert "two:" not in check.query.split("SELECT", 1)[0]
    assert f"VALUES ?class {{ <{EX.T}> <{EX.U}> }}" in check.query
    assert (check.constraint, SH.message, Literal("s")) in check.description
    assert (EXSH.S, None, None) not in check.description
    assert (None, SH.message, Literal("r")) not in check.description
    store = sparql_checks.oxigraph_store(
        turtle("ex:a a ex:U, <https://one.org/X> . ex:b a ex:V, <https://one.org/X> .")
    )
    assert sparql_checks.results([check], store) == [(0, EX.a, None, EX.a, Literal("s"))]


def test_an_untargeted_sparql_shape_is_no_engines_shape() -> None:
    engines = divide(
        turtle(
            """
            exsh:Core sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .
            exsh:Loose sh:sparql [ sh:message "m" ; sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
            """
        )
    )
    assert dict(engines.checked_by) == {EXSH.Core: CORE}
    assert engines.sparql == ()


def test_a_sparql_shape_a_pyshacl_shape_refers_to_goes_to_pyshacl_alone() -> None:
    engines = divide(
        turtle(
            """
            exsh:Outer sh:targetClass ex:T ; sh:path ex:p ; sh:node exsh:Inner .
            exsh:Inner sh:targetClass ex:U ; sh:sparql [ sh:message "m" ;
                sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
            """
        )
    )
    assert engines.checked_by[EXSH.Inner] == PYSHACL
    assert engines.sparql == () and engines.core == ()


def test_triples_of_a_generator_is_a_list_of_them() -> None:
    triples = [("<s>", "<p>", '"o"'), ("<s>", "<p>", '"q"')]
    found = validation.triples_of(iter(triples))
    assert isinstance(found, list) and found == triples


def test_the_project_shapes_are_the_default_everywhere() -> None:
    assert validation.core_results([]) == []
    report = validation.report_of([], [])
    assert report.conforms and report.results == []
    assert report.checked_by == validation.project_engines().checked_by


def test_sparql_results_of_an_ntriples_file(tmp_path: Path) -> None:
    (tmp_path / "empty.nt").write_text("", encoding="utf-8")
    assert validation.sparql_results(tmp_path / "empty.nt") == []
    (tmp_path / "one.nt").write_text('<https://x/a> <https://x/p> "x" .\n', encoding="utf-8")
    assert validation.sparql_results(tmp_path / "one.nt") == []
    (tmp_path / "no-extension").write_text('<https://x/a> <https://x/p> "x" .\n', encoding="utf-8")
    assert validation.sparql_results(tmp_path / "no-extension") == []  # read as N-Triples


def test_the_report_graph_binds_the_shacl_prefixes() -> None:
    namespaces = dict(validation.report_of([], []).graph.namespaces())
    assert namespaces["sh"] == URIRef(str(SH))
    assert namespaces["sgsh"] == URIRef(SGSH)


def test_a_severity_that_is_no_iri_reads_as_a_violation() -> None:
    shapes = turtle(
        'exsh:S sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 ; sh:severity "high" .'
    )
    report = validate(turtle("ex:a a ex:T ."), shapes)
    assert [v.severity for v in report.results] == ["Violation"]


def test_a_result_without_its_focus_node_is_refused_by_name() -> None:
    node = BNode("r")
    with pytest.raises(ValueError, match=rf"^validation result {node} has no {SH.focusNode}$"):
        validation._one(Graph(), node, SH.focusNode)


def test_nested_paths_use_the_prefixes_too() -> None:
    graph = turtle(
        "ex:s ex:inv [ sh:inversePath sh:path ] ; ex:alt [ sh:alternativePath ( sh:path ex:b ) ] ."
    )
    for prefix, namespace in {**PREFIXES_OF_REPORTS, "sh": SH, "sgsh": SGSH}.items():
        graph.bind(prefix, namespace, replace=True)
    assert render_path(graph, graph.value(EX.s, EX.inv)) == "^sh:path"
    assert render_path(graph, graph.value(EX.s, EX.alt)) == f"(sh:path|<{EX.b}>)"


def test_an_origin_is_that_of_the_document_before_the_first_hash() -> None:
    origins = {URIRef("https://x/doc"): Origin("a.yaml", 3)}
    assert origin_of(URIRef("https://x/doc#a#b"), origins).line == 3  # type: ignore[union-attr]


def test_json_is_indented_by_two() -> None:
    text = as_json(report(V2))
    assert text.startswith('[\n  {\n    "severity": "Warning",\n')
    assert text.endswith("  }\n]\n")
