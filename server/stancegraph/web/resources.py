"""Everything the server can describe, found by document path, read once from the store.

A document path names an information resource without its extension: ``doc/actor/x`` (about
``{base}id/actor/x``), ``doc/issues`` (the issue scheme), ``graph/{name}``, ``ontology``,
``shapes`` and ``dataset``. :meth:`Resources.find` turns one into an :class:`Entity`: the
canonical IRI it is about, its RDF description and the context of its HTML page.

What pages need from the store (:mod:`stancegraph.catalog.store_facts`) is read, or loaded where the build
kept it, by :meth:`warm` at start-up, or on first use when the store could not answer then (a
remote one that was down).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL

from stancegraph.catalog import store_facts
from stancegraph.catalog.backlinks import links_to
from stancegraph.catalog.dataset_description import describe_dataset, summary
from stancegraph.catalog.describe import Describer, new_graph
from stancegraph.catalog.dumps import available
from stancegraph.catalog.index import Index
from stancegraph.catalog.store_facts import Facts
from stancegraph.stores.store import EmbeddedStore, Snapshot
from stancegraph.vocabulary import KINDS, ONTOLOGY_IRI, ONTOLOGY_TTL, SHAPES_TTL
from stancegraph.vocabulary.iris import (
    data_iri,
    dataset_iri,
    doc_path,
    graph_iri,
    issue_scheme_iri,
    shapes_iri,
)
from stancegraph.web import article_page, backlinks, issue_pages, pages
from stancegraph.web.ontology_page import ontology

Page = Callable[[], dict[str, Any]]

#: View model of each kind's page, and the index table a resource must be in to get it.
KIND_PAGES: dict[str, tuple[Callable[[Index, str], dict[str, Any]], str]] = {
    "article": (article_page.article, "articles"),
    "actor": (pages.actor, "actors"),
    "statement": (pages.statement, "statements"),
    "issue": (issue_pages.issue, "issues"),
    "position": (pages.position, "positions"),
}
#: Document paths whose entity (or absence) is remembered.
FOUND_CACHE_SIZE = 4096
#: The documents served whole at the top level.
WHOLE_DOCUMENTS = ("ontology", "dataset", "shapes")


@dataclass(frozen=True)
class Entity:
    """A describable resource: its IRI, document path, template and how to build both views."""

    iri: str
    doc: str
    template: str
    rdf: Callable[[], Graph]
    page: Page
    everything: bool = False  # show every subject of the description in the triple tables


def _document(path: Path) -> Graph:
    """A Turtle file as a graph with stable blank-node labels and the project's prefixes."""
    return new_graph(to_canonical_graph(Graph().parse(path, format="turtle")))


def _names_an_iri(iri: str) -> bool:
    """Whether ``iri`` is a valid IRI; a path with spaces, quotes or ``<`` names nothing here."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _store_of(graph: Graph) -> EmbeddedStore:
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt11", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return EmbeddedStore(store)


class Resources:
    """The describable resources of one loaded dataset."""

    def __init__(
        self,
        snapshot: Snapshot,
        base: str,
        dist_dir: str,
        license_iri: str = "",
        remember_paths: bool = True,
    ) -> None:
        """``remember_paths`` remembers what each path names: only for a store that cannot change
        (a remote one may, and must be asked each time, answering 503 while it is down)."""
        self.remember_paths = remember_paths
        self.snapshot = snapshot
        self.base = base
        self.license_iri = license_iri
        self.describer = Describer(snapshot.store, base, lambda: self.facts.hash_subjects)
        self.ontology = _document(ONTOLOGY_TTL)
        self.shapes = _document(SHAPES_TTL)
        self.dumps = available(dist_dir)

    @cached_property
    def facts(self) -> Facts:
        return store_facts.of(self.snapshot.store)

    @property
    def index(self) -> Index:
        return self.facts.index

    @cached_property
    def dataset(self) -> Graph:
        return describe_dataset(
            self.snapshot, self.facts.statistics, self.base, self.dumps, self.license_iri
        )

    @cached_property
    def _dataset_describer(self) -> Describer:
        return Describer(_store_of(self.dataset), self.base)

    @cached_property
    def _documents(self) -> dict[str, Entity]:
        return self._whole_documents()

    def warm(self) -> None:
        """Read from the store now what pages need; raises StoreUnavailable if it cannot answer."""
        _ = self.facts, self._documents, self._dataset_describer, self.describer.own_nodes("")

    def find(self, path: str) -> Entity | None:
        """The entity a document path names, or None (also when it names no valid IRI)."""
        return self._found(path)

    @cached_property
    def _found(self) -> Callable[[str], Entity | None]:
        """:meth:`_find`, remembered for the paths last asked where the data cannot change."""
        return (
            lru_cache(maxsize=FOUND_CACHE_SIZE)(self._find) if self.remember_paths else self._find
        )

    def _find(self, path: str) -> Entity | None:
        if not _names_an_iri(self.base + path.lstrip("/")):
            return None
        match path.strip("/").split("/"):
            case ["doc", "issues"]:
                return self._scheme()
            case ["doc", kind, slug] if kind in KINDS:
                return self._data(kind, slug)
            case ["graph", name]:
                return self._graph(name)
            case [name] if name in WHOLE_DOCUMENTS:
                return self._documents[name]
            case ["ontology", version] if version == self._ontology_version:
                return self._documents["ontology"]  # its owl:versionIRI: this very version
        return None

    @cached_property
    def _ontology_version(self) -> str | None:
        """The last segment of the ontology's ``owl:versionIRI`` (``0.2.0``), if it has one."""
        version = self.ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
        prefix = ONTOLOGY_IRI + "/"
        return str(version).removeprefix(prefix) if str(version).startswith(prefix) else None

    def _whole_documents(self) -> dict[str, Entity]:
        """The documents served whole at the top level: ontology, dataset description, shapes."""
        ontology_page: Page = partial(ontology, self.ontology)
        dataset_page: Page = partial(summary, self.dataset, self.base)
        # Each render gets its own copy: rdflib's serialisers may bind prefixes on the graph.
        return {
            "ontology": Entity(ONTOLOGY_IRI, "/ontology", "ontology", partial(new_graph, self.ontology),
                               ontology_page, everything=True),
            "dataset": Entity(dataset_iri(self.base), "/dataset", "dataset",
                              partial(new_graph, self.dataset), dataset_page, everything=True),
            "shapes": Entity(shapes_iri(self.base), "/shapes", "resource",
                             partial(new_graph, self.shapes), dict, everything=True),
        }  # fmt: skip

    def _data(self, kind: str, slug: str) -> Entity | None:
        iri = data_iri(self.base, kind, slug)
        if not self.describer.exists(iri):
            return None
        view, table = KIND_PAGES[kind]
        found = iri in getattr(self.index, table)
        page: Page = (lambda: view(self.index, iri) | self._links_here(iri)) if found else dict
        return Entity(
            iri,
            doc_path(kind, slug),
            kind if found else "resource",
            lambda: self.describer.describe(iri),
            page,
        )

    def _scheme(self) -> Entity | None:
        iri = issue_scheme_iri(self.base)
        if not self.describer.exists(iri):
            return None
        return Entity(
            iri,
            "/doc/issues",
            "issues",
            lambda: self.describer.describe(iri),
            lambda: issue_pages.issue_scheme(self.index, iri) | self._links_here(iri),
        )

    def _links_here(self, iri: str) -> dict[str, Any]:
        """The page's "What links here": the other documents that link to ``iri``."""
        found = links_to(self.snapshot.store, iri)
        return {"links_here": backlinks.groups(self.index, found)}

    def _graph(self, name: str) -> Entity | None:
        iri = graph_iri(self.base, name)
        if not self._dataset_describer.exists(iri):
            return None
        return Entity(
            iri, f"/graph/{name}", "resource", lambda: self._dataset_describer.describe(iri), dict
        )
