"""Throughput and latency: every server side by side, each round running them back to back.

All servers run at once on the same corpus (an idle one costs the others nothing). Each answers
every scenario once to be checked, then a warm-up, then ``rounds`` rounds of wrk runs, each
scenario's servers in an order that rotates from round to round. After each run the server must
fall idle before the next starts, so that no run pays for the requests an earlier one left behind.
"""

from __future__ import annotations

from pathlib import Path

from bench import load, servers
from bench.corpus import OUT, Corpus
from bench.processes import Started, stop, wait_idle
from bench.servers import Server
from bench.startup import memory

Combo = tuple[Server, load.Scenario, list[str]]
Figures = list[dict[str, object]]


def measure(
    chosen: list[Server],
    corpus: Corpus,
    actors: list[str],
    with_store: bool,
    rounds: int,
    seconds: int,
    warmup: int,
) -> tuple[Figures, Figures, Figures]:
    """Per (server, scenario) the runs and their medians; the answers checked; memory after."""
    running: dict[str, Started] = {}
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    try:
        for server in chosen:
            running[server.key] = servers.launch(server, corpus, with_store)
            try:
                servers.wait_ready(server, running[server.key], corpus)
            except (RuntimeError, TimeoutError, OSError) as error:
                print(f"  {server.key} left out of the load runs: {error}", flush=True)
                stop(running.pop(server.key))
        combos = combinations([s for s in chosen if s.key in running], actors)
        checks = [
            {"server": s.key, "scenario": sc.key, **load.check(running[s.key].port, sc, paths)}
            for s, sc, paths in combos
        ]
        files = {(s.key, sc.key): write_paths(s, sc, paths) for s, sc, paths in combos}
        for server, scenario, _ in combos:  # warm caches, query processes and connections
            load.run_wrk(
                running[server.key].port, scenario, files[server.key, scenario.key], warmup
            )
            wait_idle(running[server.key].pid)
        for round_ in range(rounds):
            for server, scenario, _ in rotated(combos, round_):
                started = running[server.key]
                run = load.run_wrk(started.port, scenario, files[server.key, scenario.key], seconds)
                run["idle_wait_s"] = wait_idle(started.pid)
                runs.setdefault((server.key, scenario.key), []).append(run)
                print(
                    f"  round {round_ + 1} {scenario.key:<9} {server.key:<20}"
                    f" {run['rps']:9.1f} req/s  p99 {run['p99_ms']:7.1f} ms",
                    flush=True,
                )
        after = [{"server": key, **memory(servers.BY_KEY[key], s)} for key, s in running.items()]
    finally:
        for started in running.values():
            stop(started)
    http: Figures = [
        {"server": key[0], "scenario": key[1], "runs": found, **load.summarise(found)}
        for key, found in runs.items()
    ]
    return http, checks, after


def write_paths(server: Server, scenario: load.Scenario, paths: list[str]) -> Path:
    """The file of request targets wrk draws from."""
    path = OUT / "paths" / f"{server.key}-{scenario.key}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(paths) + "\n")
    return path


def combinations(chosen: list[Server], actors: list[str]) -> list[Combo]:
    """Every (server, scenario) that applies, with its request targets."""
    found = []
    for scenario in load.SCENARIOS:
        for server in chosen:
            paths = load.targets(scenario, server, actors)
            if paths is not None:
                found.append((server, scenario, paths))
    return found


def rotated(combos: list[Combo], round_: int) -> list[Combo]:
    """The combinations, each scenario's servers in an order that rotates from round to round."""
    ordered = []
    for scenario in load.SCENARIOS:
        same = [combo for combo in combos if combo[1] is scenario]
        shift = round_ % max(1, len(same))
        ordered += same[shift:] + same[:shift]
    return ordered
