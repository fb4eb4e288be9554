"""A real Virtuoso 7 (``virtuoso-t`` from Debian's ``virtuoso-opensource-7-bin``) for tests.

Modelled on :class:`tests.conftest.OxigraphServer`: both its ports (ISQL and HTTP) are reserved
for the object's lifetime by sockets with ``SO_REUSEADDR`` bound to ``127.0.0.1:0`` and never
listening; Virtuoso's listeners also set ``SO_REUSEADDR``, so it binds the same ports alongside
them, and a restart (:meth:`VirtuosoServer.stop` then :meth:`VirtuosoServer.start`) finds them
again. Its database lives in the given folder, with a ``virtuoso.ini`` written there: data
persists across restarts on the same folder.

No VAD package, plugin or ``virtuoso.ini`` from a distribution is needed: the endpoints
``/sparql`` (queries, as the ``SPARQL`` user, no updates) and ``/sparql-graph-crud-auth``
(Graph Store Protocol, HTTP Digest authentication as ``dba``) are built into a fresh database.

The ``dba`` password starts as ``dba``; when another one is asked for it is set once, on the
first start of a fresh folder, through ``isql-vt`` (``USER_SET_PASSWORD``), and checked over
HTTP. (``virtuoso-t +pwdold dba +pwddba NEW`` does the same but then exits: a second start.)

Start-up on this machine (2 cores, loaded): a fresh folder 2.5-3.8 s (most of it creating the
database), a restart 1.8-2.3 s; a stop (SIGTERM, quick shutdown) under 0.1 s.

This module only runs the server; how Virtuoso's answers depart from SPARQL 1.1 (booleans as
xsd:integer, ASK answered as a one-row SELECT, ...) is for the tests to handle.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import requests
from requests.auth import HTTPDigestAuth

STARTUP_DEADLINE = 60.0
STOP_DEADLINE = 30.0
BINARY = "virtuoso-t"
ISQL = "isql-vt"


def _reserve() -> socket.socket:
    """A socket holding a free port on 127.0.0.1 (``SO_REUSEADDR``, bound, never listening)."""
    reservation = socket.socket()
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reservation.bind(("127.0.0.1", 0))
    return reservation


class VirtuosoServer:
    """``virtuoso-t`` on reserved ports with its database in ``location``; restartable.

    ``url`` has no trailing slash; ``query_url`` is the SPARQL endpoint, ``store_url`` the Graph
    Store Protocol endpoint, which wants HTTP Digest authentication (``user``, ``password``;
    Basic is refused). ``sparql`` adds or overrides keys of the ``[SPARQL]`` section, e.g.
    ``{"MaxQueryExecutionTime": "5"}`` (seconds; ``0`` = no limit).
    """

    def __init__(
        self,
        location: Path,
        password: str = "dba",
        sparql: Mapping[str, str] | None = None,
        buffers: int = 2000,
    ) -> None:
        self.location = location.resolve()
        self.isql_reservation = _reserve()
        self.http_reservation = _reserve()
        self.isql_port: int = self.isql_reservation.getsockname()[1]
        self.port: int = self.http_reservation.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.url}/sparql"
        self.store_url = f"{self.url}/sparql-graph-crud-auth"
        self.user = "dba"
        self.password = password
        self.sparql_settings = {
            "ResultSetMaxRows": "1000000",
            "MaxQueryCostEstimationTime": "0",  # never refuse a query for its estimated cost
            "MaxQueryExecutionTime": "0",
            **(sparql or {}),
        }
        self.buffers = buffers  # 8 KiB pages of its cache: the default fits the tests' data
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0  # how long the last start() took

    @property
    def auth(self) -> HTTPDigestAuth:
        """What ``requests`` needs for :attr:`store_url`."""
        return HTTPDigestAuth(self.user, self.password)

    @property
    def config_file(self) -> Path:
        return self.location / "virtuoso.ini"

    @property
    def log_file(self) -> Path:
        """Virtuoso's own log (``ErrorLogFile``), appended to across restarts."""
        return self.location / "virtuoso.log"

    def config(self) -> str:
        """The ``virtuoso.ini``: files in :attr:`location`, small buffers, no plugins."""
        folder = str(self.location)
        sections: dict[str, dict[str, str]] = {
            "Database": {
                "DatabaseFile": f"{folder}/virtuoso.db",
                "ErrorLogFile": str(self.log_file),
                "LockFile": f"{folder}/virtuoso.lck",
                "TransactionFile": f"{folder}/virtuoso.trx",
                "xa_persistent_file": f"{folder}/virtuoso.pxa",
                "ErrorLogLevel": "7",
                "FileExtend": "200",
                "MaxCheckpointRemap": "2000",
                "Striping": "0",
                "TempStorage": "TempDatabase",
            },
            "TempDatabase": {
                "DatabaseFile": f"{folder}/virtuoso-temp.db",
                "TransactionFile": f"{folder}/virtuoso-temp.trx",
                "MaxCheckpointRemap": "2000",
                "Striping": "0",
            },
            "Parameters": {
                "ServerPort": f"127.0.0.1:{self.isql_port}",
                "ServerThreads": "10",
                "CheckpointInterval": "60",
                "NumberOfBuffers": str(self.buffers),  # 8 KiB pages: 16 MiB by default
                "MaxDirtyBuffers": str(self.buffers * 3 // 5),
                "DirsAllowed": folder,
                "VADInstallDir": folder,
                "DefaultIsolation": "2",
                # ORDER BY … LIMIT n sorts at most this many rows (default 10,000, an error
                # past it): more than the frontend asks for, max_result_rows + 1.
                "MaxSortedTopRows": "100000",
            },
            "HTTPServer": {
                "ServerPort": f"127.0.0.1:{self.port}",
                "ServerRoot": folder,
                "ServerThreads": "10",
                "MaxClientConnections": "10",
                "MaxKeepAlives": "10",
                "KeepAliveTimeout": "10",
            },
            "SPARQL": self.sparql_settings,
        }
        lines: list[str] = []
        for name, values in sections.items():
            lines.append(f"[{name}]")
            lines += [f"{key} = {value}" for key, value in values.items()]
            lines.append("")
        return "\n".join(lines)

    def start(self) -> VirtuosoServer:
        """Start Virtuoso and wait until ``/sparql`` answers; a fresh folder is created."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError(f"virtuoso already running (pid {self.process.pid})")
        began = time.monotonic()
        self.location.mkdir(parents=True, exist_ok=True)
        fresh = not (self.location / "virtuoso.db").exists()
        self.config_file.write_text(self.config(), encoding="utf-8")
        command = [BINARY, "+configfile", str(self.config_file), "+foreground"]
        # +foreground logs to standard output as well: into a file, which nobody has to read.
        with open(self.location / "virtuoso.out", "ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=self.location,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a ^C in the test run does not reach it first
            )
        try:
            self._wait_until_ready(began + STARTUP_DEADLINE)
            if fresh and self.password != "dba":
                self._set_password()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _wait_until_ready(self, deadline: float) -> None:
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso exited with {self.process.returncode}: {self.output()[-2000:]}"
                )
            try:
                answer = requests.get(self.query_url, params={"query": "ASK {}"}, timeout=2)
                if answer.status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet
            time.sleep(0.05)
        raise RuntimeError(f"virtuoso not ready on {self.url} within {STARTUP_DEADLINE} s")

    def _set_password(self) -> None:
        """Replace the initial ``dba`` password (isql-vt exits 0 even when a statement fails)."""
        isql = shutil.which(ISQL)
        if isql is None:
            raise RuntimeError(f"{ISQL} not found: needed to set the dba password")
        literal = self.password.replace("'", "''")
        statement = f"USER_SET_PASSWORD('dba', '{literal}');"
        result = subprocess.run(
            [isql, f"127.0.0.1:{self.isql_port}", "dba", "dba", f"exec={statement}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        probe = requests.get(
            self.store_url, params={"graph": "urn:x-probe:password"}, auth=self.auth, timeout=10
        )
        if probe.status_code == 401:
            raise RuntimeError(f"could not set the dba password: {result.stdout}{result.stderr}")

    def output(self) -> str:
        """What ``virtuoso-t`` has written to its standard output and error, every start."""
        path = self.location / "virtuoso.out"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop Virtuoso by its pid (SIGTERM, SIGKILL after a while); the ports stay reserved.

        On SIGTERM Virtuoso makes a quick shutdown, without a checkpoint: what was committed is
        in the transaction log, replayed at the next start.
        """
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()

    def close(self) -> None:
        """Stop Virtuoso and give both ports up."""
        self.stop()
        self.isql_reservation.close()
        self.http_reservation.close()

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
