"""Shared fixtures: the built seed dataset, the application and Flask's test client over it, and
live servers on loopback ports.

Tests of handlers and pages use ``client`` (no socket, no process); ``live_server`` and
``start_server`` are for what is about the server process or needs a real HTTP client.

No port is ever chosen and then released for a server to bind later (another process could take
it in between): the test binds a socket to ``127.0.0.1:0`` and keeps it until the server has it.
``stancegraph serve`` is handed that socket itself (``--listen-fd``); ``oxigraph serve`` cannot
take a socket, so its port is held by a reservation (see :class:`OxigraphServer`). A port where
nothing may listen (a store that is down) is bound and held too: :func:`refusing_port`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox
import pytest
import requests

from stancegraph.vocabulary import PREFIXES
from tests.virtuoso_server import VirtuosoServer

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent
STARTUP_DEADLINE = 60.0


#: Sockets :func:`refusing_port` holds; closed when the session ends.
_HELD: list[socket.socket] = []


def refusing_port() -> int:
    """A TCP port on 127.0.0.1 that refuses connections for the rest of the session.

    The port is bound by this process and never listened on: a connection to it is refused, and
    no other socket can be bound to it (this one does not set ``SO_REUSEADDR``), for port 0 or an
    outgoing connection included.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD.append(sock)
    port: int = sock.getsockname()[1]
    return port


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    while _HELD:
        _HELD.pop().close()


@pytest.fixture(scope="session")
def seed_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the seed article into a fresh folder (the real ``stancegraph build``)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def make_app(config: dict[str, object]) -> Flask:
    """``create_app(config)`` set up for testing: a view's unexpected exception fails the test."""
    from stancegraph.web.app import create_app  # here: tests that need no app do not load Flask

    app = create_app(config)
    app.config.update(TESTING=True)
    return app


@pytest.fixture(scope="session")
def app(seed_dist: Path) -> Flask:
    """The application over the seed build, in this process (what ``live_server`` serves)."""
    return make_app({"dist_dir": str(seed_dist)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client of ``app``: each request handled in this process, no socket."""
    return app.test_client()


class LiveServer:
    """A ``stancegraph serve`` process on a port of its own; ``url`` has no trailing slash.

    The socket is bound here, to ``127.0.0.1:0``, and handed to the server (``--listen-fd``),
    which listens on it; this process then closes its copy, so the server holds the port alone
    and, once it stops listening, connections are refused.
    """

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))  # gunicorn listens on it, with its own backlog
            self.port = listener.getsockname()[1]
            self.url = f"http://127.0.0.1:{self.port}"
            fd = listener.fileno()
            command = [sys.executable, "-m", "stancegraph.cli", "serve", "--listen-fd", str(fd)]
            # A file, not a pipe: nobody reads a pipe while the server runs, and once it is full
            # every worker blocks on its next log line.
            self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
            self.process = subprocess.Popen(
                [*command, *args],
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=subprocess.DEVNULL,
                stderr=self.log,
                pass_fds=(fd,),
            )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.stderr()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or listening and still starting its workers
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server not ready on {self.url} within {STARTUP_DEADLINE} s")

    def stderr(self) -> str:
        """What the server has written to its standard error so far."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def start_server() -> Iterator[Callable[..., LiveServer]]:
    """A factory of live servers: ``start_server(["--dist-dir", d])``; all stopped at the end."""
    servers: list[LiveServer] = []

    def start(args: list[str], env: dict[str, str] | None = None) -> LiveServer:
        server = LiveServer(args, env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def live_server(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """The seed dataset served by ``stancegraph serve`` (gunicorn, 2 workers)."""
    return start_server(["--dist-dir", str(seed_dist), "--workers", "2"])


class OxigraphServer:
    """A real ``oxigraph serve`` (from PyPI) on a port reserved for it, stoppable and restartable.

    ``oxigraph serve`` binds the address it is given and cannot inherit a socket; given port 0 it
    prints ``:0``, not the port it got. So the port is reserved here for the object's lifetime:
    a socket with ``SO_REUSEADDR`` bound to ``127.0.0.1:0`` and never listening. Oxigraph (whose
    listener also sets ``SO_REUSEADDR``) may bind the same port alongside it and listen; while
    Oxigraph is stopped the reservation keeps the port, on which connections are then refused.
    No other socket gets the port meanwhile: the kernel never hands out a port bound this way for
    port 0 or an outgoing connection, and only a socket that both names this port and sets
    ``SO_REUSEADDR`` could bind it. That is what makes restarting on the same port safe (the
    frontends under test keep the store's URL across the restart).
    """

    def __init__(self, location: Path, union: bool = True) -> None:
        self.location = location
        self.union = union  # --union-default-graph: the frontend must not depend on it
        self.reservation = socket.socket()
        self.reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.reservation.bind(("127.0.0.1", 0))
        self.port: int = self.reservation.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.url}/query"
        self.store_url = f"{self.url}/store"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> OxigraphServer:
        binary = Path(sys.executable).parent / "oxigraph"
        command = [str(binary), "serve", "--location", str(self.location)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        command += ["--union-default-graph"] if self.union else []
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}: {stderr}")
            try:
                requests.get(self.query_url, params={"query": "ASK {}"}, timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"oxigraph not ready on {self.url}")

    def stop(self) -> None:
        """Stop the server; the port stays reserved (connections to it are refused)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def close(self) -> None:
        """Stop the server and give the port up."""
        self.stop()
        self.reservation.close()


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """An empty Oxigraph server with its data on disk in a fresh folder."""
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        yield server.start()
    finally:
        server.close()


def publish(
    dist: Path, to: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``stancegraph publish --graph-store TO`` of the build in ``dist`` (the real command);
    ``env`` adds environment variables (the store's user and password)."""
    command = [sys.executable, "-m", "stancegraph.cli", "publish", "--graph-store", to]
    command += ["--dist-dir", str(dist)]
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, env=environ
    )


def login(server: OxigraphServer | VirtuosoServer) -> dict[str, str]:
    """The environment that gives ``publish`` the store's user and password (none: Oxigraph)."""
    if isinstance(server, VirtuosoServer):
        return {
            "STANCEGRAPH_STORE_USER": server.user,
            "STANCEGRAPH_STORE_PASSWORD": server.password,
        }
    return {}


ServerT = TypeVar("ServerT", OxigraphServer, VirtuosoServer)

#: The remote stores the frontend is tested in front of: Oxigraph server (with
#: ``--union-default-graph``: queried as it is) and Virtuoso 7 (the dataset named in each query).
#: Oxigraph without it (the dataset's graphs as the protocol's dataset) is tested in
#: ``test_remote_dataset.py`` and ``test_fleet.py``.
REMOTE_STORES = ("oxigraph", "virtuoso")


@contextmanager
def published_store(
    kind: str, folder: Path, dist: Path
) -> Iterator[OxigraphServer | VirtuosoServer]:
    """A real remote store of ``kind`` (one of :data:`REMOTE_STORES`) with its data in
    ``folder``, holding the build in ``dist``, published through the Graph Store Protocol."""
    server = VirtuosoServer(folder) if kind == "virtuoso" else OxigraphServer(folder)
    with holding(server, dist) as started:
        yield started


@contextmanager
def holding(server: ServerT, dist: Path) -> Iterator[ServerT]:
    """``server`` started and holding the build in ``dist`` (``publish``); closed after."""
    try:
        published = publish(dist, server.start().store_url, login(server))
        assert published.returncode == 0, published.stderr
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session", params=REMOTE_STORES)
def remote_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seed_dist: Path
) -> Iterator[OxigraphServer | VirtuosoServer]:
    """Each remote store in turn, holding the seed build."""
    with published_store(
        request.param, tmp_path_factory.mktemp(request.param) / "data", seed_dist
    ) as server:
        yield server


def build_with_store(folder: Path) -> tuple[Path, Path]:
    """``stancegraph build --store oxigraph:DIR`` into ``folder``: (the dist, the store on disk)."""
    dist, store = folder / "dist", folder / "store"
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(dist)]
    result = subprocess.run(
        [*command, "--store", f"oxigraph:{store}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"loaded into the store oxigraph:{store}" in result.stdout
    return dist, store


@pytest.fixture(scope="session")
def dataset(seed_dist: Path) -> ox.Store:
    """The seed build in an Oxigraph store: what pages and answers must show, read directly."""
    store = ox.Store()
    store.bulk_load(path=str(seed_dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """SELECT rows over the union of the graphs, as dicts of lexical values."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    solutions = store.query(query, prefixes=prefixes, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


@pytest.fixture(scope="session")
def seed_quads(seed_dist: Path) -> int:
    """How many quads the seed build holds (its sorted, deduplicated N-Quads dump, one per line)."""
    return sum(
        1 for line in (seed_dist / "dataset.nq").read_text(encoding="utf-8").splitlines() if line
    )


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[str, int, float]]:
    """State, parent and CPU seconds of every live process, by pid."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        found[int(stat.parent.name)] = (fields[0], int(fields[1]), cpu)
    return found
