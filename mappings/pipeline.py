"""Reading the seeds and mappings from disk and mapping them all into one dataset.

This is the thin I/O layer around the pure :mod:`mappings.rdf`: it reads files, checks each
seed against its recorded SHA-256, and gathers the graphs into named graphs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from mappings.errors import MappingError
from mappings.origins import Origin
from mappings.rdf import map_article, map_registry
from mappings.spec import Article, parse_article, parse_registry
from mappings.yamlsource import Entry, load
from ontology import ONTOLOGY_TTL, PREFIXES, graph_iri

REGISTRY_FILES = ("actors.yaml", "issues.yaml")


@dataclass
class Corpus:
    """The mapped dataset, where each node came from, and what it holds."""

    dataset: Dataset
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)


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
        raise MappingError(
            _display(path), 0, f"not UTF-8 ({error.reason} at byte {error.start})"
        ) from None
    return load(_display(path), text)


def read_seed(seeds_dir: Path, article: Article) -> str:
    """The article's text, refused when its bytes no longer match the recorded SHA-256."""
    path = seeds_dir / article.seed
    try:
        data = path.read_bytes()
    except OSError:
        raise MappingError(
            article.path, article.line, f"seed file {_display(path)} not found"
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
    """The mapping file of every seed, in name order; a seed without one is an error."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise MappingError(_display(seeds_dir), 0, "no seed articles (*.txt) found")
    mappings = []
    for seed in seeds:
        mapping = mappings_dir / f"{seed.stem}.yaml"
        if not mapping.is_file():
            raise MappingError(_display(seed), 0, f"no mapping: expected {_display(mapping)}")
        mappings.append(mapping)
    return mappings


def map_corpus(seeds_dir: str | Path, mappings_dir: str | Path, base_uri: str) -> Corpus:
    """Map every seed article with its mapping into one dataset of named graphs."""
    seeds_dir, mappings_dir = Path(seeds_dir), Path(mappings_dir)
    registry = parse_registry(*(read_yaml(mappings_dir / name) for name in REGISTRY_FILES))
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    corpus = Corpus(dataset)
    # Canonical blank-node labels (the ontology's owl:oneOf list) keep the dumps byte-identical.
    ontology = to_canonical_graph(Graph().parse(ONTOLOGY_TTL, format="turtle"))
    _add(corpus, graph_iri(base_uri, "ontology"), ontology, {})
    mapped = map_registry(registry, base_uri)
    _add(corpus, graph_iri(base_uri, "registry"), mapped.graph, mapped.origins)
    for path in article_mappings(seeds_dir, mappings_dir):
        article = parse_article(read_yaml(path), path.stem, registry)
        mapped = map_article(read_seed(seeds_dir, article), article, base_uri)
        _add(corpus, graph_iri(base_uri, article.slug), mapped.graph, mapped.origins)
        corpus.articles.append(article)
    return corpus


def _add(corpus: Corpus, name: str, graph: Graph, origins: dict[URIRef, Origin]) -> None:
    target = corpus.dataset.graph(URIRef(name))
    target.addN((s, p, o, target) for s, p, o in graph)
    corpus.origins.update(origins)
