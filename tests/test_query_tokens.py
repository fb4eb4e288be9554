"""The query as each engine reads it: escapes, ``<`` in context, keywords without word boundaries.

Issue 16, attack 4: the guard undid ``\\u`` escapes across the whole query (SPARQL 1.1, §19.2),
Oxigraph only inside strings and IRIs, so ``"a\\u0022"`` hid a ``SERVICE`` from the guard that
Oxigraph then ran. Two more ways past it were found alongside: a ``<`` that Oxigraph reads as
"less than" was read as the start of an IRI (``?a<2&&'>'`` then opened a string), and
``SERVICESILENT`` is ``SERVICE SILENT`` to Oxigraph, which matches keywords without a word
boundary. The last test is the property that matters, checked against Oxigraph itself: whenever
it runs a ``SERVICE``, the guard has refused the query.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancegraph.core.errors import QueryInvalid, QueryRefused
from stancegraph.sparql.query_guard import check, from_graphs
from stancegraph.sparql.query_tokens import Token, readings, tokens
from tests.conftest import refusing_port

#: The query of the issue: the SERVICE hides in a string only if the escape is undone first.
HIDDEN_BY_ESCAPE = (
    'SELECT * WHERE { BIND("a\\u0022" AS ?x) SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } '
    'BIND("b" AS ?y) }'
)
#: Hidden by a "less than" read as an IRI: ``<2&&'>`` then a string up to the last quote.
HIDDEN_BY_LESS_THAN = (
    "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<2&&'>'!=?b) "
    "SERVICE SILENT <http://127.0.0.1:9/x> {} BIND('x' AS ?c) }"
)
HIDDEN_IN_A_WORD = "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:9/x>{} }"
SERVICE_REFUSED = "SERVICE is refused: this endpoint makes no outbound requests"


def kinds(query: str, in_context: bool) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokens(query, in_context)]


def test_oxigraph_reads_escapes_only_inside_strings_and_the_standard_everywhere() -> None:
    oxigraph, *others = readings(HIDDEN_BY_ESCAPE)
    assert oxigraph.how == ""
    assert Token("word", "SERVICE") in oxigraph.tokens
    assert Token("string", '"a\\u0022"') in oxigraph.tokens
    decoded = [r for r in others if "escapes undone" in r.how]
    assert decoded and all(Token("word", "SERVICE") not in r.tokens for r in decoded)


def test_a_less_than_in_an_expression_opens_no_iri() -> None:
    expression = "FILTER(?a<2&&'>'!=?b)"
    assert ("string", "'>'") in kinds(expression, in_context=True)
    assert ("iri", "<2&&'>") in kinds(expression, in_context=False)


@pytest.mark.parametrize(
    ("query", "iris"),
    [
        ("SELECT * { ?s <p> (<a> <b>) }", ["<p>", "<a>", "<b>"]),  # a collection
        ("SELECT * { VALUES (?x ?y) { (<a> <b>) } }", ["<a>", "<b>"]),
        ("SELECT * { ?s (<p>|<q>)* ?o }", ["<p>", "<q>"]),  # a path
        ("DESCRIBE ?x <a>", ["<a>"]),
        ("SELECT * { FILTER(?x = <a> || ?x IN (<b>, <c>)) }", ["<a>", "<b>", "<c>"]),
        ("SELECT * { FILTER(?t = <<( <a> <b> <c> )>>) }", ["<a>", "<b>", "<c>"]),
        ('SELECT * { FILTER(?o = "1"^^<dt>) }', ["<dt>"]),
        ("SELECT * { FILTER(?a<<b>) }", ["<b>"]),  # less than an IRI
    ],
)
def test_a_less_than_is_only_read_after_an_operand_in_an_expression(
    query: str, iris: list[str]
) -> None:
    assert [text for kind, text in kinds(query, in_context=True) if kind == "iri"] == iris


@pytest.mark.parametrize(
    "expression",
    [
        "SELECT * { FILTER(?a<b:c&&'>'!=?b) }",
        "SELECT * { BIND(STR(?a)<'x'&&'>'!=?b AS ?c) }",
        "SELECT * { FILTER <f>(?a<2&&'>'!=?b) }",
        "SELECT * { FILTER ex:f(?a<2&&'>'!=?b) }",
        "SELECT * { { SELECT (?a<2&&'>'!=?b AS ?c) {} } }",  # a subquery's clauses
        "SELECT (?a<2&&'>'!=?b AS ?c) {}",
        "SELECT * {} GROUP BY (?a<2&&'>'!=?b)",
        "SELECT * {} ORDER BY ?a (true<2&&'>'!=?b)",
        "SELECT * { FILTER(<<( <a> <b> <c> )>><2&&'>'!=?b) }",
    ],
)
def test_a_less_than_in_each_kind_of_expression(expression: str) -> None:
    assert ("string", "'>'") in kinds(expression, in_context=True), expression


@pytest.mark.parametrize("query", [HIDDEN_BY_ESCAPE, HIDDEN_BY_LESS_THAN, HIDDEN_IN_A_WORD])
def test_a_service_hidden_from_one_reading_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match=f"^{SERVICE_REFUSED}"):
        check(query, set())


def test_the_refusal_says_which_reading_found_the_keyword() -> None:
    query = "SELECT * { \\u0053ERVICE <http://x/> {} }"
    with pytest.raises(QueryRefused) as refused:
        check(query, set())
    assert str(refused.value) == (
        f"{SERVICE_REFUSED} (federated queries are disabled); found reading the query "
        "with its \\u escapes undone first (SPARQL 1.1, section 19.2)"
    )


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?r { BIND("a\\u0022" AS ?x) BIND(RAND() AS ?r) BIND("b" AS ?y) }',
        "SELECT ?r { BIND(1 AS ?a) BIND(2 AS ?b) BIND(?a<RAND()&&?b>0 AS ?r) }",
        "SELECT ?r { BIND(STRUUID() AS ?r) }",
        "SELECT ?r { BIND(now() AS ?r) }",
    ],
)
def test_a_volatile_function_is_found_in_any_reading(query: str) -> None:
    assert check(query, set()).volatile


def test_a_graph_named_in_any_reading_must_be_in_the_dataset() -> None:
    # Oxigraph's reading: one string, then FROM <other>. The standard's: strings all along.
    query = 'SELECT ("\\u0022" AS ?x) FROM <http://x/other> WHERE {}'
    with pytest.raises(QueryInvalid, match=r"^FROM <http://x/other>: not a graph"):
        check(query, {"http://x/g"})


def test_escapes_in_a_from_iri_are_undone_in_every_reading() -> None:
    assert from_graphs("SELECT * FROM <http://x/\\u0067> {}", None) == (("http://x/g",), ())
    assert check("SELECT * FROM <http://x/\\u0067> {}", {"http://x/g"}).has_dataset_clause


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s <http://example.org/service> ?o }",
        "SELECT * { VALUES (?a ?b) { (<http://x/a> <http://example.org/service>) } }",
        'SELECT * { ?s ?p "customer service" FILTER(?o < 3 && ?o > 1) }',
        "PREFIX service: <http://x/> SELECT ?service { ?service service:load ?o }",
    ],
)
def test_service_in_names_strings_and_iris_is_no_keyword(query: str) -> None:
    found = check(query, set())
    assert not found.volatile and not found.has_dataset_clause


# --- the property, checked against Oxigraph ------------------------------------------------------

#: Pieces of group patterns that read differently one way or another; any mix of them is valid.
PIECES = (
    'BIND("a\\u0022" AS ?x1)',
    "BIND('a\\u0027' AS ?x2)",
    'BIND("b" AS ?y1)',
    "BIND('b' AS ?y2)",
    'BIND(""" \\u0022"" """ AS ?l1)',
    "BIND('''a''' AS ?l2)",
    "BIND(1 AS ?a) BIND(2 AS ?b)",
    "FILTER(?a<2&&'>'!=?b)",
    'FILTER(?a<2&&">"!=?b)',
    "FILTER(?a<3||?b>0)",
    "BIND(true<?a AS ?t)",
    "BIND(?a-<http://x/'> AS ?q)",
    "BIND(<http://x/\\u0041#> AS ?z)",
    "BIND(<http://x/a'b> AS ?w)",
    "# a comment \\u000A",
    "\n",
    "?s ?p ?o .",
    "OPTIONAL { ?s ?p ?o }",
    "VALUES (?v1 ?v2) { (<http://a> <http://b'>) }",
    "?s <http://e/p> (<http://a> <http://b'>) .",
    "FILTER(<<( <http://a> <http://b> <http://c'> )>> != ?a)",
    "{ SELECT (?a<2&&'>'!=?b AS ?k) WHERE { BIND(1 AS ?a) BIND(2 AS ?b) } }",
)
SERVICES = ("SERVICE {url} {{ ?s1 ?p1 ?o1 }}", "service{url}{{}}", "SERVICESILENT {url} {{}}")


@pytest.fixture(scope="module")
def refusing_url() -> str:
    return f"<http://127.0.0.1:{refusing_port()}/sparql>"


def oxigraph_calls(query: str) -> bool:
    """Whether Oxigraph, in this process, ran the query's SERVICE (its port refuses)."""
    try:
        result = ox.Store().query(query, base_iri="http://example.org/")
        if isinstance(result, ox.QuerySolutions):
            list(result)
    except ConnectionRefusedError:
        return True
    except (SyntaxError, ValueError, RuntimeError, OSError):
        return False
    return False


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=5),
    service=st.sampled_from(SERVICES),
    at=st.integers(min_value=0, max_value=5),
    separator=st.sampled_from((" ", "", "\n")),
)
def test_the_guard_refuses_every_service_oxigraph_runs(
    refusing_url: str, pieces: list[str], service: str, at: int, separator: str
) -> None:
    def query(clause: str) -> str:
        body = [*pieces[:at], clause.format(url=refusing_url), *pieces[at:]]
        return "SELECT * WHERE { " + separator.join(body) + " }"

    # A silent SERVICE that failed leaves no trace: Oxigraph is asked the loud one.
    if not oxigraph_calls(query(service.replace("SILENT", " "))):
        return
    with pytest.raises(QueryRefused, match=f"^{SERVICE_REFUSED}"):
        check(query(service), set(), "http://example.org/")
