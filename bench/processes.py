"""The processes a benchmark starts: each in a process group of its own, all stopped on exit.

Every process is started through :func:`start` and registered; :func:`stop` ends its whole group
(a gunicorn master, its workers and their query processes) with ``SIGTERM``, then ``SIGKILL``.
:func:`install_cleanup` makes ``SIGTERM`` and ``SIGHUP`` exit like Ctrl-C does, so that the
``finally`` blocks and the ``atexit`` hook stop whatever is still running.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 15.0
POLL_INTERVAL = 0.01

_running: list[subprocess.Popen[bytes]] = []


@dataclass
class Started:
    """A process and the moment it was started (``time.perf_counter``)."""

    process: subprocess.Popen[bytes]
    started: float
    log: Path
    port: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid


def install_cleanup() -> None:
    """Stop every started process at exit, including after ``SIGTERM`` or ``SIGHUP``."""

    def exit_on(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_on)
    signal.signal(signal.SIGHUP, exit_on)
    atexit.register(stop_all)


def start(
    command: Sequence[str], log: Path, env: dict[str, str] | None = None, port: int = 0
) -> Started:
    """Start ``command`` in a new process group, its output appended to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    _running.append(process)
    return Started(process, started, log, port)


def stop(started: Started | subprocess.Popen[bytes]) -> None:
    """End a started process and everything in its process group."""
    process = started.process if isinstance(started, Started) else started
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
    _signal_group(process.pid, signal.SIGKILL)  # members that outlived their leader
    with suppress(ValueError):
        _running.remove(process)


def stop_all() -> None:
    for process in reversed(list(_running)):
        stop(process)


def forget(process: subprocess.Popen[bytes]) -> None:
    """Unregister a process that has been waited for by other means (``os.wait4``)."""
    _signal_group(process.pid, signal.SIGKILL)
    with suppress(ValueError):
        _running.remove(process)


def _signal_group(pgid: int, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str, accept: str = "*/*", timeout: float = 30.0) -> tuple[int, bytes]:
    """Status and body of a GET (error statuses are returned, not raised)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(started: Started, answered: Callable[[], bool], timeout: float) -> float:
    """Seconds from the start of ``started`` until ``answered()`` first holds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if started.process.poll() is not None:
            raise RuntimeError(f"exited with {started.process.returncode}; see {started.log}")
        with suppress(OSError):
            if answered():
                return time.perf_counter() - started.started
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"not ready after {timeout:.0f} s; see {started.log}")


def children(pid: int) -> list[int]:
    """The direct children of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return sorted(found)


def descendants(pid: int) -> list[int]:
    pending, found = [pid], []
    while pending:
        for child in children(pending.pop()):
            found.append(child)
            pending.append(child)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by the given processes."""
    ticks = 0
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, timeout: float = 180.0, interval: float = 0.25) -> float:
    """Wait until ``pid`` and its descendants use under a tenth of a core; seconds waited.

    A server may still be working through requests the load generator gave up on; the next
    measurement must not pay for them.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        tree = [pid, *descendants(pid)]
        before = cpu_seconds(tree)
        time.sleep(interval)
        if cpu_seconds(tree) - before < 0.1 * interval:
            break
    return time.perf_counter() - started


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident set size and proportional set size (shared pages divided among sharers), MB."""
    rss = pss = 0.0
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, value = line.partition(":")
            if name == "Rss":
                rss = int(value.split()[0]) / 1024
            elif name == "Pss":
                pss = int(value.split()[0]) / 1024
    return rss, pss
