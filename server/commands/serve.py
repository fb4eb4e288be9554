"""``stancegraph serve``: build if needed, load the dataset once, and serve it with gunicorn.

The application is created in the gunicorn master before the workers fork (``preload_app``),
so every worker shares the loaded store copy-on-write. SIGTERM stops gracefully: workers finish
the requests they are serving. ``--dataset FILE`` serves any RDF dataset file instead of the
build, without building; so do ``--store oxigraph:DIR`` (a store ``build --store`` loaded) and
``--store URL`` (a remote SPARQL endpoint).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from ontology import HERE as ONTOLOGY_DIR
from server import settings
from server.app import create_app
from server.commands.build import build
from server.errors import StancegraphError, UsageError
from server.store import dataset_file

NAME = "serve"
HELP = "Serve the dataset as Linked Data: pages, RDF, dumps (building it first if needed)."

#: Settings this command takes as options: --host, --port, --workers, --threads, ...
OPTIONS = ("host", "port", "workers", "threads", "dist_dir", "base_uri", "license", "store")
GRACEFUL_TIMEOUT = 10
#: The longest request line gunicorn can be told to accept (method, target and version).
MAX_REQUEST_LINE = 8190


def _option_type(setting: settings.Setting) -> Callable[[str], Any]:
    """The setting's parser, reporting a bad value as argparse does (``--port: expected int``)."""

    def parse(raw: str) -> Any:
        try:
            return setting.parse(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {setting.type.__name__}, got {raw!r}"
            ) from None

    return parse


def configure(parser: argparse.ArgumentParser) -> None:
    for name in OPTIONS:
        setting = settings.BY_NAME[name]
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=_option_type(setting),
            metavar=name.split("_")[-1].upper(),
            help=f"{setting.help} (setting {name}; default {setting.default!r})",
        )
    parser.add_argument(
        "--dataset",
        metavar="FILE",
        help="serve this RDF dataset file (TriG, N-Quads, …) instead of the build; never builds",
    )


def sources(values: dict[str, Any]) -> list[Path]:
    """The files a build is made from: seeds, mappings and the ontology (no caches)."""
    folders = (Path(values["seeds_dir"]), Path(values["mappings_dir"]), ONTOLOGY_DIR)
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(("__pycache__", ".")) for part in path.parts)
    ]


def is_stale(values: dict[str, Any]) -> bool:
    """Whether ``dist/dataset.nq`` is missing or older than any file it is built from."""
    built = dataset_file(values["dist_dir"])
    if not built.is_file():
        return True
    return any(path.stat().st_mtime > built.stat().st_mtime for path in sources(values))


def ensure_built(values: dict[str, Any]) -> None:
    """Run the build when the dataset is missing or stale; refuse to serve a failed build."""
    if not is_stale(values):
        return
    print(f"stancegraph serve: building into {values['dist_dir']}/ first", file=sys.stderr)
    result = build(values)
    if not result.conforms:
        print(result.report, file=sys.stderr)
        raise StancegraphError(
            f"{result.out}: the graph does not conform to the shapes; not serving"
        )


class Server(BaseApplication):
    """gunicorn running one preloaded Flask application."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def gunicorn_options(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "bind": f"{values['host']}:{values['port']}",
        "workers": values["workers"],
        "worker_class": "server.worker.Worker",  # gthread; its own error answers get our headers
        "threads": values["threads"],
        "preload_app": True,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        # Longer request lines get gunicorn's 414; shorter ones beyond max_url_length, ours.
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": "-",
        "errorlog": "-",
        "control_socket_disable": True,  # several servers may run side by side (tests)
    }


def run(args: argparse.Namespace) -> int:
    values = settings.resolve({name: getattr(args, name) for name in OPTIONS})
    if values["query_slots"] >= values["threads"]:
        # Every thread could then wait on a query slot, and pages would queue behind queries.
        raise UsageError(
            f"query_slots ({values['query_slots']}) must be smaller than threads "
            f"({values['threads']}), so that pages are served while queries run"
        )
    if values["store"] != "memory" and args.dataset is not None:
        raise UsageError(
            f"--dataset is loaded into memory; it cannot be served from {values['store']}"
        )
    if values["store"] == "memory" and args.dataset is None:
        ensure_built(values)
    app = create_app({**values, "dataset": args.dataset})
    gc.freeze()  # keep the loaded dataset's pages shared between the forked workers
    Server(app, gunicorn_options(values)).run()
    return 0
