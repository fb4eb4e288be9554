"""Build and validation: wall time and peak memory of each step, per corpus size.

Each step runs as its own process, waited for with ``os.wait4`` so that its peak resident set
(``ru_maxrss``) is its own. A step that takes longer than ``long_run`` seconds is not repeated;
one that takes longer than ``timeout`` is stopped and reported as such.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Corpus, ensure_generated, label
from bench.processes import forget, start, stop
from bench.servers import LOGS, VENV


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    argv: Callable[[Corpus], list[str]]
    prepare: Callable[[Corpus], None] = lambda corpus: None


def _stancegraph(*args: str) -> list[str]:
    return [str(VENV / "stancegraph"), *args]


def _fresh(folder: Callable[[Corpus], Path]) -> Callable[[Corpus], None]:
    return lambda corpus: shutil.rmtree(folder(corpus), ignore_errors=True)


VALIDATE = Step(
    "validate",
    "stancegraph validate (map + SHACL)",
    lambda c: _stancegraph("validate", *c.source_args()),
)
BUILD = Step(
    "build",
    "stancegraph build (map + SHACL + dumps)",
    lambda c: _stancegraph("build", *c.source_args(), "--dist-dir", str(c.dist)),
)
BUILD_STORE = Step(
    "build-store",
    "stancegraph build --store oxigraph:DIR (+ bulk load)",
    lambda c: _stancegraph(
        "build", *c.source_args(), "--dist-dir", str(c.dist), "--store", f"oxigraph:{c.store}"
    ),
    _fresh(lambda c: c.store),
)
OXIGRAPH_LOAD = Step(
    "oxigraph-load",
    "oxigraph load (peer: the N-Quads dump into a store)",
    lambda c: [
        str(VENV / "oxigraph"),
        "load",
        "--location",
        str(c.peer_store),
        "--file",
        str(c.dataset),
    ],
    _fresh(lambda c: c.peer_store),
)


def timed(step: Step, corpus: Corpus, timeout: float) -> dict[str, float]:
    """One run of a step: seconds, peak resident memory (MB), exit status (-1: timed out)."""
    step.prepare(corpus)
    started = start(step.argv(corpus), LOGS / f"{step.key}-{corpus.size}.log", env=corpus.env)
    while True:
        pid, status, usage = os.wait4(started.pid, os.WNOHANG)
        seconds = time.perf_counter() - started.started
        if pid:
            break
        if seconds > timeout:
            stop(started)
            return {"seconds": seconds, "peak_mb": 0.0, "status": -1}
        time.sleep(0.05)
    started.process.returncode = os.waitstatus_to_exitcode(status)
    forget(started.process)
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "status": started.process.returncode,
    }


def measure(
    step: Step, corpus: Corpus, repeats: int, long_run: float, timeout: float
) -> list[dict[str, float]]:
    """Up to ``repeats`` runs; stops after a failed run or one longer than ``long_run``."""
    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        run = timed(step, corpus, timeout)
        runs.append(run)
        print(
            f"  {step.key:<14} {run['seconds']:8.2f} s  {run['peak_mb']:7.0f} MB"
            f"  exit {run['status']:.0f}",
            flush=True,
        )
        if run["status"] != 0 or run["seconds"] > long_run:
            break
    return runs


def measure_sizes(
    sizes: tuple[int, ...],
    serve_size: int,
    with_store: bool,
    repeats: int,
    long_run: float,
    timeout: float,
) -> list[dict[str, object]]:
    """Every step on every corpus size, and what each corpus holds (``step: corpus``).

    A failed step ends its size (and the whole run when it is the size the servers need).
    """
    steps = [VALIDATE, BUILD, *([BUILD_STORE] if with_store else []), OXIGRAPH_LOAD]
    found: list[dict[str, object]] = []
    for size in sizes:
        corpus = Corpus(size)
        print(f"corpus {label(size)}", flush=True)
        ensure_generated(corpus)
        failed = None
        for step in steps:  # oxigraph load comes last: it loads the dump the build wrote
            runs = measure(step, corpus, repeats, long_run, timeout)
            found.append({"size": size, "step": step.key, "title": step.title, "runs": runs})
            if runs[-1]["status"] != 0:
                failed = f"{step.key} failed (exit {runs[-1]['status']:.0f}); see {LOGS}"
                print(f"  {failed}", flush=True)
                if size == serve_size:
                    raise SystemExit(f"the {label(size)} corpus is needed to serve: {failed}")
                break
        shape = {"quads": corpus.quads(), "articles": corpus.articles(), "failed": failed}
        found.append({"size": size, "step": "corpus", **shape})
    return found
