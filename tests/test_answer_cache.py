"""The answer cache in front of the real query runner, on the seed loaded in memory.

Whole answers are kept and given again byte for byte; answers read in part, errors and answers
over an eighth of the budget are not; the least recently used go first when the budget is full.
(That a kept answer needs no query slot is shown over HTTP in ``test_sparql_safety``.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from stancegraph.core.errors import QueryInvalid
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.answer_cache import ENTRY_OVERHEAD, CachingRunner
from stancegraph.sparql.query_guard import check
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import dataset_file, load
from stancegraph.vocabulary import DEFAULT_BASE_URI

JSON = {ResultKind.SOLUTIONS: BY_NAME["sparql-json"]}
CSV = {ResultKind.SOLUTIONS: BY_NAME["csv"]}
LABEL = "SELECT ?label WHERE {{ <{base}id/actor/{slug}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def label_job(slug: str, formats: dict[ResultKind, object] = JSON) -> Job:
    return Job(LABEL.format(base=DEFAULT_BASE_URI, slug=slug), formats)  # type: ignore[arg-type]


def labels(body: bytes) -> list[str]:
    return [row["label"]["value"] for row in json.loads(body)["results"]["bindings"]]


@pytest.fixture(scope="module")
def query_runner(seed_dist: Path) -> QueryRunner:
    return QueryRunner(load(dataset_file(seed_dist)).store, timeout=10, max_rows=1000, slots=2)


def test_a_whole_answer_is_kept_and_given_again(query_runner: QueryRunner) -> None:
    runner = CachingRunner(query_runner, 1 << 20)
    job = label_job("spain")
    first = runner.run(job).body.read()
    assert labels(first) == ["Spain"]
    assert runner.keeps(job) and runner.size == len(first) + ENTRY_OVERHEAD
    again = runner.run(job)
    assert again.format is BY_NAME["sparql-json"] and not again.truncated
    assert b"".join(again.body) == first
    # Another format, or another query, is another answer.
    assert not runner.keeps(label_job("spain", CSV))
    assert runner.run(label_job("spain", CSV)).body.read() == b"label\r\nSpain\r\n"
    assert runner.size == len(first) + len(b"label\r\nSpain\r\n") + 2 * ENTRY_OVERHEAD


def test_an_answer_read_in_part_is_not_kept(query_runner: QueryRunner) -> None:
    runner = CachingRunner(query_runner, 1 << 20)
    job = Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", CSV)
    answer = runner.run(job)
    next(iter(answer.body))
    answer.body.close()  # the client went away
    assert not runner.keeps(job) and runner.size == 0


def test_errors_are_not_kept(query_runner: QueryRunner) -> None:
    runner = CachingRunner(query_runner, 1 << 20)
    job = Job("SELECT ?s WHERE { ?s ?p }", JSON)
    for _ in range(2):
        with pytest.raises(QueryInvalid, match="query syntax: error at 1:26"):
            runner.run(job)
    assert not runner.keeps(job) and runner.size == 0


def test_large_answers_are_streamed_not_kept(query_runner: QueryRunner) -> None:
    runner = CachingRunner(query_runner, 8 * (1_000 + ENTRY_OVERHEAD))  # answers up to 1,000 B
    large = Job("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50", CSV)
    body = runner.run(large).body.read()
    assert len(body) > 1_000 and body.count(b"\r\n") == 51
    assert not runner.keeps(large)


def test_the_least_recently_used_go_first(query_runner: QueryRunner) -> None:
    size = len(CachingRunner(query_runner, 1 << 20).run(label_job("z")).body.read())
    cost = size + ENTRY_OVERHEAD
    runner = CachingRunner(query_runner, 8 * cost + cost // 2)  # room for 8 such answers
    slugs = [f"x{i}" for i in range(8)]  # unknown actors: same-size answers with no rows
    for slug in slugs:
        runner.run(label_job(slug)).body.read()
    assert all(runner.keeps(label_job(slug)) for slug in slugs)
    runner.run(label_job(slugs[0])).body.read()  # x0 used again: x1 is now the oldest
    runner.run(label_job("y")).body.read()
    assert runner.keeps(label_job("y")) and runner.keeps(label_job(slugs[0]))
    assert not runner.keeps(label_job(slugs[1]))
    assert runner.size <= runner.capacity


def test_a_long_query_costs_its_answer_not_its_text(query_runner: QueryRunner) -> None:
    """Keys are digests: 50 KB of comment in a query do not count against the budget."""
    runner = CachingRunner(query_runner, 1 << 20)
    job = Job(LABEL.format(base=DEFAULT_BASE_URI, slug="spain") + "\n#" + "x" * 50_000, JSON)
    body = runner.run(job).body.read()
    assert labels(body) == ["Spain"]
    assert runner.keeps(job) and runner.size == len(body) + ENTRY_OVERHEAD


@pytest.mark.parametrize("call", ["RAND()", "NOW()", "UUID()", "STRUUID()", "BNODE()", "rand()"])
def test_queries_that_change_from_run_to_run_are_volatile(call: str) -> None:
    assert check(f"SELECT ({call} AS ?x) WHERE {{}}", frozenset()).volatile
    assert not check("SELECT ?rand WHERE { ?rand ?now ?uuid }", frozenset()).volatile


def test_a_volatile_answer_is_not_kept(query_runner: QueryRunner) -> None:
    runner = CachingRunner(query_runner, 1 << 20)
    job = Job("SELECT (STRUUID() AS ?id) WHERE {}", CSV, volatile=True)
    answers = {runner.run(job).body.read() for _ in range(3)}
    assert len(answers) == 3 and all(a.startswith(b"id\r\n") for a in answers)
    assert not runner.keeps(job) and runner.size == 0


def test_over_http_each_run_of_a_volatile_query_is_new(client: FlaskClient) -> None:
    """Through the endpoint: STRUUID() gives a new value each time, cache or not."""
    query = "SELECT (STRUUID() AS ?id) WHERE {}"
    values = set()
    for _ in range(6):
        answer = client.get(
            "/sparql", query_string={"query": query}, headers={"Accept": "*/*"}, buffered=True
        )
        assert answer.status_code == 200, answer.text
        values.add(answer.get_json()["results"]["bindings"][0]["id"]["value"])
    assert len(values) == 6
