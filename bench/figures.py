"""The figures of a run, as saved in ``results.json``: medians per server, step and size."""

from __future__ import annotations

from statistics import median
from typing import Any

Results = dict[str, Any]
#: The project's servers, one per store; each is compared with the peer of the same storage.
SG = ("stancegraph-memory", "stancegraph-disk")
SAME_STORAGE = {"stancegraph-memory": "oxigraph-memory", "stancegraph-disk": "oxigraph-disk"}
#: Every server stancegraph's figures are divided by.
PEERS = ("trivial-flask", "naive-flask", "oxigraph-memory", "oxigraph-disk", "rdflib-endpoint")
NAIVE = "naive-flask"


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def store_name(key: str) -> str:
    return "oxigraph:DIR" if key.endswith("disk") else "memory"


def http_figure(r: Results, server: str, scenario: str) -> dict[str, Any] | None:
    return next((h for h in r["http"] if h["server"] == server and h["scenario"] == scenario), None)


def ratio(r: Results, sg: str, scenario: str, peer: dict[str, Any]) -> str:
    ours = http_figure(r, sg, scenario)
    return "" if ours is None or peer["server"] == sg else divided(ours, peer)


def divided(ours: dict[str, Any], theirs: dict[str, Any] | None) -> str:
    if theirs is None:
        return "n/a"
    if theirs["rps"] == 0:
        return "∞ (peer: 0)"
    return f"{ours['rps'] / theirs['rps']:.2f}×"


def distinct_figure(
    r: Results, server: str, workload: str, connections: int
) -> dict[str, Any] | None:
    """The summary of a server's distinct-query runs (None where it was not measured)."""
    return next(
        (
            d
            for d in r.get("distinct", [])
            if d["server"] == server
            and d["workload"] == workload
            and d["connections"] == connections
        ),
        None,
    )


def times(ours: float, theirs: float) -> str:
    """``ours`` as a multiple of ``theirs``."""
    return "∞" if theirs == 0 else f"{ours / theirs:.2f}×"


def build_figure(r: Results, size: int, step: str) -> dict[str, Any] | None:
    """Medians over a step's successful runs, or why none succeeded (``failed``)."""
    found = next((b for b in r["builds"] if b["size"] == size and b["step"] == step), None)
    if found is None:
        return None
    ok = [run for run in found["runs"] if run["status"] == 0]
    if not ok:
        last = found["runs"][-1]
        timed_out = last["status"] == -1
        why = f"stopped after {last['seconds']:.0f} s" if timed_out else "failed"
        return {"failed": why}
    return {
        "seconds": median(run["seconds"] for run in ok),
        "peak_mb": median(run["peak_mb"] for run in ok),
        "n": len(ok),
    }


def startup_figure(r: Results, server: str, size: int) -> dict[str, float] | None:
    found = next((s for s in r["startup"] if s["server"] == server and s["size"] == size), None)
    if found is None or not found["runs"]:
        return None
    runs = found["runs"]
    return {
        "seconds": median(run["seconds"] for run in runs),
        "worker_rss_mb": median(max(run["worker_rss_mb"]) for run in runs),
        "worker_pss_mb": median(max(run["worker_pss_mb"]) for run in runs),
        "total_pss_mb": median(run["total_pss_mb"] for run in runs),
    }


def table(rows: list[list[str]]) -> list[str]:
    """A Markdown table; the first two rows are its head and alignment."""
    return ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
