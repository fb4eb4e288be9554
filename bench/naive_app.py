"""The Python ceiling for SPARQL: Flask and pyoxigraph with no safety, on the project's gunicorn.

    python -m bench.naive_app --port P --dataset dist/dataset.nq [--workers 2]

What a researcher would write in an afternoon: the dataset loaded into an in-memory pyoxigraph
store before the workers fork, and ``/sparql`` running each query in the request's thread (the
default graph the union of all graphs, as the project's), answering SELECT and ASK in SPARQL JSON
and CONSTRUCT and DESCRIBE in Turtle. No checks, timeout, slots or answer cache. It runs on the
gunicorn settings of ``stancegraph serve`` (the same options function, worker class, threads and
access log), so the difference to the project is what the project adds around the query.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, request

from stancegraph.cli.serve import Server, gunicorn_options
from stancegraph.core import settings

SPARQL_JSON = "application/sparql-results+json"


def create_app(dataset: Path) -> Flask:
    store = ox.Store()
    store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        try:
            results = store.query(request.values["query"], use_default_graph_as_union=True)
        except (KeyError, SyntaxError) as error:
            return Response(f"{error}\n", 400, mimetype="text/plain")
        if isinstance(results, ox.QueryTriples):
            return Response(results.serialize(format=ox.RdfFormat.TURTLE), mimetype="text/turtle")
        return Response(results.serialize(format=ox.QueryResultsFormat.JSON), mimetype=SPARQL_JSON)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dataset", type=Path, required=True, help="an N-Quads file")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    values = settings.resolve({"port": args.port, "workers": args.workers})
    Server(create_app(args.dataset), gunicorn_options(values)).run()


if __name__ == "__main__":
    main()
