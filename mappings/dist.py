"""A build of ``dist/``: map every article, validate, write the dumps, and swap them in at once.

Under the build lock of the output folder (:mod:`mappings.atomic`), the dumps are written into
a staging folder while the data is validated, and only a conforming build is published. For a
large corpus the work is spread over both cores: the articles are mapped in two processes;
then a helper process writes the Turtle and JSON-LD dumps and runs the SPARQL shapes, all from
the N-Triples dump, while the build writes TriG, gzips the N-Quads (in a thread: zlib lets go
of the GIL) and runs the core shapes on the mapped triples.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mappings import atomic, output
from mappings.jsonld import BlankNodes
from mappings.output import Quads
from mappings.pipeline import Corpus, map_corpus
from ontology.sparql_checks import SparqlResult
from ontology.validation import Report, as_turtle, core_results, report_of, sparql_results

#: From this many quads on, a helper process shares the work.
PARALLEL_FROM = 50_000


@dataclass(frozen=True)
class Outcome:
    """What a build made: the corpus, its validation report, and the number of triples."""

    corpus: Corpus
    report: Report
    triples: int


def build(seeds_dir: str, mappings_dir: str, base_uri: str, out: Path) -> Outcome:
    """Map, validate and, only when the data conforms, publish the dumps into ``out``."""
    with atomic.lock(out):
        atomic.recover(out)
        corpus = map_corpus(seeds_dir, mappings_dir, base_uri)
        with atomic.staging(out) as folder:
            report, count = _write_and_validate(corpus, folder)
            if report.conforms:
                (folder / "validation.ttl").write_text(as_turtle(report), encoding="utf-8")
                atomic.publish(folder, out)
    return Outcome(corpus, report, count)


def _write_and_validate(corpus: Corpus, folder: Path) -> tuple[Report, int]:
    quads = Quads.of(corpus.graphs)
    count = output.write_lines(quads, folder)
    helper = _start(_from_ntriples, folder, quads.blank_nodes(), len(quads.lines))
    packing = output.start_gzip(folder)  # after the fork: no thread may be running then
    try:
        output.write_trig(quads, folder)
        del quads
        core = core_results(corpus.triples())
        sparql = helper()
    finally:
        packing.join()
    return report_of(core, sparql), count


def _from_ntriples(folder: Path, blank: BlankNodes) -> list[SparqlResult]:
    """What needs only ``dataset.nt``: the Turtle and JSON-LD dumps, and the SPARQL shapes."""
    output.write_turtle(folder)
    output.write_jsonld(folder, blank)
    return sparql_results(folder / "dataset.nt")


def _start(
    work: Callable[[Path, BlankNodes], list[SparqlResult]],
    folder: Path,
    blank: BlankNodes,
    size: int,
) -> Callable[[], list[SparqlResult]]:
    """Run ``work`` in a helper process for a large build, else now; call the result to wait."""
    if size < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        found = work(folder, blank)
        return lambda: found
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        1, mp_context=context, initializer=atomic.helper_started, initargs=(os.getpid(),)
    )
    future = pool.submit(work, folder, blank)

    def wait() -> list[SparqlResult]:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return wait
