"""Remote stores at scale (issue 14): one corpus published to Virtuoso 7 and to Oxigraph server,
served through each by ``stancegraph serve --store URL``, side by side with the embedded
``oxigraph:DIR`` store, in one run. Oxigraph is started with ``--union-default-graph``, so it
is queried as it is; Virtuoso gets the dataset named in each query.

    .venv/bin/python -m bench.remote [--size 1M] [--seconds 20]

For each store: the publication (``stancegraph publish``: every graph PUT and counted, then the
record), the frontend's start-up (spawned until a page answers: its check of the store and its
index read from it), then, each frontend in turn and in two rounds of opposite order, with
``wrk`` at 16 connections:

- a page: ``/doc/statement/…html`` drawn at random from every statement of the corpus;
- a distinct cheap lookup and a distinct aggregate (:mod:`bench.distinct`: no two requests ask
  the same query).

Only 2xx answers count; refusals (503) and failures are reported beside each figure. The stores
run on this machine too: Virtuoso with 400 MiB of buffers, Oxigraph server on disk. Writes the
figures to ``bench/out/remote-SIZE.json`` and a Markdown table to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

import pyoxigraph as ox

from bench import distinct
from bench.corpus import OUT, Corpus, ensure_generated
from bench.distinct import AGGREGATE, LOOKUP, RUN_SPAN
from bench.processes import (
    ROOT,
    Started,
    free_port,
    get,
    install_cleanup,
    start,
    stop,
    wait_idle,
    wait_until,
)
from bench.servers import LOGS, VENV, Server
from tests.conftest import OxigraphServer
from tests.virtuoso_server import VirtuosoServer

CONNECTIONS = 16
ROUNDS = 2
#: Virtuoso's cache: 8 KiB pages (a million triples fit several times over).
VIRTUOSO_BUFFERS = 50_000
STATEMENTS = """PREFIX sg: <https://w3id.org/stancegraph/ontology#>
SELECT ?s WHERE { ?s a sg:Statement } ORDER BY ?s"""
ACTORS = """PREFIX sg: <https://w3id.org/stancegraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?a WHERE { ?q a sg:DirectQuote ; prov:wasAttributedTo ?a } ORDER BY ?a"""


def frontend(key: str, title: str) -> Server:
    return Server(key, title, "stancegraph", "remote", "/sparql", True)


EMBEDDED = frontend("frontend-oxigraph-dir", "serve --store oxigraph:DIR (embedded)")
VIA_OXIGRAPH = frontend(
    "frontend-oxigraph-server", "serve --store http://…/query (Oxigraph server)"
)
VIA_VIRTUOSO = frontend("frontend-virtuoso", "serve --store http://…/sparql (Virtuoso 7)")


def size_of(text: str) -> int:
    factors = {"k": 1_000, "M": 1_000_000}
    return int(float(text[:-1]) * factors[text[-1]]) if text[-1] in factors else int(text)


def ensure_built(corpus: Corpus) -> None:
    if corpus.quads() is not None and corpus.store.is_dir():
        return
    ensure_generated(corpus)
    command = [str(VENV / "stancegraph"), "build", *corpus.source_args()]
    command += ["--dist-dir", str(corpus.dist), "--store", f"oxigraph:{corpus.store}"]
    subprocess.run(command, cwd=ROOT, check=True)


def publish(corpus: Corpus, url: str, env: dict[str, str]) -> float:
    """Seconds ``stancegraph publish`` takes to upload and verify the corpus."""
    command = [str(VENV / "stancegraph"), "publish", "--graph-store", url]
    command += ["--dist-dir", str(corpus.dist), "--timeout", "600"]
    began = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"publish to {url} failed: {result.stderr.strip()}")
    return time.perf_counter() - began


def serve(server: Server, corpus: Corpus, store: str, port: int) -> Started:
    command = [str(VENV / "stancegraph"), "serve", "--port", str(port), "--workers", "2"]
    command += ["--dist-dir", str(corpus.dist), "--store", store]
    return start(command, LOGS / f"{server.key}.log", env=corpus.env, port=port)


def first_page(started: Started, path: str) -> float:
    """Seconds from spawning the frontend until ``path`` answers 200 (asked every second: a
    page that waits for its store is not asked again meanwhile)."""
    url = f"http://127.0.0.1:{started.port}{path}"

    def answered() -> bool:
        if get(url, "text/html", timeout=600)[0] == 200:
            return True
        time.sleep(1)
        return False

    return wait_until(started, answered, 1800)


def wrk_pages(port: int, paths: Path, seconds: int) -> dict[str, Any]:
    """One wrk run over ``paths`` (drawn at random, HTML): answered per second, refusals."""
    argv = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "15s"]
    argv += ["-s", str(ROOT / "bench" / "wrk.lua"), f"http://127.0.0.1:{port}", "--"]
    out = subprocess.run(
        [*argv, str(paths), "text/html"], capture_output=True, text=True, check=True
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    sockets = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "answered_rps": (raw["requests"] - raw["status"]) / (raw["duration_us"] / 1e6),
        "refused": 0,  # wrk.lua counts every status other than 2xx/3xx together: as failed
        "failed": raw["status"] + sockets,
        "p99_ms": raw["p99_us"] / 1000,
        "raw": raw,
    }


def column(store: ox.Store, query: str) -> list[str]:
    """The values of the one variable a SELECT query answers, in order."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [row[0].value for row in solutions if row[0] is not None]


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.remote", description=__doc__)
    parser.add_argument("--size", default="1M", help="corpus size, e.g. 100k or 1M")
    parser.add_argument("--seconds", type=int, default=20, help="seconds per wrk run")
    args = parser.parse_args()
    install_cleanup()
    corpus = Corpus(size_of(args.size))
    ensure_built(corpus)
    local = ox.Store.read_only(str(corpus.store))
    statements, actors = column(local, STATEMENTS), column(local, ACTORS)
    del local
    base = "https://w3id.org/stancegraph/id/statement/"
    pages = OUT / "paths" / "remote-statement-pages.txt"
    pages.parent.mkdir(parents=True, exist_ok=True)
    pages.write_text("".join(f"/doc/statement/{s.removeprefix(base)}.html\n" for s in statements))
    figures: dict[str, Any] = {
        "size": corpus.size,
        "quads": corpus.quads(),
        "statements": len(statements),
        "actors": len(actors),
        "machine": {"cores": os.cpu_count()},
    }

    folder = OUT / f"remote-{corpus.size}"
    shutil.rmtree(folder, ignore_errors=True)
    virtuoso = VirtuosoServer(folder / "virtuoso", buffers=VIRTUOSO_BUFFERS)
    oxigraph = OxigraphServer(folder / "oxigraph")  # --union-default-graph: queried as it is
    running: dict[str, Started] = {}
    try:
        virtuoso.start()
        oxigraph.start()
        login = {
            "STANCEGRAPH_STORE_USER": virtuoso.user,
            "STANCEGRAPH_STORE_PASSWORD": virtuoso.password,
        }
        figures["publish_s"] = {
            VIA_VIRTUOSO.key: publish(corpus, virtuoso.store_url, login),
            VIA_OXIGRAPH.key: publish(corpus, oxigraph.store_url, {}),
        }
        print(f"published: {figures['publish_s']}", flush=True)
        stores = {
            EMBEDDED.key: f"oxigraph:{corpus.store}",
            VIA_OXIGRAPH.key: oxigraph.query_url,
            VIA_VIRTUOSO.key: virtuoso.query_url,
        }
        servers = (EMBEDDED, VIA_OXIGRAPH, VIA_VIRTUOSO)
        first = pages.read_text().splitlines()[0]
        figures["startup_s"] = {}
        for server in servers:  # one at a time: each start-up alone on the machine
            port = free_port()
            running[server.key] = serve(server, corpus, stores[server.key], port)
            figures["startup_s"][server.key] = first_page(running[server.key], first)
            wait_idle(running[server.key].process.pid)
            print(
                f"{server.key}: first page after {figures['startup_s'][server.key]:.1f} s",
                flush=True,
            )
        runs: dict[str, list[dict[str, Any]]] = {}
        firsts = iter(range(RUN_SPAN, RUN_SPAN * 1000, RUN_SPAN))
        inputs = {
            (s.key, w.key): distinct.write_inputs(s, w, actors)
            for s in servers
            for w in (LOOKUP, AGGREGATE)
        }
        for round_ in range(ROUNDS):
            order = servers if round_ % 2 == 0 else servers[::-1]
            for server in order:
                started = running[server.key]
                runs.setdefault(f"{server.key}/page", []).append(
                    wrk_pages(started.port, pages, args.seconds)
                )
                wait_idle(started.process.pid)
                for workload in (LOOKUP, AGGREGATE):
                    found = distinct.run_wrk(
                        started.port,
                        inputs[server.key, workload.key],
                        CONNECTIONS,
                        args.seconds,
                        next(firsts),
                    )
                    runs.setdefault(f"{server.key}/{workload.key}", []).append(found)
                    wait_idle(started.process.pid)
                    print(
                        f"round {round_ + 1} {server.key} {workload.key}: "
                        f"{found['answered_rps']:.1f}/s, {found['refused']} refused, "
                        f"{found['failed']} failed, p99 {found['p99_ms']:.0f} ms",
                        flush=True,
                    )
        figures["runs"] = runs
        figures["summary"] = {
            key: {
                "answered_rps": median(float(r["answered_rps"]) for r in found),
                "refused": sum(int(r.get("refused", 0)) for r in found),
                "failed": sum(int(r.get("failed", 0)) for r in found),
                "p99_ms": median(float(r["p99_ms"]) for r in found),
            }
            for key, found in runs.items()
        }
    finally:
        for started in running.values():
            stop(started)
        virtuoso.close()
        oxigraph.close()
    out = OUT / f"remote-{corpus.size}.json"
    out.write_text(json.dumps(figures, indent=2, sort_keys=True))
    print(report(figures))
    return 0


def report(figures: dict[str, Any]) -> str:
    """The Markdown table of a run."""
    keys = (EMBEDDED, VIA_OXIGRAPH, VIA_VIRTUOSO)
    summary = figures["summary"]
    lines = [
        f"{figures['quads']:,} quads, {figures['statements']:,} statements, "
        f"{figures['actors']:,} quoted actors; wrk, {CONNECTIONS} connections, "
        f"{ROUNDS} rounds (median).",
        "",
        "| | " + " | ".join(s.title for s in keys) + " |",
        "|---|" + "---|" * len(keys),
    ]
    publish_s = figures["publish_s"]
    lines.append(
        "| publish (upload + verify) | – | "
        + " | ".join(f"{publish_s[s.key]:.0f} s" for s in keys[1:])
        + " |"
    )
    lines.append(
        "| start-up, to the first page | "
        + " | ".join(f"{figures['startup_s'][s.key]:.1f} s" for s in keys)
        + " |"
    )
    for workload, title in (
        ("page", "a page (statement, HTML)"),
        (LOOKUP.key, "distinct cheap lookup"),
        (AGGREGATE.key, "distinct aggregate"),
    ):
        base = summary[f"{EMBEDDED.key}/{workload}"]["answered_rps"]
        cells = []
        for server in keys:
            found = summary[f"{server.key}/{workload}"]
            ratio = found["answered_rps"] / base if base else 0.0
            cells.append(
                f"{found['answered_rps']:.1f}/s ({ratio:.2f}×), p99 {found['p99_ms']:.0f} ms, "
                f"{found['refused']} refused, {found['failed']} failed"
            )
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
