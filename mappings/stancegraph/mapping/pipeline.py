"""Reading the seeds and mappings from disk and mapping them all into one dataset.

This is the thin I/O layer around the pure :mod:`stancegraph.mapping.rdf`: it reads files, checks
each seed against its recorded SHA-256, and gathers the triples into named graphs.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.origins import Origin
from stancegraph.mapping.processes import helper_started
from stancegraph.mapping.rdf import Mapped, map_article, map_registry
from stancegraph.mapping.spec import (
    SLUG,
    Actor,
    Article,
    Registry,
    parse_article,
    parse_registry,
)
from stancegraph.mapping.yamlsource import Entry, load
from stancegraph.terms.bulk import without_cycle_collection
from stancegraph.terms.ntriples import Triple, add_to_rdflib, triples_of_rdflib
from stancegraph.vocabulary import ONTOLOGY_TTL, PREFIXES
from stancegraph.vocabulary.iris import data_iri, graph_iri

REGISTRY_FILES = ("actors.yaml", "issues.yaml")
RDF_TYPE = f"<{RDF.type}>"
#: Names of graphs that are not articles.
RESERVED_SLUGS = ("ontology", "registry")


@dataclass
class Corpus:
    """The mapped dataset, where each node came from, and what it holds.

    ``graphs`` maps each named graph's IRI to its triples, in mapping order; a triple may
    repeat (a graph is their set).
    """

    graphs: dict[str, list[Triple]] = field(default_factory=dict)
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    _typed: dict[str, set[str]] | None = field(default=None, repr=False)

    def triples(self) -> Iterator[Triple]:
        """The triples of every graph (their union, with repeats)."""
        for triples in self.graphs.values():
            yield from triples

    def count_instances(self, cls: URIRef) -> int:
        """How many distinct nodes are typed ``cls`` (directly, no subclasses)."""
        if self._typed is None:
            self._typed = {}
            for s, p, o in self.triples():
                if p == RDF_TYPE:
                    self._typed.setdefault(o, set()).add(s)
        return len(self._typed.get(f"<{cls}>", ()))

    @property
    def dataset(self) -> Dataset:
        """The corpus as an rdflib dataset: convenient for small corpora and tests, slow at scale."""
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        for name, triples in self.graphs.items():
            add_to_rdflib(dataset.graph(URIRef(name)), triples)
        return dataset


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Entry:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MappingError(_display(path), 0, "file not found") from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise MappingError(
            _display(path), line, f"not UTF-8 ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise MappingError(_display(path), 0, f"cannot read: {error.strerror}") from None
    return load(_display(path), text)


def read_seed(seeds_dir: Path, article: Article) -> str:
    """The article's text, refused when its bytes no longer match the recorded SHA-256."""
    path = seeds_dir / article.seed
    try:
        data = path.read_bytes()
    except OSError:
        raise MappingError(
            article.path,
            article.lines.get("seed", article.line),
            f"seed file {_display(path)} not found",
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != article.sha256:
        raise MappingError(
            article.path,
            article.lines.get("sha256", article.line),
            f"seed {_display(path)} has SHA-256 {digest}, but the mapping records {article.sha256}; "
            "the article text changed, so every offset must be checked again",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MappingError(
            _display(path), 0, f"not UTF-8 ({error.reason} at byte {error.start})"
        ) from None


def article_mappings(seeds_dir: Path, mappings_dir: Path) -> list[Path]:
    """The mapping file of every seed, in name order; a seed without one, or a mapping without
    its seed, is an error (nothing is silently left out of a build)."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise MappingError(_display(seeds_dir), 0, "no seed articles (*.txt) found")
    mappings = []
    for seed in seeds:
        if not SLUG.match(seed.stem) or seed.stem in RESERVED_SLUGS:
            raise MappingError(
                _display(seed),
                0,
                "an article's file name must be a slug (a-z, 0-9 and hyphens) other than "
                f"{' or '.join(RESERVED_SLUGS)}, as it names the article's IRIs",
            )
        mapping = mappings_dir / f"{seed.stem}.yaml"
        if not mapping.is_file():
            raise MappingError(_display(seed), 0, f"no mapping: expected {_display(mapping)}")
        mappings.append(mapping)
    for orphan in sorted(set(mappings_dir.glob("*.yaml")) - set(mappings)):
        if orphan.name not in REGISTRY_FILES:
            expected = _display(seeds_dir / f"{orphan.stem}.txt")
            raise MappingError(_display(orphan), 0, f"no article: expected {expected}")
    return mappings


@cache
def ontology_triples() -> tuple[Triple, ...]:
    """The ontology, with canonical blank-node labels so that the dumps are byte-identical."""
    graph = Graph().parse(data=ONTOLOGY_TTL.read_text(encoding="utf-8"), format="turtle")
    return tuple(triples_of_rdflib(to_canonical_graph(graph)))


def check_base(base_uri: str) -> None:
    """Refuse a base IRI that cannot begin an IRI (data IRIs are ``{base}id/…``)."""
    try:
        ox.NamedNode(data_iri(base_uri, "actor", "x"))
    except ValueError as error:
        raise MappingError("base_uri", 0, f"{base_uri!r} is not an IRI: {error}") from None


#: Articles per task when mapping in parallel, and from how many articles on to do so.
CHUNK = 24
PARALLEL_FROM = 4 * CHUNK


@dataclass(frozen=True)
class _Job:
    """What mapping an article needs besides its file: picklable, for a worker process."""

    seeds_dir: Path
    registry: Registry
    base_uri: str


def _map_articles(job: _Job, paths: list[Path]) -> list[tuple[Article, Mapped]]:
    found = []
    for path in paths:
        article = parse_article(read_yaml(path), path.stem, job.registry)
        found.append(
            (article, map_article(read_seed(job.seeds_dir, article), article, job.base_uri))
        )
    return found


def _mapped_articles(job: _Job, paths: list[Path]) -> Iterator[tuple[Article, Mapped]]:
    """Every article mapped, in the order of ``paths``; in two processes for a large corpus.

    A bad mapping raises the error of the first bad article in that order either way.
    """
    chunks = [paths[n : n + CHUNK] for n in range(0, len(paths), CHUNK)]
    if len(paths) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield from _map_articles(job, chunk)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(2, context, helper_started, (os.getpid(),))
    try:
        for found in pool.map(_map_articles, [job] * len(chunks), chunks):
            yield from found
    finally:  # after a bad mapping, the articles after it are not mapped in vain
        pool.shutdown(cancel_futures=True)


def _check_proposed(proposed: dict[str, Actor], article: Article) -> None:
    """Refuse an actor id that two articles propose: it belongs in the registry (actors.yaml)."""
    for actor in article.actors:
        first = proposed.setdefault(actor.id, actor)
        if first is not actor:
            raise MappingError(
                actor.path,
                actor.line,
                f"actor {actor.id!r} is proposed by {first.path}:{first.line} too; move it to "
                "actors.yaml and remove it from both",
            )


def map_corpus(seeds_dir: str | Path, mappings_dir: str | Path, base_uri: str) -> Corpus:
    """Map every seed article with its mapping into one dataset of named graphs."""
    with without_cycle_collection():
        return _map_corpus(Path(seeds_dir), Path(mappings_dir), base_uri)


def _map_corpus(seeds_dir: Path, mappings_dir: Path, base_uri: str) -> Corpus:
    check_base(base_uri)
    registry = parse_registry(*(read_yaml(mappings_dir / name) for name in REGISTRY_FILES))
    corpus = Corpus()
    corpus.graphs[graph_iri(base_uri, "ontology")] = list(ontology_triples())
    mapped = map_registry(registry, base_uri)
    corpus.graphs[graph_iri(base_uri, "registry")] = mapped.triples
    corpus.origins.update(mapped.origins)
    job = _Job(seeds_dir, registry, base_uri)
    proposed: dict[str, Actor] = {}
    for article, mapped in _mapped_articles(job, article_mappings(seeds_dir, mappings_dir)):
        _check_proposed(proposed, article)
        corpus.graphs[graph_iri(base_uri, article.slug)] = mapped.triples
        corpus.origins.update(mapped.origins)
        corpus.articles.append(article)
    return corpus
