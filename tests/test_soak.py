"""The soak harness, briefly: ``bench/soak --duration 10`` passes and its figures say why.

``make soak`` runs the five-minute soak (figures in BENCHMARKS.md); this runs ten seconds of the
same mixed load on the seed and checks what the harness reports: that every kind of request was
served and answered as expected, that its counts add up, and that memory stayed within bounds.
How many requests ten seconds hold, and how fast they were answered, depends on the machine and
is not checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.soak import MAX_RSS_GROWTH
from bench.workload import WEIGHTS
from tests.conftest import ROOT


def test_ten_seconds_of_mixed_load_serve_every_kind_without_an_error(
    seed_dist: Path, tmp_path: Path
) -> None:
    figures_file = tmp_path / "soak.json"
    command = [str(ROOT / "bench" / "soak"), "--duration", "10", "--resources", "30"]
    command += ["--dist-dir", str(seed_dist), "--json", str(figures_file)]
    result = subprocess.run(
        command,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=240,  # only a hang takes this long; the test's own limit is 300 s
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["passed"] and figures["problems"] == []
    # Every kind of the workload was served (a load that left one out would prove nothing about
    # it), and the counts add up: per kind, its answers by status; in all, the kinds.
    assert set(figures["kinds"]) == set(WEIGHTS)
    for kind, row in figures["kinds"].items():
        assert row["requests"] > 0 and sum(row["statuses"].values()) == row["requests"], kind
        assert row["p50_ms"] <= row["p99_ms"], kind
        assert f"{kind:<12}{row['requests']:>10}" in result.stdout
    assert figures["requests"] == sum(row["requests"] for row in figures["kinds"].values())
    assert (figures["failed_valid"], figures["unexpected_bad"], figures["socket_errors"]) == (
        0,
        0,
        0,
    )
    assert set(figures["kinds"]["conditional"]["statuses"]) == {"304"}
    assert set(figures["kinds"]["bad"]["statuses"]) <= {
        "400",
        "403",
        "404",
        "405",
        "406",
        "413",
        "414",
    }
    assert len(figures["rss_kb"]) == 2
    for pid, rss in figures["rss_kb"].items():  # 10 % plus the answer cache's budget at most
        assert rss["end"] - rss["start"] < figures["rss_allowed_kb"][pid]
        assert figures["rss_allowed_kb"][pid] >= MAX_RSS_GROWTH * rss["start"]
    assert result.stdout.rstrip().endswith("PASS")
