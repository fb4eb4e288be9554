"""rdflib's ``SPARQLStore`` reading the live endpoint as a ``Graph`` (issue 16, real clients).

Every answer is compared with what the N-Quads dump says: the endpoint's default graph is the
union of the named graphs, so a triple is in ``Graph(store)`` when the dump has it in any graph.
The store is read-only; it is asked by GET and by POST, with its default results format (XML).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.conftest import LiveServer

ACTOR = URIRef(DEFAULT_BASE_URI + "id/actor/vlade-radulovic")
STATEMENT = URIRef(DEFAULT_BASE_URI + "id/statement/kosovo-nato-membership-brankovic-q1")
SPEAKER = URIRef(DEFAULT_BASE_URI + "id/actor/branko-brankovic")
PREFIXES = "PREFIX sg: <https://w3id.org/stancegraph/ontology#> PREFIX schema: <http://schema.org/>"


@pytest.fixture(scope="module", params=["GET", "POST"])
def graph(request: pytest.FixtureRequest, live_server: LiveServer) -> Iterator[Graph]:
    """The endpoint as an rdflib graph, over ``SPARQLStore`` asking by one HTTP method."""
    store = SPARQLStore(f"{live_server.url}/sparql", method=request.param)
    yield Graph(store)
    store.close()


@pytest.fixture(scope="module")
def dumped(seed_dist: Path) -> Graph:
    """The triples of the N-Quads dump, every graph's in one (the endpoint's default graph)."""
    quads = ox.parse(path=str(seed_dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    ntriples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples, format="nt")


def about(dumped: Graph, subject: URIRef) -> set[tuple[object, object, object]]:
    return set(dumped.triples((subject, None, None)))


def test_select_gives_the_dumped_bindings(graph: Graph) -> None:
    count = list(graph.query(f"{PREFIXES} SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a sg:Statement }}"))
    assert count == [(Literal(39),)]
    rows = graph.query(f"{PREFIXES} SELECT ?who WHERE {{ <{STATEMENT}> schema:author ?who }}")
    assert [row[0] for row in rows] == [SPEAKER]  # type: ignore[index]


@pytest.mark.parametrize(
    ("query", "answer"),
    [(f"ASK {{ <{STATEMENT}> <http://schema.org/author> <{SPEAKER}> }}", True),
     (f"ASK {{ <{STATEMENT}> <http://schema.org/author> <{ACTOR}> }}", False)],
)  # fmt: skip
def test_ask_answers_true_and_false(graph: Graph, query: str, answer: bool) -> None:
    assert graph.query(query).askAnswer is answer


@pytest.mark.parametrize(
    "query",
    [f"CONSTRUCT {{ <{ACTOR}> ?p ?o }} WHERE {{ <{ACTOR}> ?p ?o }}", f"DESCRIBE <{ACTOR}>"],
    ids=["construct", "describe"],
)
def test_construct_and_describe_give_what_the_dump_says(
    graph: Graph, dumped: Graph, query: str
) -> None:
    answer = graph.query(query).graph
    assert answer is not None
    expected = about(dumped, ACTOR)
    assert len(expected) > 3
    assert set(answer) == expected


@pytest.mark.parametrize("subject", [ACTOR, STATEMENT], ids=["actor", "statement"])
def test_triples_of_a_subject_are_the_dumped_ones(
    graph: Graph, dumped: Graph, subject: URIRef
) -> None:
    assert set(graph.triples((subject, None, None))) == about(dumped, subject)


def test_len_is_the_dumped_triple_count(graph: Graph, dumped: Graph) -> None:
    """``len`` counts the default graph: the union of the named graphs, each triple once."""
    assert len(graph) == len(dumped) > 2000
