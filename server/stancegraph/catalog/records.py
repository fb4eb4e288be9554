"""The records of the page index: one frozen dataclass per kind of thing the pages show.

Values are lexical: IRIs and literals as strings, offsets as ints; a property the data may
lack is None (or an empty tuple when it may have several values). The index
(:mod:`stancegraph.catalog.index`) reads them from a store and keeps them beside a store on disk.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    iri: str
    headline: str
    text: str
    publisher: str
    editor: str | None
    language: str | None


@dataclass(frozen=True)
class Activity:
    """The annotation activity that made an article's mapping: who, when, how (``sg:method``)."""

    iri: str
    article: str | None
    agent: str | None
    agent_label: str | None
    date: str | None
    method: str | None


@dataclass(frozen=True)
class Statement:
    iri: str
    quote: bool
    text: str
    speaker: str
    article: str
    span: str
    begin: int
    end: int
    prefix: str
    suffix: str
    about: tuple[str, ...]
    mentions: tuple[str, ...]
    note: str | None
    basis: str | None
    activity: str | None
    reported_in: str | None  # the statement of another speaker this one is reported in
    repeats: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    iri: str
    holder: str
    issue: str
    stance: str
    evidence: tuple[str, ...]
    comment: str | None
    basis: str | None
    activity: str | None
    ascribed_by: str | None  # the actor who says the holder thinks so


@dataclass(frozen=True)
class Membership:
    """An ``org:Membership``; ``ended`` when its period has an end (a former membership)."""

    iri: str
    member: str
    organization: str
    role: str | None
    ended: bool
    since: str | None
    until: str | None
    source: str | None


@dataclass(frozen=True)
class Actor:
    iri: str
    label: str
    types: tuple[str, ...]
    alt_labels: tuple[str, ...]
    description: str | None
    exact_match: tuple[str, ...]  # skos:exactMatch: the actor's Wikidata entity


@dataclass(frozen=True)
class Issue:
    """A concept of the issue scheme: a topic, or a proposition (``kind`` its proposition kind).

    ``broader`` and ``related`` are as the data states them; narrower concepts are found by
    :class:`stancegraph.catalog.issue_tree.IssueTree`.
    """

    iri: str
    label: str
    definition: str | None
    topic: bool
    kind: str | None
    broader: tuple[str, ...]
    related: tuple[str, ...]
