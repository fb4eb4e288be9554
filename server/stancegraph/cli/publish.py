"""``stancegraph publish --graph-store URL``: upload the build to a remote store, one PUT per graph.

With ``--store-update URL`` (and ``--store``, the store's query endpoint, to list its graphs)
it then drops the graphs under ``{base}graph/`` that the build no longer has, so the remote
store holds exactly the build.
"""

from __future__ import annotations

import argparse
import urllib.error
from collections import defaultdict
from pathlib import Path

import pyoxigraph
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from stancegraph.cli import options
from stancegraph.core.errors import InputError, StoreError, UsageError
from stancegraph.stores.graph_store import GraphStore
from stancegraph.stores.remote_store import RemoteStore
from stancegraph.stores.store import dataset_file, is_remote
from stancegraph.vocabulary.iris import graph_space

NAME = "publish"
HELP = "Upload the built dataset to a SPARQL 1.1 Graph Store endpoint and verify the counts."


#: Settings this command takes as options.
OPTIONS = ("graph_store", "store_update", "store", "dist_dir")
NOTES = {
    "graph_store": "E.g. http://127.0.0.1:7878/store (Oxigraph) or http://127.0.0.1:3030/ds/data "
    "(Fuseki).",
    "store_update": "Needs --store.",
    "store": "Here the remote store's SPARQL query endpoint, which lists its graphs.",
}


def configure(parser: argparse.ArgumentParser) -> None:
    for name in OPTIONS:
        options.add(parser, name, NOTES.get(name, ""), "URL" if name == "store" else None)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")


def graphs_of(path: Path) -> dict[str, bytes]:
    """The named graphs of an N-Quads dump, each as N-Triples, in name order."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"{path}: cannot read the build ({error.strerror}); run stancegraph build"
        ) from None
    triples: dict[str, list[pyoxigraph.Triple]] = defaultdict(list)
    for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, pyoxigraph.NamedNode):
            raise InputError(f"{path}: triple outside a named graph: {quad}")
        triples[quad.graph_name.value].append(quad.triple)
    return {
        name: pyoxigraph.serialize(triples[name], format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        for name in sorted(triples)
    }


def drop_stale(values: dict[str, str], kept: set[str], timeout: float) -> list[str]:
    """Drop the remote graphs under ``{base}graph/`` not in ``kept``; their names."""
    if not is_remote(values["store"]):
        raise UsageError("--store-update needs --store URL, the query endpoint listing the graphs")
    ours = graph_space(values["base_uri"])
    graphs = RemoteStore(values["store"], timeout).version().graphs
    stale = sorted(g for g in graphs if g.startswith(ours) and g not in kept)
    for graph in stale:
        client = SPARQLWrapper(values["store"], updateEndpoint=values["store_update"])
        client.setMethod(POST)
        client.setTimeout(max(1, int(timeout)))
        client.setQuery(f"DROP GRAPH <{graph}>")
        try:
            client.query().response.close()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as error:
            raise StoreError(f"DROP GRAPH <{graph}> at {values['store_update']}: {error}") from None
    return stale


def run(args: argparse.Namespace) -> int:
    values = options.values(args, OPTIONS)
    if not values["graph_store"]:
        raise UsageError(
            "name the Graph Store endpoint to upload to: --graph-store URL (setting graph_store)"
        )
    store = GraphStore(values["graph_store"], timeout=args.timeout)
    graphs = graphs_of(dataset_file(values["dist_dir"]))
    total = 0
    for name, ntriples in graphs.items():
        store.put(name, ntriples)
        expected = ntriples.count(b"\n")
        found = store.count(name)
        if found != expected:
            raise StoreError(
                f"{store.graph_url(name)}: {found} triples after upload, expected {expected}"
            )
        total += found
        print(f"{name}: {found} triples")
    print(
        f"published {len(graphs)} graphs, {total} triples to {values['graph_store']} "
        "(counts verified)"
    )
    if values["store_update"]:
        for graph in drop_stale(values, set(graphs), args.timeout):
            print(f"{graph}: dropped, no longer in the build")
    return 0
