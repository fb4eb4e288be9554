"""The SPARQL the attacks and probes send, each made new by a number never used before."""

from __future__ import annotations

import itertools
import time
import urllib.parse

#: Rows of the article's text in a slow reader's answer: ~21 MB of SPARQL JSON on the seed data.
BIG_ROWS = 1600
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
STATEMENT = "https://w3id.org/stancegraph/ontology#Statement"
JSON = "application/sparql-results+json"

#: Distinct numbers for queries never asked before, in this run or an earlier one.
_numbers = itertools.count(time.time_ns() // 1000)


def fresh() -> int:
    """A number no query of this run or an earlier one was made with."""
    return next(_numbers)


def sparql(query: str) -> str:
    """The path that asks ``query`` with a GET."""
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def cheap_query(n: int) -> str:
    """One statement: quick to answer, but never answered before for a new ``n``."""
    return f"SELECT ?s ?n WHERE {{ ?s a <{STATEMENT}> VALUES ?n {{ {n} }} }} LIMIT 1"


def big_query(n: int) -> str:
    """:data:`BIG_ROWS` rows of an article's whole text (each ~13 kB on the seed data)."""
    return (f"SELECT ?x ?n WHERE {{ ?a <{NIF}isString> ?x . ?s ?p ?o VALUES ?n {{ {n} }} }} "
            f"LIMIT {BIG_ROWS}")  # fmt: skip


def concat_bomb(n: int) -> str:
    """The article's text doubled twenty times: about 10 GB of string if nothing stops it."""
    doublings = " ".join(f"BIND (CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(20))
    return (f"SELECT (STRLEN(?x20) AS ?n) WHERE {{ ?a <{NIF}isString> ?x0 . {doublings} "
            f"VALUES ?k {{ {n} }} }}")  # fmt: skip


def sort_bomb(n: int) -> str:
    """Every triple thrice over, sorted: the whole cross product is held to be sorted."""
    return (f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i VALUES ?k {{ {n} }} }} "
            "ORDER BY ?c ?f ?i")  # fmt: skip


def hidden_services(url: str) -> list[str]:
    """SERVICE calls that the first query check let through (issue 16, attack 4)."""
    return [
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} BIND("b" AS ?y) }}',
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE SILENT <{url}> {{ ?s ?p ?o }} '
        'BIND("b" AS ?y) }',
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2&&'>'!=?a) SERVICE <{url}> {{}} BIND('' AS ?c) }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    ]


#: RAND() hidden from the first query check, which let such queries' answers be kept.
HIDDEN_RAND = (
    'SELECT ?r WHERE { BIND("a\\u0022" AS ?x) BIND(RAND() AS ?r) BIND("b" AS ?y) }',
    "SELECT ?r WHERE { BIND(1 AS ?a) BIND(?a<2&&'>'!=?a AS ?b) BIND(RAND() AS ?r) BIND('' AS ?c) }",
)
