"""View models of the actor, statement and position pages, and what every page view shares.

Each function takes the start-up :class:`~stancegraph.catalog.index.Index` and an IRI and returns the
template's context; it never touches Flask or the store. The article page's highlighted text is
built in :mod:`stancegraph.web.article_page`, the issue pages in :mod:`stancegraph.web.issue_pages`
and the home page in :mod:`stancegraph.web.home_page`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Membership, Position, Statement
from stancegraph.vocabulary import SG

#: Stances in the order pages list them.
STANCES = (str(SG.Favor), str(SG.Against), str(SG.Neutral))
#: The basis of a statement or position that an annotator judged (the text does not say so).
INFERRED = str(SG.Inferred)
ACTOR_TYPES = {
    str(SG.Person): "Person",
    str(SG.Organization): "Organization",
    str(SG.Polity): "Polity",
    str(SG.Group): "Group",
}


def stance_name(iri: str) -> str:
    """``Favor``, ``Against`` or ``Neutral`` for a stance IRI."""
    return iri.rsplit("#", 1)[-1]


def actor_type(index: Index, iri: str) -> str:
    """The actor's most specific class as a word (``Person``, ``Organization``, …)."""
    types = index.actors[iri].types
    return next((ACTOR_TYPES[t] for t in types if t in ACTOR_TYPES), "Actor")


def by_stance(positions: Iterable[Position]) -> list[tuple[str, list[Position]]]:
    """The positions grouped by stance, stances in the order of :data:`STANCES`."""
    groups: defaultdict[str, list[Position]] = defaultdict(list)
    for position in positions:
        groups[position.stance].append(position)
    return [(stance, groups[stance]) for stance in STANCES if groups[stance]]


def in_text_order(statements: Iterable[Statement]) -> list[Statement]:
    """Statements by article, then where they begin (an enclosing one before those inside it)."""
    return sorted(statements, key=lambda s: (s.article, s.begin, -s.end, s.iri))


def _memberships(found: Iterable[Membership]) -> dict[str, list[Membership]]:
    """Current memberships (longest-standing first) and former ones."""
    listed = list(found)
    current = sorted((m for m in listed if not m.ended), key=lambda m: (m.since or "9999", m.iri))
    return {"current": current, "former": [m for m in listed if m.ended]}


def actor(index: Index, iri: str) -> dict[str, Any]:
    """An actor: description, affiliations (current and former), positions (held and ascribed
    to others) and every statement they made."""
    statements = index.statements.values()
    positions = index.positions.values()
    return {
        "actor": index.actors[iri],
        "kind_name": actor_type(index, iri),
        "member_of": _memberships(m for m in index.memberships if m.member == iri),
        "members": _memberships(m for m in index.memberships if m.organization == iri),
        "positions": sorted(
            (p for p in positions if p.holder == iri),
            key=lambda p: (index.label(p.issue), p.iri),
        ),
        "ascribed": sorted(
            (p for p in positions if p.ascribed_by == iri),
            key=lambda p: (index.label(p.holder).lower(), index.label(p.issue), p.iri),
        ),
        "statements": in_text_order(s for s in statements if s.speaker == iri),
        "mentioned_in": in_text_order(s for s in statements if iri in s.mentions),
        "published": [a for a in index.articles.values() if iri in (a.publisher, a.editor)],
    }


def statement(index: Index, iri: str) -> dict[str, Any]:
    """A statement, who reports it, what it repeats, where it stands, what it evidences, and the
    statements around or in it."""
    found = index.statements[iri]
    same_article = [
        s for s in index.statements.values() if s.article == found.article and s != found
    ]
    known = index.statements
    return {
        "statement": found,
        "reported_in": known.get(found.reported_in) if found.reported_in else None,
        "repeats": [known[s] for s in found.repeats if s in known],
        "repeated_by": in_text_order(s for s in same_article if iri in s.repeats),
        "activity": index.activities.get(found.activity) if found.activity else None,
        "positions": [p for p in index.positions.values() if iri in p.evidence],
        "within": in_text_order(
            s for s in same_article if s.begin <= found.begin and found.end <= s.end
        ),
        "contains": in_text_order(
            s for s in same_article if found.begin <= s.begin and s.end <= found.end
        ),
    }


def position(index: Index, iri: str) -> dict[str, Any]:
    """A position: holder, issue, stance, how it was established (basis, who ascribes it, the
    annotation) and the quotes that evidence it."""
    found = index.positions[iri]
    evidence = in_text_order(index.statements[s] for s in found.evidence if s in index.statements)
    return {
        "position": found,
        "activity": index.activities.get(found.activity) if found.activity else None,
        "articles": sorted({s.article for s in evidence}),
        "evidence": evidence,
    }
