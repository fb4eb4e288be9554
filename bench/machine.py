"""What a benchmark ran on: the machine, its load, the versions of everything measured."""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import time
from contextlib import suppress
from importlib import metadata
from pathlib import Path

from bench.load import wrk_version
from bench.processes import ROOT
from bench.servers import PEERS_VENV, VENV

PACKAGES = ("stancegraph", "pyoxigraph", "rdflib", "pyshacl", "Flask", "gunicorn")


def machine() -> dict[str, object]:
    cpu = "unknown"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def load_average() -> float:
    """The one-minute load average."""
    return os.getloadavg()[0]


class OtherWork:
    """How many cores processes other than this benchmark's kept busy, phase by phase.

    The machine's busy CPU time (``/proc/stat``) less this process's and its waited-for
    children's (every process the benchmark started is waited for when it is stopped).
    """

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = self._sample()

    def mark(self, phase: str) -> None:
        now = self._sample()
        wall, busy, own = (b - a for a, b in zip(self._last, now, strict=True))
        self.phases[phase] = round(max(0.0, busy - own) / wall, 2) if wall > 0 else 0.0
        self._last = now

    @staticmethod
    def _sample() -> tuple[float, float, float]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
        busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
        own = 0.0
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            usage = resource.getrusage(who)
            own += usage.ru_utime + usage.ru_stime
        return time.perf_counter(), busy, own


def versions(with_peers: bool) -> dict[str, str]:
    found = {name: _version(name) for name in PACKAGES}
    found["oxigraph (CLI)"] = _output([str(VENV / "oxigraph"), "--version"])
    if with_peers:
        pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "show", "rdflib-endpoint", "rdflib"]
        shown = _output(pip, all_lines=True).splitlines()
        names = [line.split(":", 1)[1].strip() for line in shown if line.startswith("Name:")]
        numbers = [line.split(":", 1)[1].strip() for line in shown if line.startswith("Version:")]
        for name, number in zip(names, numbers, strict=False):
            found[f"{name} (peer venv)"] = number
    found["wrk"] = wrk_version()
    return found


def git_state() -> str:
    head = _output(["git", "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "status", "--porcelain", "--untracked-files=no"], all_lines=True)
    return f"{head} with uncommitted changes" if dirty.strip() else head


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _output(argv: list[str], all_lines: bool = False) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    text = out.stdout.strip()
    return text if all_lines else (text.splitlines() or ["unavailable"])[0]
