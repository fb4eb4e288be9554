"""The distinct-query tables: every server side by side, on each workload and connection count.

All servers run at once on the same corpus. Each answers one query of each workload to be checked,
then a short warm-up (its own distinct queries), then :data:`~bench.distinct.ROUNDS` rounds of wrk
runs: for each workload and connection count every server back to back, in the opposite order in
the second round. After each run the server must fall idle before the next starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bench import distinct, load, servers
from bench.corpus import Corpus
from bench.distinct import CONNECTIONS, ROUNDS, RUN_SPAN, WORKLOADS, Run, Workload
from bench.processes import Started, stop, wait_idle
from bench.servers import Server

#: The servers of the tables: the project with each store (and with its answer cache off), the
#: Python ceiling for SPARQL, and the peer with each storage.
SERVERS = (
    servers.STANCEGRAPH_MEMORY,
    servers.STANCEGRAPH_DISK,
    servers.STANCEGRAPH_UNCACHED,
    servers.NAIVE,
    servers.OXIGRAPH_MEMORY,
    servers.OXIGRAPH_DISK,
)
#: Limit of the request each server answers once to be checked (below every run's limits).
CHECK_LIMIT = RUN_SPAN - 1


def measure(
    chosen: list[Server],
    corpus: Corpus,
    actors: list[str],
    with_store: bool,
    seconds: int,
    warmup: int,
) -> tuple[list[Run], list[Run]]:
    """Per (server, workload, connections) the runs and their summary; the answers checked."""
    running: dict[str, Started] = {}
    runs: dict[tuple[str, str, int], list[Run]] = {}
    firsts = itertools.count(RUN_SPAN, RUN_SPAN)
    try:
        running = launch_all(chosen, corpus, with_store)
        up = [s for s in chosen if s.key in running]
        files = {(s.key, w.key): distinct.write_inputs(s, w, actors) for s in up for w in WORKLOADS}
        checks = [check(s, w, running[s.key], actors[0]) for w in WORKLOADS for s in up]
        for (key, _), inputs in files.items():  # warm query processes, caches and connections
            distinct.run_wrk(running[key].port, inputs, CONNECTIONS[0], warmup, next(firsts))
            wait_idle(running[key].pid)
        for round_, workload, connections, server in schedule(up):
            started = running[server.key]
            run = distinct.run_wrk(
                started.port, files[server.key, workload.key], connections, seconds, next(firsts)
            )
            run["round"] = round_ + 1
            run["idle_wait_s"] = wait_idle(started.pid)
            runs.setdefault((server.key, workload.key, connections), []).append(run)
            print(
                f"  round {round_ + 1} {workload.key:<18} c{connections:<3} {server.key:<26}"
                f" {run['answered_rps']:8.1f} answered/s  {run['refused']:6d} refused"
                f"  {run['failed']:5d} failed  p99 {run['p99_ms']:7.1f} ms",
                flush=True,
            )
    finally:
        for started in running.values():
            stop(started)
    figures = [
        {"server": s, "workload": w, "connections": c, "runs": found, **distinct.summarise(found)}
        for (s, w, c), found in runs.items()
    ]
    return figures, checks


def launch_all(chosen: list[Server], corpus: Corpus, with_store: bool) -> dict[str, Started]:
    """Every server started and ready, by key; one that fails to start is left out."""
    running = {}
    for server in chosen:
        started = servers.launch(server, corpus, with_store)
        try:
            servers.wait_ready(server, started, corpus)
        except (RuntimeError, TimeoutError, OSError) as error:
            print(f"  {server.key} left out of the distinct runs: {error}", flush=True)
            stop(started)
            continue
        running[server.key] = started
    return running


def schedule(up: list[Server]) -> Iterator[tuple[int, Workload, int, Server]]:
    """Every run of the tables: by round, workload and connections, the servers in turn."""
    for round_ in range(ROUNDS):
        order = up if round_ % 2 == 0 else up[::-1]
        for workload in WORKLOADS:
            for connections in CONNECTIONS:
                for server in order:
                    yield round_, workload, connections, server


def check(server: Server, workload: Workload, started: Started, actor: str) -> Run:
    """One query of ``workload`` asked once: status, size, rows (they must agree)."""
    path = servers.sparql_path(server, distinct.fill(workload, actor, CHECK_LIMIT))
    found = load.check(started.port, load.Scenario(workload.key, "", servers.SPARQL_JSON), [path])
    return {"server": server.key, "scenario": workload.key, **found}
