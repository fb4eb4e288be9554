"""``stancegraph publish --graph-store URL``: upload the build to a remote store, one PUT per graph.

Each graph is replaced, then read back and counted. Only then is the publication marked
(:mod:`stancegraph.stores.publication`): the version frontends serve, which they notice within
``store_poll`` seconds. A publication that fails half way is never marked: the frontends keep
the version marked before as theirs (though the graphs already replaced are read anew from the
store), and the message says so. With ``--store`` (the store's
query endpoint) the marks of earlier publications are removed. The store's user and password
come from ``store_user`` and ``STANCEGRAPH_STORE_PASSWORD`` or ``store_password_file``, never
from the command line (:mod:`stancegraph.stores.credentials`).

With ``--store-update URL`` (and ``--store``, the store's query endpoint, to list its graphs)
it then drops the graphs under ``{base}graph/`` that the build no longer has, so the remote
store holds exactly the build.
"""

from __future__ import annotations

import argparse
import urllib.error
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph
from SPARQLWrapper import DIGEST, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from stancegraph.cli import options
from stancegraph.core.errors import InputError, StoreError, UsageError
from stancegraph.stores import credentials, publication
from stancegraph.stores.graph_store import GraphStore
from stancegraph.stores.remote_store import RemoteStore
from stancegraph.stores.store import dataset_file, file_version, is_remote
from stancegraph.vocabulary.iris import publication_iri

NAME = "publish"
HELP = "Upload the built dataset to a SPARQL 1.1 Graph Store endpoint and verify the counts."


#: Settings this command takes as options (the password is not one: see the module).
OPTIONS = (
    "graph_store",
    "store_update",
    "store",
    "dist_dir",
    "base_uri",
    "store_user",
    "store_password_file",
)
NOTES = {
    "graph_store": "E.g. http://127.0.0.1:7878/store (Oxigraph), "
    "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso) or http://127.0.0.1:3030/ds/data "
    "(Fuseki).",
    "store_update": "Needs --store.",
    "store": "Here the remote store's SPARQL query endpoint, which lists its graphs.",
}


def configure(parser: argparse.ArgumentParser) -> None:
    for name in OPTIONS:
        options.add(parser, name, NOTES.get(name, ""), "URL" if name == "store" else None)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument(
        "--store-password", nargs="?", dest=REFUSED, action=_NoPassword, help=argparse.SUPPRESS
    )


#: Where ``--store-password`` would go: it is refused, never stored (see :class:`_NoPassword`).
REFUSED = "refused_store_password"


class _NoPassword(argparse.Action):
    """``--store-password``: refused without repeating what followed it (see the module)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        parser.error(
            "--store-password: a password is never taken on the command line (it would show in "
            "the process list and the shell's history); set STANCEGRAPH_STORE_PASSWORD or "
            "--store-password-file"
        )


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


def drop_stale(values: dict[str, Any], kept: set[str], timeout: float) -> list[str]:
    """Drop the remote graphs under ``{base}graph/`` not in ``kept``; their names."""
    if not is_remote(values["store"]):
        raise UsageError("--store-update needs --store URL, the query endpoint listing the graphs")
    credentials.check_url(values["store_update"])
    graphs = RemoteStore(values["store"], timeout, values["base_uri"]).stored_graphs()
    stale = sorted(g for g in graphs if g not in kept)  # those under {base}graph/ only
    login = credentials.from_settings(values)
    for graph in stale:
        client = SPARQLWrapper(values["store"], updateEndpoint=values["store_update"])
        client.setMethod(POST)
        client.setTimeout(max(1, int(timeout)))
        if login is not None:
            client.setHTTPAuth(DIGEST)
            client.setCredentials(login.user, login.password)
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
    store = GraphStore(
        values["graph_store"], timeout=args.timeout, credentials=credentials.from_settings(values)
    )
    path = dataset_file(values["dist_dir"])
    graphs = graphs_of(path)
    digest, modified = file_version(path)
    try:  # asks, with the credentials, before anything is written
        store.read(publication_iri(values["base_uri"]))
    except StoreError as error:
        raise StoreError(f"{error}; nothing was published") from None
    counts: dict[str, int] = {}
    try:
        for name, ntriples in graphs.items():
            store.put(name, ntriples)
            counts[name] = store.count(name)
            expected = ntriples.count(b"\n")
            if counts[name] != expected:
                raise StoreError(
                    f"{store.graph_url(name)}: {counts[name]} triples after upload, "
                    f"expected {expected}"
                )
            print(f"{name}: {counts[name]} triples")
    except StoreError as error:
        raise StoreError(
            f"{error}; the publication is not marked (frontends keep the version marked before, "
            "but the graphs above are replaced): publish again"
        ) from None
    if values["store_update"]:  # before the mark: frontends count every graph of the dataset
        for graph in drop_stale(values, set(graphs), args.timeout):
            print(f"{graph}: dropped, no longer in the build")
    now = datetime.now(UTC).replace(microsecond=0)
    published = publication.Publication(digest, modified, sum(counts.values()), now)
    mark(store, published.mark(values["base_uri"]))
    print(
        f"published {len(graphs)} graphs, {published.triples} triples to "
        f"{values['graph_store']} (counts verified; version {digest[:12]})"
    )
    if is_remote(values["store"]):
        remote = RemoteStore(values["store"], args.timeout, values["base_uri"])
        for old in remote.marks():
            if old != published:
                store.delete(old.mark(values["base_uri"]))
    return 0


def mark(store: GraphStore, name: str) -> None:
    """Write the publication's mark: an empty graph, or, in a store that keeps none (Virtuoso),
    a graph of one triple about itself (see :mod:`stancegraph.stores.publication`)."""
    store.put(name, b"")
    if not store.has(name):
        store.put(name, publication.marking_triple(name))
