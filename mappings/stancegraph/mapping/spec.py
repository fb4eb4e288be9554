"""The mapping files as typed, checked specifications.

:func:`parse_registry` reads ``actors.yaml`` and ``issues.yaml``; :func:`parse_article` reads one
``<slug>.yaml``. Every check that needs only the files (keys, types, ids, references) happens
here, and every error names the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.yamlsource import (
    Entry,
    check_keys,
    entries,
    nearest_name,
    optional_string,
    string,
    string_list,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
DATE = re.compile(r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}$")
ACTOR_TYPES = ("person", "organization", "polity", "group")
STATEMENT_KINDS = ("quote", "reported")
STANCES = ("favor", "against", "neutral")


@dataclass(frozen=True)
class Membership:
    organization: str
    role: str
    role_wikidata: str | None
    line: int


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    label: str
    alt_labels: tuple[str, ...]
    description: str | None
    wikidata: str | None
    memberships: tuple[Membership, ...]
    path: str
    line: int


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    definition: str | None
    path: str
    line: int


@dataclass(frozen=True)
class Registry:
    """Actors and issues shared by all articles, by id."""

    actors: dict[str, Actor]
    issues: dict[str, Issue]


@dataclass(frozen=True)
class Statement:
    id: str
    kind: str
    speaker: str
    text: str
    about: tuple[str, ...]
    mentions: tuple[str, ...]
    occurrence: int | None
    after: str | None
    note: str | None
    line: int
    text_line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Position:
    id: str
    holder: str
    issue: str
    stance: str
    evidence: tuple[str, ...]
    comment: str | None
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Article:
    slug: str
    path: str
    seed: str
    sha256: str
    headline: str
    publisher: str
    editor: str | None
    language: str
    date_published: str | None
    statements: tuple[Statement, ...] = field(default=())
    positions: tuple[Position, ...] = field(default=())
    line: int = 1
    lines: dict[str, int] = field(default_factory=dict, compare=False)


def _slug(entry: Entry, key: str, what: str) -> str:
    value = string(entry, key, what)
    if not SLUG.match(value):
        raise entry.error(key, f"{what}: {key} {value!r} must be a slug (a-z, 0-9 and hyphens)")
    return value


def _qid(entry: Entry, key: str, what: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not QID.match(value):
        raise entry.error(key, f"{what}: {key} {value!r} must be a Wikidata id like 'Q7184'")
    return value


def _choice(entry: Entry, key: str, what: str, allowed: tuple[str, ...]) -> str:
    value = string(entry, key, what)
    if value not in allowed:
        raise entry.error(key, f"{what}: {key} {value!r} must be one of {', '.join(allowed)}")
    return value


def _unique(items: list[tuple[str, str, int]], kind: str) -> None:
    """Reject a second use of an id: items are (id, path, line)."""
    seen: dict[str, int] = {}
    for id_, path, line in items:
        if id_ in seen:
            raise MappingError(
                path, line, f"duplicate {kind} id {id_!r} (first at line {seen[id_]})"
            )
        seen[id_] = line


def _membership(entry: Entry, what: str) -> Membership:
    check_keys(entry, {"organization", "role"}, {"role_wikidata"}, what)
    return Membership(
        organization=_slug(entry, "organization", what),
        role=string(entry, "role", what),
        role_wikidata=_qid(entry, "role_wikidata", what),
        line=entry.line,
    )


def _actor(entry: Entry) -> Actor:
    what = f"actor {entry.get('id', '?')!s}"
    required = {"id", "type", "label"}
    check_keys(entry, required, {"alt_labels", "description", "wikidata", "memberships"}, what)
    return Actor(
        id=_slug(entry, "id", what),
        type=_choice(entry, "type", what, ACTOR_TYPES),
        label=string(entry, "label", what),
        alt_labels=tuple(string_list(entry, "alt_labels", what)),
        description=optional_string(entry, "description", what),
        wikidata=_qid(entry, "wikidata", what),
        memberships=tuple(_membership(m, what) for m in entries(entry, "memberships", what, False)),
        path=entry.path,
        line=entry.line,
    )


def _issue(entry: Entry) -> Issue:
    what = f"issue {entry.get('id', '?')!s}"
    check_keys(entry, {"id", "label"}, {"definition"}, what)
    return Issue(
        id=_slug(entry, "id", what),
        label=string(entry, "label", what),
        definition=optional_string(entry, "definition", what),
        path=entry.path,
        line=entry.line,
    )


def parse_registry(actors_doc: Entry, issues_doc: Entry) -> Registry:
    """Check the shared registries and the references between them."""
    check_keys(actors_doc, {"actors"}, set(), "actors file")
    check_keys(issues_doc, {"issues"}, set(), "issues file")
    actors = [_actor(e) for e in entries(actors_doc, "actors", "actors file")]
    issues = [_issue(e) for e in entries(issues_doc, "issues", "issues file")]
    _unique([(a.id, a.path, a.line) for a in actors], "actor")
    _unique([(i.id, i.path, i.line) for i in issues], "issue")
    by_id = {a.id: a for a in actors}
    for actor in actors:
        for m in actor.memberships:
            if m.organization not in by_id:
                raise MappingError(
                    actor.path, m.line, f"unknown organization id {m.organization!r}"
                )
    return Registry(by_id, {i.id: i for i in issues})


def _statement(entry: Entry) -> Statement:
    what = f"statement {entry.get('id', '?')!s}"
    optional = {"about", "mentions", "occurrence", "after", "note"}
    check_keys(entry, {"id", "kind", "speaker", "text"}, optional, what)
    occurrence = entry.get("occurrence")
    if occurrence is not None and (type(occurrence) is not int or occurrence < 1):
        raise entry.error("occurrence", f"{what}: occurrence {occurrence!r} must be 1, 2, 3…")
    return Statement(
        id=_slug(entry, "id", what),
        kind=_choice(entry, "kind", what, STATEMENT_KINDS),
        speaker=_slug(entry, "speaker", what),
        text=string(entry, "text", what),
        about=tuple(string_list(entry, "about", what)),
        mentions=tuple(string_list(entry, "mentions", what)),
        occurrence=occurrence,
        after=optional_string(entry, "after", what),
        note=optional_string(entry, "note", what),
        line=entry.line,
        text_line=entry.value_line("text"),
        lines=entry.lines,
    )


def _position(entry: Entry) -> Position:
    what = f"position {entry.get('id', '?')!s}"
    check_keys(entry, {"id", "holder", "issue", "stance", "evidence"}, {"comment"}, what)
    evidence = tuple(string_list(entry, "evidence", what))
    if not evidence:
        raise entry.error("evidence", f"{what}: evidence must list at least one statement id")
    return Position(
        id=_slug(entry, "id", what),
        holder=_slug(entry, "holder", what),
        issue=_slug(entry, "issue", what),
        stance=_choice(entry, "stance", what, STANCES),
        evidence=evidence,
        comment=optional_string(entry, "comment", what),
        line=entry.line,
        lines=entry.lines,
    )


def _seed(entry: Entry, what: str) -> str:
    value = string(entry, "seed", what)
    if "/" in value or "\\" in value or "\0" in value or value in (".", ".."):
        raise entry.error("seed", f"{what}: seed {value!r} must be a file name in the seeds folder")
    return value


def _language(entry: Entry, what: str) -> str:
    value = string(entry, "language", what)
    if not LANGUAGE.match(value):
        raise entry.error(
            "language", f"{what}: language {value!r} must be a language tag like 'en'"
        )
    return value


def _date(entry: Entry, what: str) -> str | None:
    value = entry.get("date_published")
    if value is None:
        return None
    text = value.isoformat() if type(value) is date else value
    if not isinstance(text, str) or not DATE.match(text):
        raise entry.error(
            "date_published", f"{what}: date_published {value!r} must be a date like 2023-10-01"
        )
    return text


def _article_meta(doc: Entry, slug: str) -> Article:
    check_keys(doc, {"article"}, {"statements", "positions"}, f"mapping {slug}")
    meta = doc["article"]
    if not isinstance(meta, Entry):
        raise doc.error("article", "article must be a mapping of metadata")
    what = "article"
    required = {"seed", "sha256", "headline", "publisher", "language"}
    check_keys(meta, required, {"editor", "date_published"}, what)
    return Article(
        slug=slug,
        path=doc.path,
        seed=_seed(meta, what),
        sha256=string(meta, "sha256", what).lower(),
        headline=string(meta, "headline", what),
        publisher=_slug(meta, "publisher", what),
        editor=_slug(meta, "editor", what) if "editor" in meta else None,
        language=_language(meta, what),
        date_published=_date(meta, what),
        line=meta.line,
        lines=meta.lines,
    )


def _require(known: Mapping[str, object], id_: str, kind: str, path: str, line: int) -> None:
    """Refuse an id not in ``known``, naming the likeliest one meant and where ids are defined."""
    if id_ in known:
        return
    near = nearest_name(id_, known)
    hint = f"; did you mean {near!r}?" if near else ""
    defined_in = {getattr(entry, "path", None) for entry in known.values()} - {None, path}
    if len(defined_in) == 1:
        hint += f" ({kind.split()[-1]} ids are defined in {defined_in.pop()})"
    raise MappingError(path, line, f"unknown {kind} id {id_!r}{hint}")


def _check_references(article: Article, registry: Registry) -> None:
    """Every id an article uses must exist, in the registry or in the article itself."""
    actors, issues, path = registry.actors, registry.issues, article.path
    for role in ("publisher", "editor"):
        id_ = getattr(article, role)
        if id_ is not None:
            _require(actors, id_, f"{role} actor", path, article.lines.get(role, article.line))
    if actors[article.publisher].type != "organization":
        line = article.lines.get("publisher", article.line)
        raise MappingError(path, line, f"publisher {article.publisher!r} is not an organization")
    statements = {s.id: s for s in article.statements}
    for s in article.statements:
        at = s.lines.get
        _require(actors, s.speaker, "speaker actor", path, at("speaker", s.line))
        for issue in s.about:
            _require(issues, issue, "issue", path, at("about", s.line))
        for mention in s.mentions:
            _require(actors, mention, "mentioned actor", path, at("mentions", s.line))
    for p in article.positions:
        at = p.lines.get
        _require(actors, p.holder, "holder actor", path, at("holder", p.line))
        _require(issues, p.issue, "issue", path, at("issue", p.line))
        for evidence in p.evidence:
            _require(statements, evidence, "evidence statement", path, at("evidence", p.line))


def parse_article(doc: Entry, slug: str, registry: Registry) -> Article:
    """Check one article mapping, including every reference to the registry."""
    meta = _article_meta(doc, slug)
    statements = tuple(_statement(e) for e in entries(doc, "statements", "mapping", False))
    positions = tuple(_position(e) for e in entries(doc, "positions", "mapping", False))
    _unique([(s.id, doc.path, s.line) for s in statements], "statement")
    _unique([(p.id, doc.path, p.line) for p in positions], "position")
    article = Article(**{**meta.__dict__, "statements": statements, "positions": positions})
    _check_references(article, registry)
    return article
