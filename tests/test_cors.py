"""Every answer of the read-only server may be read by a page of any origin (CORS), never with
credentials, and exposes the headers Linked Data clients follow."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

ORIGIN = {"Origin": "https://notebook.example"}

#: Paths of every kind of answer: a 303, documents in several formats, the dataset, the ontology,
#: a dump, the health check, the query page, and an error.
PATHS = [
    ("/id/actor/vlade-radulovic", 303),
    ("/doc/actor/vlade-radulovic.ttl", 200),
    ("/doc/actor/vlade-radulovic", 200),
    ("/doc/issues.jsonld", 200),
    ("/dataset", 200),
    ("/.well-known/void", 303),
    ("/ontology", 200),
    ("/dumps/dataset.nt", 200),
    ("/healthz", 200),
    ("/nothing/here", 404),
]


@pytest.mark.parametrize(("path", "status"), PATHS)
def test_every_answer_allows_any_origin_without_credentials(
    client: FlaskClient, path: str, status: int
) -> None:
    response = client.get(path, headers=ORIGIN, buffered=True)
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Link", "ETag", "Location", "Retry-After"} <= exposed


def test_the_endpoint_exposes_its_own_headers(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers=ORIGIN, buffered=True
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"X-SPARQL-MaxRows", "Retry-After"} <= exposed
