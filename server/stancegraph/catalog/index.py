"""The dataset as plain records, read once at start-up for the HTML pages.

The store is immutable while served, so articles, annotation activities, statements, positions,
actors, memberships and issues are read with one SPARQL query each
(:mod:`stancegraph.catalog.index_queries`) into the frozen dataclasses of
:mod:`stancegraph.catalog.records`; pages then filter lists instead of querying per request.
:meth:`Index.records` and :meth:`Index.from_records` let a build keep the index beside a store on
disk (:mod:`stancegraph.catalog.store_facts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from stancegraph.catalog import index_queries
from stancegraph.catalog.issue_tree import IssueTree
from stancegraph.catalog.records import (
    Activity,
    Actor,
    Article,
    Issue,
    Membership,
    Position,
    Statement,
)
from stancegraph.stores.store import Queryable

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class _Identified(Protocol):
    @property
    def iri(self) -> str: ...


Row = TypeVar("Row", bound="DataclassInstance")
Keyed = TypeVar("Keyed", bound=_Identified)


@dataclass(frozen=True)
class Index:
    """Every article, annotation activity, statement, position, actor, membership and issue
    (topics included), by IRI."""

    articles: dict[str, Article]
    activities: dict[str, Activity]
    statements: dict[str, Statement]
    positions: dict[str, Position]
    actors: dict[str, Actor]
    memberships: tuple[Membership, ...]
    issues: dict[str, Issue]

    @cached_property
    def tree(self) -> IssueTree:
        """The issue scheme as a tree of topics and propositions."""
        return IssueTree.of(self.issues)

    def label(self, iri: str) -> str:
        """A human name for any resource of the index; the IRI's last segment otherwise."""
        if iri in self.actors:
            return self.actors[iri].label
        if iri in self.issues:
            return self.issues[iri].label
        if iri in self.articles:
            return self.articles[iri].headline
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def records(self) -> dict[str, list[list[Any]]]:
        """Each table as lists of field values in field order: for :meth:`from_records`.

        A statement's text is left out (None): it is its article's text at its offsets, which
        the shapes check before anything is published, and half of what the records would hold.
        """
        tables: dict[str, Iterable[Any]] = {
            "articles": self.articles.values(),
            "activities": self.activities.values(),
            "statements": self.statements.values(),
            "positions": self.positions.values(),
            "actors": self.actors.values(),
            "memberships": self.memberships,
            "issues": self.issues.values(),
        }
        records = {name: [_fields(record) for record in rows] for name, rows in tables.items()}
        for row in records["statements"]:
            row[_TEXT] = None
        return records

    @classmethod
    def from_records(cls, records: Mapping[str, list[list[Any]]]) -> Index:
        """The index :meth:`records` gave (its lists are filled in and used in place)."""
        articles = _by_iri(_rows_as(Article, records["articles"]))
        statements = records["statements"]
        for row in statements:
            row[_TEXT] = articles[row[_ARTICLE]].text[row[_BEGIN] : row[_END]]
        return cls(
            articles=articles,
            activities=_by_iri(_rows_as(Activity, records["activities"])),
            statements=_by_iri(_rows_as(Statement, statements)),
            positions=_by_iri(_rows_as(Position, records["positions"])),
            actors=_by_iri(_rows_as(Actor, records["actors"])),
            memberships=tuple(_rows_as(Membership, records["memberships"])),
            issues=_by_iri(_rows_as(Issue, records["issues"])),
        )


#: Where a statement's text, article and offsets are in its record.
_TEXT, _ARTICLE, _BEGIN, _END = (
    [field.name for field in fields(Statement)].index(name)
    for name in ("text", "article", "begin", "end")
)


def _fields(record: Any) -> list[Any]:
    return [getattr(record, field.name) for field in fields(record)]


def _rows_as(record: type[Row], rows: list[list[Any]]) -> list[Row]:
    """Records from their field values; lists (JSON's) become the tuples they were."""
    tuples = [i for i, field in enumerate(fields(record)) if str(field.type).startswith("tuple")]
    for row in rows:
        for i in tuples:
            row[i] = tuple(row[i])
    return [record(*row) for row in rows]


def _by_iri(records: list[Keyed]) -> dict[str, Keyed]:
    return {record.iri: record for record in records}


def read_index(store: Queryable) -> Index:
    """The index of a store, read with one query per table."""
    return Index(
        articles=index_queries.articles(store),
        activities=index_queries.activities(store),
        statements=index_queries.statements(store),
        positions=index_queries.positions(store),
        actors=index_queries.actors(store),
        memberships=index_queries.memberships(store),
        issues=index_queries.issues(store),
    )
