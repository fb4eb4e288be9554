"""``stancegraph serve``: build if needed, load the dataset once, and serve it with gunicorn.

The application is created in the gunicorn master before the workers fork (``preload_app``),
so every worker shares the loaded store copy-on-write. SIGTERM stops gracefully: workers finish
the requests they are serving. ``--dataset FILE`` serves any RDF dataset file instead of the
build, without building; so do ``--store oxigraph:DIR`` (a store ``build --store`` loaded) and
``--store URL`` (a remote SPARQL endpoint).

``--listen-fd N`` serves on a socket the parent process has already bound (and handed down as
file descriptor N) instead of binding ``--host``:``--port``: whoever starts the server then owns
the port from the start, so nothing else can take it between choosing it and serving on it (the
tests bind ``127.0.0.1:0`` and pass the socket; a supervisor could do the same).

Forwarding headers (``SCRIPT_NAME``, ``X-Forwarded-Proto``) are taken only from the proxies named
by the setting ``forwarded_allow_ips``; by default from nobody, clients on loopback included.
"""

from __future__ import annotations

import argparse
import errno
import gc
import ipaddress
import resource
import socket
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from stancegraph.build import dist
from stancegraph.cli import dataset_watch, options
from stancegraph.core.errors import StancegraphError, StoreMismatch, StoreUnavailable, UsageError
from stancegraph.stores.remote_store import RemoteStore
from stancegraph.stores.store import is_remote
from stancegraph.web.app import create_app

NAME = "serve"
HELP = "Serve the dataset as Linked Data: pages, RDF, dumps (building it first if needed)."

#: Settings this command takes as options: --host, --port, --workers, --threads, ...
OPTIONS = (
    "host",
    "port",
    "workers",
    "threads",
    "dist_dir",
    "base_uri",
    "license",
    "store",
    "forwarded_allow_ips",
    "store_poll",
)
GRACEFUL_TIMEOUT = 10
#: Connections one worker holds at most (gunicorn's worker_connections): idle and slow ones are
#: cheap (no thread), and are closed after client_timeout.
WORKER_CONNECTIONS = 4000
#: Descriptors a worker keeps for other than connections: query pipes, spool files, the store.
_SPARE_DESCRIPTORS = 200
#: The longest request line gunicorn can be told to accept (method, target and version).
MAX_REQUEST_LINE = 8190


def configure(parser: argparse.ArgumentParser) -> None:
    options.add_all(parser, OPTIONS)
    parser.add_argument(
        "--dataset",
        metavar="FILE",
        help="serve this RDF dataset file (TriG, N-Quads, …) instead of the build; never builds",
    )
    parser.add_argument(
        "--listen-fd",
        metavar="N",
        type=int,
        help="serve on the TCP socket inherited as file descriptor N (bound by the parent, "
        "listening or not) instead of binding --host and --port",
    )


def ensure_built(values: dict[str, Any]) -> None:
    """Run the build when the dataset is missing or stale; refuse to serve a failed build."""
    if not dist.is_stale(values):
        return
    print(f"stancegraph serve: building into {values['dist_dir']}/ first", file=sys.stderr)
    made = dist.build(values)
    if not made.conforms:
        print(made.report_text(), file=sys.stderr)
        raise StancegraphError(f"{made.out}: the graph does not conform to the shapes; not serving")


class Server(BaseApplication):
    """gunicorn running one preloaded Flask application; ``make_app``, if given, makes it anew
    on ``SIGHUP`` (gunicorn's graceful reload), from the data as it is then."""

    def __init__(
        self,
        app: Flask,
        options: dict[str, Any],
        make_app: Callable[[], Flask] | None = None,
    ) -> None:
        self.application = app
        self.options = options
        self.make_app = make_app
        super().__init__()

    def reload(self) -> None:
        super().reload()
        if self.make_app is not None:
            gc.unfreeze()  # the old application may go: only the new one is shared
            self.application = self.make_app()
            self.callable = None  # gunicorn's setup() loads it again: the new one
            gc.collect()
            gc.freeze()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def gunicorn_options(values: dict[str, Any], listen_fd: int | None = None) -> dict[str, Any]:
    """gunicorn's settings; ``listen_fd``, an inherited bound socket, replaces host and port."""
    bind = f"fd://{listen_fd}" if listen_fd is not None else f"{values['host']}:{values['port']}"
    return {
        "bind": bind,
        "workers": values["workers"],
        "worker_class": "stancegraph.web.worker.Worker",  # gthread; its own error answers get our headers
        "threads": values["threads"],
        "worker_connections": connection_limit(),
        "preload_app": True,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        # Longer request lines get gunicorn's 414; shorter ones beyond max_url_length, ours.
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": "-",
        "errorlog": "-",
        "control_socket_disable": True,  # several servers may run side by side (tests)
        **forwarding(values["forwarded_allow_ips"]),
    }


def connection_limit() -> int:
    """Connections per worker: :data:`WORKER_CONNECTIONS`, once the descriptor limit is raised
    as far as the system allows (often 1024 by default), else as many as it leaves room for."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = WORKER_CONNECTIONS + _SPARE_DESCRIPTORS
    if soft < wanted and (hard == resource.RLIM_INFINITY or hard > soft):
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return max(1, min(WORKER_CONNECTIONS, soft - _SPARE_DESCRIPTORS))


def forwarding(proxies: str) -> dict[str, Any]:
    """gunicorn's trust in forwarding headers: only from ``proxies`` (the setting
    ``forwarded_allow_ips``), and with none, from no one.

    gunicorn by default lets any client on loopback set ``SCRIPT_NAME`` (every link's start) and
    ``X-Forwarded-Proto``, and takes its default list from the environment; here nobody may, not
    even a peer on a UNIX socket, unless the setting names them.
    """
    if proxies.strip():
        return {"forwarded_allow_ips": proxies}
    return {"forwarded_allow_ips": "", "forwarder_headers": "", "secure_scheme_headers": {}}


def check_proxies(proxies: str) -> None:
    """Refuse, with the setting's name, an entry of ``forwarded_allow_ips`` gunicorn would not take."""
    for entry in filter(None, (part.strip() for part in proxies.split(","))):
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry)
        except ValueError:
            raise UsageError(
                f"forwarded_allow_ips: {entry!r} is neither an IP address nor a network "
                "(e.g. 10.0.0.2 or 10.0.0.0/24)"
            ) from None


def check_port_free(host: str, port: int) -> None:
    """Refuse at once, with the fix, an address another server holds (gunicorn would retry and
    end in "Can't connect"); bound as gunicorn binds, so a port in TIME_WAIT counts as free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise UsageError(
                    f"--host {host} --port {port}: cannot listen there ({error.strerror})"
                ) from None
            raise UsageError(
                f"{host}:{port} is in use by another program; serve on another port: "
                f"make serve PORT={port + 1}, or stancegraph serve --port {port + 1}"
            ) from None


def check_store(store: RemoteStore) -> None:
    """Refuse to serve a remote store that answers, but not the dataset published to it (see
    :meth:`RemoteStore.version`); one that is down is served, with 503 until it is back."""
    try:
        store.version()
    except StoreMismatch:
        raise
    except StoreUnavailable as error:
        print(f"stancegraph serve: {error}; serving, with 503 until it answers", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    values = options.values(args, OPTIONS)
    check_proxies(values["forwarded_allow_ips"])
    if args.listen_fd is None:
        check_port_free(values["host"], values["port"])
    busy = 2 * values["query_slots"] + values["query_queue"]
    if busy >= values["threads"]:
        # Every thread could then run or wait for a query, and pages would queue behind queries.
        raise UsageError(
            f"threads ({values['threads']}) must exceed 2 x query_slots + query_queue "
            f"({busy}), so that pages are served while queries run and wait"
        )
    if values["store"] != "memory" and args.dataset is not None:
        raise UsageError(
            f"--dataset is loaded into memory; it cannot be served from {values['store']}"
        )
    if values["store"] == "memory" and args.dataset is None:
        ensure_built(values)
    if is_remote(values["store"]):  # before the application reads from it
        check_store(RemoteStore(values["store"], values["store_timeout"], values["base_uri"]))
    config = {**values, "dataset": args.dataset}
    app = create_app(config)
    gc.freeze()  # keep the loaded dataset's pages shared between the forked workers
    store = app.extensions["stancegraph.snapshot"].store
    if values["store"] == "memory":
        dataset_watch.watch_file(Path(app.config["DATASET"]))  # a new build: reloaded
    elif isinstance(store, RemoteStore):
        dataset_watch.watch_store(store, values["store_poll"])  # a new publication: reloaded
    Server(app, gunicorn_options(values, args.listen_fd), partial(create_app, config)).run()
    return 0
