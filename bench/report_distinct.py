"""The report's headline HTTP sections: distinct queries, and the check while runaways run."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench import runaway
from bench.distinct import CONNECTIONS, REQUEST_TIMEOUT, ROUNDS, WORKLOADS
from bench.figures import (
    NAIVE,
    SAME_STORAGE,
    SG,
    Results,
    distinct_figure,
    store_name,
    table,
    times,
)
from bench.load import THREADS

PEER_COLUMNS = (
    (NAIVE, "÷ naive Flask + pyoxigraph"),
    ("oxigraph-memory", "÷ oxigraph serve (memory)"),
)


def distinct_section(r: Results) -> list[str]:
    found = r.get("distinct", [])
    if not found:
        return []
    plan = r["plan"]
    lines = [
        "## Distinct queries (the headline figures)",
        "",
        "Every request asks a query no other request asks: a random actor of the corpus and a "
        "`LIMIT` of its own, above any answer's size (filled in by `bench/wrk_distinct.lua` for "
        "each request, each thread drawing its own actors), so no answer can be reused. "
        f"wrk with {THREADS} threads, {' and '.join(map(str, CONNECTIONS))} connections, "
        f"{plan['distinct_seconds']} s each, request timeout {REQUEST_TIMEOUT}, {ROUNDS} rounds "
        "(the second in the opposite order of servers), after a warm-up of distinct queries. "
        "*Answered/s* counts only 2xx answers with a body: the median of the rounds, each round "
        "beside it. *Refused* is the share of requests answered 503; *failed*, every other "
        "status, connection error and timeout. Latencies are wrk's, over every answer (refusals "
        "included), the median of the rounds. The ratio columns divide stancegraph's answers/s "
        "by the row's.",
        "",
    ]
    for workload in WORKLOADS:
        title = f"{workload.title[0].upper()}{workload.title[1:]}"
        lines += [f"### {title}", "", *table(workload_rows(r, workload.key)), ""]
    return lines + ratios_section(r)


def workload_rows(r: Results, workload: str) -> list[list[str]]:
    """Every server at each connection count, with stancegraph's answers/s divided by its."""
    head = ["server", "connections", "answered/s", "rounds", "refused", "failed"]
    head += ["p50 ms", "p99 ms", *(f"stancegraph ({store_name(sg)}) ÷" for sg in SG)]
    rows = [head, ["---", "--:", "--:", "---", "--:", "---", "--:", "--:", "--:", "--:"]]
    for connections in CONNECTIONS:
        for d in r["distinct"]:
            if d["workload"] != workload or d["connections"] != connections:
                continue
            ratios = []
            for sg in SG:
                ours = distinct_figure(r, sg, workload, connections)
                mine = (
                    ""
                    if ours is None or ours is d
                    else times(ours["answered_rps"], d["answered_rps"])
                )
                ratios.append(mine)
            rows.append(
                [
                    d["server"],
                    str(connections),
                    f"{d['answered_rps']:,.1f}",
                    " / ".join(f"{rps:,.0f}" for rps in d["rounds_rps"]),
                    f"{d['refused_share']:.1%}",
                    failures(d),
                    f"{d['p50_ms']:.1f}",
                    f"{d['p99_ms']:.1f}",
                    *ratios,
                ]
            )
    return rows


def failures(d: dict[str, Any]) -> str:
    """Failed requests, by status (and connection errors or timeouts)."""
    if not d["failed"]:
        return "0"
    statuses: Counter[str] = Counter()
    for run in d["runs"]:
        statuses.update(run["statuses"])
        if run["socket_errors"]:
            statuses["socket"] += run["socket_errors"]
    listed = ", ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items()))
    return f"{d['failed']:,.0f} ({listed})"


def ratios_section(r: Results) -> list[str]:
    head = ["workload", "connections", "stancegraph store", *(name for _, name in PEER_COLUMNS)]
    head += ["÷ oxigraph serve, same storage", "p99 ÷ naive's p99"]
    rows = [head, ["---", "--:", "---", "--:", "--:", "--:", "--:"]]
    for workload in WORKLOADS:
        for connections in CONNECTIONS:
            for sg in SG:
                ours = distinct_figure(r, sg, workload.key, connections)
                if ours is None:
                    continue
                peers = [p for p, _ in PEER_COLUMNS] + [SAME_STORAGE[sg]]
                cells = []
                for peer in peers:
                    theirs = distinct_figure(r, peer, workload.key, connections)
                    cells.append(
                        "n/a"
                        if theirs is None
                        else times(ours["answered_rps"], theirs["answered_rps"])
                    )
                naive = distinct_figure(r, NAIVE, workload.key, connections)
                cells.append("n/a" if naive is None else times(ours["p99_ms"], naive["p99_ms"]))
                rows.append([workload.key, str(connections), store_name(sg), *cells])
    return [
        "### Distinct queries: stancegraph as a ratio to its peers",
        "",
        "Answers per second divided by the peer's (issue 13 asks, for the cheap lookup, ≥ 0.8× "
        "the naive app and ≥ 0.4× `oxigraph serve` in memory with p99 ≤ 2× the naive app's; for "
        "the aggregate, ≥ 1× `oxigraph serve` with the same storage).",
        "",
        *table(rows),
        "",
    ]


def runaway_section(r: Results) -> list[str]:
    found = r.get("runaway", [])
    if not found:
        return []
    head = [
        "server",
        "runaways from",
        "server cores busy",
        "cheap queries answered",
        "refused",
        "p99 ms",
        "slowest ms",
        "pages answered",
        "pages p99 ms",
        "pages slowest ms",
        "runaways stopped / refused at once",
    ]
    rows = [head, ["---", "---", *("--:" for _ in head[2:])]]
    for f in found:
        q, p, run = f["queries"], f["pages"], f["runaways"]
        rows.append(
            [
                f["server"],
                f["senders"],
                f"{f['server_cores']:.1f}",
                f"{q['answered']:,} of {q['sent']:,}",
                f"{q['refused']:,}",
                f"{q['p99_ms']:,.0f}",
                f"{q['max_ms']:,.0f}",
                f"{p['answered']:,} of {p['sent']:,}",
                f"{p['p99_ms']:,.0f}",
                f"{p['max_ms']:,.0f}",
                f"{run['stopped']:,} / {run['refused_at_once']:,}",
            ]
        )
    return [
        f"## While {runaway.RUNAWAYS} runaway queries run",
        "",
        f"{runaway.RUNAWAYS} clients each keep a runaway query running (`{runaway.RUNAWAY % 1}`, "
        "a new `LIMIT` each time; the server stops it at its `query_timeout`, and a client whose "
        f"runaway is refused at once asks again after {runaway.RETRY_PAUSE:g} s), all from one "
        f"address ({senders(runaway.SENDERS['one client'])}) or each from its own "
        f"({senders(runaway.SENDERS[f'{runaway.RUNAWAYS} clients'])}). "
        f"{runaway.SETTLE:g} s after they start, for {r['plan']['runaway_seconds']:g} s, "
        f"{runaway.QUERY_CLIENTS} clients send distinct cheap lookups ({runaway.QUERY_PAUSE:g} s "
        f"apart) and {runaway.PAGE_CLIENTS} ask for actor pages (HTML and Turtle by turns, back "
        f"to back), all from {runaway.MEASURER}. Latencies are of the answered requests; *server "
        "cores busy* is the CPU the server's processes used meanwhile (the machine has "
        f"{r['machine']['cores']}). Targets (issue 13): every cheap query answered within "
        f"{runaway.QUERY_WITHIN_S:g} s and none refused; pages p99 ≤ {runaway.PAGES_P99_MS:g} ms.",
        "",
        *table(rows),
        "",
    ]


def senders(addresses: tuple[str, ...]) -> str:
    """``127.0.0.2``, or ``127.0.0.11 to 127.0.0.18``."""
    first, last = min(addresses), max(addresses)
    return first if first == last else f"{first} to {last}"


def queries_listed() -> list[str]:
    """The distinct queries as sent, placeholders and all, for the setup section."""
    lines = []
    for workload in WORKLOADS:
        lines += [
            f"The {workload.title} (`__ACTOR__` an actor with a direct quote, drawn at random; "
            "`__LIMIT__` a number no other request of the run has):",
            "",
            *(f"    {line}" for line in workload.query.splitlines()),
            "",
        ]
    return lines
