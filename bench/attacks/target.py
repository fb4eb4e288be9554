"""The server attacked: started here or found at ``--url``, watched, and waited for."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from bench.attacks.queries import JSON, cheap_query, fresh, sparql
from bench.attacks.raw_http import LIMIT, PROBE_TIMEOUT, Reply, exchange, request
from bench.processes import (
    Started,
    descendants,
    free_port,
    get,
    memory_mb,
    start,
    wait_idle,
    wait_until,
)
from bench.servers import LOGS, VENV
from stancegraph.core import settings

RECOVERY_TIMEOUT = 60.0


@dataclass(frozen=True)
class Target:
    """The server attacked; ``started`` when this tool started it."""

    host: str
    port: int
    page: str  # a resource's page, /doc/{kind}/{slug}
    slots: int  # query slots of all workers
    started: Started | None = None

    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    def get(
        self, path: str, headers: dict[str, str] | None = None, timeout: float = PROBE_TIMEOUT
    ) -> Reply:
        return exchange(self.address, request(path, headers), timeout)

    def alive(self) -> bool:
        return self.started is None or self.started.process.poll() is None


def launch() -> Started:
    """``stancegraph serve`` on a free port, once ``/healthz`` answers."""
    port = free_port()
    command = [str(VENV / "stancegraph"), "serve", "--port", str(port)]
    started = start(command, LOGS / "attack.log", port=port)
    health = f"http://127.0.0.1:{port}/healthz"
    wait_until(started, lambda: get(health, timeout=1)[0] == 200, 300)
    return started


def discover(host: str, port: int, started: Started | None) -> Target:
    """The server's first actor page (any resource's, if it has no actor) and its query slots."""
    home = exchange((host, port), request("/", {"Accept": "text/html"}), 30)
    found = re.findall(rb'href="/id/([a-z]+/[^"/]+)"', home.body)
    if not found:
        raise SystemExit(f"bench/attack: no resource linked from / (status {home.status})")
    actors = [path for path in found if path.startswith(b"actor/")]
    page = "/doc/" + (actors or found)[0].decode()
    values = settings.resolve()
    return Target(host, port, page, values["workers"] * values["query_slots"], started)


def recover(target: Target) -> float | None:
    """Seconds until ``/healthz`` answered within the limit again; None if it did not."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_TIMEOUT:
        if target.get("/healthz", timeout=LIMIT).in_time:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def settle(target: Target) -> None:
    """Wait until the server is idle and answers a query, so one attack does not spoil the next."""
    if target.started is not None:
        wait_idle(target.started.pid, RECOVERY_TIMEOUT)
    deadline = time.monotonic() + RECOVERY_TIMEOUT
    while time.monotonic() < deadline:
        if target.get(sparql(cheap_query(fresh())), {"Accept": JSON}).status == 200:
            return
        time.sleep(0.2)


def log_offset(target: Target) -> int:
    """The size of the server's log now (0 if it is not ours), for :func:`tracebacks`."""
    return target.started.log.stat().st_size if target.started else 0


def tracebacks(target: Target, since: int) -> int | None:
    """Tracebacks the server logged since byte ``since`` of its log; None if it is not ours."""
    if target.started is None:
        return None
    with target.started.log.open("rb") as log:
        log.seek(since)
        return log.read().count(b"Traceback")


def peak_memory(target: Target, done: threading.Event) -> list[float]:
    """Start sampling the PSS of the server's processes until ``done``; the samples, in MB."""
    samples: list[float] = []
    if target.started is None:
        return samples

    def sample(pid: int) -> None:
        while not done.wait(0.1):
            samples.append(sum(memory_mb(p)[1] for p in [pid, *descendants(pid)]))

    threading.Thread(target=sample, args=(target.started.pid,), daemon=True).start()
    return samples
