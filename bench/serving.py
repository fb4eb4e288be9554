"""The server a soak runs against: ``stancegraph serve`` started and stopped, its workers' memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
STARTUP_DEADLINE = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(
    workers: int, dataset: str | None, dist_dir: str, log: IO[bytes]
) -> tuple[subprocess.Popen[bytes], str]:
    """``stancegraph serve`` of ``dataset`` (or else ``dist_dir``) on a free port, and its URL,
    once it answers; in a process group of its own, writing to ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "stancegraph.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    command += ["--dataset", dataset] if dataset else ["--dist-dir", dist_dir]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"soak: the server exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.05)
    stop_server(process)
    raise SystemExit(f"soak: the server did not answer within {STARTUP_DEADLINE:g} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (graceful), then SIGKILL to the whole group, query processes included."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def workers(master: int) -> list[int]:
    """The gunicorn workers: the master's children."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError(f"no VmRSS for process {pid}")
