"""Helpers for tests of a fleet: HAProxy (``deploy/haproxy.cfg``) in front of several
``stancegraph serve`` frontends, a bounded mixed load through it, and killing a frontend.

:class:`HAProxy` runs the production configuration itself, pointed at the frontends through its
environment variables. HAProxy binds its address itself and cannot inherit a socket, so its port
is held by a reservation for the object's lifetime, as :class:`tests.conftest.OxigraphServer`
does: a socket with ``SO_REUSEADDR`` bound to ``127.0.0.1:0`` that never listens; HAProxy (whose
listeners set ``SO_REUSEADDR``) binds the same port alongside it.

:func:`mixed_load` sends pages, distinct SPARQL queries and dump downloads from several threads
and checks every answer's content; it returns the requests that failed.

:func:`kill_tree` is ``kill -9`` of a server and all its processes (gunicorn's master and
workers), for a server that, like :class:`tests.conftest.LiveServer`, has no process group of
its own.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Concatenate, ParamSpec
from urllib.parse import quote

import requests

P = ParamSpec("P")
ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"
HAPROXY = "haproxy"
STARTUP_DEADLINE = 30.0
#: The most frontends ``deploy/haproxy.cfg`` declares (``STANCEGRAPH_FRONTEND1`` to ``8``).
MAX_FRONTENDS = 8


class HAProxy:
    """``haproxy -db -f deploy/haproxy.cfg`` in the foreground, in front of ``frontends``
    (``host:port`` each), on a reserved loopback port; ``url`` has no trailing slash.

    Its log (stderr, one line per request and per server state change) goes to a file read by
    :meth:`stderr`; its admin socket, in a temporary folder, answers :meth:`server_states`.
    """

    def __init__(
        self,
        frontends: Sequence[str],
        config: Path = CONFIG,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if not 1 <= len(frontends) <= MAX_FRONTENDS:
            raise ValueError(f"{config.name} takes 1 to {MAX_FRONTENDS} frontends")
        self.reservation = socket.socket()
        self.reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.reservation.bind(("127.0.0.1", 0))
        self.port: int = self.reservation.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = tempfile.TemporaryDirectory(prefix="haproxy-")
        self.admin_socket = str(Path(self.folder.name) / "admin.sock")
        variables = {f"STANCEGRAPH_FRONTEND{n}": address for n, address in enumerate(frontends, 1)}
        inherited = {  # a frontend list set in the caller's environment is not this fleet's
            k: v for k, v in os.environ.items() if not k.startswith("STANCEGRAPH_FRONTEND")
        }
        self.env = {
            **inherited,
            **variables,
            "STANCEGRAPH_LISTEN": f"127.0.0.1:{self.port}",
            "STANCEGRAPH_HAPROXY_SOCKET": self.admin_socket,
            **(env or {}),
        }
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            [HAPROXY, "-db", "-f", str(config)],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        """Until an answer of a frontend comes back through HAProxy (``/healthz``, 200)."""
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"haproxy exited with {self.process.returncode}: {self.stderr()}"
                )
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet
            time.sleep(0.05)
        raise RuntimeError(f"haproxy not ready on {self.url} within {STARTUP_DEADLINE} s")

    def stderr(self) -> str:
        """What HAProxy has logged so far."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def command(self, line: str) -> str:
        """One command on the admin socket (``show stat``, ``disable server stancegraph/fe1``)."""
        with socket.socket(socket.AF_UNIX) as admin:
            admin.settimeout(5)
            admin.connect(self.admin_socket)
            admin.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := admin.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_states(self) -> dict[str, str]:
        """Each frontend's state as HAProxy sees it, by server name: ``{"fe1": "UP", ...}``
        (``DOWN``, ``UP 1/2`` while going down, ``MAINT``, ...)."""
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("svname") not in (None, "", "FRONTEND", "BACKEND"):
                states[row["svname"]] = row["status"]
        return states

    def stop(self) -> None:
        """Stop HAProxy (at once: SIGTERM is its hard stop) and give the port up."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reservation.close()
        self.log.close()
        self.folder.cleanup()

    def __enter__(self) -> HAProxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def descendants(pid: int) -> list[int]:
    """``pid``'s live descendants (children, their children, ...), read from ``/proc``."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def kill_tree(pid: int) -> list[int]:
    """``kill -9`` of ``pid`` and all its descendants, as a crash of the machine would: all are
    stopped first (so the master cannot see a worker die and fork another), then all killed.
    Returns the pids killed. For a process leading its own group, ``os.killpg`` does the same."""
    victims = [pid, *descendants(pid)]
    for victim in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGSTOP)
    victims = [pid, *descendants(pid)]  # none forked meanwhile, but re-read to be sure
    for victim in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
    return victims


# --- the mixed load -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page to ask for (``Accept: text/html``): 200 whose body contains ``expect`` (its title,
    say), or, with ``status=303``, a redirect whose ``Location`` is ``expect``."""

    path: str
    expect: str
    status: int = 200


@dataclass(frozen=True)
class Query:
    """A SPARQL SELECT without ``LIMIT``; each request adds a ``LIMIT`` no other request has, so
    no two are the same query (no answer cache serves them). Its JSON results must name
    ``variable`` and hold at least ``min_rows`` rows."""

    text: str
    variable: str
    min_rows: int = 1


@dataclass
class Outcome:
    """One request of the load: what was asked, what came back, and what was wrong with it
    (``error`` is None for a right answer). ``breaks`` counts the times its answer was cut
    mid-body and asked again or resumed (only with ``resume``)."""

    kind: str
    target: str
    started: float
    seconds: float = 0.0
    status: int | None = None
    error: str | None = None
    breaks: int = 0

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass
class _Plan:
    """The requests still to send: shared by the threads, under a lock."""

    deadline: float | None
    left: int | None
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def next(self) -> int | None:
        with self.lock:
            if self.deadline is not None and time.monotonic() >= self.deadline:
                return None
            if self.left is not None:
                if self.left <= 0:
                    return None
                self.left -= 1
            return next(self.counter)


#: The kinds of request, in the order each thread cycles through them (pages half the load).
CYCLE = ("page", "sparql", "page", "sparql", "page", "dump")
SPARQL_JSON = "application/sparql-results+json"
#: How many times one request's answer may be cut and asked again or resumed (``resume``).
MAX_BREAKS = 3


def mixed_load(
    base_url: str,
    duration_or_count: timedelta | int,
    paths: Sequence[Page],
    queries: Sequence[Query],
    dumps: Mapping[str, Path | Sequence[Path]] | None = None,
    *,
    threads: int = 8,
    timeout: float = 60.0,
    resume: bool = False,
    record: list[Outcome] | None = None,
) -> list[Outcome]:
    """Send a mixed load to ``base_url`` from ``threads`` threads, for a ``timedelta`` or for an
    ``int`` number of requests, and return the requests that failed (empty: all right).

    The threads cycle through :data:`CYCLE`: ``GET`` of ``paths`` (HTML), ``GET /sparql?query=``
    of ``queries`` (each made distinct), and ``GET /dumps/NAME`` of ``dumps`` (name to the file in
    dist whose bytes the answer must equal, or to the files of each version it may be while a
    new one is published; ``Accept-Encoding: identity``). A failure is any
    answer but the expected status with the expected content, or an error (refused, reset, cut
    short, timed out).

    A proxy can replay a request only until it has passed the answer's head on: an answer cut
    mid-body (its frontend killed while sending it) reaches the client short, whatever the proxy.
    With ``resume``, the client recovers as a careful one does, and such a request fails only if
    that fails too (at most :data:`MAX_BREAKS` times): a page or query cut short is asked again
    (every GET here is safe), a dump is resumed (``Range`` from the bytes it has, ``If-Range``
    its ETag, so a changed file is sent whole). Every outcome, right or not, is appended to ``record`` if given.
    """
    if not paths or not queries:
        raise ValueError("mixed_load needs pages and queries")
    files = {
        name: tuple(p.read_bytes() for p in ([path] if isinstance(path, Path) else path))
        for name, path in (dumps or {}).items()
    }
    if isinstance(duration_or_count, timedelta):
        plan = _Plan(time.monotonic() + duration_or_count.total_seconds(), None)
    else:
        plan = _Plan(None, duration_or_count)
    outcomes: list[Outcome] = []
    outcomes_lock = threading.Lock()
    start = time.monotonic()
    kinds = [kind for kind in CYCLE if kind != "dump" or files]

    def work(thread: int) -> None:
        with requests.Session() as session:
            for n in itertools.count(thread):
                index = plan.next()
                if index is None:
                    return
                kind = kinds[n % len(kinds)]
                outcome = Outcome(kind, "", time.monotonic() - start)
                try:
                    if kind == "page":
                        page = paths[index % len(paths)]
                        _again(resume, outcome, _page, session, base_url, page, timeout)
                    elif kind == "sparql":
                        query, limit = queries[index % len(queries)], 1000 + index
                        _again(resume, outcome, _sparql, session, base_url, query, limit, timeout)
                    else:
                        name = sorted(files)[index % len(files)]
                        _dump(session, base_url, name, files[name], timeout, resume, outcome)
                except (requests.RequestException, ValueError) as error:
                    outcome.error = f"{type(error).__name__}: {error}"
                outcome.seconds = time.monotonic() - start - outcome.started
                with outcomes_lock:
                    outcomes.append(outcome)

    workers = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    outcomes.sort(key=lambda outcome: outcome.started)
    if record is not None:
        record.extend(outcomes)
    return [outcome for outcome in outcomes if outcome.failed]


def _again(
    resume: bool,
    outcome: Outcome,
    ask: Callable[Concatenate[Outcome, P], None],
    *args: P.args,
    **kwargs: P.kwargs,
) -> None:
    """``ask(outcome, ...)``; with ``resume``, asked again while its answer is cut mid-body."""
    while True:
        try:
            ask(outcome, *args, **kwargs)
            return
        except requests.exceptions.ChunkedEncodingError:
            if not resume or outcome.breaks >= MAX_BREAKS:
                raise
            outcome.breaks += 1


def _page(
    outcome: Outcome, session: requests.Session, base_url: str, page: Page, timeout: float
) -> None:
    outcome.target = page.path
    answer = session.get(
        base_url + page.path,
        headers={"Accept": "text/html"},
        allow_redirects=False,
        timeout=timeout,
    )
    outcome.status = answer.status_code
    if answer.status_code != page.status:
        outcome.error = f"status {answer.status_code}, not {page.status}"
    elif page.status == 200 and page.expect not in answer.text:
        outcome.error = f"{page.expect!r} not in the page"
    elif page.status != 200 and answer.headers.get("Location") != page.expect:
        outcome.error = f"Location {answer.headers.get('Location')!r}, not {page.expect!r}"


def _sparql(
    outcome: Outcome,
    session: requests.Session,
    base_url: str,
    query: Query,
    limit: int,
    timeout: float,
) -> None:
    text = f"{query.text} LIMIT {limit}"
    outcome.target = "/sparql?query=" + quote(text, safe="")
    answer = session.get(
        base_url + "/sparql",
        params={"query": text},
        headers={"Accept": SPARQL_JSON},
        timeout=timeout,
    )
    outcome.status = answer.status_code
    if answer.status_code != 200:
        outcome.error = f"status {answer.status_code}, not 200"
        return
    try:
        results = answer.json()
    except json.JSONDecodeError as error:
        outcome.error = f"not JSON: {error}"
        return
    variables = results.get("head", {}).get("vars", [])
    rows = results.get("results", {}).get("bindings", [])
    if query.variable not in variables:
        outcome.error = f"?{query.variable} not among the variables {variables}"
    elif len(rows) < query.min_rows or not all(query.variable in row for row in rows):
        outcome.error = f"{len(rows)} rows, {query.min_rows} expected, each with ?{query.variable}"


def _dump(
    session: requests.Session,
    base_url: str,
    name: str,
    expected: tuple[bytes, ...],
    timeout: float,
    resume: bool,
    outcome: Outcome,
) -> None:
    outcome.target = f"/dumps/{name}"
    received = bytearray()
    etag: str | None = None
    while True:
        headers = {"Accept-Encoding": "identity"}
        if received and etag is not None:
            headers |= {"Range": f"bytes={len(received)}-", "If-Range": etag}
        try:
            with session.get(
                base_url + outcome.target, headers=headers, stream=True, timeout=timeout
            ) as answer:
                if outcome.status is None or answer.status_code != 206:
                    outcome.status = answer.status_code
                if answer.status_code == 200:
                    received.clear()  # the whole file (first request, or the ETag changed)
                    etag = answer.headers.get("ETag")
                elif not (answer.status_code == 206 and received):
                    outcome.error = f"status {answer.status_code}, not 200"
                    return
                for chunk in answer.iter_content(65536):
                    received += chunk
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as error:
            # Cut mid-stream (the frontend died while sending), or refused on the way back.
            if not (resume and received and etag is not None and outcome.breaks < MAX_BREAKS):
                outcome.error = f"{type(error).__name__} after {len(received)} bytes: {error}"
                return
            outcome.breaks += 1
            continue
        break
    if bytes(received) not in expected:
        sizes = " or ".join(str(len(e)) for e in expected)
        outcome.error = f"{len(received)} bytes that differ from the {sizes} of {name}"
