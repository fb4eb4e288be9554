"""The IRI and URL scheme, in one place: every IRI the data mints and every path that serves it.

Data IRIs live under a configurable ``base``; the vocabulary's IRI (:data:`ONTOLOGY_IRI`) never
moves. Any host serves them by path: a request for ``/id/actor/x`` on ``http://127.0.0.1:8080``
is about ``{base}id/actor/x``; its description is the document ``/doc/actor/x``.

    {base}id/{kind}/{slug}                  a thing: article, actor, statement, issue, position
    {base}id/{kind}/{slug}#char={b},{e}     a span of an article's text (RFC 5147)
    {base}id/article/{slug}#annotation      the activity that made the article's mapping
    {base}id/article/{slug}#annotator       who made it
    {base}id/article/{slug}#drafter-{tool}  the program that drafted some of its statements
    {base}id/article/{slug}#reviewer-{name} a person who reviewed some of them
    {base}id/statement/{slug}#{part}        its Web Annotation: #annotation, #target,
                                            #position and #quote (the two selectors)
    {base}id/actor/{org}#role-{role}        a role in an organization
    {base}id/actor/{who}#membership-{org}-{role}   a membership; its time -during, -since, -until
    {base}id/issues                         the concept scheme of the issues
    {base}id/{plural}                       the collection of one kind: articles, actors, statements,
                                            positions (:data:`COLLECTIONS`)
    {base}graph/{name}                      a named graph: an article's slug, ontology, registry
    {base}shapes                            the SHACL shapes the data conforms to
    {base}dataset                           the dataset (VoID/DCAT), its dumps {base}dumps/{file}
    {base}sparql                            the SPARQL endpoint
    /doc/{kind}/{slug}[.ext]                the document that describes {base}id/{kind}/{slug}
    /doc/{plural}[.ext][?sort=…&page=N]     one page of a collection, in one order
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from stancegraph.vocabulary import KINDS, ONTOLOGY_IRI

#: Where the things of the data live, below the base.
ID_SPACE: Final = "id/"


def data_iri(base: str, kind: str, slug: str) -> str:
    """The IRI of a data resource: ``{base}id/{kind}/{slug}``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}, expected one of {', '.join(KINDS)}")
    return f"{base}{ID_SPACE}{kind}/{slug}"


def kind_space(base: str, kind: str) -> str:
    """The namespace of one kind of thing: ``{base}id/{kind}/``."""
    return f"{base}{ID_SPACE}{kind}/"


def span_iri(article_iri: str, begin: int, end: int) -> str:
    """The IRI of the characters ``begin`` to ``end`` of an article (an RFC 5147 fragment)."""
    return f"{article_iri}#char={begin},{end}"


def role_iri(organization_iri: str, role_slug: str) -> str:
    """The IRI of a role in an organization (``org:Role``): ``{organization}#role-{role}``."""
    return f"{organization_iri}#role-{role_slug}"


def membership_iri(member_iri: str, organization_slug: str, role_slug: str) -> str:
    """The IRI of a membership (``org:Membership``) of a member, in an organization, in a role."""
    return f"{member_iri}#membership-{organization_slug}-{role_slug}"


def membership_time_iri(membership: str, part: str) -> str:
    """A node of a membership's time: ``{membership}-during`` (its interval), ``-since``, ``-until``."""
    return f"{membership}-{part}"


#: The nodes of a statement's Web Annotation, each ``{statement}#{part}``.
ANNOTATION_PARTS: Final = ("annotation", "target", "position", "quote")


def statement_part_iri(statement_iri: str, part: str) -> str:
    """A node of a statement's Web Annotation: ``{statement}#annotation``, ``#target``,
    ``#position`` (its text position selector) or ``#quote`` (its text quote selector)."""
    if part not in ANNOTATION_PARTS:
        raise ValueError(f"unknown annotation part {part!r}, expected one of {ANNOTATION_PARTS}")
    return f"{statement_iri}#{part}"


def activity_iri(article_iri: str) -> str:
    """The annotation activity that made an article's mapping: ``{article}#annotation``."""
    return f"{article_iri}#annotation"


def annotator_iri(article_iri: str) -> str:
    """The agent who annotated an article: ``{article}#annotator``."""
    return f"{article_iri}#annotator"


def drafter_iri(article_iri: str, tool_slug: str) -> str:
    """The program (and version) that drafted statements of an article: ``{article}#drafter-{tool}``."""
    return f"{article_iri}#drafter-{tool_slug}"


def reviewer_iri(article_iri: str, name_slug: str) -> str:
    """A person who reviewed drafted statements of an article: ``{article}#reviewer-{name}``."""
    return f"{article_iri}#reviewer-{name_slug}"


def issue_scheme_iri(base: str) -> str:
    """The IRI of the SKOS concept scheme that holds the issues."""
    return f"{base}{ID_SPACE}issues"


#: The collections listed a page at a time: the plural of each kind (the issues are the scheme).
COLLECTIONS: Final = {"articles": "article", "actors": "actor", "statements": "statement",
                      "positions": "position"}  # fmt: skip


def collection_iri(base: str, plural: str) -> str:
    """The IRI of the collection of one kind of thing: ``{base}id/{plural}``."""
    if plural not in COLLECTIONS:
        raise ValueError(f"unknown collection {plural!r}, expected one of {', '.join(COLLECTIONS)}")
    return f"{base}{ID_SPACE}{plural}"


def collection_path(plural: str, query: str = "", extension: str = "") -> str:
    """The local path of one page of a collection: ``/doc/{plural}[.{extension}][?{query}]``."""
    return (
        f"/doc/{plural}" + (f".{extension}" if extension else "") + (f"?{query}" if query else "")
    )


def graph_space(base: str) -> str:
    """The namespace of the dataset's named graphs: ``{base}graph/``."""
    return f"{base}graph/"


def publication_iri(base: str) -> str:
    """Where the names of the graphs that mark, in a remote store, what ``stancegraph publish``
    published begin: outside :func:`graph_space`, so never part of the dataset served."""
    return f"{base}publication"


def graph_iri(base: str, name: str) -> str:
    """The IRI of a named graph: an article's slug, ``ontology`` or ``registry``."""
    return f"{graph_space(base)}{name}"


def shapes_iri(base: str) -> str:
    """The IRI under which the served copy of the SHACL shapes is described."""
    return f"{base}shapes"


def dataset_iri(base: str) -> str:
    """The IRI of the dataset as a whole (VoID and DCAT descriptions)."""
    return f"{base}dataset"


def dump_url(base: str, name: str) -> str:
    """Where a dump file of the build is downloaded."""
    return f"{base}dumps/{name}"


def endpoint_url(base: str) -> str:
    """The SPARQL endpoint that serves the data under ``base``."""
    return f"{base}sparql"


def doc_path(kind: str, slug: str) -> str:
    """The local path of the document that describes ``{base}id/{kind}/{slug}``."""
    return f"/doc/{kind}/{slug}"


@dataclass(frozen=True)
class Site:
    """The mapping between the canonical IRIs under ``base`` and request paths."""

    base: str

    def iri(self, path: str) -> str:
        """The canonical IRI a request path names: ``/id/actor/x`` → ``{base}id/actor/x``."""
        return self.base + path.lstrip("/")

    def path(self, iri: str) -> str | None:
        """The local path (with any ``#fragment``) that serves ``iri``; None if served elsewhere.

        The ontology's version IRI (``{ONTOLOGY_IRI}/0.2.0``) is ``/ontology/0.2.0``, which
        serves the ontology of that version (other versions are not kept here).
        """
        rest = iri.removeprefix(ONTOLOGY_IRI)
        if rest != iri and rest[:1] in ("", "#", "/"):
            return "/ontology" + rest
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :]
        return None
