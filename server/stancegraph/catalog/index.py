"""The dataset as plain records, read once at start-up for the HTML pages.

The store is immutable while served, so articles, statements, positions, actors and issues are
read with one SPARQL query each (:func:`read_index`) into frozen dataclasses; pages then filter
lists instead of querying per request. :meth:`Index.records` and :meth:`Index.from_records` let
a build keep the index beside a store on disk (:mod:`stancegraph.catalog.store_facts`). Multi-valued
properties come back through ``GROUP_CONCAT``. The queries carry their own prefixes, so any
store of :mod:`stancegraph.stores.store` answers them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from stancegraph.stores.store import Queryable
from stancegraph.vocabulary import PREFIXES

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class _Identified(Protocol):
    @property
    def iri(self) -> str: ...


Row = TypeVar("Row", bound="DataclassInstance")
Keyed = TypeVar("Keyed", bound=_Identified)

_SEP = "\u001f"  # unit separator: joins multi-valued text that may contain any printable char
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


@dataclass(frozen=True)
class Article:
    iri: str
    headline: str
    text: str
    publisher: str
    editor: str | None
    language: str | None


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


@dataclass(frozen=True)
class Position:
    iri: str
    holder: str
    issue: str
    stance: str
    evidence: tuple[str, ...]
    comment: str | None


@dataclass(frozen=True)
class Membership:
    member: str
    organization: str
    role: str | None


@dataclass(frozen=True)
class Actor:
    iri: str
    label: str
    types: tuple[str, ...]
    alt_labels: tuple[str, ...]
    description: str | None
    same_as: tuple[str, ...]


@dataclass(frozen=True)
class Issue:
    iri: str
    label: str
    definition: str | None


_ARTICLES = """
SELECT ?iri ?headline ?text ?publisher ?editor ?language WHERE {
  ?iri a sg:Article ; schema:headline ?headline ; nif:isString ?text ; schema:publisher ?publisher .
  OPTIONAL { ?iri schema:editor ?editor } OPTIONAL { ?iri schema:inLanguage ?language }
} ORDER BY ?iri"""

_STATEMENTS = """
SELECT ?iri ?quote ?text ?speaker ?article ?span ?begin ?end ?prefix ?suffix ?note
       (GROUP_CONCAT(DISTINCT STR(?issue); SEPARATOR=" ") AS ?about)
       (GROUP_CONCAT(DISTINCT STR(?mentioned); SEPARATOR=" ") AS ?mentions) WHERE {
  ?iri a sg:Statement ; sg:text ?text ; prov:wasAttributedTo ?speaker ; sg:article ?article ;
       sg:span ?span .
  ?span nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?span oa:prefix ?prefix } OPTIONAL { ?span oa:suffix ?suffix }
  OPTIONAL { ?iri rdfs:comment ?note } OPTIONAL { ?iri sg:about ?issue }
  OPTIONAL { ?iri schema:mentions ?mentioned }
  BIND(EXISTS { ?iri a sg:DirectQuote } AS ?quote)
} GROUP BY ?iri ?quote ?text ?speaker ?article ?span ?begin ?end ?prefix ?suffix ?note
ORDER BY ?article ?begin DESC(?end) ?iri"""

_POSITIONS = """
SELECT ?iri ?holder ?issue ?stance ?comment
       (GROUP_CONCAT(DISTINCT STR(?statement); SEPARATOR=" ") AS ?evidence) WHERE {
  ?iri a sg:Position ; sg:holder ?holder ; sg:issue ?issue ; sg:stance ?stance ;
       sg:evidence ?statement .
  OPTIONAL { ?iri rdfs:comment ?comment }
} GROUP BY ?iri ?holder ?issue ?stance ?comment ORDER BY ?iri"""

_ACTORS = """
SELECT ?iri ?label ?description
       (GROUP_CONCAT(DISTINCT STR(?type); SEPARATOR=" ") AS ?types)
       (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\u001f") AS ?alt_labels)
       (GROUP_CONCAT(DISTINCT STR(?same); SEPARATOR=" ") AS ?same_as) WHERE {
  ?iri a sg:Actor ; rdfs:label ?label ; a ?type .
  OPTIONAL { ?iri schema:description ?description } OPTIONAL { ?iri skos:altLabel ?alt }
  OPTIONAL { ?iri owl:sameAs ?same }
} GROUP BY ?iri ?label ?description ORDER BY ?iri"""

_MEMBERSHIPS = """
SELECT ?member ?organization ?role WHERE {
  ?membership a org:Membership ; org:member ?member ; org:organization ?organization .
  OPTIONAL { ?membership org:role/rdfs:label ?role }
} ORDER BY ?member ?organization ?role"""

_ISSUES = """
SELECT ?iri ?label ?definition WHERE {
  ?iri a sg:Issue ; skos:prefLabel ?label . OPTIONAL { ?iri skos:definition ?definition }
} ORDER BY ?iri"""


def _rows(store: Queryable, query: str) -> Iterator[dict[str, str]]:
    """SELECT solutions as dicts of lexical values; unbound variables are left out."""
    solutions = store.select(_PROLOGUE + query)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def _split(value: str | None, sep: str = " ") -> tuple[str, ...]:
    return tuple(sorted(v for v in (value or "").split(sep) if v))


def _statement(row: dict[str, str]) -> Statement:
    return Statement(
        row["iri"],
        row["quote"] == "true",
        row["text"],
        row["speaker"],
        row["article"],
        row["span"],
        int(row["begin"]),
        int(row["end"]),
        row.get("prefix", ""),
        row.get("suffix", ""),
        _split(row.get("about")),
        _split(row.get("mentions")),
        row.get("note"),
    )


def _actor(row: dict[str, str]) -> Actor:
    return Actor(
        row["iri"],
        row["label"],
        _split(row.get("types")),
        _split(row.get("alt_labels"), _SEP),
        row.get("description"),
        _split(row.get("same_as")),
    )


@dataclass(frozen=True)
class Index:
    """Every article, statement, position, actor, membership and issue, by IRI."""

    articles: dict[str, Article]
    statements: dict[str, Statement]
    positions: dict[str, Position]
    actors: dict[str, Actor]
    memberships: tuple[Membership, ...]
    issues: dict[str, Issue]

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
        articles={
            r["iri"]: Article(
                r["iri"],
                r["headline"],
                r["text"],
                r["publisher"],
                r.get("editor"),
                r.get("language"),
            )
            for r in _rows(store, _ARTICLES)
        },
        statements={r["iri"]: _statement(r) for r in _rows(store, _STATEMENTS)},
        positions={
            r["iri"]: Position(
                r["iri"],
                r["holder"],
                r["issue"],
                r["stance"],
                _split(r["evidence"]),
                r.get("comment"),
            )
            for r in _rows(store, _POSITIONS)
        },
        actors={r["iri"]: _actor(r) for r in _rows(store, _ACTORS)},
        memberships=tuple(
            Membership(r["member"], r["organization"], r.get("role"))
            for r in _rows(store, _MEMBERSHIPS)
        ),
        issues={
            r["iri"]: Issue(r["iri"], r["label"], r.get("definition"))
            for r in _rows(store, _ISSUES)
        },
    )
