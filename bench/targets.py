"""The targets of issues 13 (distinct queries) and 7 (repeated requests, builds, start-up), each
judged on the figures of a run: met or not met."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench import runaway
from bench.corpus import label
from bench.distinct import AGGREGATE, CONNECTIONS, LOOKUP
from bench.figures import (
    NAIVE,
    SAME_STORAGE,
    SG,
    Results,
    build_figure,
    distinct_figure,
    http_figure,
    startup_figure,
    store_name,
    times,
    verdict,
)

MEMORY = "stancegraph-memory"
#: A figure at each connection count, and whether it met its target.
Judged = tuple[str, bool]
Figure = dict[str, Any]


def distinct_target_rows(r: Results) -> list[list[str]]:
    """Issue 13: nothing refused, answers against the naive app and oxigraph, runaways."""
    if not r.get("distinct"):
        return []
    rows = []
    for sg in SG:
        for workload in (LOOKUP, AGGREGATE):
            what = f"0 refused or failed: {workload.key} ({store_name(sg)})"
            rows.append(_each(r, what, sg, workload.key, lambda ours, _: _nothing_refused(ours)))
    rows.append(_against(r, 0.8, NAIVE, "naive Flask + pyoxigraph", LOOKUP.key, MEMORY))
    rows.append(_against(r, 0.4, "oxigraph-memory", "oxigraph serve in memory", LOOKUP.key, MEMORY))
    rows.append(
        _each(
            r,
            "distinct-lookup p99 ≤ 2× naive Flask + pyoxigraph's (memory)",
            MEMORY,
            LOOKUP.key,
            lambda ours, c: _p99_within(ours, distinct_figure(r, NAIVE, LOOKUP.key, c)),
        )
    )
    for sg in SG:
        peer = SAME_STORAGE[sg]
        rows.append(_against(r, 1.0, peer, "oxigraph serve, same storage", AGGREGATE.key, sg))
    return rows + runaway_rows(r)


def _each(
    r: Results, what: str, sg: str, workload: str, judge: Callable[[Figure, int], Judged]
) -> list[str]:
    """A row judged at every connection count: met only if met at each."""
    cells, met = [], True
    for connections in CONNECTIONS:
        ours = distinct_figure(r, sg, workload, connections)
        if ours is None:
            return [what, "not measured", "—"]
        figure, ok = judge(ours, connections)
        cells.append(f"{connections} connections: {figure}")
        met = met and ok
    return [what, "; ".join(cells), verdict(met)]


def _nothing_refused(ours: Figure) -> Judged:
    figure = (
        f"{ours['refused_share']:.0%} refused, {ours['failed']:,.0f} failed of {ours['sent']:,.0f}"
    )
    return figure, ours["refused"] == 0 and ours["failed"] == 0


def _against(
    r: Results, at_least: float, peer: str, name: str, workload: str, sg: str
) -> list[str]:
    what = f"{workload} answered/s ≥ {at_least:g}× {name} ({store_name(sg)})"

    def judge(ours: Figure, connections: int) -> Judged:
        theirs = distinct_figure(r, peer, workload, connections)
        if theirs is None:
            return "peer not measured", False
        mine, its = ours["answered_rps"], theirs["answered_rps"]
        ratio = mine / its if its else float("inf")
        return f"{times(mine, its)} ({mine:,.0f} vs {its:,.0f}/s)", ratio >= at_least

    return _each(r, what, sg, workload, judge)


def _p99_within(ours: Figure, naive: Figure | None) -> Judged:
    if naive is None:
        return "naive app not measured", False
    mine, its = ours["p99_ms"], naive["p99_ms"]
    return f"{times(mine, its)} ({mine:,.0f} vs {its:,.0f} ms)", mine <= 2 * its


def runaway_rows(r: Results) -> list[list[str]]:
    rows = []
    for found in r.get("runaway", []):
        where = f"{store_name(found['server'])}; runaways from {found['senders']}"
        queries_met, pages_met = runaway.met(found)
        q, p = found["queries"], found["pages"]
        rows.append(
            [
                f"{runaway.RUNAWAYS} runaways: a cheap distinct query answered within "
                f"{runaway.QUERY_WITHIN_S:g} s, no 503 ({where})",
                f"{q['answered']:,} of {q['sent']:,} answered, {q['refused']:,} refused, "
                f"slowest {q['max_ms']:,.0f} ms",
                verdict(queries_met),
            ]
        )
        rows.append(
            [
                f"{runaway.RUNAWAYS} runaways: pages p99 ≤ {runaway.PAGES_P99_MS:g} ms ({where})",
                f"p99 {p['p99_ms']:,.0f} ms ({p['answered']:,} of {p['sent']:,} answered)",
                verdict(pages_met),
            ]
        )
    return rows


def target_rows(r: Results) -> list[list[str]]:
    rows: list[list[str]] = []
    for sg in SG:
        store = store_name(sg)
        rows.append(
            _versus(
                r,
                f"cheap lookup ≥ 0.7× trivial Flask ({store})",
                sg,
                "lookup",
                0.7,
                "trivial-flask",
                "ceiling",
            )
        )
        rows.append(
            _versus(
                r,
                f"cheap lookup ≥ 0.25× oxigraph serve, same storage ({store})",
                sg,
                "lookup",
                0.25,
                SAME_STORAGE[sg],
                "lookup",
            )
        )
        rows.append(
            _versus(
                r,
                f"cheap lookup ≥ 8× rdflib-endpoint ({store})",
                sg,
                "lookup",
                8.0,
                "rdflib-endpoint",
                "lookup",
            )
        )
        rows.append(
            _versus(
                r,
                f"Turtle page ≥ 0.8× trivial Flask ({store})",
                sg,
                "turtle",
                0.8,
                "trivial-flask",
                "ceiling",
            )
        )
        rows.append(
            _versus(
                r,
                f"aggregate ≥ 1× oxigraph serve, same storage ({store})",
                sg,
                "aggregate",
                1.0,
                SAME_STORAGE[sg],
                "aggregate",
            )
        )
    rows += scale_rows(r)
    return rows


def _versus(
    r: Results, what: str, sg: str, scenario: str, at_least: float, peer: str, peer_scenario: str
) -> list[str]:
    ours, theirs = http_figure(r, sg, scenario), http_figure(r, peer, peer_scenario)
    if ours is None or theirs is None:
        return [what, "not measured", "—"]
    if theirs["rps"] == 0:
        return [what, f"{ours['rps']:,.0f} req/s; the peer answered none in time", "met"]
    ratio = ours["rps"] / theirs["rps"]
    figure = f"{ratio:.2f}× ({ours['rps']:,.0f} vs {theirs['rps']:,.0f} req/s)"
    return [what, figure, verdict(ratio >= at_least)]


def scale_rows(r: Results) -> list[list[str]]:
    largest = max(b["size"] for b in r["builds"])
    build = build_figure(r, largest, "build")
    name = label(largest)
    rows = []
    if build is None:
        rows.append([f"{name}: validate + build ≤ 60 s", "not measured", "—"])
    elif "failed" in build:
        rows.append([f"{name}: validate + build ≤ 60 s", build["failed"], verdict(False)])
    else:
        rows.append(
            [
                f"{name}: validate + build ≤ 60 s",
                f"{build['seconds']:.1f} s (`stancegraph build`, n={build['n']})",
                verdict(build["seconds"] <= 60),
            ]
        )
    ready = startup_figure(r, "stancegraph-disk", largest)
    if ready is None:
        rows.append([f"{name}: ready from oxigraph:DIR ≤ 3 s", "not measured", "—"])
        rows.append([f"{name}: ≤ 300 MB RSS per worker (oxigraph:DIR)", "not measured", "—"])
    else:
        rows.append(
            [
                f"{name}: ready from oxigraph:DIR ≤ 3 s",
                f"{ready['seconds']:.2f} s",
                verdict(ready["seconds"] <= 3),
            ]
        )
        rss = ready["worker_rss_mb"]
        rows.append(
            [
                f"{name}: ≤ 300 MB RSS per worker (oxigraph:DIR)",
                f"{rss:.0f} MB (largest worker, at ready)",
                verdict(rss <= 300),
            ]
        )
    return rows
