"""Where the time of one distinct query goes, end to end: ``python -m bench.profile_query``.

Each stage is timed on its own over the same distinct cheap lookups (a different actor and
``LIMIT`` each time, so nothing is reused), one at a time on an idle machine, and reported as
microseconds per query (median):

- *HTTP round trip*: the whole request over loopback to a live ``stancegraph serve`` (one worker,
  answer cache off), through gunicorn's event loop, a thread, Flask and the query process;
- *application*: the same request through the Flask application in this process (no socket);
- *check*: :func:`stancegraph.sparql.query_guard.check` (tokenising, the refusals);
- *job*: format negotiation and the job (:func:`stancegraph.web.endpoint.prepare` minus the check);
- *query process*: :meth:`QueryRunner.run` and reading the body: hand-over, evaluation,
  serialisation and the answer back through the pipe;
- *evaluation + serialisation*: the same in this process, without a query process.

What is left of the round trip beyond the application is gunicorn and the socket; what is left of
the application beyond the query process, check and job is Flask and the endpoint's own code.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import requests

from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.query_guard import check
from stancegraph.sparql.query_process import Job
from stancegraph.sparql.query_results import ResultKind, collect, write
from stancegraph.sparql.query_runner import QueryRunner
from stancegraph.stores.store import dataset_file, load
from stancegraph.vocabulary import DEFAULT_BASE_URI
from stancegraph.web.app import create_app
from stancegraph.web.endpoint import choose_formats

JSON = "application/sparql-results+json"
FORMATS = {ResultKind.SOLUTIONS: BY_NAME["sparql-json"]}


def queries(actors: list[str], count: int, seed: int) -> list[str]:
    draw = random.Random(seed)
    return [
        f"SELECT ?p ?o WHERE {{ <{draw.choice(actors)}> ?p ?o }} LIMIT {n + 1}"
        for n in range(count)
    ]


def timed(step: Callable[[str], object], asked: list[str]) -> float:
    """Median microseconds of ``step`` over ``asked``."""
    spans = []
    for query in asked:
        started = time.perf_counter_ns()
        step(query)
        spans.append(time.perf_counter_ns() - started)
    return statistics.median(spans) / 1000


def profile(dist: Path, url: str | None, count: int) -> dict[str, float]:
    snapshot = load(dataset_file(dist))
    store = snapshot.store
    actors = [
        str(row["s"].value)
        for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
            f'FILTER STRSTARTS(STR(?s), "{DEFAULT_BASE_URI}id/actor/") }}',
            use_default_graph_as_union=True,
        )  # type: ignore[union-attr]
    ]
    runner = QueryRunner(store, timeout=10, max_rows=10_000, slots=1)
    client = create_app({"dist_dir": str(dist), "answer_cache_mb": 0}).test_client()
    gc.freeze()  # as `stancegraph serve` does once loaded: the collector leaves the data alone

    def through_app(query: str) -> None:
        with client.get("/sparql", query_string={"query": query}, headers={"Accept": JSON}) as r:
            assert r.status_code == 200, r.data

    def in_process(query: str) -> None:
        write(
            collect(store.query(query, use_default_graph_as_union=True), 10_000),
            FORMATS[ResultKind.SOLUTIONS],
        )

    stages: dict[str, Callable[[str], object]] = {
        "application (Flask, in process)": through_app,
        "check": lambda q: check(q, frozenset()),
        "job (formats)": lambda q: choose_formats((), JSON),
        "query process (hand-over, evaluation, serialisation, pipe)": lambda q: runner.run(
            Job(q, FORMATS)
        ).body.read(),
        "evaluation + serialisation in process": in_process,
    }
    if url is not None:
        session = requests.Session()

        def round_trip(query: str) -> None:
            answer = session.get(f"{url}/sparql", params={"query": query}, headers={"Accept": JSON})
            assert answer.status_code == 200, answer.text

        stages = {"HTTP round trip (live server)": round_trip, **stages}
    results = {}
    for n, (name, step) in enumerate(stages.items()):
        timed(step, queries(actors, 50, seed=1000 + n))  # warm up
        results[name] = timed(step, queries(actors, count, seed=n))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--url", help="a live stancegraph serve to time round trips against")
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    for name, micros in profile(args.dist, args.url, args.count).items():
        print(f"| {name} | {micros:,.0f} µs |")


if __name__ == "__main__":
    main()
