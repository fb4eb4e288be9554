"""The "What links here" section of a resource page: :mod:`stancegraph.catalog.backlinks`, grouped.

Links are grouped by property, each group named as the resource sees it ("Mentioned in" for
``schema:mentions``, "Evidence for" for ``sg:evidence``); a property without a name here is shown
as "Linked by" and its compact IRI. Each linking resource is named from the page index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rdflib.namespace import ORG, PROV, SKOS

from stancegraph.catalog.backlinks import Backlink
from stancegraph.catalog.index import Index
from stancegraph.catalog.tables import curie
from stancegraph.vocabulary import OA, SCHEMA, SG
from stancegraph.web.pages import stance_name

#: How a page names the resources that link to it by each property, in the order shown.
NAMES: Final = {
    str(iri): name
    for iri, name in (
        (PROV.wasAttributedTo, "Statements attributed to it"),
        (SCHEMA.author, "Author of"),
        (SCHEMA.mentions, "Mentioned in"),
        (SG.holder, "Holder of"),
        (SG.ascribedBy, "Ascribes"),
        (SG.evidence, "Evidence for"),
        (SG.reportedIn, "Reports (statements reported in this one)"),
        (SG.repeats, "Repeated by"),
        (SG.about, "Statements about it"),
        (SG.issue, "Positions on it"),
        (SG.article, "Statements in it"),
        (OA.hasSource, "Annotations with it as their source"),
        (SCHEMA.appearance, "Appears in"),
        (SCHEMA.publisher, "Publisher of"),
        (SCHEMA.editor, "Editor of"),
        (ORG.memberOf, "Members"),
        (ORG.organization, "Memberships in it"),
        (SKOS.broader, "Narrower"),
        (SKOS.narrower, "Broader"),
        (SKOS.related, "Related"),
        (SKOS.inScheme, "In this scheme"),
        (SKOS.topConceptOf, "Top concepts of"),
        (SKOS.hasTopConcept, "Top concept of"),
    )
}


#: How many characters of a statement's words name it in a list of links.
WORDS: Final = 80


@dataclass(frozen=True)
class Group:
    """The resources that link by one property: its IRI, its name and (IRI, text) of each."""

    property: str
    name: str
    curie: str
    sources: tuple[tuple[str, str], ...]


def describe(index: Index, iri: str) -> str:
    """A short name of any resource for a list of links."""
    if iri in index.statements:
        s = index.statements[iri]
        said = "Direct quote" if s.quote else "Reported statement"
        words = s.text if len(s.text) <= WORDS else s.text[:WORDS].rsplit(" ", 1)[0] + "…"
        return f"{said} by {index.label(s.speaker)}: “{words}”"
    if iri in index.positions:
        p = index.positions[iri]
        return f"{index.label(p.holder)}: {stance_name(p.stance)} on {index.label(p.issue)}"
    return index.label(iri)


def _order(link: Backlink) -> tuple[int, str]:
    names = list(NAMES)
    return (names.index(link.property) if link.property in NAMES else len(names), link.property)


def groups(index: Index, links: tuple[Backlink, ...]) -> list[Group]:
    """The links grouped by property, in the order of :data:`NAMES`, sources by name."""
    by: dict[str, list[str]] = {}
    for link in sorted(links, key=_order):
        by.setdefault(link.property, []).append(link.source)
    return [
        Group(
            prop,
            NAMES.get(prop, "Linked by"),
            curie(prop),
            tuple(sorted(((s, describe(index, s)) for s in sources), key=lambda p: (p[1], p[0]))),
        )
        for prop, sources in by.items()
    ]
