"""The targets of issue 7, each judged on the figures of a run: met or not met."""

from __future__ import annotations

from bench.corpus import label
from bench.figures import (
    SAME_STORAGE,
    SG,
    Results,
    build_figure,
    http_figure,
    startup_figure,
    store_name,
    verdict,
)


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
