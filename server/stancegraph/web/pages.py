"""View models of the HTML pages: which records a page shows, grouped and ordered.

Each function takes the start-up :class:`~stancegraph.catalog.index.Index` and an IRI and returns the
template's context; it never touches Flask or the store. The article page's highlighted text is
built in :mod:`stancegraph.web.article_page`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from stancegraph.catalog.index import Index, Position, Statement
from stancegraph.vocabulary import SG

#: Stances in the order pages list them.
STANCES = (str(SG.Favor), str(SG.Against), str(SG.Neutral))
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


def _by_stance(positions: Iterable[Position]) -> list[tuple[str, list[Position]]]:
    groups: defaultdict[str, list[Position]] = defaultdict(list)
    for position in positions:
        groups[position.stance].append(position)
    return [(stance, groups[stance]) for stance in STANCES if groups[stance]]


def _in_text_order(statements: Iterable[Statement]) -> list[Statement]:
    return sorted(statements, key=lambda s: (s.article, s.begin, -s.end, s.iri))


def stance_matrix(index: Index) -> dict[str, Any]:
    """Actors (rows) × issues (columns); each cell the positions of that actor on that issue.

    Rows and columns hold only actors and issues with a position; issues with the most
    positions come first, actors alphabetically.
    """
    cells: defaultdict[tuple[str, str], list[Position]] = defaultdict(list)
    for position in index.positions.values():
        cells[(position.holder, position.issue)].append(position)
    per_issue = Counter(issue for _, issue in cells)
    issues = sorted(per_issue, key=lambda i: (-per_issue[i], index.label(i)))
    actors = sorted({holder for holder, _ in cells}, key=lambda a: index.label(a).lower())
    return {"actors": actors, "issues": issues, "cells": dict(cells)}


def home(index: Index) -> dict[str, Any]:
    """The front page: the articles, the stance matrix and counts."""
    per_article = Counter(s.article for s in index.statements.values())
    return {
        "articles": sorted(index.articles.values(), key=lambda a: a.headline),
        "statement_counts": per_article,
        "matrix": stance_matrix(index),
        "counts": {
            "articles": len(index.articles),
            "statements": len(index.statements),
            "positions": len(index.positions),
            "actors": len(index.actors),
            "issues": len(index.issues),
        },
    }


def actor(index: Index, iri: str) -> dict[str, Any]:
    """An actor: description, affiliations, positions and every statement they made."""
    statements = index.statements.values()
    return {
        "actor": index.actors[iri],
        "kind_name": actor_type(index, iri),
        "member_of": [m for m in index.memberships if m.member == iri],
        "members": [m for m in index.memberships if m.organization == iri],
        "positions": sorted(
            (p for p in index.positions.values() if p.holder == iri),
            key=lambda p: (index.label(p.issue), p.iri),
        ),
        "statements": _in_text_order(s for s in statements if s.speaker == iri),
        "mentioned_in": _in_text_order(s for s in statements if iri in s.mentions),
        "published": [a for a in index.articles.values() if iri in (a.publisher, a.editor)],
    }


def issue(index: Index, iri: str) -> dict[str, Any]:
    """An issue: positions grouped by stance, and the statements about it."""
    positions = sorted(
        (p for p in index.positions.values() if p.issue == iri),
        key=lambda p: (index.label(p.holder).lower(), p.iri),
    )
    return {
        "issue": index.issues[iri],
        "groups": _by_stance(positions),
        "evidence": index.statements,
        "statements": _in_text_order(s for s in index.statements.values() if iri in s.about),
    }


def issue_scheme(index: Index, iri: str) -> dict[str, Any]:
    """The issue scheme: every issue, with how many positions take each stance on it."""
    tally = Counter((p.issue, p.stance) for p in index.positions.values())
    return {
        "iri": iri,
        "issues": sorted(index.issues.values(), key=lambda i: i.label),
        "tally": {(issue, stance_name(stance)): n for (issue, stance), n in tally.items()},
    }


def statement(index: Index, iri: str) -> dict[str, Any]:
    """A statement, where it stands, what it evidences, and the statements around or in it."""
    found = index.statements[iri]
    same_article = [
        s for s in index.statements.values() if s.article == found.article and s != found
    ]
    return {
        "statement": found,
        "positions": [p for p in index.positions.values() if iri in p.evidence],
        "within": _in_text_order(
            s for s in same_article if s.begin <= found.begin and found.end <= s.end
        ),
        "contains": _in_text_order(
            s for s in same_article if found.begin <= s.begin and s.end <= found.end
        ),
    }


def position(index: Index, iri: str) -> dict[str, Any]:
    """A position: holder, issue, stance and the quotes that evidence it."""
    found = index.positions[iri]
    return {
        "position": found,
        "evidence": _in_text_order(
            index.statements[s] for s in found.evidence if s in index.statements
        ),
    }
