"""``stancegraph query``: the built dataset by default, any endpoint with ``--endpoint``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pyoxigraph import QueryResultsFormat, QuerySolutions, RdfFormat, parse, parse_query_results
from rdflib.namespace import SKOS

from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.vocabulary.iris import data_iri
from tests.conftest import ROOT, LiveServer, refusing_port

ISSUES = f"""PREFIX sg: <{SG}>
PREFIX skos: <{SKOS}>
SELECT ?issue ?label WHERE {{ ?issue a sg:Issue ; skos:prefLabel ?label }} ORDER BY ?issue"""
CONSTRUCT = ISSUES.replace("SELECT ?issue ?label", "CONSTRUCT { ?issue skos:prefLabel ?label }")
CONSTRUCT = CONSTRUCT.replace(" ORDER BY ?issue", "")


@pytest.fixture(scope="module")
def issues() -> set[tuple[str, str]]:
    registry = yaml.safe_load((ROOT / "mappings" / "issues.yaml").read_text(encoding="utf-8"))
    return {
        (data_iri(DEFAULT_BASE_URI, "issue", i["id"]), i["label"])
        for i in registry["issues"]
        if i["kind"] != "topic"  # a topic is an sg:Topic, not an sg:Issue
    }


def stancegraph(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stancegraph.cli", "query", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def local(seed_dist: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return stancegraph(*args, "--dist-dir", str(seed_dist))


def test_table_is_the_default(seed_dist: Path, issues: set[tuple[str, str]]) -> None:
    lines = ok(local(seed_dist, ISSUES)).splitlines()
    assert lines[0].split() == ["issue", "label"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == f"({len(issues)} rows)"
    rows = lines[2:-1]
    assert len([r for r in rows if r.startswith("issue:")]) == len(issues)  # long labels wrap
    assert any(
        r.startswith("issue:kosovo-nato-membership ")
        and "Kosovo should become a member of NATO." in r
        for r in rows
    )


def solutions(text: str, fmt: str) -> set[tuple[str, str]]:
    if fmt == "csv":
        return {(r["issue"], r["label"]) for r in csv.DictReader(io.StringIO(text))}
    parsed = parse_query_results(
        text, QueryResultsFormat.JSON if fmt == "json" else QueryResultsFormat.TSV
    )
    assert isinstance(parsed, QuerySolutions)
    return {(s["issue"].value, s["label"].value) for s in parsed}


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_result_formats(seed_dist: Path, issues: set[tuple[str, str]], fmt: str) -> None:
    assert solutions(ok(local(seed_dist, ISSUES, "--format", fmt)), fmt) == issues


def test_construct_as_turtle_and_as_a_table(seed_dist: Path, issues: set[tuple[str, str]]) -> None:
    turtle = ok(local(seed_dist, CONSTRUCT, "--format", "turtle"))
    triples = {(t.subject.value, t.object.value) for t in parse(turtle, RdfFormat.TURTLE)}
    assert triples == issues
    lines = ok(local(seed_dist, CONSTRUCT)).splitlines()
    assert lines[0].split() == ["subject", "predicate", "object"]
    assert lines[-1] == f"({len(issues)} rows)"


def test_ask(seed_dist: Path) -> None:
    assert ok(local(seed_dist, f"ASK {{ ?s a <{SG.Position}> }}")) == "true\n"
    assert ok(local(seed_dist, f"ASK {{ ?s a <{SG.Position}> }}", "--format", "json")) == (
        '{"head":{},"boolean":true}'
    )


def test_query_from_a_file_or_stdin(seed_dist: Path, tmp_path: Path) -> None:
    path = tmp_path / "issues.rq"
    path.write_text(ISSUES, encoding="utf-8")
    from_file = ok(local(seed_dist, f"@{path}", "--format", "json"))
    from_stdin = ok(
        stancegraph("@-", "--dist-dir", str(seed_dist), "--format", "json", stdin=ISSUES)
    )
    assert from_file == from_stdin == ok(local(seed_dist, ISSUES, "--format", "json"))


def test_dataset_option(seed_dist: Path) -> None:
    result = stancegraph(
        f"ASK {{ ?s a <{SG.Position}> }}", "--dataset", str(seed_dist / "dataset.nq")
    )
    assert ok(result) == "true\n"


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_remote_endpoint_gives_the_same_answer(
    live_server: LiveServer, seed_dist: Path, fmt: str
) -> None:
    remote = ok(stancegraph(ISSUES, "--endpoint", live_server.url + "/sparql", "--format", fmt))
    assert remote == ok(local(seed_dist, ISSUES, "--format", fmt))


def test_remote_construct(live_server: LiveServer, issues: set[tuple[str, str]]) -> None:
    url = live_server.url + "/sparql"
    turtle = ok(stancegraph(CONSTRUCT, "--endpoint", url, "--format", "turtle"))
    assert {(t.subject.value, t.object.value) for t in parse(turtle, RdfFormat.TURTLE)} == issues
    assert json.loads(ok(stancegraph("ASK {}", "--endpoint", url, "--format", "json")))["boolean"]


@pytest.mark.parametrize(("args", "message"), [
    (["CLEAR ALL"], "read-only"),
    (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE is refused"),
    (["ASK {}", "--format", "csv"], "--format csv cannot show ASK results"),
    (["SELECT * WHERE {\n ?s"], "syntax error at line 2, column 4: "),
    (["@/nonexistent/query.rq"], "/nonexistent/query.rq: cannot read the query"),
])  # fmt: skip
def test_local_errors(seed_dist: Path, args: list[str], message: str) -> None:
    result = local(seed_dist, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("stancegraph query: ") and message in result.stderr


def test_remote_errors(live_server: LiveServer) -> None:
    url = live_server.url + "/sparql"
    syntax = stancegraph("SELECT * WHERE {\n ?s", "--endpoint", url)
    assert syntax.returncode == 2 and "400 query syntax: error at 2:" in syntax.stderr
    refused = stancegraph("SELECT * { SERVICE <http://example.org/> {} }", "--endpoint", url)
    assert refused.returncode == 2 and "403 SERVICE is refused" in refused.stderr
    unreachable = stancegraph("ASK {}", "--endpoint", f"http://127.0.0.1:{refusing_port()}/sparql")
    assert unreachable.returncode == 2 and "cannot connect" in unreachable.stderr


def test_common_prefixes_are_declared(seed_dist: Path, issues: set[tuple[str, str]]) -> None:
    """Issue 17: ``sg:``, ``skos:`` … work without a PREFIX line; a query's own PREFIX wins."""
    bare = "SELECT ?issue ?label WHERE { ?issue a sg:Issue ; skos:prefLabel ?label }"
    rows = list(csv.reader(io.StringIO(ok(local(seed_dist, bare, "--format", "csv")))))
    assert {(r[0], r[1]) for r in rows[1:]} == issues
    own = "PREFIX sg: <urn:nothing#> ASK { ?s a sg:Issue }"
    assert ok(local(seed_dist, own)) == "false\n"


def test_a_syntax_error_is_shown_where_it_is(seed_dist: Path) -> None:
    result = local(seed_dist, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER (?o = ) }")
    assert result.returncode == 2 and result.stdout == ""
    first, excerpt, caret = result.stderr.splitlines()
    assert first.startswith(
        "stancegraph query: syntax error at line 3, column 19: expected one of "
    )
    assert excerpt == "3 |   FILTER (?o = ) }"
    assert caret == " " * (len("3 | ") + 18) + "^"  # where pyoxigraph's parser gave up


def test_an_unknown_prefix_is_named(seed_dist: Path) -> None:
    result = local(seed_dist, "SELECT * WHERE { ?s zz:issue ?o }")
    assert result.returncode == 2
    first, excerpt, caret = result.stderr.splitlines()
    assert first.startswith(
        "stancegraph query: syntax error at line 1, column 29: unknown prefix zz:"
    )
    assert "sg:, prov:, nif:" in first and "add PREFIX zz: <…> for another" in first
    assert excerpt == "1 | SELECT * WHERE { ?s zz:issue ?o }" and caret.endswith("^")


def test_long_values_wrap_in_the_table(seed_dist: Path) -> None:
    """A quote is read whole in the table: wrapped at the column's width, never cut."""
    query = (
        "SELECT ?text WHERE { ?s a sg:DirectQuote ; sg:text ?text } "
        "ORDER BY DESC(STRLEN(?text)) LIMIT 1"
    )
    lines = ok(local(seed_dist, query)).splitlines()
    longest = ok(local(seed_dist, query, "--format", "tsv")).splitlines()[1].strip('"')
    assert len(longest) > 60 and all(len(line) <= 60 for line in lines)
    assert " ".join(line.strip() for line in lines[2:-1]) == " ".join(longest.split())
