"""``stancegraph build``: the dumps, their determinism, and the one-line summary."""

from __future__ import annotations

import gzip
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
    command = [sys.executable, "-m", "server.cli", "build", "--out", str(out)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_building_twice_gives_identical_bytes(tmp_path: Path, seed_dist: Path) -> None:
    again = build(tmp_path / "again", hash_seed="12345")
    assert again.returncode == 0, again.stderr
    for name in (*DUMPS, "validation.ttl"):
        assert (tmp_path / "again" / name).read_bytes() == (seed_dist / name).read_bytes(), name


def test_summary_line(tmp_path: Path) -> None:
    result = build(tmp_path / "out", hash_seed="0")
    assert re.fullmatch(
        r"built 1 article\(s\), 37 statements, 45 actors, 23 positions, \d+ triples in [\d.]+ s → .*/out/\n",
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
    command = [sys.executable, "-m", "server.cli", "build", "--out", str(out)]
    failed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    assert failed.stderr.strip().endswith("missing/actors.yaml: file not found")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.")]
    assert leftovers == [".dist.lock"], "no staging folder left, only the build lock"
