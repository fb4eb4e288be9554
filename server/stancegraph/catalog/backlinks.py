"""What links to a resource: the triples whose object it is, from the other documents.

:func:`links_to` asks the store for every ``?s ?p <resource>`` (one lookup with the object bound,
which every store answers from an index) and keeps those whose subject belongs to another
document: a thing's own ``#`` nodes (its spans, its annotation) are part of its page already.
Each link names the document of its subject, so a membership ``{who}#membership-…`` that names
an organization links from ``{who}``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from stancegraph.stores.store import Queryable

_LINKS = "SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {iri} FILTER(isIRI(?s)) }}"


@dataclass(frozen=True, order=True)
class Backlink:
    """``source`` (a document's IRI, without fragment) links by ``property`` to the resource."""

    property: str
    source: str


def document_of(iri: str) -> str:
    """The IRI without its fragment: the resource whose document describes ``iri``."""
    return iri.split("#", 1)[0]


def links_to(store: Queryable, iri: str) -> tuple[Backlink, ...]:
    """Every other document that links to ``iri``, once per property, sorted."""
    own = document_of(iri)
    found = {
        Backlink(row["p"].value, document_of(row["s"].value))
        for row in store.select(_LINKS.format(iri=ox.NamedNode(iri)))
    }
    return tuple(sorted(link for link in found if link.source != own))
