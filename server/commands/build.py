"""``stancegraph build``: map every article, validate, and write the dumps into ``dist/``."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from mappings.output import dumps, union_graph, write_atomically
from mappings.pipeline import Corpus, map_corpus
from ontology import SG
from ontology.validation import as_text, as_turtle, validate
from server import settings

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


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    conforms: bool
    report: str
    out: Path


def build(values: dict[str, object]) -> BuildResult:
    """Map, validate and, only when the graph conforms, write the dumps and the report."""
    corpus = map_corpus(
        str(values["seeds_dir"]), str(values["mappings_dir"]), str(values["base_uri"])
    )
    report = validate(corpus.dataset)
    out = Path(str(values["dist_dir"]))
    if report.conforms:
        files = dumps(corpus.dataset)
        files["validation.ttl"] = lambda: as_turtle(report).encode("utf-8")
        write_atomically(out, files)
    return BuildResult(corpus, report.conforms, as_text(report, corpus.origins), out)


def summary(corpus: Corpus, seconds: float) -> str:
    """One line: articles, statements, actors, positions, triples and time."""
    ds = union_graph(corpus.dataset)

    def count(cls: URIRef) -> int:
        return len(set(ds.subjects(RDF.type, cls)))

    return (
        f"{len(corpus.articles)} article(s), {count(SG.Statement)} statements, "
        f"{count(SG.Actor)} actors, {count(SG.Position)} positions, "
        f"{len(ds)} triples in {seconds:.2f} s"
    )


def run(args: argparse.Namespace) -> int:
    values = settings.resolve(
        {
            "dist_dir": args.out,
            "seeds_dir": args.seeds,
            "mappings_dir": args.mappings,
            "base_uri": args.base_uri,
        }
    )
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
    print(f"built {summary(result.corpus, seconds)} → {result.out}/")
    return 0
