"""A query that would take all the memory is stopped at its limit; the worker and the next query
go on (issue 16, attack 3: an 8-way CONCAT chain reached 3.7 GB in one query process)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient

from stancegraph.sparql.query_memory import FLOOR_MB, MB, query_memory
from tests.conftest import LiveServer, make_app

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#: Doubles the article's text twenty times: about 10 GB of string if nothing stopped it.
BOMB = (
    f"SELECT (STRLEN(?x20) AS ?n) WHERE {{ ?a <{NIF}isString> ?x0 . "
    + " ".join(f"BIND (CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(20))
    + " }"
)
CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/stancegraph/ontology#Statement> }"


@pytest.fixture(scope="module")
def capped(seed_dist: Path) -> FlaskClient:
    app = make_app(
        {"dist_dir": str(seed_dist), "query_memory_mb": 128, "answer_cache_mb": 0, "query_slots": 2}
    )
    return app.test_client()


def ask(client: FlaskClient, query: str) -> tuple[int, str]:
    """Status and body; the answer is closed, which frees its query slot, as a server does."""
    with client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "text/csv"}
    ) as answer:
        return answer.status_code, answer.get_data(as_text=True)


def test_a_memory_bomb_gets_503_and_the_next_query_runs(capped: FlaskClient) -> None:
    for _ in range(3):  # and again: each time a fresh query process, the worker unharmed
        status, body = ask(capped, BOMB)
        assert status == 503, body
        assert body == (
            "503 Service Unavailable: query exceeded its memory limit (128 MB, setting "
            "query_memory_mb); narrow it down or add a LIMIT\n"
        )
        status, body = ask(capped, CHEAP)
        assert (status, body.splitlines()[1]) == (200, "39")


def test_a_query_within_the_limit_is_answered_whole(capped: FlaskClient) -> None:
    """Eight doublings of the text (2.5 MB) fit in 128 MB: the limit is no cap on ordinary work."""
    eight = BOMB.replace("?x20", "?x8").split("BIND (CONCAT(?x8")[0] + "}"
    status, body = ask(capped, eight)
    assert status == 200, body
    length = int(body.splitlines()[1])
    assert length > 2_000_000 and length % 256 == 0


def test_the_default_allowance_is_sized_from_the_machine() -> None:
    machine = 16 << 30  # 16 GB
    assert query_memory(0, workers=2, slots=4, machine=machine) == 1 << 30  # 8 GB over 8 slots
    assert query_memory(0, workers=8, slots=8, machine=machine) == FLOOR_MB * MB
    assert query_memory(300, workers=2, slots=4, machine=machine) == 300 * MB


def test_the_served_endpoint_stops_the_bomb_and_keeps_serving(
    start_server: Callable[..., LiveServer], seed_dist: Path
) -> None:
    """The same through ``stancegraph serve`` (gunicorn), set by the environment."""
    server = start_server(
        ["--dist-dir", str(seed_dist)],
        {"STANCEGRAPH_QUERY_MEMORY_MB": "128", "STANCEGRAPH_ANSWER_CACHE_MB": "0"},
    )
    for query, expected in ((BOMB, 503), (CHEAP, 200), (BOMB, 503), (CHEAP, 200)):
        answer = requests.get(
            server.url + "/sparql",
            params={"query": query},
            headers={"Accept": "text/csv"},
            timeout=60,
        )
        assert answer.status_code == expected, answer.text
        if expected == 200:
            assert answer.text.splitlines()[1] == "39"
        else:
            assert "query exceeded its memory limit (128 MB" in answer.text
            assert answer.headers["Retry-After"] == "1"
    assert server.process.poll() is None
