"""The ceiling of a Python WSGI stack: a Flask app answering a fixed small body.

    python -m bench.trivial_app --port P [--workers 2]

It runs on the gunicorn settings of ``stancegraph serve`` (the same options function, worker
class, threads and access log), so the difference to the project is the project's own work.
"""

from __future__ import annotations

import argparse

from flask import Flask, Response

from stancegraph.cli.serve import Server, gunicorn_options
from stancegraph.core import settings

BODY = b'{"head": {"vars": []}, "results": {"bindings": []}}\n'


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def fixed(path: str) -> Response:
        return Response(BODY, mimetype="application/sparql-results+json")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    values = settings.resolve({"port": args.port, "workers": args.workers})
    Server(create_app(), gunicorn_options(values)).run()


if __name__ == "__main__":
    main()
