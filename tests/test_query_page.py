"""The query page without a browser: the vendored YASGUI's integrity, and answers as HTML tables.

The HTML table is the answer the query process wrote in its carrier format (SPARQL JSON,
N-Triples), rendered by the web layer: these tests check its cells (escaped), its links (data
IRIs to this server's pages, other IRIs to themselves, none to ``javascript:``), ASK as a
sentence, the truncation notice, and that the query ran once.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_runner import Answer, Runner
from stancegraph.vocabulary import DEFAULT_BASE_URI
from stancegraph.web import yasgui
from tests.conftest import make_app
from tests.page_dom import Element, parse

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACTOR = "vlade-radulovic"
ACTOR_IRI = f"{DEFAULT_BASE_URI}id/actor/{ACTOR}"


def table_page(client: FlaskClient, query: str, **headers: str) -> Element:
    response = client.get(
        "/sparql", query_string={"query": query, "format": "html"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return parse(response.text)


def cells(page: Element) -> list[list[Element]]:
    """The cells of the results table, row by row, without the row numbers."""
    return [row.all("td")[1:] for row in page.one("table", "results").one("tbody").all("tr")]


# --- The vendored files --------------------------------------------------------------------------


def test_the_vendored_files_match_their_manifest() -> None:
    listed = yasgui.digests()
    present = {p.name for p in yasgui.DIRECTORY.iterdir()} - {"SHA256SUMS", "README.md"}
    assert set(listed) == present == {"yasgui.min.js", "yasgui.min.css", "LICENSE"}
    for name, digest in listed.items():
        assert hashlib.sha256((yasgui.DIRECTORY / name).read_bytes()).hexdigest() == digest, name


def test_a_manifest_line_that_is_no_digest_says_where(tmp_path: Path) -> None:
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text("0" * 64 + "  a.js\nnot a digest\n", "utf-8")
    with pytest.raises(ValueError, match=r"SHA256SUMS:2: expected '<sha256>  <file>'"):
        yasgui.digests(manifest)


def test_the_page_loads_yasgui_from_here_pinned_to_the_manifest(client: FlaskClient) -> None:
    text = client.get("/sparql", headers={"Accept": "text/html"}).text
    page = parse(text)
    scripts = {s.attrs["src"]: s.attrs.get("integrity") for s in page.all("script")}
    styles = {s.attrs["href"]: s.attrs.get("integrity") for s in page.all("link", rel="stylesheet")}
    assert all(src.startswith("/static/") for src in [*scripts, *styles])  # no other host
    for url, integrity in (
        ("/static/yasgui/yasgui.min.js", scripts["/static/yasgui/yasgui.min.js"]),
        ("/static/yasgui/yasgui.min.css", styles["/static/yasgui/yasgui.min.css"]),
    ):
        response = client.get(url)
        served = response.get_data()
        response.close()
        expected = "sha256-" + base64.b64encode(hashlib.sha256(served).digest()).decode()
        assert integrity == expected, url
    assert "<script>" not in text and "unpkg" not in text and "cdn" not in text.lower()


def test_the_page_offers_the_prefixes_the_form_and_every_research_question(
    client: FlaskClient,
) -> None:
    page = parse(client.get("/sparql", headers={"Accept": BROWSER_ACCEPT}).text)
    assert page.one("nav", **{"aria-label": "Main"}).links()  # the site's navigation
    holder = page.one("div", id="yasgui")
    assert holder.attrs["data-endpoint"] == "/sparql"
    assert holder.attrs["data-base"] == DEFAULT_BASE_URI
    assert '"actor": "https://w3id.org/stancegraph/id/actor/"' in holder.attrs["data-prefixes"]
    form = page.one("form", id="plain-form")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/sparql")
    assert form.one("option", selected="").attrs["value"] == "html"
    links = page.all("a", "example")
    assert len(links) >= 10
    for link in links:
        assert link.attrs["href"].startswith("/sparql?query=PREFIX")
        assert link.attrs["href"].endswith("&format=html")


# --- Answers as HTML tables --------------------------------------------------------------------


def test_iris_link_to_their_pages_and_literals_are_text(client: FlaskClient) -> None:
    page = table_page(
        client,
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?who ?name ?class ?elsewhere ?unbound {{
          BIND (<{ACTOR_IRI}> AS ?who)
          ?who rdfs:label ?name ; a ?class .
          FILTER (?class = <https://w3id.org/stancegraph/ontology#Person>)
          BIND (<https://example.org/x?a=1&b=2> AS ?elsewhere)
        }}""",
    )
    assert [th.text for th in page.one("thead").all("th")] == [
        "#",
        "?who",
        "?name",
        "?class",
        "?elsewhere",
        "?unbound",
    ]
    ((who, name, cls, elsewhere, unbound),) = cells(page)
    assert who.one("a").attrs == {"href": f"/id/actor/{ACTOR}", "title": ACTOR_IRI}
    assert who.text == f"actor:{ACTOR}"
    assert name.text == "Vlade Radulovic" and name.all("a") == []
    assert cls.one("a").attrs["href"] == "/ontology#Person"  # the ontology is served here too
    assert cls.text == "sg:Person"
    assert elsewhere.one("a").attrs["href"] == "https://example.org/x?a=1&b=2"
    assert unbound.one("span", "unbound").attrs["title"] == "unbound"


def test_cells_are_escaped_and_hostile_iris_link_nowhere(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={
            "query": 'SELECT ?text ?iri { BIND ("<script>alert(1)</script> & \\"x\\""@en AS ?text)'
            " BIND (<javascript:alert(1)> AS ?iri) }",
            "format": "html",
        },
    )
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in response.text
    ((text, iri),) = cells(parse(response.text))
    assert text.text == '<script>alert(1)</script> & "x" @en'
    assert iri.one("a").attrs["href"] == "#"


def test_typed_literals_and_triple_terms_show_what_they_are(client: FlaskClient) -> None:
    page = table_page(
        client,
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        'SELECT ?n ?d ?b { BIND (42 AS ?n) BIND ("2024-01-02"^^xsd:date AS ?d) BIND (BNODE() AS ?b) }',
    )
    ((number, date, blank),) = cells(page)
    assert number.text == "42 xsd:integer"
    assert date.text == "2024-01-02 xsd:date"
    assert blank.text.startswith("_:")


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        (f"ASK {{ <{ACTOR_IRI}> ?p ?o }}", "yes"),
        ("ASK { <https://example.org/nothing> ?p ?o }", "no"),
    ],
)
def test_ask_is_a_sentence(client: FlaskClient, query: str, answer: str) -> None:
    page = table_page(client, query)
    assert page.one("p", "ask").one("strong").text == answer
    assert page.all("table", "results") == []


def test_a_graph_is_a_table_of_triples(client: FlaskClient) -> None:
    page = table_page(
        client,
        f"CONSTRUCT {{ <{ACTOR_IRI}> ?p ?o }} WHERE {{ <{ACTOR_IRI}> ?p ?o }}",
    )
    assert [th.text for th in page.one("thead").all("th")] == [
        "#",
        "subject",
        "predicate",
        "object",
    ]
    rows = cells(page)
    assert rows and all(row[0].one("a").attrs["href"] == f"/id/actor/{ACTOR}" for row in rows)
    assert "Vlade Radulovic" in [row[2].text for row in rows]


def test_the_page_shows_the_query_in_the_form_to_edit(client: FlaskClient) -> None:
    query = "SELECT * { ?s ?p ?o } LIMIT 1"
    page = table_page(client, query)
    assert page.one("textarea", id="query").text == query
    assert page.one("p", "count").text == "1 row."


@pytest.fixture(scope="module")
def capped(seed_dist: Path) -> Flask:
    return make_app({"dist_dir": str(seed_dist), "max_result_rows": 3, "answer_cache_mb": 0})


def test_a_cut_answer_says_so(capped: Flask) -> None:
    response = capped.test_client().get(
        "/sparql", query_string={"query": "SELECT * { ?s ?p ?o }", "format": "html"}
    )
    assert response.headers["X-SPARQL-MaxRows"] == "3"
    page = parse(response.text)
    assert len(cells(page)) == 3
    assert "cut at 3 rows" in page.one("p", "truncated").text
    assert "max_result_rows" in page.one("p", "truncated").text


class Counting:
    """A runner that counts the jobs it is given and remembers their formats."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.timeout = runner.timeout
        self.max_rows = runner.max_rows
        self.jobs: list[Job] = []

    def run(self, job: Job, client: str = "") -> Answer:
        self.jobs.append(job)
        return self.runner.run(job, client)


def test_the_page_runs_the_query_once_in_its_carrier_format(capped: Flask) -> None:
    endpoint = capped.extensions["stancegraph.sparql"]
    counting = Counting(endpoint.runner)
    endpoint.runner = counting
    try:
        query = f"SELECT ?p {{ <{ACTOR_IRI}> ?p ?o }} ORDER BY ?p LIMIT 2"
        response = capped.test_client().get(
            "/sparql",
            query_string={"query": query},
            headers={
                "Accept": BROWSER_ACCEPT  # a browser following a link: the page, negotiated
            },
        )
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Vary"] == "Accept"
    finally:
        endpoint.runner = counting.runner
    (job,) = counting.jobs
    assert {kind.value: fmt.name for kind, fmt in job.formats.items() if fmt} == {
        "SELECT": "sparql-json",
        "ASK": "sparql-json",
        "CONSTRUCT or DESCRIBE": "ntriples",
    }
    assert len(cells(parse(response.text))) == 2


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("", "application/sparql-results+json"),
        ("text/html", "text/html"),
        (BROWSER_ACCEPT, "text/html"),
    ],
)
def test_the_page_is_chosen_only_when_html_is_asked_for(
    client: FlaskClient, accept: str, expected: str
) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Accept": accept} if accept else {}
    )
    assert response.mimetype == expected
