"""A build of ``dist/``: map every article, validate, write the dumps, and swap them in at once.

Under the build lock of the output folder (:mod:`mappings.atomic`), the dumps are written into
a staging folder while the data is validated, and only a conforming build is published.

A large corpus keeps both cores busy: two processes map the articles; then a helper process
writes the Turtle dump and runs the SPARQL shapes, both from the N-Triples dump, while the build
writes the other dumps, gzips the N-Quads (in a thread: zlib lets go of the GIL) and runs the
core shapes on the mapped triples. The helper is forked before anything is mapped, so that it
does not carry a copy of the build's memory.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mappings import atomic, output
from mappings.output import Quads
from mappings.pipeline import Corpus, map_corpus
from ontology.bulk import without_cycle_collection
from ontology.sparql_checks import SparqlResult
from ontology.validation import (
    Report,
    as_turtle,
    core_results,
    report_of,
    sparql_results,
)

#: From this many articles on, a helper process shares the work.
PARALLEL_FROM = 64

Helper = Callable[[Path], Callable[[], list[SparqlResult]]]


@dataclass(frozen=True)
class Outcome:
    """What a build made: the corpus, its validation report, and the number of triples."""

    corpus: Corpus
    report: Report
    triples: int


def build(seeds_dir: str, mappings_dir: str, base_uri: str, out: Path) -> Outcome:
    """Map, validate and, only when the data conforms, publish the dumps into ``out``."""
    with atomic.lock(out), without_cycle_collection(), _helper(Path(seeds_dir)) as helper:
        atomic.recover(out)
        corpus = map_corpus(seeds_dir, mappings_dir, base_uri)
        with atomic.staging(out) as folder:
            report, count = _write_and_validate(corpus, folder, helper)
            if report.conforms:
                (folder / "validation.ttl").write_text(as_turtle(report), encoding="utf-8")
                atomic.publish(folder, out)
    return Outcome(corpus, report, count)


def _write_and_validate(corpus: Corpus, folder: Path, helper: Helper) -> tuple[Report, int]:
    quads = Quads.of(corpus.graphs)
    count = output.write_ntriples(quads, folder)
    sparql = helper(folder)
    output.write_nquads(quads, folder)
    packing = output.start_gzip(folder)
    try:
        output.write_trig(quads, folder)
        output.write_jsonld(quads, folder)
        del quads
        core = core_results(corpus.triples())
        return report_of(core, sparql()), count
    finally:
        packing.join()


def from_ntriples(folder: Path) -> list[SparqlResult]:
    """What needs only ``dataset.nt``: the Turtle dump, and the SPARQL shapes."""
    output.write_turtle(folder)
    return sparql_results(folder / "dataset.nt")


@contextmanager
def _helper(seeds_dir: Path) -> Iterator[Helper]:
    """What starts :func:`from_ntriples`: in a process of its own for a large corpus."""
    large = sum(1 for _ in seeds_dir.glob("*.txt")) >= PARALLEL_FROM
    if not large or "fork" not in multiprocessing.get_all_start_methods():

        def now(folder: Path) -> Callable[[], list[SparqlResult]]:
            found = from_ntriples(folder)
            return lambda: found

        yield now
        return
    context = multiprocessing.get_context("fork")
    build = os.getpid()
    with ProcessPoolExecutor(1, context, atomic.helper_started, (build,)) as pool:
        pool.submit(os.getpid).result()  # forked now, while the build is small

        def later(folder: Path) -> Callable[[], list[SparqlResult]]:
            return pool.submit(from_ntriples, folder).result

        yield later
