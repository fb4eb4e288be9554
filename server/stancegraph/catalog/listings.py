"""The collections of the site, one kind of thing each, in pages: what the index pages list.

A :class:`Listing` names the orders its collection can be read in and the counts it shows of
each member; each count is the number of triples with one property that point to (or, for
``outward`` ones, from) the member, so a client can check it with one SPARQL query.
:class:`Listings` sorts every collection once per order, from the start-up
:class:`~stancegraph.catalog.index.Index`; :func:`describe_page` writes one page as a
``hydra:Collection`` whose ``hydra:view`` links the first, previous, next and last pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from math import ceil
from typing import Final

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from stancegraph.catalog.describe import new_graph
from stancegraph.catalog.index import Index
from stancegraph.vocabulary import SCHEMA, SG
from stancegraph.vocabulary.iris import COLLECTIONS, collection_iri, collection_path

HYDRA: Final = Namespace("http://www.w3.org/ns/hydra/core#")
#: Members on one page of a collection.
PAGE_SIZE: Final = 20


@dataclass(frozen=True)
class Count:
    """A number shown of each member: the triples ``?x property <member>`` (or, when
    ``outward``, ``<member> property ?x``)."""

    name: str
    heading: str
    property: str
    outward: bool = False


@dataclass(frozen=True)
class Listing:
    """A collection: its kind, title, the orders it is read in (the first the default; an
    order named after a count puts the most first) and the counts it shows."""

    plural: str
    title: str
    orders: tuple[str, ...]
    counts: tuple[Count, ...]

    @property
    def kind(self) -> str:
        return COLLECTIONS[self.plural]


LISTINGS: Final = {
    listing.plural: listing
    for listing in (
        Listing("articles", "Articles", ("name", "statements"),
                (Count("statements", "Statements", str(SG.article)),)),
        Listing("actors", "Actors", ("name", "statements", "mentions", "positions"),
                (Count("statements", "Statements", str(PROV.wasAttributedTo)),
                 Count("mentions", "Mentioned in", str(SCHEMA.mentions)),
                 Count("positions", "Positions", str(SG.holder)))),
        Listing("statements", "Statements", ("order", "speaker", "positions"),
                (Count("positions", "Evidence for", str(SG.evidence)),)),
        Listing("positions", "Positions", ("holder", "issue", "stance", "evidence"),
                (Count("evidence", "Evidence", str(SG.evidence), outward=True),)),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One member as listed: its IRI, the name it is sorted by, and its counts by name."""

    iri: str
    name: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Page:
    """One page of a collection in one order."""

    listing: Listing
    order: str
    number: int
    pages: int
    total: int
    entries: tuple[Entry, ...]


class Listings:
    """Every collection of one index, each sorted once per order on first use."""

    def __init__(self, index: Index) -> None:
        self.index = index

    @cached_property
    def _counts(self) -> dict[str, Callable[[str], int]]:
        index = self.index
        statements, positions = index.statements.values(), index.positions.values()
        by = {
            ("articles", "statements"): Counter(s.article for s in statements),
            ("actors", "statements"): Counter(s.speaker for s in statements),
            ("actors", "mentions"): Counter(a for s in statements for a in set(s.mentions)),
            ("actors", "positions"): Counter(p.holder for p in positions),
            ("statements", "positions"): Counter(e for p in positions for e in set(p.evidence)),
            ("positions", "evidence"): Counter({p.iri: len(p.evidence) for p in positions}),
        }
        return {f"{plural}/{name}": counter.__getitem__ for (plural, name), counter in by.items()}

    def _name(self, plural: str, iri: str) -> str:
        index = self.index
        if plural == "statements":
            return index.label(index.statements[iri].speaker)
        if plural == "positions":
            return index.label(index.positions[iri].holder)
        return index.label(iri)

    @cached_property
    def _entries(self) -> dict[str, list[Entry]]:
        found = {}
        for plural, listing in LISTINGS.items():
            table: dict[str, object] = getattr(self.index, plural)
            found[plural] = [
                Entry(
                    iri,
                    self._name(plural, iri),
                    {c.name: self._counts[f"{plural}/{c.name}"](iri) for c in listing.counts},
                )
                for iri in table
            ]
        return found

    def _key(self, plural: str, order: str) -> Callable[[Entry], tuple[object, ...]]:
        index = self.index
        if order in {c.name for c in LISTINGS[plural].counts}:
            return lambda e: (-e.counts[order], e.name.lower(), e.iri)
        if order == "order":  # statements as they come in their article's text
            s = index.statements
            return lambda e: (s[e.iri].article, s[e.iri].begin, -s[e.iri].end, e.iri)
        if order in ("issue", "stance"):
            p = index.positions
            return lambda e: (index.label(getattr(p[e.iri], order)).lower(), e.name.lower(), e.iri)
        return lambda e: (e.name.lower(), e.iri)  # name, speaker, holder

    @cached_property
    def _sorted(self) -> dict[tuple[str, str], list[Entry]]:
        return {
            (plural, order): sorted(self._entries[plural], key=self._key(plural, order))
            for plural, listing in LISTINGS.items()
            for order in listing.orders
        }

    def pages(self, plural: str) -> int:
        """How many pages the collection fills (at least one, empty or not)."""
        return max(1, ceil(len(self._entries[plural]) / PAGE_SIZE))

    def page(self, plural: str, order: str, number: int) -> Page:
        """One page; the caller has checked the order and the number against the listing."""
        entries = self._sorted[(plural, order)]
        start = (number - 1) * PAGE_SIZE
        return Page(
            LISTINGS[plural],
            order,
            number,
            self.pages(plural),
            len(entries),
            tuple(entries[start : start + PAGE_SIZE]),
        )


def listing_query(listing: Listing, order: str, number: int = 1) -> str:
    """The query string of one page of a collection in one order (defaults left out)."""
    parts = [] if order == listing.orders[0] else [f"sort={order}"]
    return "&".join(parts + ([f"page={number}"] if number > 1 else []))


def page_query(page: Page, number: int) -> str:
    """The query string of another page of ``page``'s collection in the same order."""
    return listing_query(page.listing, page.order, number)


def page_iri(base: str, page: Page, number: int) -> str:
    """The IRI of one page of the collection, in the order of ``page``."""
    return base.rstrip("/") + collection_path(page.listing.plural, page_query(page, number))


def _member(graph: Graph, index: Index, listing: Listing, entry: Entry) -> None:
    member = URIRef(entry.iri)
    graph.add((member, RDFS.label, Literal(_label(index, listing, entry))))
    for count in listing.counts:
        counted, manages = BNode(), BNode()
        graph.add((member, HYDRA.collection, counted))
        graph.add((counted, RDF.type, HYDRA.Collection))
        graph.add((counted, HYDRA.manages, manages))
        graph.add((manages, HYDRA.property, URIRef(count.property)))
        graph.add((manages, HYDRA.subject if count.outward else HYDRA.object, member))
        graph.add((counted, HYDRA.totalItems, Literal(entry.counts[count.name], datatype=XSD.integer)))  # fmt: skip


def _label(index: Index, listing: Listing, entry: Entry) -> str:
    if listing.plural == "statements":
        said = "Direct quote" if index.statements[entry.iri].quote else "Reported statement"
        return f"{said} by {entry.name}"
    if listing.plural == "positions":
        p = index.positions[entry.iri]
        stance = p.stance.rsplit("#", 1)[-1]
        return f"{entry.name}: {stance} on {index.label(p.issue)}"
    return entry.name


def describe_page(page: Page, index: Index, base: str) -> Graph:
    """One page as RDF: the collection with its size and this page's members (each with its
    label and counts), and the page as a ``hydra:PartialCollectionView`` linking the others."""
    graph = new_graph()
    graph.bind("hydra", HYDRA)
    collection = URIRef(collection_iri(base, page.listing.plural))
    view = URIRef(page_iri(base, page, page.number))
    graph.add((collection, RDF.type, HYDRA.Collection))
    graph.add((collection, RDFS.label, Literal(page.listing.title)))
    graph.add((collection, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    graph.add((collection, HYDRA.view, view))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    links = {HYDRA.first: 1, HYDRA.last: page.pages}
    if page.number > 1:
        links[HYDRA.previous] = page.number - 1
    if page.number < page.pages:
        links[HYDRA.next] = page.number + 1
    for link, number in links.items():
        graph.add((view, link, URIRef(page_iri(base, page, number))))
    for entry in page.entries:
        graph.add((collection, HYDRA.member, URIRef(entry.iri)))
        _member(graph, index, page.listing, entry)
    return graph
