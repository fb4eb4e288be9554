"""The example research queries of the query page answer their questions on the seed dataset.

Expected answers come from the mapping files and the article text, read here independently of
the build; the offset check must find nothing on the build and exactly the statement whose text
was altered in a tampered copy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from flask.testing import FlaskClient
from playwright.sync_api import sync_playwright
from SPARQLWrapper import JSON, SPARQLWrapper

from stancegraph.sparql.example_queries import Example, examples
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.vocabulary.iris import data_iri, graph_iri
from tests.conftest import ROOT, LiveServer

EXAMPLES = {example.slug: example for example in examples(DEFAULT_BASE_URI)}
SLUG = "kosovo-nato-membership"
ARTICLE = (ROOT / "seeds" / f"{SLUG}.txt").read_text(encoding="utf-8")
KINDS = {"quote": str(SG.DirectQuote), "reported": str(SG.ReportedStatement)}
Row = dict[str, str]
CHROMIUM = Path("/usr/bin/chromium")


def mapping(name: str) -> Any:
    return yaml.safe_load((ROOT / "mappings" / name).read_text(encoding="utf-8"))


STATEMENTS = mapping(f"{SLUG}.yaml")["statements"]
POSITIONS = mapping(f"{SLUG}.yaml")["positions"]
ACTORS = {actor["id"]: actor for actor in mapping("actors.yaml")["actors"]}


def iri(kind: str, slug: str) -> str:
    return data_iri(DEFAULT_BASE_URI, kind, slug)


def run(server: LiveServer, example: Example) -> list[Row]:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(example.query)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    return [{name: value["value"] for name, value in row.items()} for row in bindings]


def in_order(rows: list[Row], key: str = "begin") -> bool:
    begins = [int(row[key]) for row in rows]
    return begins == sorted(begins)


def check_who_said_what(rows: list[Row]) -> None:
    expected = {
        (iri("actor", s["speaker"]), KINDS[s["kind"]], s["text"])
        for s in STATEMENTS
        if "kosovo-nato-membership" in s.get("about", [])
    }
    assert {(r["speaker"], r["kind"], r["text"]) for r in rows} == expected
    assert {r["name"] for r in rows} == {ACTORS[s[0].rsplit("/", 1)[1]]["label"] for s in expected}
    assert in_order(rows)


def check_stances(rows: list[Row]) -> None:
    expected = {
        (iri("actor", p["holder"]), iri("issue", p["issue"]), str(SG[p["stance"].title()]),
         len(set(p["evidence"])))
        for p in POSITIONS
    }  # fmt: skip
    found = {(r["actor"], r["issue"], r["stance"], int(r["statements"])) for r in rows}
    assert found == expected
    assert len(rows) == len(expected)


def check_analyst_quotes(rows: list[Row]) -> None:
    expected = {
        s["text"] for s in STATEMENTS if s["speaker"] == "vlade-radulovic" and s["kind"] == "quote"
    }
    assert {r["quote"] for r in rows} == expected
    for row in rows:
        assert ARTICLE[int(row["begin"]) : int(row["end"])] == row["quote"]
    assert in_order(rows)


def check_non_recognising_nato_members(rows: list[Row]) -> None:
    assert [r["name"] for r in rows] == ["Greece", "Romania", "Slovakia", "Spain"]
    assert {r["state"] for r in rows} == {
        iri("actor", s) for s in ("greece", "romania", "slovakia", "spain")
    }


def check_analyst_affiliations(rows: list[Row]) -> None:
    quoted = {s["speaker"] for s in STATEMENTS if s["kind"] == "quote"}
    analysts = [
        ACTORS[a]
        for a in quoted
        if ACTORS[a]["type"] == "person" and "analyst" in ACTORS[a].get("description", "")
    ]
    expected = {
        (a["label"], ACTORS[m["organization"]]["label"], m["role"])
        for a in analysts
        for m in a.get("memberships", [])
    }
    assert expected  # Radulovic and Obradovic, each with a centre
    assert {(r["name"], r["organizationName"], r["role"]) for r in rows} == expected


def check_offsets(rows: list[Row]) -> None:
    assert rows == []


CHECKS: dict[str, Callable[[list[Row]], None]] = {
    "who-said-what": check_who_said_what,
    "stances": check_stances,
    "analyst-quotes": check_analyst_quotes,
    "non-recognising-nato-members": check_non_recognising_nato_members,
    "analyst-affiliations": check_analyst_affiliations,
    "offset-check": check_offsets,
}


def test_every_example_has_a_check() -> None:
    assert set(CHECKS) == set(EXAMPLES)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_example_answers_its_question(live_server: LiveServer, slug: str) -> None:
    rows = run(live_server, EXAMPLES[slug])
    if slug != "offset-check":
        assert rows
    CHECKS[slug](rows)


def test_the_page_runs_every_example_without_javascript(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"}, buffered=True).text
    links = [html.unescape(href) for href in re.findall(r'href="([^"]*format=sparql-json)"', page)]
    assert len(links) == len(EXAMPLES)
    for link, example in zip(links, EXAMPLES.values(), strict=True):
        assert parse_qs(urlsplit(link).query)["query"] == [example.query]
        response = client.get(link, headers={"Accept": "*/*"}, follow_redirects=True, buffered=True)
        assert response.status_code == 200
        rows = response.get_json()["results"]["bindings"]
        assert bool(rows) is (example.slug != "offset-check")


def test_the_query_page_works_offline_in_a_browser(live_server: LiveServer) -> None:
    """YASGUI cannot load from its CDN here: the plain form takes over and runs an example."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        page.goto(live_server.url + "/sparql")
        assert page.is_visible("#plain-form")
        page.click("#non-recognising-nato-members summary")
        page.click("#non-recognising-nato-members button.load")
        assert page.input_value("#query") == EXAMPLES["non-recognising-nato-members"].query
        page.select_option("#format", "sparql-json")
        with page.expect_response(lambda response: "/sparql?" in response.url) as answer:
            page.click("#plain-form button[type=submit]")
        rows = answer.value.json()["results"]["bindings"]
        browser.close()
    assert [row["name"]["value"] for row in rows] == ["Greece", "Romania", "Slovakia", "Spain"]


def test_the_offset_check_finds_a_tampered_statement(
    start_server: Callable[..., LiveServer], seed_dist: Path, tmp_path: Path
) -> None:
    statement = iri("statement", f"{SLUG}-radulovic-q2")
    original = next(s["text"] for s in STATEMENTS if s["id"] == "radulovic-q2")
    lines = (seed_dist / "dataset.nq").read_text(encoding="utf-8").splitlines()
    target = f"<{statement}> <{SG.text}> "
    tampered = [
        f'{target}"tampered" <{graph_iri(DEFAULT_BASE_URI, SLUG)}> .'
        if line.startswith(target)
        else line
        for line in lines
    ]
    assert tampered != lines
    path = tmp_path / "tampered.nq"
    path.write_text("\n".join(tampered) + "\n", encoding="utf-8")
    server = start_server(["--dataset", str(path), "--workers", "1"])
    rows = run(server, EXAMPLES["offset-check"])
    assert [(r["statement"], r["text"], r["found"]) for r in rows] == [
        (statement, "tampered", original)
    ]
