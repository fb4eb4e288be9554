"""``stancegraph build``: map every article, validate, and write the dumps into ``dist/``.

With ``--store oxigraph:DIR`` (or the ``store`` setting) it then bulk-loads the N-Quads dump into
a store on disk that ``stancegraph serve --store oxigraph:DIR`` opens without parsing anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mappings import dist
from mappings.pipeline import Corpus
from ontology import SG
from ontology.validation import as_text
from server import settings
from server.disk_store import load_store, replaceable
from server.errors import UsageError
from server.store import dataset_file, disk_location, is_remote

NAME = "build"
HELP = "Map the seed articles, validate the graph with SHACL and write the dumps."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="DIR", help="output folder (setting dist_dir; default dist)"
    )
    parser.add_argument("--seeds", metavar="DIR", help="folder of the articles (setting seeds_dir)")
    parser.add_argument(
        "--mappings", metavar="DIR", help="folder of the mappings (setting mappings_dir)"
    )
    parser.add_argument(
        "--base-uri", metavar="IRI", help="base of the data IRIs (setting base_uri)"
    )
    parser.add_argument(
        "--store",
        metavar="oxigraph:DIR",
        help="also load the build into a store on disk for serve --store (setting store)",
    )


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    conforms: bool
    report: str
    out: Path
    store: Path | None = None  # the store on disk it was loaded into
    triples: int = 0


def build(values: dict[str, object]) -> BuildResult:
    """Map, validate and, only when the graph conforms, write the dumps and the report.

    With the ``store`` setting naming a store on disk, the dumps are then loaded into it.
    """
    store = disk_location(str(values.get("store", "memory")))
    if store is not None:
        replaceable(store)
    out = Path(str(values["dist_dir"]))
    made = dist.build(
        str(values["seeds_dir"]), str(values["mappings_dir"]), str(values["base_uri"]), out
    )
    corpus, report = made.corpus, made.report
    if report.conforms and store is not None:
        load_store(store, dataset_file(out))
    report_text = as_text(report, corpus.origins)
    return BuildResult(corpus, report.conforms, report_text, out, store, made.triples)


def summary(result: BuildResult, seconds: float) -> str:
    """One line: articles, statements, actors, positions, triples and time."""
    count = result.corpus.count_instances
    return (
        f"{len(result.corpus.articles)} article(s), {count(SG.Statement)} statements, "
        f"{count(SG.Actor)} actors, {count(SG.Position)} positions, "
        f"{result.triples} triples in {seconds:.2f} s"
    )


def run(args: argparse.Namespace) -> int:
    values = settings.resolve(
        {
            "dist_dir": args.out,
            "seeds_dir": args.seeds,
            "mappings_dir": args.mappings,
            "base_uri": args.base_uri,
            "store": args.store,
        }
    )
    if args.store is not None and disk_location(args.store) is None:
        remedy = "upload with stancegraph publish" if is_remote(args.store) else "nothing to load"
        raise UsageError(f"--store {args.store}: build loads only oxigraph:DIR stores; {remedy}")
    started = time.perf_counter()
    result = build(values)
    if not result.conforms:
        print(result.report, file=sys.stderr)
        print(
            f"stancegraph build: the graph does not conform; {result.out}/ left unchanged",
            file=sys.stderr,
        )
        return 1
    seconds = time.perf_counter() - started
    print(f"built {summary(result, seconds)} → {result.out}/")
    if result.store is not None:
        print(f"loaded into the store oxigraph:{result.store}")
    return 0
