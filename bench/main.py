"""``bench/run``: stancegraph against its peers on the same synthetic corpora → BENCHMARKS.md.

    bench/run            # 1k, 100k and 1M triples; HTTP on 100k; writes BENCHMARKS.md
    bench/run --quick    # 1k and 10k, short runs; writes bench/out/BENCHMARKS.quick.md
    bench/run --report-only bench/out/results.json   # rewrite the report from saved figures

Every figure is a median over repeated runs; the servers compared run side by side on the same
data, and each round of load runs every server back to back. The headline HTTP figures send
distinct queries (no two requests alike; bench/distinct.py) at 16 and 64 connections, two rounds
in opposite order, and count only answers; a check then measures cheap queries and pages while
runaway queries run (bench/runaway.py); repeated requests, where caches help, come last. Every
process it starts is stopped on exit, on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    builds,
    distinct,
    distinct_runs,
    load,
    machine,
    report,
    runaway,
    servers,
    throughput,
)
from bench import startup as start_up
from bench.corpus import OUT, Corpus, quoted_actors
from bench.processes import ROOT, install_cleanup, stop_all
from bench.servers import Server


@dataclass(frozen=True)
class Plan:
    build_sizes: tuple[int, ...]
    serve_size: int
    build_repeats: int
    long_run: float  # a build step slower than this (seconds) is not repeated
    timeout: float  # a build step slower than this (seconds) is stopped
    startup_repeats: int
    rounds: int  # of repeated requests
    seconds: int  # of each wrk run of repeated requests (wrk takes whole seconds)
    warmup: int
    distinct_seconds: int  # of each wrk run of distinct queries
    runaway_seconds: float  # of measuring while runaway queries run


FULL = Plan((1_000, 100_000, 1_000_000), 100_000, 3, 150.0, 900.0, 5, 3, 10, 2, 30, 30.0)
QUICK = Plan((1_000, 10_000), 10_000, 3, 8.0, 120.0, 3, 3, 1, 1, 2, 5.0)


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small corpora, short runs (about 7 min on 2 cores)"
    )
    parser.add_argument(
        "--sizes", type=_sizes, help="corpus sizes to build, e.g. 1k,100k,1M (default: as above)"
    )
    parser.add_argument("--out", type=Path, help="report to write (default: see above)")
    parser.add_argument("--report-only", type=Path, metavar="JSON", help="saved figures to report")
    args = parser.parse_args()
    out = args.out or (OUT / "BENCHMARKS.quick.md" if args.quick else ROOT / "BENCHMARKS.md")
    if args.report_only:
        report.write(json.loads(args.report_only.read_text()), out)
        print(f"wrote {out}")
        return 0
    install_cleanup()
    plan = QUICK if args.quick else FULL
    if args.sizes:
        plan = replace(plan, build_sizes=tuple(sorted({*args.sizes, plan.serve_size})))
    try:
        results = run(plan, sys.argv[1:])
    except KeyboardInterrupt:
        stop_all()
        print("bench/run: interrupted; every process it started is stopped", file=sys.stderr)
        return 130
    saved = OUT / ("results.quick.json" if args.quick else "results.json")
    saved.write_text(json.dumps(results, indent=1))
    report.write(results, out)
    print(f"wrote {out} (figures: {saved})")
    return 0


def _sizes(text: str) -> list[int]:
    """``1k,100k,1M`` → [1000, 100000, 1000000]."""
    factors = {"k": 1_000, "M": 1_000_000}
    return [
        int(part[:-1]) * factors[part[-1]] if part[-1] in factors else int(part)
        for part in text.split(",")
    ]


def run(plan: Plan, argv: list[str]) -> dict[str, object]:
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in servers.LOGS.glob("*.log"):
        old.unlink()
    with_store = servers.supports_store()
    peers_venv = servers.ensure_peers_venv() is not None
    chosen = [
        s
        for s in servers.ALL
        if (with_store or s is not servers.STANCEGRAPH_DISK)
        and (peers_venv or s is not servers.RDFLIB_ENDPOINT)
    ]
    results: dict[str, object] = {
        "argv": argv,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "plan": asdict(plan),
        "machine": machine.machine(),
        "versions": machine.versions(peers_venv),
        "git": machine.git_state(),
        "load_before": machine.load_average(),
        "store_option": with_store,
        "servers": [asdict(s) for s in chosen],
    }
    other = machine.OtherWork()
    results["other_cores"] = other.phases
    results["builds"] = built_sizes = builds.measure_sizes(
        plan.build_sizes,
        plan.serve_size,
        with_store,
        plan.build_repeats,
        plan.long_run,
        plan.timeout,
    )
    other.mark("builds")
    corpus = Corpus(plan.serve_size)
    actors = quoted_actors(corpus)
    results["serve_corpus"] = {"size": corpus.size, "quads": corpus.quads(), "actors": len(actors)}
    repeats = plan.startup_repeats
    startup = [
        start_up.measure(s, corpus, repeats, with_store)
        for s in chosen
        if s is not servers.STANCEGRAPH_UNCACHED  # starts as the memory one does
    ]
    largest = Corpus(max(plan.build_sizes))
    built = not any(b.get("failed") for b in built_sizes if b["size"] == largest.size)
    if built and largest.size != corpus.size:  # the 1M target: ready from disk, worker memory
        at_scale = [
            s
            for s in chosen
            if s in (servers.STANCEGRAPH_MEMORY, servers.STANCEGRAPH_DISK, servers.OXIGRAPH_DISK)
        ]
        startup += [start_up.measure(s, largest, repeats, with_store) for s in at_scale]
    results["startup"] = startup
    other.mark("start-up")
    results["distinct"], distinct_checks = distinct_runs.measure(
        [s for s in chosen if s in distinct_runs.SERVERS],
        corpus,
        actors,
        with_store,
        plan.distinct_seconds,
        plan.warmup,
    )
    other.mark("distinct queries")
    results["runaway"] = runaway.measure(
        [s for s in chosen if s in runaway.SERVERS],
        corpus,
        actors,
        with_store,
        plan.runaway_seconds,
    )
    other.mark("runaway check")
    results["http"], checks, results["memory_after"] = throughput.measure(
        chosen, corpus, actors, with_store, plan.rounds, plan.seconds, plan.warmup
    )
    results["checks"] = distinct_checks + checks
    other.mark("repeated requests")
    results["commands"] = commands(chosen, plan, with_store)
    results["load_after"] = machine.load_average()
    results["minutes"] = (time.perf_counter() - started) / 60
    return results


def commands(chosen: list[Server], plan: Plan, with_store: bool) -> list[str]:
    """The command lines of the run, with paths relative to the repository."""
    corpus = Corpus(plan.serve_size)
    steps = [builds.VALIDATE, builds.BUILD, builds.BUILD_STORE, builds.OXIGRAPH_LOAD]
    lines = [f"python -m bench.generate {corpus.source} --triples {corpus.size}"]
    lines += [
        " ".join(step.argv(corpus)) for step in steps if with_store or step.key != "build-store"
    ]
    lines += [" ".join(servers.command(s, corpus, 0, with_store)) for s in chosen]
    lines.append(
        "curl -X POST -H 'Content-Type: application/n-quads' "
        f"--data-binary @{corpus.dataset} http://127.0.0.1:$PORT/store  # oxigraph in memory"
    )
    inputs = OUT / "distinct"
    lines.append(
        f"wrk -t{load.THREADS} -c{'|'.join(map(str, distinct.CONNECTIONS))} "
        f"-d{plan.distinct_seconds}s --latency --timeout {distinct.REQUEST_TIMEOUT} "
        f"-s {distinct.LUA} http://127.0.0.1:$PORT -- {inputs}/SERVER-WORKLOAD.txt "
        f"{inputs}/actors.txt {servers.SPARQL_JSON} FIRST {load.THREADS}"
        f"  # FIRST: {distinct.RUN_SPAN:,} times the run's number"
    )
    lines.append(
        f"wrk -t{load.THREADS} -c{load.CONNECTIONS} -d{plan.seconds:g}s --latency --timeout "
        f"{load.REQUEST_TIMEOUT} -s bench/wrk.lua http://127.0.0.1:$PORT -- "
        f"{OUT / 'paths'}/SERVER-SCENARIO.txt ACCEPT"
    )
    root = f"{ROOT}/"
    return [
        line.replace(root, "")
        .replace("127.0.0.1:0", "127.0.0.1:$PORT")
        .replace("--port 0", "--port $PORT")
        for line in lines
    ]


if __name__ == "__main__":
    sys.exit(main())
