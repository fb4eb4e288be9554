"""The options of ``bench/attack`` and the run: each attack in turn, then the table."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import urllib.parse
from datetime import UTC, datetime

import bench.attacks
from bench.attacks.memory_bombs import memory_bombs
from bench.attacks.probes import PROBE_EVERY, Nothing, under_load
from bench.attacks.query_check import guard_bypass
from bench.attacks.raw_http import LIMIT
from bench.attacks.reflection import reflection
from bench.attacks.report import SECURITY, Row, render, write
from bench.attacks.slow_clients import SlowReaders, Trickle
from bench.attacks.target import Target, discover, launch, settle
from bench.processes import ROOT, install_cleanup, stop
from stancegraph.core import settings


def main(argv: list[str] | None = None) -> int:
    """Print the table; 1 if any attack worked."""
    args = parse_args(argv)
    install_cleanup()
    started = None
    try:
        if args.url:
            split = urllib.parse.urlsplit(args.url)
            host, port = split.hostname or "127.0.0.1", split.port or 80
        else:
            started = launch()
            host, port = "127.0.0.1", started.port
        target = discover(host, port, started)
        rows = run(target, args.duration, args.connections)
        table = render(rows, header(args, target))
    except KeyboardInterrupt:
        print("bench/attack: interrupted; every process it started is stopped", file=sys.stderr)
        return 130
    finally:
        if started is not None:
            stop(started)
    print(table)
    if args.write:
        write(table)
        print(f"bench/attack: wrote {SECURITY.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(row.held for row in rows) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The options; ``--duration`` defaults to 30 s, or 5 s with ``--quick``."""
    summary = (bench.attacks.__doc__ or "").split("\n\n")[0]
    parser = argparse.ArgumentParser(prog="bench/attack", description=summary)
    parser.add_argument("--duration", type=float, help="seconds of each attack (30; --quick 5)")
    parser.add_argument("--quick", action="store_true", help="5 s of each attack, under a minute")
    parser.add_argument("--url", help="attack this running server instead of starting one")
    parser.add_argument(
        "--connections", type=int, default=200, help="connections of each slowloris (200)"
    )
    parser.add_argument("--write", action="store_true", help=f"record the table in {SECURITY.name}")
    args = parser.parse_args(argv)
    if args.url and urllib.parse.urlsplit(args.url).scheme != "http":
        parser.error(f"--url {args.url}: only http://host:port (it speaks HTTP over plain sockets)")
    args.duration = args.duration or (5.0 if args.quick else 30.0)
    return args


def run(target: Target, seconds: float, connections: int) -> list[Row]:
    """The baseline, the attacks that starve, then the checks, each on a settled server."""
    rows = [under_load(target, "0. none (baseline)", Nothing(), max(2.0, seconds / 3))]
    rows[0].verdicts = ("answers", "slow even so")
    for way, name in (("headers", "header lines"), ("idle", "idle"), ("body", "slow body")):
        rows.append(under_load(target, f"1. slowloris: {name}", Trickle(target, connections, way),
                               seconds))  # fmt: skip
    rows.append(under_load(target, "2. slow readers", SlowReaders(target, target.slots), seconds))
    for check in (memory_bombs, guard_bypass, reflection):
        settle(target)
        rows.append(check(target))
    return rows


def header(args: argparse.Namespace, target: Target) -> str:
    """What ran, when, on which tree and machine, against which server and settings."""
    values = settings.resolve()
    memory = values["query_memory_mb"] or "from the machine"
    served = ("`stancegraph serve`, started by it" if target.started else f"the server at {args.url}"
              " (its settings as this environment resolves them)")  # fmt: skip
    return (
        f"`bench/attack{' --quick' if args.quick else ''}`, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on the tree at {git_state()}; "
        f"{os.cpu_count()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') >> 30}"
        f" GB. Server: {served}: {values['workers']} workers × {values['threads']} threads, "
        f"{values['query_slots']} query slots each, query_timeout {values['query_timeout']:g} s, "
        f"query_memory_mb {memory}. Each attack runs {args.duration:g} s while probes ask every "
        f"{PROBE_EVERY:g} s for /healthz, {target.page} (HTML) and a cheap query never asked "
        f"before; a probe counts if it got a 2xx within {LIMIT:g} s."
    )


def git_state() -> str:
    """The commit, and whether tracked files differ from it (without touching the index)."""

    def git(*argv: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", *argv], capture_output=True,
                              text=True, cwd=ROOT)  # fmt: skip
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{head} with uncommitted changes" if git("status", "--porcelain", "-uno") else head
