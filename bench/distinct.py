"""Distinct queries: every request a query that no other request asks, as researchers send them.

A :class:`Workload` is a SPARQL query with two placeholders, ``__ACTOR__`` and ``__LIMIT__``, that
wrk fills for each request (``bench/wrk_distinct.lua``): a random actor of the corpus and a
``LIMIT`` no other request of the run has. The limits lie above any answer's size, so every
answer is whole and none can be reused; each run starts its limits :data:`RUN_SPAN` above the
last run's, so no run repeats an earlier one either. Only a 2xx answer with a body counts as
answered; refusals (503) and other failures are counted beside it.
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from bench.corpus import OUT
from bench.load import PREFIXES, THREADS
from bench.processes import ROOT
from bench.servers import SPARQL_JSON, Server, sparql_path

LUA = ROOT / "bench" / "wrk_distinct.lua"
CONNECTIONS = (16, 64)
#: Rounds of load; the second runs the servers in the opposite order of the first.
ROUNDS = 2
#: Past the project's query_timeout (10 s), so that a query it stops is counted by its status.
REQUEST_TIMEOUT = "15s"
#: Limits of one run lie in [first, first + RUN_SPAN): more requests than any run sends.
RUN_SPAN = 10_000_000
ACTOR, LIMIT = "__ACTOR__", "__LIMIT__"

Run = dict[str, Any]


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    query: str  # with ACTOR and LIMIT in it


LOOKUP = Workload(
    "distinct-lookup",
    "distinct cheap lookup: the direct quotes of a random actor",
    PREFIXES
    + f"""SELECT ?statement ?text WHERE {{
  ?statement a sg:DirectQuote ; prov:wasAttributedTo <{ACTOR}> ; sg:text ?text .
}}
LIMIT {LIMIT}""",
)
AGGREGATE = Workload(
    "distinct-aggregate",
    "distinct aggregate: statements per issue, and how many of them a random actor made",
    PREFIXES
    + f"""SELECT ?issue (COUNT(?statement) AS ?statements)
       (SUM(IF(?speaker = <{ACTOR}>, 1, 0)) AS ?by_actor)
WHERE {{ ?statement sg:about ?issue ; prov:wasAttributedTo ?speaker . }}
GROUP BY ?issue
ORDER BY DESC(?by_actor) ?issue
LIMIT {LIMIT}""",
)
WORKLOADS = (LOOKUP, AGGREGATE)


def fill(workload: Workload, actor: str, limit: int) -> str:
    """The query one request of ``workload`` asks."""
    return workload.query.replace(ACTOR, actor).replace(LIMIT, str(limit))


def write_inputs(server: Server, workload: Workload, actors: list[str]) -> tuple[Path, Path]:
    """The files wrk fills its requests from: the request target with its placeholders, and the
    actors (both percent-encoded, so the Lua script only substitutes)."""
    folder = OUT / "distinct"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{server.key}-{workload.key}.txt"
    target.write_text(sparql_path(server, workload.query) + "\n")
    listed = folder / "actors.txt"
    listed.write_text("".join(urllib.parse.quote(actor, safe="") + "\n" for actor in actors))
    return target, listed


def wrk_argv(
    port: int, files: tuple[Path, Path], connections: int, seconds: int, first: int
) -> list[str]:
    argv = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    argv += ["--timeout", REQUEST_TIMEOUT, "-s", str(LUA), f"http://127.0.0.1:{port}", "--"]
    return [*argv, str(files[0]), str(files[1]), SPARQL_JSON, str(first), str(THREADS)]


def run_wrk(port: int, files: tuple[Path, Path], connections: int, seconds: int, first: int) -> Run:
    """One bounded wrk run: answers per second, refusals and failures, latency (ms)."""
    argv = wrk_argv(port, files, connections, seconds, first)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    sockets = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "answered_rps": raw["answered"] / (raw["duration_us"] / 1e6),
        "answered": raw["answered"],
        "responses": raw["requests"],
        "refused": raw["refused"],
        "failed": raw["other"] + sockets,
        "statuses": raw["statuses"],
        "socket_errors": sockets,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
    }


def summarise(runs: list[Run]) -> Run:
    """Medians of the rates and latencies over the runs; sums of the counts."""

    def each(key: str) -> list[float]:
        return [float(run[key]) for run in runs]

    sent = sum(each("responses")) + sum(each("socket_errors"))
    return {
        "answered_rps": median(each("answered_rps")),
        "rounds_rps": each("answered_rps"),
        "refused_share": sum(each("refused")) / sent if sent else 0.0,
        "refused": sum(each("refused")),
        "failed": sum(each("failed")),
        "sent": sent,
        "p50_ms": median(each("p50_ms")),
        "p99_ms": median(each("p99_ms")),
        "max_ms": max(each("max_ms")),
        "n": len(runs),
    }
