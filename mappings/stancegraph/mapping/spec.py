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

from stancegraph.mapping import provenance
from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.provenance import Drafted
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
#: What an issue is: a topic (a subject, no proposition) or the kind of proposition it states.
ISSUE_KINDS = ("topic", "normative", "predictive", "consequence")
#: How a statement's attribution or a position was made: read off the text, or judged.
BASES = ("explicit", "inferred")
#: How a mapping was made: by hand, or drafted by a program (and then checked).
METHODS = ("manual", "drafted")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Membership:
    """A membership: current unless ``former`` or ``until`` says it ended."""

    organization: str
    role: str
    role_wikidata: str | None
    line: int
    since: str | None = None
    until: str | None = None
    former: bool = False
    source: str | None = None

    @property
    def ended(self) -> bool:
        return self.former or self.until is not None


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
    """An issue: a topic, or a proposition under a broader issue (``broader``)."""

    id: str
    label: str
    definition: str | None
    path: str
    line: int
    kind: str = "normative"
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Registry:
    """Actors and issues shared by all articles, by id."""

    actors: dict[str, Actor]
    issues: dict[str, Issue]


@dataclass(frozen=True)
class Statement:
    """Words of the article attributed to ``speaker`` (``None``: an unreviewed draft's unknown)."""

    id: str
    kind: str
    speaker: str | None
    text: str
    about: tuple[str, ...]
    mentions: tuple[str, ...]
    occurrence: int | None
    after: str | None
    note: str | None
    line: int
    text_line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    basis: str = "explicit"
    repeats: str | None = None
    drafted: Drafted | None = None
    reviewed_by: str | None = None


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
    basis: str = "explicit"
    ascribed_by: str | None = None


@dataclass(frozen=True)
class Annotation:
    """Who made an article's mapping, when, and how (``manual`` or ``drafted``)."""

    by: str
    date: str
    method: str
    line: int


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
    annotation: Annotation
    statements: tuple[Statement, ...] = field(default=())
    positions: tuple[Position, ...] = field(default=())
    #: Actors this mapping proposes (a draft's new speakers), not yet in the registry.
    actors: tuple[Actor, ...] = field(default=())
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


def _url(entry: Entry, key: str, what: str) -> str | None:
    value = optional_string(entry, key, what)
    if value is not None and not URL.match(value):
        raise entry.error(key, f"{what}: {key} {value!r} must be an http(s) URL")
    return value


def _flag(entry: Entry, key: str, what: str) -> bool:
    value = entry.get(key, False)
    if type(value) is not bool:
        raise entry.error(key, f"{what}: {key} {value!r} must be true or false")
    return value


def _membership(entry: Entry, what: str) -> Membership:
    optional = {"role_wikidata", "since", "until", "former", "source"}
    check_keys(entry, {"organization", "role"}, optional, what)
    return Membership(
        organization=_slug(entry, "organization", what),
        role=string(entry, "role", what),
        role_wikidata=_qid(entry, "role_wikidata", what),
        line=entry.line,
        since=_date(entry, what, "since"),
        until=_date(entry, what, "until"),
        former=_flag(entry, "former", what),
        source=_url(entry, "source", what),
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
    check_keys(entry, {"id", "kind", "label"}, {"definition", "broader", "related"}, what)
    return Issue(
        id=_slug(entry, "id", what),
        label=string(entry, "label", what),
        definition=optional_string(entry, "definition", what),
        path=entry.path,
        line=entry.line,
        kind=_choice(entry, "kind", what, ISSUE_KINDS),
        broader=tuple(string_list(entry, "broader", what)),
        related=tuple(string_list(entry, "related", what)),
        lines=entry.lines,
    )


def _check_hierarchy(issues: dict[str, Issue]) -> None:
    """Broader and related issues exist; a proposition sits under something; no loop of broader."""
    for issue in issues.values():
        for key in ("broader", "related"):
            for other in getattr(issue, key):
                line = issue.lines.get(key, issue.line)
                _require(issues, other, f"{key} issue", issue.path, line)
                if other == issue.id:
                    raise MappingError(issue.path, line, f"issue {issue.id}: {key} names itself")
        if issue.kind != "topic" and not issue.broader:
            raise MappingError(
                issue.path,
                issue.line,
                f"issue {issue.id}: a {issue.kind} proposition needs a broader issue or topic "
                "(broader: [...]) so that it can be found under it",
            )
    for issue in issues.values():
        seen, todo = {issue.id}, list(issue.broader)
        while todo:
            current = todo.pop()
            if current == issue.id:
                raise MappingError(
                    issue.path,
                    issue.lines.get("broader", issue.line),
                    f"issue {issue.id}: its broader issues lead back to it (a loop)",
                )
            if current not in seen:
                seen.add(current)
                todo.extend(issues[current].broader)


def parse_registry(actors_doc: Entry, issues_doc: Entry) -> Registry:
    """Check the shared registries and the references between them."""
    check_keys(actors_doc, {"actors"}, set(), "actors file")
    check_keys(issues_doc, {"issues"}, set(), "issues file")
    actors = [_actor(e) for e in entries(actors_doc, "actors", "actors file")]
    issues = [_issue(e) for e in entries(issues_doc, "issues", "issues file")]
    _unique([(a.id, a.path, a.line) for a in actors], "actor")
    _unique([(i.id, i.path, i.line) for i in issues], "issue")
    by_id = {a.id: a for a in actors}
    _check_hierarchy({i.id: i for i in issues})
    for actor in actors:
        for m in actor.memberships:
            if m.organization not in by_id:
                raise MappingError(
                    actor.path, m.line, f"unknown organization id {m.organization!r}"
                )
    return Registry(by_id, {i.id: i for i in issues})


def _statement(entry: Entry) -> Statement:
    what = f"statement {entry.get('id', '?')!s}"
    optional = {"about", "mentions", "occurrence", "after", "note", "basis", "repeats"}
    optional |= {"drafted", "reviewed_by"}
    check_keys(entry, {"id", "kind", "speaker", "text"}, optional, what)
    occurrence = entry.get("occurrence")
    if occurrence is not None and (type(occurrence) is not int or occurrence < 1):
        raise entry.error("occurrence", f"{what}: occurrence {occurrence!r} must be 1, 2, 3…")
    made = provenance.drafted(entry, what)
    reviewed = optional_string(entry, "reviewed_by", what)
    speaker = provenance.speaker(entry, what, made, reviewed)
    return Statement(
        id=_slug(entry, "id", what),
        kind=_choice(entry, "kind", what, STATEMENT_KINDS),
        speaker=None if speaker is None else _slug(entry, "speaker", what),
        text=string(entry, "text", what),
        about=tuple(string_list(entry, "about", what)),
        mentions=tuple(string_list(entry, "mentions", what)),
        occurrence=occurrence,
        after=optional_string(entry, "after", what),
        note=optional_string(entry, "note", what),
        line=entry.line,
        text_line=entry.value_line("text"),
        lines=entry.lines,
        basis=_choice(entry, "basis", what, BASES) if "basis" in entry else "explicit",
        repeats=_slug(entry, "repeats", what) if "repeats" in entry else None,
        drafted=made,
        reviewed_by=reviewed,
    )


def _position(entry: Entry) -> Position:
    what = f"position {entry.get('id', '?')!s}"
    required = {"id", "holder", "issue", "stance", "evidence", "basis"}
    check_keys(entry, required, {"comment", "ascribed_by"}, what)
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
        basis=_choice(entry, "basis", what, BASES),
        ascribed_by=_slug(entry, "ascribed_by", what) if "ascribed_by" in entry else None,
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


def _date(entry: Entry, what: str, key: str = "date_published") -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    text = value.isoformat() if type(value) is date else value
    if not isinstance(text, str) or not DATE.match(text):
        raise entry.error(key, f"{what}: {key} {value!r} must be a date like 2023-10-01")
    return text


def _annotation(meta: Entry) -> Annotation:
    what = "article annotation"
    entry = meta.get("annotation")
    if not isinstance(entry, Entry):
        raise meta.error(
            "annotation",
            "article: annotation must say who made this mapping, when and how "
            "(by: a name, date: 2023-10-01, method: manual or drafted)",
        )
    check_keys(entry, {"by", "date", "method"}, set(), what)
    made = _date(entry, what, "date")
    if made is None:
        raise entry.error("date", f"{what}: date must be a date like 2023-10-01, not empty")
    return Annotation(
        by=string(entry, "by", what),
        date=made,
        method=_choice(entry, "method", what, METHODS),
        line=entry.line,
    )


def _article_meta(doc: Entry, slug: str) -> Article:
    check_keys(doc, {"article"}, {"statements", "positions", "actors"}, f"mapping {slug}")
    meta = doc["article"]
    if not isinstance(meta, Entry):
        raise doc.error("article", "article must be a mapping of metadata")
    what = "article"
    required = {"seed", "sha256", "headline", "publisher", "language", "annotation"}
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
        annotation=_annotation(meta),
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


def _proposed_actors(doc: Entry, registry: Registry) -> tuple[Actor, ...]:
    """The actors an article proposes (``actors:``): new ids, not those of the registry."""
    proposed = tuple(_actor(e) for e in entries(doc, "actors", "mapping", False))
    for actor in proposed:
        if actor.id in registry.actors:
            known = registry.actors[actor.id]
            raise MappingError(
                actor.path,
                actor.line,
                f"actor {actor.id!r} is in the registry already ({known.path}:{known.line}); "
                "use its id and remove it here",
            )
    return proposed


def _check_references(article: Article, registry: Registry) -> None:
    """Every id an article uses must exist, in the registry or in the article itself."""
    actors = {**registry.actors, **{a.id: a for a in article.actors}}
    issues, path = registry.issues, article.path
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
        if s.speaker is not None:
            _require(actors, s.speaker, "speaker actor", path, at("speaker", s.line))
        for issue in s.about:
            _require(issues, issue, "issue", path, at("about", s.line))
        for mention in s.mentions:
            _require(actors, mention, "mentioned actor", path, at("mentions", s.line))
        if s.repeats is not None:
            _require(statements, s.repeats, "repeated statement", path, at("repeats", s.line))
            if s.repeats == s.id:
                raise MappingError(path, at("repeats", s.line), f"statement {s.id} repeats itself")
    for p in article.positions:
        at = p.lines.get
        _require(actors, p.holder, "holder actor", path, at("holder", p.line))
        _require(issues, p.issue, "issue", path, at("issue", p.line))
        if issues[p.issue].kind == "topic":
            raise MappingError(
                path,
                at("issue", p.line),
                f"position {p.id}: {p.issue!r} is a topic, not a proposition one can take a side "
                "on; choose one of the issues under it",
            )
        for evidence in p.evidence:
            _require(statements, evidence, "evidence statement", path, at("evidence", p.line))
        if p.ascribed_by is not None:
            line = at("ascribed_by", p.line)
            _require(actors, p.ascribed_by, "ascribing actor", path, line)
            if p.ascribed_by == p.holder:
                raise MappingError(
                    path, line, f"position {p.id}: ascribed_by names the holder; leave it out"
                )


def parse_article(doc: Entry, slug: str, registry: Registry) -> Article:
    """Check one article mapping, including every reference to the registry."""
    meta = _article_meta(doc, slug)
    statements = tuple(_statement(e) for e in entries(doc, "statements", "mapping", False))
    positions = tuple(_position(e) for e in entries(doc, "positions", "mapping", False))
    _unique([(s.id, doc.path, s.line) for s in statements], "statement")
    _unique([(p.id, doc.path, p.line) for p in positions], "position")
    proposed = _proposed_actors(doc, registry)
    _unique([(a.id, a.path, a.line) for a in proposed], "actor")
    for actor in proposed:
        for m in actor.memberships:
            _require(
                {**registry.actors, **{a.id: a for a in proposed}},
                m.organization,
                "organization",
                actor.path,
                m.line,
            )
    parts = {"statements": statements, "positions": positions, "actors": proposed}
    article = Article(**{**meta.__dict__, **parts})
    _check_references(article, registry)
    return article
