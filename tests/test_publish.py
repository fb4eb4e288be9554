"""``stancegraph publish``: the build uploaded to a real Oxigraph server, graph by graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import OxigraphServer, publish, refusing_port


def counts_by_graph(endpoint: str) -> dict[str, int]:
    """Triples per graph in the store: the dataset's and the tests' graphs (not the
    publication record's)."""
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,call-overload]
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}
    # The dataset's graphs and the tests' own; not Virtuoso's system graphs (virtrdf:, …).
    ours = ("https://w3id.org/stancegraph/graph/", "http://example.org/")
    return {g: n for g, n in counts.items() if g.startswith(ours)}


def expected_counts(dist: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in pyoxigraph.parse((dist / "dataset.nq").read_bytes(), pyoxigraph.RdfFormat.N_QUADS):
        name = quad.graph_name.value  # type: ignore[union-attr]
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_publish_uploads_every_graph_and_republishing_replaces(
    seed_dist: Path, oxigraph_server: OxigraphServer
) -> None:
    first = publish(seed_dist, oxigraph_server.store_url)
    assert first.returncode == 0, first.stderr
    expected = expected_counts(seed_dist)
    assert len(expected) == 3
    assert counts_by_graph(oxigraph_server.query_url) == expected
    assert f"published 3 graphs, {sum(expected.values())} triples" in first.stdout

    again = publish(seed_dist, oxigraph_server.store_url)
    assert again.returncode == 0, again.stderr
    assert counts_by_graph(oxigraph_server.query_url) == expected, (
        "a second publish must not duplicate"
    )


def test_publish_replaces_a_graph_that_changed(
    seed_dist: Path, oxigraph_server: OxigraphServer
) -> None:
    graph = "https://w3id.org/stancegraph/graph/registry"
    stale = b"<http://example.org/stale> <http://example.org/p> <http://example.org/o> .\n"
    put = requests.put(
        f"{oxigraph_server.store_url}?graph={graph}",
        data=stale,
        headers={"Content-Type": "application/n-triples"},
        timeout=10,
    )
    assert put.status_code == 201  # Graph Store Protocol: a PUT that creates a graph
    assert publish(seed_dist, oxigraph_server.store_url).returncode == 0
    client = SPARQLWrapper(oxigraph_server.query_url)
    client.setQuery("ASK { GRAPH ?g { <http://example.org/stale> ?p ?o } }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is False  # type: ignore[index,call-overload]


def test_publish_to_a_store_that_is_down(seed_dist: Path) -> None:
    url = f"http://127.0.0.1:{refusing_port()}/store"
    result = publish(seed_dist, url)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(
        f"stancegraph publish: the store at {url} is unavailable (Connection refused) for GET "
        f"{url}?graph=https"
    )
    assert lines[0].endswith("; nothing was published")


def test_publish_without_a_build(tmp_path: Path, oxigraph_server: OxigraphServer) -> None:
    result = publish(tmp_path / "nothing", oxigraph_server.store_url)
    assert result.returncode == 2
    assert "cannot read the build" in result.stderr and "run stancegraph build" in result.stderr
