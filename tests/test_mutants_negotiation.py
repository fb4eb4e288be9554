"""Content negotiation and the validators on a bare Flask request, without a dataset.

Written against the mutants that survived the Linked Data tests (see TESTING.md): which format
wins on aliases, wildcards and ties, the words of a 406, and each header of a cacheable answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask import Flask
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response

from stancegraph.core.errors import NotAcceptable
from stancegraph.core.formats import BY_NAME, ERROR_FORMATS, RESOURCE_FORMATS
from stancegraph.web.negotiation import CACHE_CONTROL, cacheable, choose, entity_tag, negotiate

TURTLE, HTML, JSONLD = BY_NAME["turtle"], BY_NAME["html"], BY_NAME["jsonld"]
MODIFIED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


@dataclass
class FakeSnapshot:
    etag: str = "d1g3st"
    modified: datetime | None = MODIFIED


@pytest.fixture
def app() -> Iterator[Flask]:
    yield Flask(__name__)


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


def test_no_accept_header_gives_the_first_candidate() -> None:
    assert negotiate(accept(""), RESOURCE_FORMATS) is TURTLE
    assert negotiate(accept(""), ()) is None


def test_q_values_and_ties_decide() -> None:
    assert negotiate(accept("text/html;q=0.9, text/turtle;q=0.8"), RESOURCE_FORMATS) is HTML
    assert negotiate(accept("text/html, text/turtle"), RESOURCE_FORMATS) is TURTLE  # a tie
    assert negotiate(accept("*/*"), RESOURCE_FORMATS) is TURTLE
    assert negotiate(accept("image/png"), RESOURCE_FORMATS) is None


def test_an_alias_counts_only_when_the_header_names_it() -> None:
    assert negotiate(accept("application/x-turtle"), RESOURCE_FORMATS) is TURTLE
    assert negotiate(accept("APPLICATION/XHTML+XML ; q=1"), RESOURCE_FORMATS) is HTML
    # Through a wildcard, the alias of HTML must not beat Turtle rated higher by its own name.
    header = "text/turtle;q=0.2, application/*;q=0.9, text/html;q=0.1"
    assert negotiate(accept(header), RESOURCE_FORMATS) is JSONLD
    assert negotiate(accept("text/turtle;q=0.5, application/*;q=0.4"), (HTML, TURTLE)) is TURTLE


def test_choose_reads_the_requests_accept_header(app: Flask) -> None:
    with app.test_request_context(headers={"Accept": "application/ld+json"}):
        assert choose(RESOURCE_FORMATS) is JSONLD
    with app.test_request_context():
        assert choose(ERROR_FORMATS) is BY_NAME["text"]


def test_nothing_acceptable_is_a_406_that_lists_what_is(app: Flask) -> None:
    with (
        app.test_request_context(headers={"Accept": "image/png"}),
        pytest.raises(NotAcceptable) as refused,
    ):
        choose((TURTLE, HTML))
    assert str(refused.value) == (
        "None of the media types in your Accept header is available here. "
        "Available: text/turtle, text/html."
    )


def test_an_entity_tag_is_the_datasets_and_a_digest_of_the_parts() -> None:
    snapshot = FakeSnapshot()
    tag = entity_tag(snapshot, "doc/actor/x", "turtle")  # type: ignore[arg-type]
    digest = hashlib.sha256(b"doc/actor/x\0turtle").hexdigest()[:16]
    assert tag == f"d1g3st-{digest}"
    assert tag != entity_tag(snapshot, "doc/actor/x", "html")  # type: ignore[arg-type]
    assert tag != entity_tag(FakeSnapshot("other"), "doc/actor/x", "turtle")  # type: ignore[arg-type]
    assert tag == entity_tag(FakeSnapshot(), "doc/actor/x", "turtle")  # type: ignore[arg-type]


def cacheable_answer(app: Flask, negotiated: bool, **headers: str) -> Response:
    with app.test_request_context(headers=headers):
        response = Response("body", mimetype="text/turtle")
        return cacheable(response, FakeSnapshot(), "tag-1", negotiated)  # type: ignore[arg-type]


def test_a_cacheable_answer_carries_its_validators(app: Flask) -> None:
    response = cacheable_answer(app, negotiated=True)
    assert response.status_code == 200 and response.get_data() == b"body"
    assert response.headers["ETag"] == '"tag-1"'
    assert response.headers["Last-Modified"] == "Mon, 06 May 2024 07:08:09 GMT"
    assert response.headers["Cache-Control"] == CACHE_CONTROL == "public, no-cache"
    assert response.headers["Vary"] == "Accept"


def test_an_answer_not_negotiated_does_not_vary(app: Flask) -> None:
    assert "Vary" not in cacheable_answer(app, negotiated=False).headers


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": '"tag-1"'},
        {"If-None-Match": '"other", "tag-1"'},
        {"If-Modified-Since": "Mon, 06 May 2024 07:08:09 GMT"},
        {"If-Modified-Since": "Tue, 07 May 2024 00:00:00 GMT"},
    ],
)
def test_a_matching_conditional_request_gets_304(app: Flask, headers: dict[str, str]) -> None:
    response = cacheable_answer(app, negotiated=True, **headers)
    assert response.status_code == 304  # the WSGI server sends no body with it
    assert response.headers["ETag"] == '"tag-1"'


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": '"other"'},
        {"If-Modified-Since": "Sun, 05 May 2024 00:00:00 GMT"},
    ],
)
def test_a_conditional_request_that_does_not_match_gets_the_body(
    app: Flask, headers: dict[str, str]
) -> None:
    response = cacheable_answer(app, negotiated=True, **headers)
    assert response.status_code == 200 and response.get_data() == b"body"


def test_a_failed_precondition_gets_412(app: Flask) -> None:
    assert cacheable_answer(app, negotiated=False, **{"If-Match": '"other"'}).status_code == 412
    assert cacheable_answer(app, negotiated=False, **{"If-Match": '"tag-1"'}).status_code == 200
