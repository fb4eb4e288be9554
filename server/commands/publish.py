"""``stancegraph publish --to URL``: upload the build to a remote store, one PUT per graph."""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import pyoxigraph

from server import settings
from server.errors import InputError, StoreError
from server.graph_store import GraphStore
from server.store import dataset_file

NAME = "publish"
HELP = "Upload the built dataset to a SPARQL 1.1 Graph Store endpoint and verify the counts."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph) "
        "or http://127.0.0.1:3030/ds/data (Fuseki)",
    )
    parser.add_argument("--dist-dir", metavar="DIR", help="build folder (setting dist_dir)")
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


def run(args: argparse.Namespace) -> int:
    values = settings.resolve({"dist_dir": args.dist_dir})
    store = GraphStore(args.to, timeout=args.timeout)
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
    print(f"published {len(graphs)} graphs, {total} triples to {args.to} (counts verified)")
    return 0
