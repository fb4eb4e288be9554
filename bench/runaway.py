"""While runaway queries run: are cheap distinct queries still answered, and pages served fast?

Eight clients each keep a runaway query running: a three-way cross product that only the server's
``query_timeout`` stops; a client whose runaway is refused at once asks again after a pause. Once
they have started, other clients send cheap distinct queries (the distinct lookup, each a query
no other request asks, with a pause between) and ask for actor pages (HTML and Turtle, back to
back), and every answer's status and latency is recorded. The runaways come from one client
address or from eight (loopback answers to all of 127.0.0.0/8); the measuring clients from
127.0.0.1. Targets (issue 13): every cheap query answered within 1 s, none refused; pages
answered within 100 ms at the 99th percentile.
"""

from __future__ import annotations

import http.client
import itertools
import math
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import distinct, servers
from bench.corpus import ACTOR_BASE, Corpus
from bench.distinct import RUN_SPAN
from bench.processes import Started, descendants, stop, wait_idle
from bench.servers import SPARQL_JSON, Server

#: The servers checked: the project with each store.
SERVERS = (servers.STANCEGRAPH_MEMORY, servers.STANCEGRAPH_DISK)
RUNAWAYS = 8
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT %d"
#: Who sends the runaways: one client, or as many clients as runaways.
SENDERS = {
    "one client": ("127.0.0.2",) * RUNAWAYS,
    f"{RUNAWAYS} clients": tuple(f"127.0.0.{11 + n}" for n in range(RUNAWAYS)),
}
MEASURER = "127.0.0.1"
#: Seconds the runaways get to reach the server before the measuring starts.
SETTLE = 1.0
QUERY_CLIENTS, QUERY_PAUSE = 2, 0.05
PAGE_CLIENTS = 2
#: Seconds before a runaway client asks again after being refused.
RETRY_PAUSE = 0.2
CLIENT_TIMEOUT = 30.0
QUERY_WITHIN_S = 1.0
PAGES_P99_MS = 100.0


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (connection failed)
    seconds: float
    size: int


class Client:
    """One keep-alive HTTP connection from a given loopback address."""

    def __init__(self, port: int, source: str) -> None:
        self.port, self.source = port, source
        self.connection: http.client.HTTPConnection | None = None
        self.aborted = False

    def get(self, path: str, accept: str) -> Answer:
        started = time.perf_counter()
        for attempt in (1, 2):  # a kept connection the server closed meanwhile: once more
            reused = self.connection is not None
            try:
                status, body = self._get(path, accept)
                return Answer(status, time.perf_counter() - started, len(body))
            except (OSError, http.client.HTTPException):
                self.close()
                if not reused or attempt == 2 or self.aborted:
                    break
        return Answer(0, time.perf_counter() - started, 0)

    def _get(self, path: str, accept: str) -> tuple[int, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=CLIENT_TIMEOUT, source_address=(self.source, 0)
            )
        self.connection.request("GET", path, headers={"Accept": accept})
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def abort(self) -> None:
        """End a request in flight from another thread; the client asks nothing more."""
        self.aborted = True
        sock = self.connection.sock if self.connection is not None else None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)


def measure(
    chosen: list[Server], corpus: Corpus, actors: list[str], with_store: bool, seconds: float
) -> list[dict[str, Any]]:
    """For each server and each way of sending the runaways, the answers recorded."""
    found = []
    for server in chosen:
        started = servers.launch(server, corpus, with_store)
        try:
            servers.wait_ready(server, started, corpus)
            for senders, addresses in SENDERS.items():
                result = check(server, started, actors, addresses, seconds)
                found.append({"server": server.key, "senders": senders, **result})
                print(f"  runaways from {senders:<10} {server.key:<20} {verdicts(result)}")
        except (RuntimeError, TimeoutError, OSError) as error:
            print(f"  {server.key} left out of the runaway check: {error}", flush=True)
        finally:
            stop(started)
    return found


def check(
    server: Server, started: Started, actors: list[str], addresses: tuple[str, ...], seconds: float
) -> dict[str, Any]:
    """Runaways from ``addresses``; cheap queries and pages for ``seconds`` meanwhile, and the
    cores the server's processes kept busy then (the runaways' query processes among them)."""
    port, stopping, limits = started.port, threading.Event(), itertools.count(RUN_SPAN)
    runaways: list[Answer] = []
    queries: list[Answer] = []
    pages: list[Answer] = []
    senders = [Client(port, address) for address in addresses]
    background = [
        _loop(sender, _runaways(server, limits), runaways, stopping, RETRY_PAUSE, quick_only=True)
        for sender in senders
    ]
    time.sleep(SETTLE)
    cpu_before, window_start = tree_cpu(started.pid), time.perf_counter()
    measuring = [
        _loop(Client(port, MEASURER), asks, queries, stopping, QUERY_PAUSE)
        for asks in (_queries(server, actors, limits, n) for n in range(QUERY_CLIENTS))
    ]
    measuring += [
        _loop(Client(port, MEASURER), _pages(actors, n), pages, stopping, 0.0)
        for n in range(PAGE_CLIENTS)
    ]
    time.sleep(seconds)
    stopping.set()
    cores = (tree_cpu(started.pid) - cpu_before) / (time.perf_counter() - window_start)
    for thread in measuring:
        thread.join()
    for sender in senders:
        sender.abort()
    for thread in background:
        thread.join(CLIENT_TIMEOUT)
    return {
        "seconds": seconds,
        "addresses": sorted(set(addresses)),
        "queries": summary(queries),
        "pages": summary(pages),
        "runaways": runaway_summary(runaways),
        "server_cores": cores,
        "idle_wait_s": wait_idle(started.pid),
    }


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its descendants, those that ended included (a
    process's waited-for children's time is added to its own when they end)."""
    ticks = 0
    for member in (pid, *descendants(pid)):
        with suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(int(field) for field in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


#: What a client asks next: a request target and the Accept header.
Asks = Callable[[], tuple[str, str]]


def _runaways(server: Server, limits: Iterator[int]) -> Asks:
    return lambda: (servers.sparql_path(server, RUNAWAY % next(limits)), SPARQL_JSON)


def _queries(server: Server, actors: list[str], limits: Iterator[int], seed: int) -> Asks:
    """Distinct cheap lookups, the actor drawn at random (each client its own draws)."""
    chooser = random.Random(seed)

    def ask() -> tuple[str, str]:
        query = distinct.fill(distinct.LOOKUP, chooser.choice(actors), next(limits))
        return servers.sparql_path(server, query), SPARQL_JSON

    return ask


def _pages(actors: list[str], seed: int) -> Asks:
    """Actor pages in HTML and Turtle, by turns, the actor drawn at random."""
    chooser, extensions = random.Random(seed), itertools.cycle(("html", "ttl"))

    def ask() -> tuple[str, str]:
        slug = chooser.choice(actors).removeprefix(ACTOR_BASE)
        return f"/doc/actor/{slug}.{next(extensions)}", "*/*"

    return ask


def _loop(
    client: Client,
    asks: Asks,
    into: list[Answer],
    stopping: threading.Event,
    pause: float,
    quick_only: bool = False,
) -> threading.Thread:
    """A started thread asking until ``stopping``, pausing between requests (with
    ``quick_only``, only after a refusal that came at once)."""

    def run() -> None:
        while not stopping.is_set():
            answer = client.get(*asks())
            if not stopping.is_set():
                into.append(answer)
            quick_refusal = answer.status == 503 and answer.seconds < QUERY_WITHIN_S
            if pause and (quick_refusal or not quick_only):
                stopping.wait(pause)
        client.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def summary(answers: list[Answer]) -> dict[str, Any]:
    """Counts by outcome and latencies (ms) of the answered."""
    answered = [a.seconds * 1000 for a in answers if 200 <= a.status < 300 and a.size > 0]
    refused = sum(1 for a in answers if a.status == 503)
    return {
        "sent": len(answers),
        "answered": len(answered),
        "refused": refused,
        "failed": len(answers) - len(answered) - refused,
        "p50_ms": percentile(answered, 50),
        "p99_ms": percentile(answered, 99),
        "max_ms": max(answered, default=0.0),
        "statuses": sorted({a.status for a in answers}),
    }


def runaway_summary(answers: list[Answer]) -> dict[str, int]:
    quick = sum(1 for a in answers if a.status == 503 and a.seconds < QUERY_WITHIN_S)
    return {
        "ended": len(answers),
        "refused_at_once": quick,
        "stopped": sum(1 for a in answers if a.status != 200) - quick,
        "answered": sum(1 for a in answers if a.status == 200),
    }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0 of none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def met(result: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the cheap queries and the pages met their targets."""
    q, p = result["queries"], result["pages"]
    queries_met = (
        q["sent"] > 0 and q["answered"] == q["sent"] and q["max_ms"] <= 1000 * QUERY_WITHIN_S
    )
    pages_met = p["sent"] > 0 and p["answered"] == p["sent"] and p["p99_ms"] <= PAGES_P99_MS
    return queries_met, pages_met


def verdicts(result: dict[str, Any]) -> str:
    q, p = result["queries"], result["pages"]
    return (
        f"queries {q['answered']}/{q['sent']} answered ({q['refused']} refused), slowest "
        f"{q['max_ms']:.0f} ms; pages {p['answered']}/{p['sent']}, p99 {p['p99_ms']:.0f} ms"
    )
