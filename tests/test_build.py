"""``stancegraph build``: the dumps, their determinism, and the one-line summary."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stancegraph.terms.documents import jsonld
from stancegraph.terms.jsonld import BlankNodes
from stancegraph.terms.jsonld import write as write_jsonld
from stancegraph.terms.ntriples import triples_of_rdflib

ROOT = Path(__file__).resolve().parent.parent
DUMPS = (
    "dataset.nq",
    "dataset.nq.gz",
    "dataset.trig",
    "dataset.ttl",
    "dataset.nt",
    "dataset.jsonld",
)
BASE = "https://w3id.org/stancegraph/"


def build(out: Path, hash_seed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(out)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_building_twice_gives_identical_bytes(tmp_path: Path, seed_dist: Path) -> None:
    again = build(tmp_path / "again", hash_seed="12345")
    assert again.returncode == 0, again.stderr
    for name in (*DUMPS, "validation.ttl", "search.sqlite"):
        assert (tmp_path / "again" / name).read_bytes() == (seed_dist / name).read_bytes(), name


def test_summary_line(tmp_path: Path) -> None:
    result = build(tmp_path / "out", hash_seed="0")
    assert re.fullmatch(
        r"built 1 article\(s\), 39 statements, 46 actors, 30 positions, \d+ triples in [\d.]+ s → .*/out/\n",
        result.stdout,
    ), result.stdout


def test_nquads_are_sorted_and_hold_the_named_graphs(seed_dist: Path) -> None:
    lines = (seed_dist / "dataset.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    quads = pyoxigraph.parse((seed_dist / "dataset.nq").read_bytes(), pyoxigraph.RdfFormat.N_QUADS)
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, pyoxigraph.NamedNode)}
    assert {
        f"{BASE}graph/kosovo-nato-membership",
        f"{BASE}graph/registry",
        f"{BASE}graph/ontology",
    } <= names
    assert (
        gzip.decompress((seed_dist / "dataset.nq.gz").read_bytes())
        == (seed_dist / "dataset.nq").read_bytes()
    )


@pytest.mark.parametrize(
    ("name", "format_"),
    [("dataset.ttl", "turtle"), ("dataset.nt", "nt"), ("dataset.jsonld", "json-ld")],
)
def test_union_dumps_hold_the_same_triples(seed_dist: Path, name: str, format_: str) -> None:
    reference = Graph().parse(data=(seed_dist / "dataset.nt").read_bytes(), format="nt")
    graph = Graph().parse(data=(seed_dist / name).read_bytes(), format=format_)
    assert len(graph) == len(reference) > 1000
    assert isomorphic(graph, reference)


def test_jsonld_uses_the_project_context(seed_dist: Path) -> None:
    data = json.loads((seed_dist / "dataset.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["sg"] == "https://w3id.org/stancegraph/ontology#"
    statement = next(
        n
        for n in data["@graph"]
        if n["@id"].endswith("/statement/kosovo-nato-membership-haradinaj-q1")
    )
    assert statement["sg:text"].startswith("Kosovo should not seek membership")


def test_trig_holds_the_same_quads(seed_dist: Path) -> None:
    def article_quads(name: str, format_: pyoxigraph.RdfFormat) -> set[str]:
        quads = pyoxigraph.parse((seed_dist / name).read_bytes(), format_)
        return {str(q) for q in quads if q.graph_name == article}

    article = pyoxigraph.NamedNode(f"{BASE}graph/kosovo-nato-membership")
    in_trig = article_quads("dataset.trig", pyoxigraph.RdfFormat.TRIG)
    assert in_trig == article_quads("dataset.nq", pyoxigraph.RdfFormat.N_QUADS)
    assert len(in_trig) > 500


def test_failed_build_keeps_the_last_good_output(tmp_path: Path, seed_dist: Path) -> None:
    out = tmp_path / "dist"
    assert build(out, "1").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    env = {**os.environ, "STANCEGRAPH_MAPPINGS_DIR": str(tmp_path / "missing")}
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(out)]
    failed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    assert failed.stderr.strip().endswith("missing/actors.yaml: file not found")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.")]
    assert leftovers == [".dist.lock"], "no staging folder left, only the build lock"


TRICKY = """
@prefix sg: <https://w3id.org/stancegraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix ex: <https://example.org/> .
sg:Stance a owl:Class ; owl:oneOf ( sg:Favor "two" ( sg:Against ) ) ; rdfs:label "Kind"@en , "Art"@de .
ex:a a sg:Actor ; ex:p "quote \\" and \\\\ and\\nnew line" , "é" , "😀" , ex:b , wd:Q1 ;
    ex:q "2023-10-01"^^xsd:date ; ex:r "20"^^xsd:nonNegativeInteger ; ex:s [ ex:t "inner" ] .
<https://example.org/a#frag> ex:p ex:a .
[] ex:orphan "a blank node nobody refers to" .
"""


@pytest.mark.parametrize("data", [TRICKY, '<https://example.org/a> <https://example.org/p> "x" .'])
def test_jsonld_writer_matches_rdflib(data: str) -> None:
    """The streaming JSON-LD writer of the dumps gives rdflib's compacted, canonical bytes.

    (Not for integers, booleans and doubles, which rdflib writes as JSON numbers and booleans.)
    """
    graph = Graph().parse(data=data, format="turtle")
    triples = sorted(set(triples_of_rdflib(graph)))
    referenced = {o for _, _, o in triples if o[0] == "_"}
    written = io.StringIO()
    write_jsonld(triples, BlankNodes([t for t in triples if t[0][0] == "_"], referenced), written)
    assert written.getvalue() == jsonld(graph)


@pytest.mark.parametrize(
    "terms",
    [
        ('"a"', '"a b"', '"a"@en', '"a"^^<https://example.org/t>', '"a!"'),
        ("_:b1", "_:b10", "_:b1x"),
        ("<https://example.org/a>", "<https://example.org/a#b>", "<https://example.org/a!>"),
    ],
)
def test_quads_sort_as_their_lines(terms: tuple[str, ...]) -> None:
    """Sorting the tuples of terms gives the order of the N-Quads lines (the dumps' order)."""
    subject, graph = "<https://example.org/s>", "<https://example.org/g>"
    quads = [(t, "<https://example.org/p>", o, graph) for t in terms for o in terms if t[0] != '"']
    quads += [(subject, "<https://example.org/p>", o, graph) for o in terms]
    assert [" ".join(q) + " ." for q in sorted(quads)] == sorted(" ".join(q) + " ." for q in quads)
