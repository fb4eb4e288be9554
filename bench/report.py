"""BENCHMARKS.md from the figures of one run: targets, distinct queries, the runaway check,
builds, start-up, repeated requests, checks, setup.

Only the part between :data:`BEGIN` and :data:`END` is written; other sections of the file (the
soak tests, say) are kept as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import label
from bench.figures import (
    PEERS,
    SAME_STORAGE,
    SG,
    Results,
    build_figure,
    divided,
    http_figure,
    ratio,
    startup_figure,
    store_name,
    table,
)
from bench.load import AGGREGATE, CONNECTIONS, LOOKUP, SCENARIOS, THREADS
from bench.report_distinct import distinct_section, queries_listed, runaway_section
from bench.targets import distinct_target_rows, target_rows

BEGIN = "<!-- bench/run: begin (generated; edit bench/report.py instead) -->"
END = "<!-- bench/run: end -->"


def write(results: Results, path: Path) -> None:
    block = "\n".join([BEGIN, *render(results), END])
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{block}\n{rest}"
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def render(r: Results) -> list[str]:
    return [
        *intro(r),
        *targets_section(r),
        *distinct_section(r),
        *runaway_section(r),
        *builds_section(r),
        *startup_section(r),
        *http_section(r),
        *checks_section(r),
        *setup_section(r),
    ]


def quietness(r: Results) -> str:
    """A sentence on how busy the machine was with other work: the figures are only that good."""
    said = f"Load average (1 min) before the run: {r['load_before']:.2f}."
    other = r.get("other_cores", {})
    if not other:
        return said
    cores = r["machine"]["cores"]
    phases = ", ".join(f"{v:.2f} in {k}" for k, v in other.items())
    said += f" Cores (of {cores}) kept busy by other processes than the benchmark's: {phases}."
    if max(other.values()) < 0.25:
        return said
    return said + (
        " **The machine was not quiet**: other work shared its cores, so absolute figures are "
        "low and noisy; the ratios, measured back to back, suffer less."
    )


def intro(r: Results) -> list[str]:
    size = label(r["serve_corpus"]["size"])
    when = r.get("date") or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        "",
        f"Figures of `bench/run {' '.join(r['argv'])}`, {when}, on the tree at {r['git']}; "
        f"{r['minutes']:.0f} minutes. {quietness(r)}",
        "",
        f"Every figure is the median of repeated runs. HTTP figures are on the {size} corpus "
        f"({r['serve_corpus']['quads']:,} quads): every server runs side by side on the same "
        "data, and each round runs them back to back. The headline figures send distinct "
        "queries, every request a different one, and count only the requests answered; "
        "repeated requests, which caches serve, have their own section. Ratios are "
        "stancegraph's figure divided by the peer's.",
        "",
    ]


def targets_section(r: Results) -> list[str]:
    lines = ["## Targets", ""]
    distinct_rows = distinct_target_rows(r)
    if distinct_rows:
        size = label(r["serve_corpus"]["size"])
        rows = [["target (issue 13: distinct queries)", "figure", "verdict"], ["---"] * 3]
        lines += [
            f"Issue 13 sets its targets for the 100k corpus and runs of 30 s; these figures are "
            f"for the {size} corpus and runs of {r['plan']['distinct_seconds']} s.",
            "",
            *table(rows + distinct_rows),
            "",
        ]
    rows = [["target (issue 7: repeated requests, builds, start-up)", "figure", "verdict"]]
    return [*lines, *table([*rows, ["---"] * 3, *target_rows(r)]), ""]


def builds_section(r: Results) -> list[str]:
    rows = [["corpus", "step", "median s", "peak MB", "runs"], ["---", "---", "--:", "--:", "--:"]]
    sizes: list[int] = sorted({b["size"] for b in r["builds"]})
    notes = []
    for size in sizes:
        shape = next(b for b in r["builds"] if b["size"] == size and b["step"] == "corpus")
        quads = "no build of" if shape.get("failed") else f"{shape['quads']:,} quads from"
        notes.append(f"{label(size)} = {quads} {shape['articles']} articles")
        for b in r["builds"]:
            if b["size"] == size and b["step"] != "corpus":
                s = build_figure(r, size, b["step"])
                assert s is not None
                if "failed" in s:
                    rows.append([label(size), b["title"], s["failed"], "", ""])
                    continue
                rows.append(
                    [
                        label(size),
                        b["title"],
                        f"{s['seconds']:.2f}",
                        f"{s['peak_mb']:.0f}",
                        str(s["n"]),
                    ]
                )
    return [
        "## Build and validation",
        "",
        *table(rows),
        "",
        f"Corpora from `python -m bench.generate`: {'; '.join(notes)}. Peak memory is the "
        "process's maximum resident set (`ru_maxrss`). A step slower than "
        f"{r['plan']['long_run']:g} s is run once.",
        "",
    ]


def startup_section(r: Results) -> list[str]:
    head = [
        "server",
        "corpus",
        "ready s",
        "× oxigraph same storage",
        "RSS per worker MB",
        "PSS per worker MB",
        "PSS total MB",
    ]
    rows = [head, ["---", "---", "--:", "--:", "--:", "--:", "--:"]]
    for entry in r["startup"]:
        s = startup_figure(r, entry["server"], entry["size"])
        if s is None:
            rows.append(
                [
                    entry["server"],
                    label(entry["size"]),
                    f"failed: {entry.get('error', '?')}",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            continue
        peer = startup_figure(r, SAME_STORAGE.get(entry["server"], ""), entry["size"])
        versus = f"{s['seconds'] / peer['seconds']:.2f}×" if peer else ""
        rows.append(
            [
                entry["server"],
                label(entry["size"]),
                f"{s['seconds']:.2f}",
                versus,
                f"{s['worker_rss_mb']:.0f}",
                f"{s['worker_pss_mb']:.0f}",
                f"{s['total_pss_mb']:.0f}",
            ]
        )
    after = [
        ["server", "RSS per worker MB", "PSS per worker MB", "PSS total MB", "processes"],
        ["---", "--:", "--:", "--:", "--:"],
    ]
    for m in r["memory_after"]:
        after.append(
            [
                m["server"],
                f"{max(m['worker_rss_mb'], default=0):.0f}",
                f"{max(m['worker_pss_mb'], default=0):.0f}",
                f"{m['total_pss_mb']:.0f}",
                str(m["processes"]),
            ]
        )
    return [
        "## Start-up and memory",
        "",
        "Ready: seconds from starting the process to its first answer to a SPARQL query on the "
        "loaded data (the trivial app: to its first answer). For `oxigraph serve` in memory this "
        "includes uploading the dump (Graph Store `POST /store`). Memory at ready; gunicorn "
        "servers by worker (the largest), the others by process. RSS counts pages shared between "
        "workers in each of them; PSS divides them among their sharers.",
        "",
        *table(rows),
        "",
        "Memory after the load runs (query processes included in the total):",
        "",
        *table(after),
        "",
    ]


def http_section(r: Results) -> list[str]:
    plan = r["plan"]
    lines = [
        "## Repeated requests (where caches help)",
        "",
        "Each request draws one of a fixed list of targets (one per actor), so the same "
        "requests come again and again and the answer cache serves most of them after the "
        f"warm-up. {plan['rounds']} rounds, the servers' order rotating ({plan['seconds']:g} s "
        f"each, wrk with {CONNECTIONS} connections and {THREADS} threads on loopback, after a "
        f"{plan['warmup']:g} s warm-up); req/s counts every answer that is not an error status.",
        "",
    ]
    for scenario in SCENARIOS:
        present = [h for h in r["http"] if h["scenario"] == scenario.key]
        if not present:
            continue
        head = [
            "server",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "stancegraph (memory) ÷",
            "stancegraph (disk) ÷",
        ]
        rows = [head, ["---", "--:", "--:", "--:", "--:", "--:", "--:"]]
        for h in present:
            ratios = [ratio(r, sg, scenario.key, h) for sg in SG]
            rows.append(
                [
                    h["server"],
                    f"{h['rps']:,.1f}",
                    f"{h['p50_ms']:.2f}",
                    f"{h['p99_ms']:.2f}",
                    f"{h['errors']:.0f}",
                    *ratios,
                ]
            )
        lines += [f"### {scenario.title}", "", *table(rows), ""]
    lines += ratio_summary(r)
    return lines


def ratio_summary(r: Results) -> list[str]:
    rows = [
        ["scenario", "stancegraph store", *(f"÷ {p}" for p in PEERS)],
        ["---", "---", *("--:" for _ in PEERS)],
    ]
    for scenario in SCENARIOS[1:]:
        for sg in SG:
            ours = http_figure(r, sg, scenario.key)
            if ours is None:
                continue
            cells = []
            for peer in PEERS:
                theirs = http_figure(
                    r, peer, "ceiling" if peer == "trivial-flask" else scenario.key
                )
                cells.append(divided(ours, theirs))
            rows.append([scenario.key, store_name(sg), *cells])
    return [
        "### Every stancegraph figure as a ratio to the peers",
        "",
        *table(rows),
        "",
        "Against the trivial Flask app the ratio is to its fixed body (the same for every "
        "scenario). Peers without resource pages get a `DESCRIBE` of the same actor in Turtle for "
        "the Turtle page, and nothing for the HTML page (n/a).",
        "",
    ]


def checks_section(r: Results) -> list[str]:
    rows = [["scenario", "server", "status", "rows", "bytes"], ["---", "---", "--:", "--:", "--:"]]
    for c in r["checks"]:
        rows.append(
            [
                c["scenario"],
                c["server"],
                str(c["status"]),
                str(c.get("rows", "")),
                f"{c['bytes']:,}",
            ]
        )
    return [
        "## Answers checked",
        "",
        "Before the load runs each server answered the first request of each scenario once; the "
        "row counts of SPARQL answers must agree between servers.",
        "",
        *table(rows),
        "",
    ]


def setup_section(r: Results) -> list[str]:
    m = r["machine"]
    versions = [
        ["software", "version"],
        ["---", "---"],
        *([k, v] for k, v in r["versions"].items()),
    ]
    commands = [f"    {line}" for line in r.get("commands", [])]
    return [
        "## Setup",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB memory, Linux "
        f"{m['kernel']}, Python {m['python']}.",
        "",
        *table(versions),
        "",
        "Commands (`$PORT` is a free loopback port; the project gets "
        "`STANCEGRAPH_SEEDS_DIR`/`STANCEGRAPH_MAPPINGS_DIR` pointing at the corpus):",
        "",
        *commands,
        "",
        *queries_listed(),
        "The repeated cheap lookup (the actor IRI drawn from the actors with a direct quote):",
        "",
        *(f"    {line}" for line in (LOOKUP % "ACTOR").splitlines()),
        "",
        "The repeated aggregate:",
        "",
        *(f"    {line}" for line in AGGREGATE.splitlines()),
        "",
    ]
