"""Every IRI the dataset mints answers, and every link on every page leads somewhere.

The IRIs are read from the built dump, not from the server: each one under ``base_uri`` must
dereference (following the 303) to a description in which it is a subject, and to an HTML page
that names it. Then a crawler follows every local link from the home page. Both ask the
application in this process through Flask's test client; the dataset description is read by
rdflib from a live server.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask.testing import FlaskClient
from markupsafe import escape
from rdflib import Graph, URIRef
from werkzeug.test import TestResponse

from stancegraph.vocabulary import DEFAULT_BASE_URI, ONTOLOGY_IRI

BASE = DEFAULT_BASE_URI
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: Fragments that land on an element of the HTML page: spans in the article text, ontology terms.
ANCHORED = re.compile(r"^(char=\d+,\d+|[A-Za-z]+)$")
LOCAL_LINK = re.compile(r'href="(/[^"#]*)')
#: The SPARQL endpoint has its own tests: its page must answer, its links are not followed.
NOT_FOLLOWED = ("/sparql",)


def minted(dump: Path) -> dict[str, set[str]]:
    """Every IRI under BASE in the dump (any position, graph names included), by document.

    The versions of the ontology (``{ONTOLOGY_IRI}/0.2.0``, its ``owl:versionIRI`` and
    ``owl:priorVersion``) are left out: they are the vocabulary's, published where the ontology
    is, not minted by the dataset (they fall under BASE only while BASE is the default).
    """
    documents: defaultdict[str, set[str]] = defaultdict(set)
    for quad in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if (
                isinstance(term, ox.NamedNode)
                and term.value.startswith(BASE)
                and not term.value.startswith(ONTOLOGY_IRI + "/")
            ):
                documents[term.value.split("#", 1)[0]].add(term.value)
    return documents


def hops(response: TestResponse | requests.Response) -> list[int]:
    """The statuses of the redirects followed to get ``response``."""
    return [hop.status_code for hop in response.history]


def follow(client: FlaskClient, path: str, accept: str) -> TestResponse:
    """A GET of the app as a crawler sends it: redirects followed, each a 303 (the site's only)."""
    response = client.get(path, headers={"Accept": accept}, follow_redirects=True, buffered=True)
    assert hops(response) == [303] * len(response.history), f"{path}: {hops(response)}"
    return response


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


def test_every_minted_iri_dereferences_to_its_description(
    client: FlaskClient, seed_dist: Path
) -> None:
    documents = minted(seed_dist / "dataset.nq")
    assert sum(len(iris) for iris in documents.values()) > 150
    for document, iris in sorted(documents.items()):
        path = "/" + document[len(BASE) :]
        turtle = follow(client, path, "text/turtle")
        assert turtle.status_code == 200, f"{document}: {turtle.status_code}"
        # A thing (/id/) is not a document: one 303 to its description; documents answer at once.
        assert hops(turtle) == ([303] if path.startswith("/id/") else []), document
        subjects = {str(s) for s in Graph().parse(data=turtle.text, format="turtle").subjects()}
        undescribed = iris - subjects
        where = turtle.request.path
        assert not undescribed, f"{where} does not describe {sorted(undescribed)[:3]}"
        page = follow(client, path, BROWSER)
        assert page.status_code == 200, f"{document}: {page.status_code}"
        assert page.headers["Content-Type"].startswith("text/html")
        where = page.request.path
        assert str(escape(document)) in page.text, f"{where} does not name {document}"
        for iri in iris - {document}:
            fragment = iri.split("#", 1)[1]
            if ANCHORED.match(fragment):
                assert f'id="{fragment}"' in page.text, f"{where} has no #{fragment}"


def test_every_dataset_description_iri_dereferences(live_server, session) -> None:
    description = Graph().parse(f"{live_server.url}/dataset.ttl", format="turtle")
    iris = {
        str(t)
        for triple in description
        for t in triple
        if isinstance(t, URIRef) and t.startswith(BASE)
    }
    local = {iri.split("#", 1)[0][len(BASE) - 1 :] or "/" for iri in iris}
    assert {"/dataset", "/dumps/dataset.nq", "/graph/registry", "/sparql"} <= local
    for path in sorted(local):
        response = session.get(live_server.url + path, timeout=10)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        # RDF clients (*/*) are sent from / and /id/... to a description by one 303.
        redirected = path == "/" or path.startswith("/id/")
        assert hops(response) == ([303] if redirected else []), path


def test_every_link_on_every_page_leads_somewhere(client: FlaskClient) -> None:
    seen, pending = {"/"}, ["/"]
    while pending:
        path = pending.pop()
        response = follow(client, path, BROWSER)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if path.startswith(NOT_FOLLOWED) or not response.headers["Content-Type"].startswith(
            "text/html"
        ):
            continue
        for link in map(html.unescape, LOCAL_LINK.findall(response.text)):
            if link not in seen:
                seen.add(link)
                pending.append(link)
    pages = [p for p in seen if p.startswith(("/id/", "/doc/"))]
    assert len(pages) > 100
