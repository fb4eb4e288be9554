"""The requests measured under load, and the bounded load generator (wrk on loopback).

A scenario names what is asked; :func:`targets` says which request targets it sends to which
server (``None`` where it does not apply). wrk runs for a fixed duration with a fixed number of
connections and draws a random target of the list for each request (``bench/wrk.lua``).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from bench.corpus import ACTOR_BASE
from bench.processes import ROOT, get
from bench.servers import SPARQL_JSON, Server, sparql_path

LUA = ROOT / "bench" / "wrk.lua"
CONNECTIONS = 16
THREADS = 2
REQUEST_TIMEOUT = "10s"
PREFIXES = """PREFIX sg: <https://w3id.org/stancegraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
LOOKUP = (
    PREFIXES
    + """SELECT ?statement ?text WHERE {
  ?statement a sg:DirectQuote ; prov:wasAttributedTo <%s> ; sg:text ?text .
}"""
)
AGGREGATE = (
    PREFIXES
    + """SELECT ?issue ?stance (COUNT(DISTINCT ?position) AS ?positions)
       (COUNT(DISTINCT ?evidence) AS ?statements)
WHERE { ?position a sg:Position ; sg:issue ?issue ; sg:stance ?stance ; sg:evidence ?evidence . }
GROUP BY ?issue ?stance
ORDER BY ?issue ?stance"""
)
DESCRIBE = "DESCRIBE <%s>"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    accept: str


CEILING = Scenario("ceiling", "fixed small body (the Python WSGI ceiling)", SPARQL_JSON)
LOOKUP_SCENARIO = Scenario("lookup", "cheap lookup: direct quotes of a random actor", SPARQL_JSON)
AGGREGATE_SCENARIO = Scenario("aggregate", "aggregate: stance counts per issue", SPARQL_JSON)
TURTLE = Scenario("turtle", "resource page in Turtle (a random actor)", "text/turtle")
HTML = Scenario("html", "resource page in HTML (a random actor)", "text/html")
SCENARIOS = (CEILING, LOOKUP_SCENARIO, AGGREGATE_SCENARIO, TURTLE, HTML)


def targets(scenario: Scenario, server: Server, actors: list[str]) -> list[str] | None:
    """The request targets ``scenario`` sends to ``server``, or None where it does not apply.

    Servers without resource pages get the nearest equivalent of the Turtle page: a ``DESCRIBE``
    of the same actor, answered in Turtle.
    """
    if server.sparql is None:
        return ["/"] if scenario is CEILING else None
    if server.only and scenario.key not in server.only:
        return None
    slugs = [actor.removeprefix(ACTOR_BASE) for actor in actors]
    if scenario is LOOKUP_SCENARIO:
        return [sparql_path(server, LOOKUP % actor) for actor in actors]
    if scenario is AGGREGATE_SCENARIO:
        return [sparql_path(server, AGGREGATE)]
    if scenario is TURTLE:
        if server.pages:
            return [f"/doc/actor/{slug}.ttl" for slug in slugs]
        return [sparql_path(server, DESCRIBE % actor) for actor in actors]
    if scenario is HTML and server.pages:
        return [f"/doc/actor/{slug}.html" for slug in slugs]
    return None


def check(port: int, scenario: Scenario, paths: list[str]) -> dict[str, object]:
    """Ask the first target once: its status, size and, for SPARQL results, its row count."""
    status, body = get(f"http://127.0.0.1:{port}{paths[0]}", scenario.accept)
    found: dict[str, object] = {"status": status, "bytes": len(body)}
    if status == 200 and scenario.accept == SPARQL_JSON:
        found["rows"] = len(json.loads(body)["results"]["bindings"])
    return found


def run_wrk(port: int, scenario: Scenario, paths_file: Path, seconds: int) -> dict[str, float]:
    """One bounded wrk run: successful requests per second, p50/p99 latency (ms), errors."""
    argv = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    argv += ["--timeout", REQUEST_TIMEOUT, "-s", str(LUA), f"http://127.0.0.1:{port}"]
    argv += ["--", str(paths_file), scenario.accept]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    seconds_run = raw["duration_us"] / 1e6
    return {
        "rps": (raw["requests"] - raw["status"]) / seconds_run,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "errors": errors,
    }


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the runs."""
    return {key: median(run[key] for run in runs) for key in runs[0]} | {"n": len(runs)}


def wrk_version() -> str:
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0]
