"""The servers compared: the project with each store, and its peers, on the same corpus.

Each is started with :func:`launch` and is ready when it has answered a real request on the
loaded data (:func:`wait_ready`); the time between the two is its start-up time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Corpus
from bench.processes import ROOT, Started, free_port, get, start, wait_until

VENV = ROOT / ".venv" / "bin"
PEERS_VENV = ROOT / "bench" / "out" / "venv-peers"
LOGS = ROOT / "bench" / "out" / "logs"
PEER_PACKAGES = ("rdflib-endpoint", "uvicorn")
WORKERS = 2
READY_TIMEOUT = 900.0
SPARQL_JSON = "application/sparql-results+json"
READY_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"


@dataclass(frozen=True)
class Server:
    """One server under test."""

    key: str
    title: str
    family: str  # stancegraph, oxigraph, rdflib-endpoint, flask
    storage: str  # memory, disk, or "" when it holds no data
    sparql: str | None  # path of its SPARQL endpoint
    pages: bool = False  # serves /doc/{kind}/{slug}.{ext}
    env: tuple[tuple[str, str], ...] = ()  # settings beyond the corpus's
    only: tuple[str, ...] = ()  # the scenarios it runs, when not all that apply


STANCEGRAPH_MEMORY = Server(
    "stancegraph-memory",
    "stancegraph serve --store memory",
    "stancegraph",
    "memory",
    "/sparql",
    True,
)
STANCEGRAPH_DISK = Server(
    "stancegraph-disk",
    "stancegraph serve --store oxigraph:DIR",
    "stancegraph",
    "disk",
    "/sparql",
    True,
)
#: The same with no answer cache: what running every query costs (HTTP runs only).
STANCEGRAPH_UNCACHED = Server(
    "stancegraph-memory-nocache",
    "stancegraph serve --store memory, answer_cache_mb=0",
    "stancegraph",
    "memory",
    "/sparql",
    env=(("STANCEGRAPH_ANSWER_CACHE_MB", "0"),),
    only=("lookup", "aggregate"),
)
OXIGRAPH_MEMORY = Server(
    "oxigraph-memory", "oxigraph serve (in memory)", "oxigraph", "memory", "/query"
)
OXIGRAPH_DISK = Server("oxigraph-disk", "oxigraph serve-read-only", "oxigraph", "disk", "/query")
RDFLIB_ENDPOINT = Server(
    "rdflib-endpoint", "rdflib-endpoint serve", "rdflib-endpoint", "memory", "/"
)
TRIVIAL = Server("trivial-flask", "trivial Flask (bench/trivial_app.py)", "flask", "", None)
#: The Python ceiling for SPARQL: Flask and pyoxigraph on the same gunicorn, no safety.
NAIVE = Server(
    "naive-flask", "naive Flask + pyoxigraph (bench/naive_app.py)", "flask", "memory", "/sparql"
)
ALL = (
    STANCEGRAPH_MEMORY,
    STANCEGRAPH_DISK,
    STANCEGRAPH_UNCACHED,
    OXIGRAPH_MEMORY,
    OXIGRAPH_DISK,
    RDFLIB_ENDPOINT,
    TRIVIAL,
    NAIVE,
)
BY_KEY = {server.key: server for server in ALL}


def supports_store() -> bool:
    """Whether this tree's ``stancegraph serve`` and ``build`` take ``--store``."""
    for command in ("serve", "build"):
        usage = subprocess.run(
            [str(VENV / "stancegraph"), command, "--help"], capture_output=True, text=True
        ).stdout
        if "--store" not in usage:
            return False
    return True


def ensure_peers_venv() -> Path | None:
    """A separate venv with rdflib-endpoint (never a project dependency); None if it cannot be."""
    executable = PEERS_VENV / "bin" / "rdflib-endpoint"
    if not executable.exists():
        shutil.rmtree(PEERS_VENV, ignore_errors=True)
        base = getattr(sys, "_base_executable", sys.executable)
        made = subprocess.run([base, "-m", "venv", str(PEERS_VENV)], capture_output=True)
        if made.returncode == 0:
            subprocess.run(
                [str(PEERS_VENV / "bin" / "pip"), "install", "--quiet", *PEER_PACKAGES],
                capture_output=True,
            )
    return executable if executable.exists() else None


def command(server: Server, corpus: Corpus, port: int, with_store_option: bool) -> list[str]:
    bind = f"127.0.0.1:{port}"
    if server.family == "stancegraph":
        serve = [str(VENV / "stancegraph"), "serve", "--port", str(port), "--workers", str(WORKERS)]
        serve += ["--dist-dir", str(corpus.dist)]
        if server.storage == "disk":
            return [*serve, "--store", f"oxigraph:{corpus.store}"]
        return [*serve, "--store", "memory"] if with_store_option else serve
    if server is OXIGRAPH_MEMORY:
        return [str(VENV / "oxigraph"), "serve", "--bind", bind, "--union-default-graph"]
    if server is OXIGRAPH_DISK:
        location = ["--location", str(corpus.peer_store)]
        read_only = [str(VENV / "oxigraph"), "serve-read-only", *location]
        return [*read_only, "--bind", bind, "--union-default-graph"]
    if server is RDFLIB_ENDPOINT:
        endpoint = str(PEERS_VENV / "bin" / "rdflib-endpoint")
        return [endpoint, "serve", "--host", "127.0.0.1", "--port", str(port), str(corpus.dataset)]
    if server is NAIVE:
        naive = [str(VENV / "python"), "-m", "bench.naive_app", "--port", str(port)]
        return [*naive, "--workers", str(WORKERS), "--dataset", str(corpus.dataset)]
    return [str(VENV / "python"), "-m", "bench.trivial_app", "--port", str(port)]


def launch(server: Server, corpus: Corpus, with_store_option: bool) -> Started:
    port = free_port()
    argv = command(server, corpus, port, with_store_option)
    return start(
        argv, LOGS / f"{server.key}.log", env={**corpus.env, **dict(server.env)}, port=port
    )


def sparql_path(server: Server, query: str) -> str:
    assert server.sparql is not None
    return f"{server.sparql}?{urllib.parse.urlencode({'query': query})}"


def wait_ready(server: Server, started: Started, corpus: Corpus) -> float:
    """Seconds from start until the server answered a query on the loaded data."""
    base = f"http://127.0.0.1:{started.port}"
    if server.sparql is None:
        return wait_until(started, lambda: get(base + "/")[0] == 200, READY_TIMEOUT)
    probe = base + sparql_path(server, READY_QUERY)
    if server is OXIGRAPH_MEMORY:  # up at once, but empty until the dataset is uploaded to it
        wait_until(started, lambda: get(probe, SPARQL_JSON)[0] == 200, READY_TIMEOUT)
        upload(base + "/store", corpus.dataset)
    return wait_until(started, lambda: _has_answer(probe), READY_TIMEOUT)


def _has_answer(url: str) -> bool:
    status, body = get(url, SPARQL_JSON)
    return status == 200 and b'"bindings":[]' not in body.replace(b" ", b"")


def upload(url: str, dataset: Path) -> None:
    """Load an N-Quads file into a server through the SPARQL 1.1 Graph Store protocol."""
    request = urllib.request.Request(
        url,
        data=dataset.read_bytes(),
        headers={"Content-Type": "application/n-quads"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=READY_TIMEOUT) as response:
        response.read()
