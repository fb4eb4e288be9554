"""The query guard's parts one by one: tokens, code point escapes, the prologue, FROM clauses.

Written against the mutants that survived the endpoint's tests (see TESTING.md): each asserts what
the guard returns or the exact words it refuses with, on queries too small to need a store.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from stancegraph.core.errors import QueryInvalid, QueryRefused
from stancegraph.sparql.query_guard import CheckedQuery, check, dataset_clause, from_graphs
from stancegraph.sparql.query_tokens import Token, tokens, unescape_codepoints

G = "http://example.org/graphs/"


def test_code_point_escapes_are_read_as_sparql_reads_them() -> None:
    assert unescape_codepoints(r"\u0041\u00e9 \U0001F600 \u004a") == "Aé 😀 J"
    # Beyond U+10FFFF: left as written, for the parser to reject.
    assert unescape_codepoints(r"x\U00110000y") == r"x\U00110000y"


def test_an_escape_far_beyond_unicode_is_left_as_written() -> None:
    # Found by mutation testing: chr() raises OverflowError, not ValueError, past 2**31.
    assert unescape_codepoints(r"x\UFFFFFFFFy") == r"x\UFFFFFFFFy"


def test_tokens_leave_out_space_comments_and_punctuation() -> None:
    query = "SELECT ?x $y # a comment\nWHERE { ?x <a:b> \"s\", 't' ; p:q 1.5e3 @en _:b . }"
    assert list(tokens(query)) == [
        Token("word", "SELECT"),
        Token("var", "?x"),
        Token("var", "$y"),
        Token("word", "WHERE"),
        Token("var", "?x"),
        Token("iri", "<a:b>"),
        Token("string", '"s"'),
        Token("string", "'t'"),
        Token("pname", "p:q"),
        Token("number", "1.5e3"),
        Token("lang", "@en"),
        Token("bnode", "_:b"),
        Token("other", "."),
    ]


@pytest.mark.parametrize("keyword", ["INSERT", "delete", "Load", "CLEAR", "drop", "WITH"])
def test_an_update_keyword_is_refused_by_name(keyword: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        check(f"{keyword} DATA {{ <a> <b> <c> }}", set())
    assert str(refused.value) == (
        f"SPARQL Update ({keyword.upper()}) is refused: this endpoint is read-only"
    )


def test_an_update_keyword_spelt_with_escapes_is_refused() -> None:
    with pytest.raises(QueryRefused, match=r"^SPARQL Update \(INSERT\) is refused"):
        check(r"\u0049NSERT DATA { <a> <b> <c> }", set())


def test_service_is_refused_with_its_reason() -> None:
    with pytest.raises(QueryRefused) as refused:
        check("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", set())
    assert str(refused.value) == (
        "SERVICE is refused: this endpoint makes no outbound requests "
        "(federated queries are disabled)"
    )


def test_keywords_inside_names_strings_and_iris_are_no_keywords() -> None:
    query = (
        "PREFIX insert: <http://x/> SELECT ?delete ?service WHERE "
        '{ ?delete insert:load "INSERT DATA" . ?service <http://x/SERVICE> ?drop }'
    )
    assert check(query, set()) == CheckedQuery(query, False, False)


def test_a_checked_query_keeps_its_text_and_says_what_it_found() -> None:
    query = r"SELECT (\u0052AND() AS ?r) FROM <http://example.org/graphs/a> WHERE {}"
    found = check(query, {G + "a"})
    assert found == CheckedQuery(query, True, True)
    assert check("SELECT * WHERE { ?s ?p ?o }", set()) == CheckedQuery(
        "SELECT * WHERE { ?s ?p ?o }", False, False
    )


def test_a_graph_outside_the_dataset_is_refused_by_name() -> None:
    with pytest.raises(QueryInvalid) as invalid:
        check(f"SELECT * FROM <{G}a> FROM NAMED <{G}b> WHERE {{}}", {G + "a"})
    assert str(invalid.value) == (
        f"FROM <{G}b>: not a graph of this dataset (the service description lists the named graphs)"
    )


def test_check_resolves_from_against_the_base_it_is_given() -> None:
    query = "SELECT * FROM <a> WHERE {}"
    assert check(query, {G + "a"}, G).has_dataset_clause
    with pytest.raises(QueryInvalid, match=r"^FROM <a>: not a graph"):
        check(query, {G + "a"})


def test_the_prologue_resolves_bases_and_prefixes_in_order() -> None:
    query = (
        "base <http://example.org/> BASE <graphs/> PREFIX g: <sub/> prefix h: <http://h.org/> "
        r"SELECT * FROM g:one FROM NAMED h:two\.three FROM named <four> WHERE {}"
    )
    assert from_graphs(query, None) == (
        (G + "sub/one",),
        ("http://h.org/two.three", G + "four"),
    )
    assert dataset_clause(list(tokens(query)), None) == [
        G + "sub/one",
        "http://h.org/two.three",
        G + "four",
    ]


def test_a_base_iri_given_applies_to_relative_graphs() -> None:
    assert from_graphs("SELECT * FROM <a> FROM NAMED <b> {}", G) == ((G + "a",), (G + "b",))
    assert from_graphs("SELECT * FROM <a> {}", None) == (("a",), ())


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM",
        "SELECT * FROM NAMED",
        "SELECT * FROM x:y {}",  # undeclared prefix: the engine's syntax error
        "SELECT * FROM ?g {}",
        "SELECT * FROM named ?g {}",
        "BASE",
        "BASE <http://a/>",
        "PREFIX p:",
        "PREFIX p: <http://a/>",
        "PREFIX p: 'not an iri' SELECT * FROM p:x {}",
    ],
)
def test_clauses_that_name_no_graph_are_left_to_the_engine(query: str) -> None:
    assert from_graphs(query, None) == ((), ())
    assert check(query, set()).text == query


def test_a_prologue_ends_at_the_first_other_word() -> None:
    # A PREFIX after the query's first clause is no declaration of the guard's prologue.
    query = "SELECT * PREFIX p: <http://a/> FROM p:x {}"
    assert from_graphs(query, None) == ((), ())


def test_an_escape_far_beyond_unicode_is_a_client_error_over_http(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": 'SELECT * { BIND("\\UFFFFFFFF" AS ?x) }'}
    )
    assert response.status_code == 400
    assert response.text.startswith("400 Bad Request: query syntax: error at 1:")


def test_a_prefix_name_is_all_before_its_colon() -> None:
    query = "PREFIX graphX: <http://x/> PREFIX p: <http://p/> SELECT * FROM graphX:a FROM p:b:c {}"
    assert from_graphs(query, None) == (("http://x/a", "http://p/b:c"), ())
    with pytest.raises(QueryInvalid, match=r"^FROM <http://x/a>: not a graph"):
        check(query, {"http://p/b:c"})
