"""``bench/attack``: the attacks of issue 16 against a live ``stancegraph serve``, and which held.

    bench/attack                  # 30 s of each attack, about three minutes in all
    bench/attack --quick          # 5 s of each, under a minute
    bench/attack --url URL        # attack a server already running (http://host:port)
    bench/attack --write          # also record the table in SECURITY.md

Without ``--url`` it starts ``stancegraph serve`` with the settings of this environment (the
defaults, unless ``STANCEGRAPH_*`` says otherwise) on a free loopback port, logging to
``bench/out/logs/attack.log``, and stops it and all it started on exit, Ctrl-C and SIGTERM.

Four attacks try to starve the server while probes ask it, twice a second and each on a new
connection, for ``/healthz``, a page and a cheap SPARQL query asked for the first time (no answer
kept from before can serve it). The attack held only if every probe got a 2xx within 1 s:

- slowloris, three ways, each with ``--connections`` connections (reopened when the server closes
  them): a header line every 2 s; nothing at all; a POST body a byte every 2 s;
- slow readers: one connection per query slot, each asking for a different ~21 MB answer and
  reading none of it (only its header, to retry those refused for want of a slot).

Three more are checks. Memory bombs: a CONCAT chain and an ORDER BY over a 3-way cross product,
one by one and then a query slot's worth at once; the chain must get 503 "query exceeded its
memory limit", every bomb a 503 that stopped it (memory, time or no free slot), and the next
query must answer. The query check: SERVICE hidden from it four ways must get
403 with a reason (never a 500) and reach nobody; RAND() hidden from it must not be answered
twice the same. Host and SCRIPT_NAME sent by a client must be named in no ``Location``, ``Link``
or link of a page.

It prints a Markdown table (``--write`` puts it between markers in SECURITY.md, creating the file
if need be) and exits 1 when any attack worked or the server was slow even unattacked.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from bench.processes import (
    ROOT,
    Started,
    descendants,
    free_port,
    get,
    install_cleanup,
    memory_mb,
    start,
    stop,
    wait_idle,
    wait_until,
)
from bench.servers import LOGS, VENV
from stancegraph.core import settings

#: Seconds within which a probe must be answered.
LIMIT = 1.0
PROBE_TIMEOUT = 3.0
PROBE_EVERY = 0.5
TRICKLE_EVERY = 2.0
CONNECT_TIMEOUT = 5.0
RECOVERY_TIMEOUT = 60.0
BOMB_TIMEOUT = 90.0
#: Bytes a slowloris POST announces (within max_request_bytes, so it is not refused at once).
SLOW_BODY = 100_000
#: Rows of the article's text in a slow reader's answer: ~21 MB of SPARQL JSON on the seed data.
BIG_ROWS = 1600
EVIL = "evil.example"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
STATEMENT = "https://w3id.org/stancegraph/ontology#Statement"
JSON = "application/sparql-results+json"
SECURITY = ROOT / "SECURITY.md"
BEGIN = "<!-- bench/attack: begin (generated; edit bench/attack.py instead) -->"
END = "<!-- bench/attack: end -->"
INTRO = """# Security

What `stancegraph serve` withstands, measured by `make attack` (`bench/attack`, not part of
`make test`): the attacks of issue 16 run against a live server with default settings on
loopback, while probes check that it still answers.
"""
#: Every link, stylesheet and script of a page.
LINK = re.compile(rb'(?:href|src)="([^"]*)"')

#: Distinct numbers for queries never asked before, in this run or an earlier one.
_numbers = itertools.count(time.time_ns() // 1000)


# --- HTTP over plain sockets ---------------------------------------------------------------------


@dataclass
class Reply:
    """An answer; ``status`` is what happened instead when there was none (timeout, reset...)."""

    status: int | str
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def in_time(self) -> bool:
        return isinstance(self.status, int) and 200 <= self.status < 300 and self.seconds <= LIMIT


def request(target: str, headers: dict[str, str] | None = None, host: str = "127.0.0.1") -> bytes:
    """A GET with ``Host`` and ``Connection: close``."""
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def exchange(address: tuple[str, int], data: bytes, timeout: float = PROBE_TIMEOUT) -> Reply:
    """Send ``data`` on a new connection; the answer, read until the server closes."""
    started = time.monotonic()
    deadline = started + timeout
    received: list[bytes] = []
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            with suppress(BrokenPipeError, ConnectionResetError):  # it may answer before reading
                sock.sendall(data)
            while time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                if not (chunk := sock.recv(1 << 16)):
                    return parse(b"".join(received), time.monotonic() - started)
                received.append(chunk)
            raise TimeoutError
    except TimeoutError:
        return Reply("timeout", time.monotonic() - started)
    except ConnectionRefusedError:
        return Reply("refused", time.monotonic() - started)
    except OSError as error:
        what = "reset" if isinstance(error, ConnectionResetError) else type(error).__name__
        return Reply(what, time.monotonic() - started)


def parse(received: bytes, seconds: float) -> Reply:
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return Reply("closed" if not received else "garbled", seconds)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", ""):
        body = dechunk(body)
    return Reply(int(parts[1]), seconds, headers, body)


def dechunk(data: bytes) -> bytes:
    """The body of a chunked answer (as much of it as came)."""
    chunks, at = [], 0
    while (end := data.find(b"\r\n", at)) >= 0:
        try:
            length = int(data[at:end].split(b";")[0], 16)
        except ValueError:
            break
        if not length:
            break
        chunks.append(data[end + 2 : end + 2 + length])
        at = end + 4 + length
    return b"".join(chunks)


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def cheap_query(n: int) -> str:
    return f"SELECT ?s ?n WHERE {{ ?s a <{STATEMENT}> VALUES ?n {{ {n} }} }} LIMIT 1"


def big_query(n: int) -> str:
    """:data:`BIG_ROWS` rows of an article's whole text (each ~13 kB on the seed data)."""
    return (f"SELECT ?x ?n WHERE {{ ?a <{NIF}isString> ?x . ?s ?p ?o VALUES ?n {{ {n} }} }} "
            f"LIMIT {BIG_ROWS}")  # fmt: skip


# --- the server ----------------------------------------------------------------------------------


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


def log_offset(target: Target) -> int:
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


# --- probes and the attacks that starve ----------------------------------------------------------


class Prober:
    """Asks for each of ``kinds`` every :data:`PROBE_EVERY` s, each probe on a thread of its own."""

    def __init__(self, target: Target, kinds: Iterable[str] = ("healthz", "page", "query")):
        self.target = target
        self.replies: dict[str, list[Reply]] = {kind: [] for kind in kinds}
        self._lock = threading.Lock()

    def run_for(self, seconds: float) -> dict[str, list[Reply]]:
        end = time.monotonic() + seconds
        return self.run_while(lambda: time.monotonic() < end)

    def run_while(self, going: Callable[[], bool]) -> dict[str, list[Reply]]:
        """Probe until ``going()`` is false, then wait for the probes' answers."""
        threads = []
        while going():
            for kind in self.replies:
                threads.append(threading.Thread(target=self._probe, args=(kind,)))
                threads[-1].start()
            time.sleep(PROBE_EVERY)
        for thread in threads:
            thread.join()
        return self.replies

    def _probe(self, kind: str) -> None:
        if kind == "healthz":
            reply = self.target.get("/healthz")
        elif kind == "page":
            reply = self.target.get(self.target.page, {"Accept": "text/html"})
        else:
            reply = self.target.get(sparql(cheap_query(next(_numbers))), {"Accept": JSON})
        with self._lock:
            self.replies[kind].append(reply)


class Load(Protocol):
    """An attack that runs in the background while the probes ask."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def sent(self) -> str: ...


#: What each way of slowloris sends when it connects.
OPENINGS = {
    "headers": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    "idle": "",
    "body": "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
    f"application/x-www-form-urlencoded\r\nContent-Length: {SLOW_BODY}\r\n\r\nquery=",
}


class Trickle:
    """``count`` connections that send a request a piece every :data:`TRICKLE_EVERY` s (``idle``
    ones send nothing), each reopened when the server answers or closes it."""

    def __init__(self, target: Target, count: int, way: str) -> None:
        self.target, self.count, self.way = target, count, way
        self.sockets: list[socket.socket | None] = []
        self.closed = self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop)

    def start(self) -> None:
        self.sockets = [self._open() for _ in range(self.count)]
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            if sock is not None:
                sock.close()

    def sent(self) -> str:
        what = {
            "headers": "each a header line every 2 s",
            "idle": "each sending nothing",
            "body": f"each a POST /sparql body of {SLOW_BODY:,} bytes, one byte every 2 s",
        }[self.way]
        return (f"{self.count} connections, {what} (the server closed {self.closed}; "
                f"{self.failed} could not connect)")  # fmt: skip

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(self.target.address, timeout=CONNECT_TIMEOUT)
            sock.sendall(OPENINGS[self.way].encode())
            sock.setblocking(False)
            return sock
        except OSError:
            self.failed += 1
            return None

    def _loop(self) -> None:
        for n in itertools.count():
            if self._stop.wait(TRICKLE_EVERY):
                return
            piece = {"headers": f"X-Pad-{n}: {n}\r\n", "idle": "", "body": "a"}[self.way]
            for i, sock in enumerate(self.sockets):
                if sock is not None and _open_and_silent(sock) and _send(sock, piece):
                    continue
                if sock is not None:
                    self.closed += 1
                    sock.close()
                self.sockets[i] = self._open()


def _send(sock: socket.socket, piece: str) -> bool:
    """Send a few bytes without waiting; False if the connection is gone."""
    try:
        sock.send(piece.encode())
    except BlockingIOError:  # its buffer is full: still open, and still slow
        return True
    except OSError:
        return False
    return True


def _open_and_silent(sock: socket.socket) -> bool:
    """Whether the server has neither answered nor closed the connection."""
    try:
        sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


class SlowReaders:
    """``count`` connections, each asking for a different ~21 MB answer and reading only its
    header; one refused (503, no free slot) asks again until ``count`` answers are held."""

    def __init__(self, target: Target, count: int) -> None:
        self.target, self.count = target, count
        self.held = self.refused = self.cut = 0
        self.size = ""
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._threads = [threading.Thread(target=self._read) for _ in range(count)]

    def start(self) -> None:
        whole = self.target.get(sparql(big_query(next(_numbers))), {"Accept": JSON}, 60)
        self.size = (
            f"{len(whole.body) / 1e6:.1f} MB" if whole.status == 200 else f"large ({whole.status})"
        )
        for thread in self._threads:
            thread.start()
        with self._changed:
            self._changed.wait_for(lambda: self.held == self.count, timeout=30)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def sent(self) -> str:
        return (f"{self.count} connections, each asking for a different {self.size} answer and "
                f"reading none of it ({self.held} answers held, the server cut off {self.cut}; "
                f"{self.refused} refused, asked again)")  # fmt: skip

    def _read(self) -> None:
        while not self._stop.is_set():
            query = big_query(next(_numbers))
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            with sock:
                head = _head(sock, self.target.address, request(sparql(query), {"Accept": JSON}))
                if head.status == 200:
                    self._count(held=1)
                    self._stop.wait()
                    self._count(cut=int(_cut_off(sock)))
                    return
                self._count(refused=1)
            self._stop.wait(0.5)

    def _count(self, held: int = 0, refused: int = 0, cut: int = 0) -> None:
        with self._changed:
            self.held += held
            self.refused += refused
            self.cut += cut
            self._changed.notify_all()


def _head(sock: socket.socket, address: tuple[str, int], data: bytes) -> Reply:
    """Send ``data`` and read the answer's status line and headers only."""
    received = b""
    with suppress(OSError):
        sock.settimeout(30)
        sock.connect(address)
        sock.sendall(data)
        while b"\r\n\r\n" not in received and len(received) < 8192:
            chunk = sock.recv(min(512, 8192 - len(received)))
            if not chunk:
                break
            received += chunk
    return parse(received.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n", 0)


def _cut_off(sock: socket.socket, within: float = 5.0) -> bool:
    """Whether the server closed the connection before the end of its (chunked) answer.

    Reads what the server still sends: a connection cut off ends early; one still open ends
    with the answer's last chunk, or goes quiet, or is still sending after ``within`` seconds.
    """
    deadline = time.monotonic() + within
    tail = b""
    sock.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 16)
        except TimeoutError:
            return False
        except OSError:
            return True
        if not chunk:
            return not tail.endswith(b"0\r\n\r\n")
        tail = (tail + chunk)[-16:]
    return False


# --- the table -----------------------------------------------------------------------------------


@dataclass
class Row:
    attack: str
    sent: str
    answered: str
    statuses: str
    held: bool
    notes: list[str] = field(default_factory=list)
    verdicts: tuple[str, str] = ("held", "worked")

    @property
    def verdict(self) -> str:
        return self.verdicts[0] if self.held else self.verdicts[1]


def tally(statuses: Iterable[object]) -> str:
    counted = Counter(str(status) for status in statuses)
    return ", ".join(f"{status}×{n}" if n > 1 else status for status, n in sorted(counted.items()))


def starving_row(
    name: str, sent: str, replies: dict[str, list[Reply]], recovered: float | None
) -> Row:
    answered = ", ".join(
        f"{kind} {sum(r.in_time for r in got)}/{len(got)}" for kind, got in replies.items()
    )
    every = [reply for got in replies.values() for reply in got]
    slowest = ", ".join(
        f"{kind} {max(r.seconds for r in got):.2f} s" for kind, got in replies.items() if got
    )
    notes = [f"slowest probe: {slowest}"]
    notes.append(
        "recovered at once" if recovered is not None and recovered < 0.05 else
        f"/healthz answered in time again {recovered:.1f} s after the attack stopped"
        if recovered is not None else f"still not answering {RECOVERY_TIMEOUT:g} s after"
    )  # fmt: skip
    held = bool(every) and all(reply.in_time for reply in every)
    return Row(name, sent, answered, tally(r.status for r in every), held, notes)


def under_load(target: Target, name: str, load: Load, seconds: float) -> Row:
    load.start()
    try:
        replies = Prober(target).run_for(seconds)
    finally:
        load.stop()
    return starving_row(name, load.sent(), replies, recover(target))


def render(rows: list[Row], header: str) -> str:
    lines = [header, "", "| attack | what was sent | probes answered within 1 s (n/N) | statuses "
             "| verdict |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in rows:
        cells = (row.attack, row.sent, row.answered, row.statuses, row.verdict)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines.append("")
    lines += [f"- {row.attack}: {'; '.join(row.notes)}" for row in rows if row.notes]
    return "\n".join(lines)


def write(table: str, path: Path = SECURITY) -> None:
    """Put ``table`` between the markers in ``path``, or below its intro (which it may create)."""
    block = f"{BEGIN}\n{table}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else INTRO
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = f"{old.rstrip()}\n\n{block}\n"
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


# --- the checks ----------------------------------------------------------------------------------


def concat_bomb(n: int) -> str:
    """The article's text doubled twenty times: about 10 GB of string if nothing stops it."""
    doublings = " ".join(f"BIND (CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(20))
    return (f"SELECT (STRLEN(?x20) AS ?n) WHERE {{ ?a <{NIF}isString> ?x0 . {doublings} "
            f"VALUES ?k {{ {n} }} }}")  # fmt: skip


def sort_bomb(n: int) -> str:
    """Every triple thrice over, sorted: the whole cross product is held to be sorted."""
    return (f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i VALUES ?k {{ {n} }} }} "
            "ORDER BY ?c ?f ?i")  # fmt: skip


def bomb_outcome(reply: Reply) -> str:
    if reply.status == 503:
        for words in ("memory limit", "time limit", "busy"):
            if words.encode() in reply.body:
                return f"503 {words}"
    return str(reply.status)


def ask_bomb(target: Target, bomb: Callable[[int], str]) -> Reply:
    return target.get(sparql(bomb(next(_numbers))), {"Accept": "text/csv"}, BOMB_TIMEOUT)


#: How a bomb may be stopped: by its memory limit, by the time limit before it reached that,
#: or by finding no free query slot.
STOPPED = ("503 memory limit", "503 time limit", "503 busy")


def memory_bombs(target: Target) -> Row:
    """Each bomb alone, then one per query slot at once while pages are probed; then a query.

    Held: the CONCAT chain alone hit its memory limit (the sort may reach the time limit first
    on a slow or busy machine), no bomb was answered otherwise than by a 503 that stopped it, the
    next query answered, and the server lived.
    """
    since = log_offset(target)
    done = threading.Event()
    samples = peak_memory(target, done)
    first = [ask_bomb(target, bomb) for bomb in (concat_bomb, sort_bomb)]
    alone = [bomb_outcome(reply) for reply in first]
    wave: list[str] = []
    bombs = itertools.islice(itertools.cycle((concat_bomb, sort_bomb)), target.slots)
    threads = [
        threading.Thread(target=lambda b=bomb: wave.append(bomb_outcome(ask_bomb(target, b))))
        for bomb in bombs
    ]
    for thread in threads:
        thread.start()
    probes = Prober(target, ("healthz", "page")).run_while(lambda: any(map(alive, threads)))
    done.set()
    after = target.get(sparql(cheap_query(next(_numbers))), {"Accept": JSON}, 30)
    logged = tracebacks(target, since)
    held = alone[0] == STOPPED[0] and all(o in STOPPED for o in alone + wave)
    held = held and after.status == 200 and target.alive() and not logged
    notes = [f"the next query: {after.status} in {after.seconds:.2f} s", first_line(first[0])]
    if samples:
        notes.append(f"peak PSS of the server's processes {max(samples) / 1024:.1f} GB")
    notes += [f"tracebacks in the log: {logged}"] if logged else []
    sent = (f"a CONCAT chain (the article's text doubled 20 times), then an ORDER BY over a 3-way "
            f"cross product, then {target.slots} at once (both kinds)")  # fmt: skip
    answered = ", ".join(f"{kind} {sum(r.in_time for r in got)}/{len(got)}"
                         for kind, got in probes.items())  # fmt: skip
    statuses = f"alone: {tally(alone)}; at once: {tally(wave)}"
    return Row("3. memory bombs", sent, f"{answered} (during the {target.slots})", statuses,
               held, notes)  # fmt: skip


def alive(thread: threading.Thread) -> bool:
    return thread.is_alive()


def first_line(reply: Reply, limit: int = 160) -> str:
    line = reply.body.decode("utf-8", "replace").strip().split("\n")[0]
    return f'"{line[: limit - 1]}…"' if len(line) > limit else f'"{line}"'


def hidden_services(url: str) -> list[str]:
    """SERVICE calls that the first query check let through (issue 16, attack 4)."""
    return [
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} BIND("b" AS ?y) }}',
        f'SELECT * WHERE {{ BIND("a\\u0022" AS ?x) SERVICE SILENT <{url}> {{ ?s ?p ?o }} '
        'BIND("b" AS ?y) }',
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2&&'>'!=?a) SERVICE <{url}> {{}} BIND('' AS ?c) }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    ]


HIDDEN_RAND = (
    'SELECT ?r WHERE { BIND("a\\u0022" AS ?x) BIND(RAND() AS ?r) BIND("b" AS ?y) }',
    "SELECT ?r WHERE { BIND(1 AS ?a) BIND(?a<2&&'>'!=?a AS ?b) BIND(RAND() AS ?r) BIND('' AS ?c) }",
)


def guard_bypass(target: Target) -> Row:
    """SERVICE hidden from the query check, towards a listener here; RAND() hidden, asked twice."""
    since = log_offset(target)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        asked = [target.get(sparql(q), {"Accept": "text/plain"}, 30) for q in hidden_services(url)]
        called = accepted(listener)
    rands = [(random_value(target, query), random_value(target, query)) for query in HIDDEN_RAND]
    refused = [reply for reply in asked if reply.status == 403 and b"refused" in reply.body]
    anew = [pair for pair in rands if None not in pair and pair[0] != pair[1]]
    logged = tracebacks(target, since)
    held = len(refused) == len(asked) and not called and len(anew) == len(rands) and not logged
    notes = [first_line(asked[0]), f"connections to the listener: {called}"]
    notes += [f"tracebacks in the log: {logged}"] if logged else []
    sent = (f'SERVICE to a listener here, hidden {len(asked)} ways ("a\\u0022", SILENT, "<" '
            f"read as less-than, glued keywords); RAND() hidden {len(rands)} ways, each asked "
            "twice")  # fmt: skip
    answered = f"SERVICE refused {len(refused)}/{len(asked)}, RAND() answered anew {len(anew)}/{len(rands)}"
    statuses = "SERVICE: " + tally(reply.status for reply in asked)
    return Row("4. query check bypass", sent, answered, statuses, held, notes)


def accepted(listener: socket.socket) -> int:
    count = 0
    with suppress(BlockingIOError):
        while True:
            listener.accept()[0].close()
            count += 1
    return count


def random_value(target: Target, query: str) -> str | None:
    reply = target.get(sparql(query), {"Accept": JSON}, 30)
    if reply.status != 200:
        return None
    with suppress(ValueError, KeyError, IndexError):
        return str(json.loads(reply.body)["results"]["bindings"][0]["r"]["value"])
    return None


def reflection(target: Target) -> Row:
    """A client's SCRIPT_NAME and Host, sent where the server once put them in links."""
    thing = target.page.replace("/doc/", "/id/", 1)
    mount = {"SCRIPT_NAME": f"//{EVIL}", "Accept": "text/html"}
    forwarded = {"Accept": "text/turtle", "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"}
    asks = [
        (f"//{EVIL}{thing}", mount, "127.0.0.1"),
        (f"//{EVIL}{target.page}", mount, "127.0.0.1"),
        (target.page.replace("/doc/", "/doc//", 1), {"Accept": "text/html"}, EVIL),
        (thing, forwarded, EVIL),
        ("/", {"Accept": "text/turtle"}, EVIL),
        (target.page, {"SCRIPT_NAME": "/mount", "Accept": "text/html"}, "127.0.0.1"),
    ]
    replies = [
        exchange(target.address, request(path, headers, host)) for path, headers, host in asks
    ]
    wrong = [f"{path}: {what}" for (path, _, _), r in zip(asks, replies, strict=True)
             if (what := reflected(r))]  # fmt: skip
    locations = [f"{r.header('location')} ({r.status})" for r in replies if r.header("location")]
    notes = wrong or ["no client host or mount point in any answer"]
    notes.append("Locations: " + (", ".join(locations) or "none"))
    sent = (f"SCRIPT_NAME: //{EVIL} on //{EVIL}/id/… and /doc/…; Host: {EVIL} on /doc//…, "
            f"/id/… (with X-Forwarded-Host and -Proto) and /; SCRIPT_NAME: /mount on a page")  # fmt: skip
    answered = f"answers naming no client host or mount {len(asks) - len(wrong)}/{len(asks)}"
    return Row("5. Host / SCRIPT_NAME", sent, answered, tally(r.status for r in replies),
               not wrong, notes)  # fmt: skip


def reflected(reply: Reply) -> str:
    """What in the answer names a host or mount point the client sent ("" if nothing does)."""
    if not isinstance(reply.status, int) or reply.status >= 500:
        return f"answered {reply.status}"
    named = [reply.header("location"), reply.header("content-location")]
    named += re.findall(r"<([^>]*)>", reply.header("link"))
    named += [link.decode("latin-1") for link in LINK.findall(reply.body)]
    hosts = {urllib.parse.urlsplit(url).netloc for url in named if "//" in url}
    if EVIL in hosts or f"//{EVIL}".encode() in reply.body:
        return f"names {EVIL}"
    if any(url.startswith("/mount/") for url in named):
        return "starts links with the client's SCRIPT_NAME"
    return ""


# --- the run -------------------------------------------------------------------------------------


class Nothing:
    """No attack: what the probes get from the server at rest."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def sent(self) -> str:
        return "nothing: the probes alone"


def run(target: Target, seconds: float, connections: int) -> list[Row]:
    rows = [under_load(target, "0. none (baseline)", Nothing(), max(2.0, seconds / 3))]
    rows[0].verdicts = ("answers", "slow even so")
    for way, name in (("headers", "header lines"), ("idle", "idle"), ("body", "slow body")):
        rows.append(under_load(target, f"1. slowloris: {name}", Trickle(target, connections, way),
                               seconds))  # fmt: skip
    rows.append(under_load(target, "2. slow readers", SlowReaders(target, target.slots), seconds))
    for check in (memory_bombs, guard_bypass, reflection):
        settle(target)
        rows.append(check(target))
    return rows


def settle(target: Target) -> None:
    """Wait until the server is idle and answers a query, so one attack does not spoil the next."""
    if target.started is not None:
        wait_idle(target.started.pid, RECOVERY_TIMEOUT)
    deadline = time.monotonic() + RECOVERY_TIMEOUT
    while time.monotonic() < deadline:
        if target.get(sparql(cheap_query(next(_numbers))), {"Accept": JSON}).status == 200:
            return
        time.sleep(0.2)


def header(args: argparse.Namespace, target: Target) -> str:
    values = settings.resolve()
    memory = values["query_memory_mb"] or "from the machine"
    served = ("`stancegraph serve`, started by it" if target.started else f"the server at {args.url}"
              " (its settings as this environment resolves them)")  # fmt: skip
    return (
        f"`bench/attack{' --quick' if args.quick else ''}`, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on the tree at {git_state()}; "
        f"{os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') >> 30}"
        f" GB. Server: {served}: {values['workers']} workers × {values['threads']} threads, "
        f"{values['query_slots']} query slots each, query_timeout {values['query_timeout']:g} s, "
        f"query_memory_mb {memory}. Each attack runs {args.duration:g} s while probes ask every "
        f"{PROBE_EVERY:g} s for /healthz, {target.page} (HTML) and a cheap query never asked "
        f"before; a probe counts if it got a 2xx within {LIMIT:g} s."
    )


def git_state() -> str:
    """The commit, and whether tracked files differ from it (without touching the index)."""

    def git(*argv: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", *argv], capture_output=True,
                              text=True, cwd=ROOT)  # fmt: skip
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{head} with uncommitted changes" if git("status", "--porcelain", "-uno") else head


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/attack", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, help="seconds of each attack (30; --quick 5)")
    parser.add_argument("--quick", action="store_true", help="5 s of each attack, under a minute")
    parser.add_argument("--url", help="attack this running server instead of starting one")
    parser.add_argument(
        "--connections", type=int, default=200, help="connections of each slowloris (200)"
    )
    parser.add_argument("--write", action="store_true", help=f"record the table in {SECURITY.name}")
    args = parser.parse_args(argv)
    if args.url and urllib.parse.urlsplit(args.url).scheme != "http":
        parser.error(f"--url {args.url}: only http://host:port (it speaks HTTP over plain sockets)")
    args.duration = args.duration or (5.0 if args.quick else 30.0)
    return args


def main(argv: list[str] | None = None) -> int:
    """Print the table; 1 if any attack worked."""
    args = parse_args(argv)
    install_cleanup()
    started = None
    try:
        if args.url:
            split = urllib.parse.urlsplit(args.url)
            host, port = split.hostname or "127.0.0.1", split.port or 80
        else:
            started = launch()
            host, port = "127.0.0.1", started.port
        target = discover(host, port, started)
        rows = run(target, args.duration, args.connections)
        table = render(rows, header(args, target))
    except KeyboardInterrupt:
        print("bench/attack: interrupted; every process it started is stopped", file=sys.stderr)
        return 130
    finally:
        if started is not None:
            stop(started)
    print(table)
    if args.write:
        write(table)
        print(f"bench/attack: wrote {SECURITY.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(row.held for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
