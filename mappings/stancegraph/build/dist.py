"""The build: map every article, validate, write the dumps into ``dist/`` and swap them in at once.

:func:`build` is the one build, run by ``stancegraph build`` and by ``stancegraph serve`` when
``dist/`` is stale (:func:`is_stale`); ``stancegraph validate`` runs its first step,
:func:`mapped`, alone. Under the build lock of the output folder (:mod:`stancegraph.build.atomic`),
the dumps and the search index (:mod:`stancegraph.build.search_index`) are written into a
staging folder while the data is validated, and only a conforming build is published. When the
``store`` setting names a store on disk (``oxigraph:DIR``), the published dump is then loaded
into it (:mod:`stancegraph.build.disk_load`).

A large corpus keeps both cores busy: two processes map the articles; then a helper process
writes the Turtle dump and runs the SPARQL shapes, both from the N-Triples dump, then writes the
search index from the N-Quads dump, while the build writes the other dumps, gzips the N-Quads
(in a thread: zlib lets go of the GIL) and runs the core shapes on the mapped triples. The
helper is forked before anything is mapped, so that it does not carry a copy of the build's
memory.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from stancegraph.build import atomic, disk_load, output, search_index
from stancegraph.build.output import Quads
from stancegraph.mapping.pipeline import Corpus, map_corpus
from stancegraph.mapping.processes import helper_started
from stancegraph.search import index_file
from stancegraph.shacl.sparql_checks import SparqlResult
from stancegraph.shacl.validation import (
    Report,
    as_text,
    as_turtle,
    core_results,
    report_of,
    sparql_results,
)
from stancegraph.stores.store import dataset_file, disk_location
from stancegraph.terms.bulk import without_cycle_collection
from stancegraph.vocabulary import HERE as ONTOLOGY_DIR
from stancegraph.vocabulary import SG

#: From this many articles on, a helper process shares the work.
PARALLEL_FROM = 64

Done = TypeVar("Done")


class Helper(Protocol):
    """Runs a job on the staging folder, at once or in the helper process; gives its result."""

    def __call__(self, job: Callable[[Path], Done], folder: Path) -> Callable[[], Done]: ...


@dataclass(frozen=True)
class Build:
    """What a build made: the corpus, its validation report, the triples, and where it went.

    ``out`` is unchanged unless the data conforms; ``store`` is the store on disk the build was
    loaded into, if any.
    """

    corpus: Corpus
    report: Report
    triples: int
    out: Path
    store: Path | None
    seconds: float

    @property
    def conforms(self) -> bool:
        return self.report.conforms

    def report_text(self) -> str:
        """The validation report for people, pointing at the mapping lines."""
        return as_text(self.report, self.corpus.origins)

    def summary(self) -> str:
        """One line: articles, statements, actors, positions, triples and time."""
        count = self.corpus.count_instances
        return (
            f"{len(self.corpus.articles)} article(s), {count(SG.Statement)} statements, "
            f"{count(SG.Actor)} actors, {count(SG.Position)} positions, "
            f"{self.triples} triples in {self.seconds:.2f} s"
        )


def build(values: Mapping[str, Any]) -> Build:
    """Map, validate and, only when the data conforms, publish the dumps into ``dist_dir``.

    ``values`` are the settings (:func:`stancegraph.core.settings.resolve`): ``seeds_dir``,
    ``mappings_dir``, ``base_uri``, ``dist_dir`` and ``store``. When ``store`` names a store on
    disk (``oxigraph:DIR``), a conforming build is then loaded into it; a folder there that is
    not such a store is refused before anything is mapped.
    """
    started = time.perf_counter()
    store = disk_location(str(values["store"]))
    if store is not None:
        disk_load.replaceable(store)
    out = Path(values["dist_dir"])
    with atomic.lock(out), without_cycle_collection(), _helper(Path(values["seeds_dir"])) as helper:
        atomic.recover(out)
        corpus = mapped(values)
        with atomic.staging(out) as folder:
            report, count = _write_and_validate(corpus, folder, helper)
            if report.conforms:
                (folder / "validation.ttl").write_text(as_turtle(report), encoding="utf-8")
                atomic.publish(folder, out)
    loaded = None
    if report.conforms and store is not None:
        disk_load.load_store(store, dataset_file(out))
        loaded = store
    return Build(corpus, report, count, out, loaded, time.perf_counter() - started)


def mapped(values: Mapping[str, Any]) -> Corpus:
    """The build's first step: every article mapped, in memory, by the settings ``values``."""
    return map_corpus(values["seeds_dir"], values["mappings_dir"], values["base_uri"])


def sources(values: Mapping[str, Any]) -> list[Path]:
    """The files a build is made from: seeds, mappings and the ontology (no caches)."""
    folders = (Path(values["seeds_dir"]), Path(values["mappings_dir"]), ONTOLOGY_DIR)
    return [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(("__pycache__", ".")) for part in path.parts)
    ]


def is_stale(values: Mapping[str, Any]) -> bool:
    """Whether ``dist/dataset.nq`` is missing or older than any file it is built from, or the
    search index is missing or of an older layout."""
    built = dataset_file(values["dist_dir"])
    if (
        not built.is_file()
        or index_file.recorded_digest(index_file.path_in(values["dist_dir"])) is None
    ):
        return True
    return any(path.stat().st_mtime > built.stat().st_mtime for path in sources(values))


def _write_and_validate(corpus: Corpus, folder: Path, helper: Helper) -> tuple[Report, int]:
    quads = Quads.of(corpus.graphs)
    count = output.write_ntriples(quads, folder)
    sparql = helper(from_ntriples, folder)
    output.write_nquads(quads, folder)
    search = helper(search_index.write, folder)
    packing = output.start_gzip(folder)
    try:
        output.write_trig(quads, folder)
        output.write_jsonld(quads, folder)
        del quads
        core = core_results(corpus.triples())
        report = report_of(core, sparql())
        if report.conforms:
            search()
        return report, count
    finally:
        packing.join()


def from_ntriples(folder: Path) -> list[SparqlResult]:
    """What needs only ``dataset.nt``: the Turtle dump, and the SPARQL shapes."""
    output.write_turtle(folder)
    return sparql_results(folder / "dataset.nt")


@contextmanager
def _helper(seeds_dir: Path) -> Iterator[Helper]:
    """What runs :func:`from_ntriples` and the search index: in a process of its own for a
    large corpus, one job after the other."""
    large = sum(1 for _ in seeds_dir.glob("*.txt")) >= PARALLEL_FROM
    if not large or "fork" not in multiprocessing.get_all_start_methods():

        def now(job: Callable[[Path], Done], folder: Path) -> Callable[[], Done]:
            found = job(folder)
            return lambda: found

        yield now
        return
    context = multiprocessing.get_context("fork")
    build = os.getpid()
    with ProcessPoolExecutor(1, context, helper_started, (build,)) as pool:
        pool.submit(os.getpid).result()  # forked now, while the build is small

        def later(job: Callable[[Path], Done], folder: Path) -> Callable[[], Done]:
            return pool.submit(job, folder).result

        yield later
