"""The publication record: what ``stancegraph publish`` leaves in a remote store beside the data.

A remote store may hold other graphs than the dataset's (Virtuoso's own system graphs, another
project's data), and its data may change while frontends serve it. So ``publish`` writes, last,
once every graph is uploaded and counted, one small graph outside the dataset's graph space
(:func:`~stancegraph.vocabulary.iris.publication_iri`) that says which version is there::

    <{base}publication> a void:Dataset ;
        void:triples 2602 ;                        # the dataset's triples, all graphs
        dcterms:modified "2026-12-02T07:00:00Z"^^xsd:dateTime ;
        spdx:checksum <{base}publication#sha256> ;
        void:subset <{base}graph/registry>, … .
    <{base}publication#sha256> spdx:algorithm spdx:checksumAlgorithm_sha256 ;
        spdx:checksumValue "…" .                   # SHA-256 of the build's dataset.nq
    <{base}graph/registry> void:triples 503 .      # one per graph

Frontends read it to know the dataset's graphs (sent with every query as the protocol's
dataset, so nothing else in the store is ever seen), to check the store holds what was recorded,
and to notice a new version (:mod:`stancegraph.cli.dataset_watch`). The digest is the build's,
so a remote store's ETags are the embedded stores' ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from stancegraph.vocabulary.iris import publication_iri

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Publication:
    """A version of the dataset as published: its digest, build time, size and graphs."""

    digest: str
    modified: datetime
    triples: int
    graphs: Mapping[str, int]


def record(publication: Publication, base: str) -> bytes:
    """The record's graph, as N-Triples (sorted: the same publication gives the same bytes)."""
    subject = ox.NamedNode(publication_iri(base))
    checksum = ox.NamedNode(f"{subject.value}#sha256")
    when = publication.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    triples = [
        ox.Triple(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(f"{VOID}Dataset")),
        ox.Triple(subject, ox.NamedNode(f"{VOID}triples"), _integer(publication.triples)),
        ox.Triple(
            subject,
            ox.NamedNode(f"{DCTERMS}modified"),
            ox.Literal(when, datatype=ox.NamedNode(f"{XSD}dateTime")),
        ),
        ox.Triple(subject, ox.NamedNode(f"{SPDX}checksum"), checksum),
        ox.Triple(
            checksum,
            ox.NamedNode(f"{SPDX}algorithm"),
            ox.NamedNode(f"{SPDX}checksumAlgorithm_sha256"),
        ),
        ox.Triple(checksum, ox.NamedNode(f"{SPDX}checksumValue"), ox.Literal(publication.digest)),
    ]
    for graph, count in publication.graphs.items():
        triples.append(ox.Triple(subject, ox.NamedNode(f"{VOID}subset"), ox.NamedNode(graph)))
        triples.append(
            ox.Triple(ox.NamedNode(graph), ox.NamedNode(f"{VOID}triples"), _integer(count))
        )
    lines = sorted(f"{triple} .\n" for triple in triples)
    return "".join(lines).encode("utf-8")


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(f"{XSD}integer"))


def query(base: str) -> str:
    """The SELECT query that reads the record: one row per graph, the version's on each."""
    return f"""SELECT ?digest ?modified ?triples ?graph ?count WHERE {{
  GRAPH <{publication_iri(base)}> {{
    <{publication_iri(base)}> <{VOID}triples> ?triples ; <{DCTERMS}modified> ?modified ;
        <{SPDX}checksum> ?checksum .
    ?checksum <{SPDX}checksumValue> ?digest .
    OPTIONAL {{ <{publication_iri(base)}> <{VOID}subset> ?graph . ?graph <{VOID}triples> ?count }}
  }}
}}"""


def read(solutions: ox.QuerySolutions) -> Publication | None:
    """The publication the rows of :func:`query` describe; None when the store holds none.

    Raises ValueError when the record is not one this module wrote (two digests, a bad number).
    """
    digests: set[str] = set()
    modified: set[str] = set()
    triples: set[str] = set()
    graphs: dict[str, int] = {}
    for row in solutions:
        digests.add(_value(row["digest"]))
        modified.add(_value(row["modified"]))
        triples.add(_value(row["triples"]))
        graph, count = row["graph"], row["count"]
        if graph is not None and count is not None:
            graphs[graph.value] = int(count.value)
    if not digests:
        return None
    if len(digests) > 1 or len(modified) > 1 or len(triples) > 1:
        raise ValueError(f"{len(digests)} versions recorded at once")
    when = datetime.fromisoformat(modified.pop().replace("Z", "+00:00"))
    return Publication(digests.pop(), when, int(triples.pop()), dict(sorted(graphs.items())))


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if not isinstance(term, ox.Literal):
        raise ValueError(f"expected a literal, found {term}")
    return term.value
