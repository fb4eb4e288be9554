"""The publication mark: what ``stancegraph publish`` leaves in a remote store beside the data.

Frontends must know which version a store holds (to check it holds all of it, and to notice a
new one), and nothing of that may show in the dataset's answers. So the mark is a graph with no
triple (or, in a store that keeps no empty graph, Virtuoso, one triple about itself), outside
the dataset's graph space, whose name says it all::

    {base}publication/{sha256 of dataset.nq}/{triples}/{build time}/{publication time}

(times as ``20261202T070000Z``). The newest publication is the one marked last, whatever its
build: publishing an older build again is a way back.

A triple pattern never matches it, so a store whose default graph is the union of its graphs
(``oxigraph serve --union-default-graph``) can be queried as it is, which at a million triples
is hundreds of times faster than naming a thousand graphs with every query. Only a query of
``GRAPH ?g {}`` (empty graphs) could see its name.

``publish`` writes it last, once every graph is in and counted, and removes the one before: a
frontend sees a new name within ``store_poll`` and reloads (:mod:`stancegraph.cli.dataset_watch`).
The digest is the build's, so a remote store's ETags are the embedded stores' ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from stancegraph.vocabulary.iris import publication_iri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOID_DATASET = "http://rdfs.org/ns/void#Dataset"
_WHEN = "%Y%m%dT%H%M%SZ"
_TIME = r"[0-9]{8}T[0-9]{6}Z"
_MARK = re.compile(
    rf"/(?P<digest>[0-9a-f]{{64}})/(?P<triples>[0-9]+)/(?P<built>{_TIME})/(?P<published>{_TIME})$"
)


@dataclass(frozen=True)
class Publication:
    """A version of the dataset as published: its digest, build time and size, and when it was
    published (to the second)."""

    digest: str
    modified: datetime
    triples: int
    published: datetime

    def mark(self, base: str) -> str:
        """The name of the graph that marks this publication."""
        built, published = (
            t.astimezone(UTC).strftime(_WHEN) for t in (self.modified, self.published)
        )
        return f"{publication_iri(base)}/{self.digest}/{self.triples}/{built}/{published}"


def marking_triple(mark: str) -> bytes:
    """The one triple of a mark in a store that keeps no empty graph (N-Triples)."""
    return f"<{mark}> <{RDF_TYPE}> <{VOID_DATASET}> .\n".encode()


def query(base: str) -> str:
    """The SELECT query that finds the marks: empty graphs, or graphs typing themselves."""
    return f"""SELECT DISTINCT ?mark WHERE {{
  {{ GRAPH ?mark {{ }} }} UNION {{ GRAPH ?mark {{ ?mark a <{VOID_DATASET}> }} }}
  FILTER (STRSTARTS(STR(?mark), "{publication_iri(base)}/"))
}}"""


def read(solutions: ox.QuerySolutions) -> list[Publication]:
    """The publications the rows of :func:`query` name (more than one while one replaces
    another; none in a store that was never published to)."""
    found = []
    for row in solutions:
        mark = row["mark"]
        match = _MARK.search(mark.value) if isinstance(mark, ox.NamedNode) else None
        if match is not None:
            built, published = (
                datetime.strptime(match[part], _WHEN).replace(tzinfo=UTC)
                for part in ("built", "published")
            )
            found.append(Publication(match["digest"], built, int(match["triples"]), published))
    return sorted(found, key=lambda p: (p.published, p.modified, p.digest))
