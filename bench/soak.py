"""The soak: a bounded mixed load on a live ``stancegraph serve`` for a set time, then a verdict.

    bench/soak [--duration 300] [--clients N] [--resources N] [--json FILE]
               [--dist-dir DIR | --dataset FILE | --url URL --pid PID]

Starts ``stancegraph serve`` on a free loopback port (or uses the server at ``--url`` whose
gunicorn master is ``--pid``) and discovers its resources. It warms up: every page and dump once
per client, then the mixed load for a tenth of the soak (3 to 30 s), so that caches, threads and
query processes exist before memory is measured. Then ``--clients`` closed-loop clients (each
waits for its answer before it asks again, so the load is bounded; as many as ``query_slots``, so
that no query is refused for want of a slot) draw requests from :mod:`bench.workload` for
``--duration`` seconds. It reports requests served, p50/p99 latency per kind, every non-2xx/3xx
answer to a valid request, every bad request answered otherwise than expected, socket errors, and
the RSS of each worker at the start, every tenth of the soak and at the end. It exits 1 when any
of these counts is not 0, when a worker's RSS grew by 10 % or more beyond the memory it may fill
with kept SPARQL answers (``answer_cache_mb``, read from the settings of this environment), or
when a worker was replaced; 0 otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.serving import rss_kb, start_server, stop_server, workers
from bench.workload import Call, Workload, discover
from stancegraph.core import settings

MAX_RSS_GROWTH = 0.10
#: Seconds of mixed load before memory is first measured: a tenth of the soak, within these.
WARM_UP_MIN = 3.0
WARM_UP_MAX = 30.0
REQUEST_TIMEOUT = 30.0
#: Failures quoted in the report (all are counted).
QUOTED = 20


@dataclass
class Tally:
    """What the clients saw; each client adds under the lock."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failed_valid: int = 0
    unexpected_bad: int = 0
    socket_errors: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Call, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[call.kind].append(seconds)
            self.statuses[(call.kind, status)] += 1
            if call.expect is None and not 200 <= status < 400:
                self.failed_valid += 1
                self._quote(f"{status} for valid {call.method} {call.target[:120]}")
            elif call.expect is not None and status not in call.expect:
                self.unexpected_bad += 1
                self._quote(f"{status} (expected {sorted(call.expect)}) for {call.target[:120]}")

    def socket_error(self, call: Call, error: BaseException) -> None:
        with self.lock:
            self.socket_errors += 1
            self._quote(f"{type(error).__name__}: {error} on {call.method} {call.target[:120]}")

    def _quote(self, line: str) -> None:
        if len(self.failures) < QUOTED:
            self.failures.append(line)


class Client:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = self._connect()
        self.used = False

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)

    def send(self, call: Call) -> tuple[int, str | None]:
        """Status and ETag. A kept-alive connection the server closed while idle is retried once
        on a new one (as every HTTP client does); any other failure raises."""
        reused = self.used
        try:
            return self._send(call)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            self.connection.close()
            self.connection = self._connect()
            return self._send(call)

    def _send(self, call: Call) -> tuple[int, str | None]:
        self.used = False
        self.connection.request(call.method, call.target, body=call.body or None,
                                headers=dict(call.headers))  # fmt: skip
        response = self.connection.getresponse()
        response.read()
        self.used = not response.will_close
        return response.status, response.getheader("ETag")


def run_client(port: int, workload: Workload, tally: Tally, calls: Any, stop: float) -> None:
    """Send ``calls`` (an iterator of :class:`Call`) until it ends or the clock passes ``stop``."""
    client = Client(port)
    for call in calls:
        if time.monotonic() >= stop:
            break
        started = time.perf_counter()
        try:
            status, etag = client.send(call)
        except (OSError, http.client.HTTPException) as error:
            tally.socket_error(call, error)
            client.connection.close()
            client = Client(port)
            continue
        tally.record(call, status, time.perf_counter() - started)
        workload.learn(call, etag)
    client.connection.close()


def drawn(workload: Workload, seed: int) -> Any:
    rng = random.Random(seed)
    while True:
        yield workload.draw(rng)


def run_clients(port: int, workload: Workload, clients: int, calls: Any, seconds: float) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=run_client, args=(port, workload, tally, calls(n), stop))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def soak(args: argparse.Namespace, url: str, master: int) -> dict[str, Any]:
    """Warm up (every page once per client, then the mixed load a while), then measure."""
    port = int(url.rsplit(":", 1)[1])
    workload = discover(url, settings.resolve()["max_request_bytes"], args.resources)
    warm = workload.warm_up()
    run_clients(port, workload, args.clients, lambda n: iter(warm[n:] + warm[:n]), 10 * 60.0)
    warm_up = min(WARM_UP_MAX, max(WARM_UP_MIN, args.duration / 10))
    run_clients(port, workload, args.clients, lambda n: drawn(workload, -1 - n), warm_up)
    trace: dict[int, list[int]] = defaultdict(list)
    done = threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(master, trace, args.duration / 10, done))
    sampler.start()
    tally = run_clients(port, workload, args.clients, lambda n: drawn(workload, n), args.duration)
    done.set()
    sampler.join()
    return report(args, tally, dict(trace))


def sample_rss(
    master: int, trace: dict[int, list[int]], every: float, done: threading.Event
) -> None:
    """Each worker's RSS now, every ``every`` seconds, and once more when ``done`` is set."""
    while True:
        for pid in workers(master):
            trace[pid].append(rss_kb(pid))
        if done.wait(every):
            break
    for pid in workers(master):
        trace[pid].append(rss_kb(pid))


def report(args: argparse.Namespace, tally: Tally, trace: dict[int, list[int]]) -> dict[str, Any]:
    """The figures, and the problems that fail the soak."""
    before = {pid: kbs[0] for pid, kbs in trace.items()}
    after = {pid: kbs[-1] for pid, kbs in trace.items() if len(kbs) > 1}
    kinds = {
        kind: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "statuses": {str(s): n for (k, s), n in sorted(tally.statuses.items()) if k == kind},
        }
        for kind, values in sorted(tally.latencies.items())
    }
    growth = {pid: (after[pid] - kb) / kb for pid, kb in before.items() if pid in after and kb}
    cache_kb = settings.resolve()["answer_cache_mb"] * 1024  # the budget a worker may fill
    allowed = {pid: MAX_RSS_GROWTH * kb + cache_kb for pid, kb in before.items()}
    problems = [f"{n} {what}" for n, what in (
        (tally.failed_valid, "valid requests answered with neither 2xx nor 3xx"),
        (tally.unexpected_bad, "bad requests answered otherwise than expected"),
        (tally.socket_errors, "socket errors"),
    ) if n]  # fmt: skip
    if len({len(kbs) for kbs in trace.values()}) > 1:
        problems.append(f"workers changed during the soak: {sorted(trace)}")
    problems += [
        f"worker {pid} RSS grew {share:.1%}, {(after[pid] - before[pid]) / 1024:.1f} MB (limit "
        f"{MAX_RSS_GROWTH:.0%} plus answer_cache_mb, {allowed[pid] / 1024:.1f} MB)"
        for pid, share in growth.items()
        if after[pid] - before[pid] >= allowed[pid]
    ]
    requests = sum(k["requests"] for k in kinds.values())
    if not requests:
        problems.append("no request was served")
    return {
        "duration_s": args.duration,
        "clients": args.clients,
        "requests": requests,
        "requests_per_s": round(requests / args.duration, 1),
        "kinds": kinds,
        "failed_valid": tally.failed_valid,
        "unexpected_bad": tally.unexpected_bad,
        "socket_errors": tally.socket_errors,
        "failures": tally.failures,
        "rss_kb": {str(pid): {"start": kb, "end": after.get(pid)} for pid, kb in before.items()},
        "rss_trace_kb": {str(pid): kbs for pid, kbs in trace.items()},
        "rss_growth_max": round(max(growth.values(), default=0.0), 4),
        "rss_allowed_kb": {str(pid): round(kb) for pid, kb in allowed.items()},
        "problems": problems,
        "passed": not problems,
    }


def print_report(figures: dict[str, Any]) -> None:
    print(f"soak: {figures['duration_s']:g} s, {figures['clients']} clients, "
          f"{figures['requests']} requests ({figures['requests_per_s']}/s)")  # fmt: skip
    print(f"{'kind':<12}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}  statuses")
    for kind, row in figures["kinds"].items():
        statuses = " ".join(f"{s}×{n}" for s, n in row["statuses"].items())
        print(f"{kind:<12}{row['requests']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}  {statuses}")
    print(f"non-2xx/3xx answers to valid requests: {figures['failed_valid']}")
    print(f"bad requests answered otherwise than expected: {figures['unexpected_bad']}")
    print(f"socket errors: {figures['socket_errors']}")
    for pid, kb in figures["rss_kb"].items():
        end = kb["end"]
        change = f"{(end - kb['start']) / kb['start']:+.1%}" if end else "gone"
        trace = " ".join(f"{k / 1024:.1f}" for k in figures["rss_trace_kb"][pid])
        print(f"worker {pid} RSS: {kb['start'] / 1024:.1f} MB -> "
              f"{(end or 0) / 1024:.1f} MB ({change}); every tenth: {trace}")  # fmt: skip
    for line in figures["failures"]:
        print(f"  {line}")
    print("PASS" if figures["passed"] else "FAIL: " + "; ".join(figures["problems"]))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (300)")
    slots = settings.resolve()["query_slots"]
    parser.add_argument(
        "--clients",
        type=int,
        default=slots,
        help=f"concurrent clients; default query_slots ({slots}), so that even when all of them "
        "query one worker at once no query is refused for want of a slot",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--resources", type=int, help="ask about this many resources, a fixed sample (all)"
    )
    parser.add_argument("--dist-dir", default="dist", help="build to serve (dist)")
    parser.add_argument("--dataset", help="serve this dataset file instead of a build")
    parser.add_argument("--url", help="soak this running server instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: its gunicorn master's pid")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if bool(args.url) != bool(args.pid):
        parser.error("--url and --pid go together")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.url:
        figures = soak(args, args.url.rstrip("/"), args.pid)
    else:
        with tempfile.NamedTemporaryFile(prefix="soak-", suffix=".log", delete=False) as log:
            process, url = start_server(args.workers, args.dataset, args.dist_dir, log)
            try:
                figures = soak(args, url, process.pid)
            finally:
                stop_server(process)
        if figures["passed"]:
            Path(log.name).unlink()  # kept when the soak fails, for its tracebacks
        else:
            figures["problems"].append(f"server log: {log.name}")
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
