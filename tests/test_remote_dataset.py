"""Issue 14: no silent empty dataset, and the mark of what was published.

A frontend in front of a remote store queries it as it is only where the store's default graph
is the union of exactly the dataset's graphs; otherwise it names the dataset's graphs with every
query (Oxigraph without ``--union-default-graph``: here; Virtuoso: ``test_virtuoso.py``), so it
answers as the embedded store (checked page by page and query by query in ``test_stores.py``
for each store). Here: ``serve`` refuses, in one line that names the fix, a store that answers
but holds no dataset or not the one marked; the mark names what ``publish`` published, holds no
triple, and replaces the one before; and the credentials never show.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from stancegraph.cli.main import main
from stancegraph.stores.remote_store import RemoteStore
from stancegraph.stores.store import file_version
from tests.conftest import ROOT, OxigraphServer, publish
from tests.test_publish import expected_counts

BASE = "https://w3id.org/stancegraph/"


def serve(store: str) -> subprocess.CompletedProcess[str]:
    """``stancegraph serve --store STORE`` on a socket of its own; it must exit by itself."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        command = [sys.executable, "-m", "stancegraph.cli", "serve", "--store", store]
        command += ["--listen-fd", str(listener.fileno())]
        return subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            pass_fds=(listener.fileno(),),
        )


def test_serve_refuses_a_store_that_holds_no_dataset(oxigraph_server: OxigraphServer) -> None:
    result = serve(oxigraph_server.query_url)
    assert result.returncode == 3
    assert result.stderr == (
        f"stancegraph serve: the triple store at {oxigraph_server.query_url} holds no "
        f"stancegraph dataset (no graph under {BASE}graph/); publish one with stancegraph "
        "publish --graph-store URL\n"
    )


def test_serve_refuses_a_store_that_holds_another_version_than_recorded(
    oxigraph_server: OxigraphServer, seed_dist: Path
) -> None:
    assert publish(seed_dist, oxigraph_server.store_url).returncode == 0
    registry = f"{BASE}graph/registry"
    put = requests.put(
        oxigraph_server.store_url,
        params={"graph": registry},
        data=b'<http://example.org/s> <http://example.org/p> "changed by hand" .\n',
        headers={"Content-Type": "application/n-triples"},
        timeout=10,
    )
    assert put.status_code == 204  # replaced
    counts = expected_counts(seed_dist)
    held = sum(counts.values()) - counts[registry] + 1
    result = serve(oxigraph_server.query_url)
    assert result.returncode == 3
    assert result.stderr == (
        f"stancegraph serve: the triple store at {oxigraph_server.query_url} holds {held} "
        f"triples in the dataset's 3 graphs where publish marked {sum(counts.values())}: a "
        "publication under way or one that failed, or graphs an earlier build had (publish with "
        "--store-update); publish again\n"
    )


def test_a_store_without_a_union_default_graph_answers_the_whole_dataset(
    tmp_path: Path, seed_dist: Path
) -> None:
    """The trap of the issue: 0 rows where the embedded store answers 37."""
    plain = OxigraphServer(tmp_path / "plain", union=False)
    try:
        plain.start()
        assert publish(seed_dist, plain.store_url).returncode == 0
        query = (
            "PREFIX sg: <https://w3id.org/stancegraph/ontology#> "
            "SELECT ?s WHERE { ?s a sg:Statement } ORDER BY ?s"
        )
        unscoped = requests.post(
            plain.query_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=10,
        ).json()["results"]["bindings"]
        assert unscoped == []  # what the frontend used to serve
        embedded = ox.Store()
        embedded.bulk_load(path=str(seed_dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        expected = [row["s"] for row in embedded.query(query, use_default_graph_as_union=True)]
        store = RemoteStore(plain.query_url, 10)
        assert [row["s"] for row in store.select(query)] == expected
        assert len(expected) > 30
    finally:
        plain.close()


def test_the_mark_names_what_was_published_and_replaces_the_one_before(
    oxigraph_server: OxigraphServer, seed_dist: Path, tmp_path: Path
) -> None:
    first = publish(seed_dist, oxigraph_server.store_url)
    assert first.returncode == 0, first.stderr
    digest, modified = file_version(seed_dist / "dataset.nq")
    total = sum(expected_counts(seed_dist).values())
    assert f"version {digest[:12]}" in first.stdout
    store = RemoteStore(oxigraph_server.query_url, 10)
    [published] = store.marks()
    assert (published.digest, published.modified, published.triples) == (digest, modified, total)
    name = published.mark(BASE)
    stamp = "%Y%m%dT%H%M%SZ"
    assert name == (
        f"{BASE}publication/{digest}/{total}/{modified.strftime(stamp)}/"
        f"{published.published.strftime(stamp)}"
    )
    mark = requests.get(
        oxigraph_server.store_url,
        params={"graph": name},
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert (mark.status_code, mark.content) == (200, b"")  # no triple: nothing to leak
    version = store.version()
    assert (version.digest, version.modified, version.quads) == (digest, modified, total)
    assert store.dataset().default == ()  # the union default graph, as it is: no scope

    # An older build published again (a way back) is the newest publication; with --store the
    # marks before it are removed.
    older = tmp_path / "older"
    shutil.copytree(seed_dist, older)
    os.utime(older / "dataset.nq", (modified.timestamp() - 60, modified.timestamp() - 60))
    time.sleep(1)  # marks name their publication's second
    command = [sys.executable, "-m", "stancegraph.cli", "publish", "--graph-store"]
    command += [oxigraph_server.store_url, "--store", oxigraph_server.query_url]
    again = subprocess.run(
        [*command, "--dist-dir", str(older)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    [newest] = store.marks()  # the mark before it removed
    assert newest.modified == modified - timedelta(seconds=60)
    assert newest.published > published.published
    assert store.published() == newest


def test_publish_help_and_errors_never_show_the_password(
    oxigraph_server: OxigraphServer,
    seed_dist: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "s3cret-Passw0rd"
    monkeypatch.setenv("STANCEGRAPH_STORE_USER", "editor")
    monkeypatch.setenv("STANCEGRAPH_STORE_PASSWORD", secret)
    with pytest.raises(SystemExit):
        main(["publish", "--help"])
    shown = capsys.readouterr().out
    assert (
        "--graph-store URL" in shown
        and "--store-user" in shown
        and "--store-password-file" in shown
    )
    assert "--store-password " not in shown and secret not in shown
    for given in (["--store-password", secret], [f"--store-password={secret}"]):
        with pytest.raises(SystemExit):  # no option takes the password, nor repeats it
            main(["publish", *given])
        err = capsys.readouterr().err
        assert "a password is never taken on the command line" in err and secret not in err
    url = f"http://editor:{secret}@127.0.0.1:{oxigraph_server.port}/store"
    assert main(["publish", "--graph-store", url, "--dist-dir", str(seed_dist)]) == 2
    err = capsys.readouterr().err
    assert secret not in err and err.count("\n") == 1
    assert "carries credentials: give them as store_user and STANCEGRAPH_STORE_PASSWORD" in err
    monkeypatch.delenv("STANCEGRAPH_STORE_PASSWORD")
    empty = tmp_path / "password"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("STANCEGRAPH_STORE_PASSWORD_FILE", str(empty))
    assert (
        main(["publish", "--graph-store", oxigraph_server.store_url, "--dist-dir", str(seed_dist)])
        == 2
    )
    assert capsys.readouterr().err == (
        f"stancegraph publish: {empty}: line 1: expected the store's password, found nothing\n"
    )
