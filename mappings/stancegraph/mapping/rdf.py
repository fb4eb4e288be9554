"""The pure core: article text + checked mapping → RDF, with the mapping line of every node.

No file or network access happens here; :mod:`stancegraph.mapping.pipeline` reads the files and passes
their contents in. Triples are canonical N-Triples terms (:mod:`stancegraph.terms.ntriples`), so that a
corpus of a million triples is mapped, validated and written without building a graph object
per term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.excerpts import ExcerptError, context, locate
from stancegraph.mapping.origins import Origin
from stancegraph.mapping.spec import Actor, Article, Position, Registry, Statement
from stancegraph.terms.ntriples import Triple, literal
from stancegraph.vocabulary import NIF, OA, SCHEMA, SG, WD
from stancegraph.vocabulary.iris import (
    data_iri,
    issue_scheme_iri,
    membership_iri,
    role_iri,
    span_iri,
)


class _Terms:
    """The IRI terms of a namespace, as attributes: ``_Terms(SG).Article`` is ``<…#Article>``."""

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        term = f"<{self._namespace}{name}>"
        setattr(self, name, term)  # found without this method from now on
        return term


sg, nif, oa, schema = _Terms(SG), _Terms(NIF), _Terms(OA), _Terms(SCHEMA)
rdf, rdfs, owl, prov, skos, org = (_Terms(n) for n in (RDF, RDFS, OWL, PROV, SKOS, ORG))
A = rdf.type
ACTOR_CLASSES = {
    "person": sg.Person,
    "organization": sg.Organization,
    "polity": sg.Polity,
    "group": sg.Group,
}
STATEMENT_CLASSES = {"quote": sg.DirectQuote, "reported": sg.ReportedStatement}
STANCES = {"favor": sg.Favor, "against": sg.Against, "neutral": sg.Neutral}
SPAN_CLASSES = (nif.OffsetBasedString, oa.TextPositionSelector, oa.TextQuoteSelector)
ARTICLE_CLASSES = (sg.Article, schema.NewsArticle, nif.Context)
OPENING_MARKS = "“‘\"'«„"
CLOSING_MARKS = "”’\"'»“"
NON_NEGATIVE = str(XSD.nonNegativeInteger)


@dataclass
class Mapped:
    """Triples and, for their main nodes, the mapping line each came from."""

    triples: list[Triple] = field(default_factory=list)
    origins: dict[URIRef, Origin] = field(default_factory=dict)

    def node(self, iri: str, origin: Origin) -> str:
        """The term of ``iri``, remembering where it came from."""
        self.origins[URIRef(iri)] = origin
        return f"<{iri}>"


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _nonneg(value: int) -> str:
    return f'"{value}"^^<{NON_NEGATIVE}>'


def _en(text: str) -> str:
    return literal(text, "en")


def _actor(mapped: Mapped, actor: Actor, base: str) -> None:
    add = mapped.triples.append
    iri = data_iri(base, "actor", actor.id)
    node = mapped.node(iri, Origin(actor.path, actor.line))
    add((node, A, sg.Actor))
    add((node, A, ACTOR_CLASSES[actor.type]))
    add((node, rdfs.label, literal(actor.label)))
    for alt in actor.alt_labels:
        add((node, skos.altLabel, literal(alt)))
    if actor.description:
        add((node, schema.description, _en(actor.description)))
    if actor.wikidata:
        add((node, owl.sameAs, f"<{WD}{actor.wikidata}>"))
    for m in actor.memberships:
        organization_iri = data_iri(base, "actor", m.organization)
        organization = f"<{organization_iri}>"
        role = f"<{role_iri(organization_iri, _slug(m.role))}>"
        membership = mapped.node(
            membership_iri(iri, m.organization, _slug(m.role)), Origin(actor.path, m.line)
        )
        add((node, org.memberOf, organization))
        add((membership, A, org.Membership))
        add((membership, org.member, node))
        add((membership, org.organization, organization))
        add((membership, org.role, role))
        add((role, A, org.Role))
        add((role, rdfs.label, _en(m.role)))
        if m.role_wikidata:
            add((role, owl.sameAs, f"<{WD}{m.role_wikidata}>"))


def map_registry(registry: Registry, base: str) -> Mapped:
    """The shared actors and issues, and the concept scheme of the issues."""
    mapped = Mapped()
    add = mapped.triples.append
    for actor in registry.actors.values():
        _actor(mapped, actor, base)
    scheme = f"<{issue_scheme_iri(base)}>"
    add((scheme, A, skos.ConceptScheme))
    add((scheme, skos.prefLabel, _en("Issues debated in the articles")))
    for issue in registry.issues.values():
        node = mapped.node(data_iri(base, "issue", issue.id), Origin(issue.path, issue.line))
        add((node, A, sg.Issue))
        add((node, A, skos.Concept))
        add((node, skos.prefLabel, _en(issue.label)))
        add((node, skos.inScheme, scheme))
        add((node, skos.topConceptOf, scheme))
        add((scheme, skos.hasTopConcept, node))
        if issue.definition:
            add((node, skos.definition, _en(issue.definition)))
    return mapped


def _span(text: str, article: Article, statement: Statement) -> tuple[int, int]:
    """Locate the statement's words; a quote's words must stand between quotation marks."""
    try:
        begin = locate(text, statement.text, statement.occurrence, statement.after)
    except ExcerptError as error:
        raise MappingError(
            article.path, statement.text_line, f"statement {statement.id}: {error}"
        ) from None
    end = begin + len(statement.text)
    if statement.kind == "quote" and not (
        begin > 0
        and text[begin - 1] in OPENING_MARKS
        and end < len(text)
        and text[end] in CLOSING_MARKS
    ):
        raise MappingError(
            article.path,
            statement.text_line,
            f"statement {statement.id}: a quote's text must be exactly the words between "
            f"quotation marks, but the article has {text[max(0, begin - 1) : begin]!r} before it "
            f"and {text[end : end + 1]!r} after it",
        )
    return begin, end


def _statement(mapped: Mapped, text: str, article: Article, s: Statement, base: str) -> None:
    add = mapped.triples.append
    article_iri = data_iri(base, "article", article.slug)
    article_node = f"<{article_iri}>"
    begin, end = _span(text, article, s)
    iri = data_iri(base, "statement", f"{article.slug}-{s.id}")
    node = mapped.node(iri, Origin(article.path, s.line))
    span = mapped.node(span_iri(article_iri, begin, end), Origin(article.path, s.text_line))
    words = literal(s.text)
    add((node, A, sg.Statement))
    add((node, A, STATEMENT_CLASSES[s.kind]))
    add((node, prov.wasAttributedTo, f"<{data_iri(base, 'actor', s.speaker)}>"))
    add((node, sg.article, article_node))
    add((node, sg.text, words))
    add((node, sg.span, span))
    for issue in s.about:
        add((node, sg.about, f"<{data_iri(base, 'issue', issue)}>"))
    for actor in s.mentions:
        add((node, schema.mentions, f"<{data_iri(base, 'actor', actor)}>"))
    if s.note:
        add((node, rdfs.comment, _en(s.note)))
    for cls in SPAN_CLASSES:
        add((span, A, cls))
    add((span, nif.referenceContext, article_node))
    first, last = _nonneg(begin), _nonneg(end)
    add((span, nif.beginIndex, first))
    add((span, nif.endIndex, last))
    add((span, oa.start, first))
    add((span, oa.end, last))
    add((span, nif.anchorOf, words))
    add((span, oa.exact, words))
    prefix, suffix = context(text, begin, end)
    if prefix:
        add((span, oa.prefix, literal(prefix)))
    if suffix:
        add((span, oa.suffix, literal(suffix)))


def _article_node(mapped: Mapped, text: str, article: Article, base: str) -> None:
    add = mapped.triples.append
    iri = data_iri(base, "article", article.slug)
    node = mapped.node(iri, Origin(article.path, article.line))
    for cls in ARTICLE_CLASSES:
        add((node, A, cls))
    add((node, schema.headline, literal(article.headline, article.language)))
    add((node, schema.inLanguage, literal(article.language)))
    add((node, schema.publisher, f"<{data_iri(base, 'actor', article.publisher)}>"))
    if article.editor:
        add((node, schema.editor, f"<{data_iri(base, 'actor', article.editor)}>"))
    if article.date_published:
        add((node, schema.datePublished, literal(article.date_published, datatype=str(XSD.date))))
    add((node, nif.isString, literal(text)))
    add((node, nif.beginIndex, _nonneg(0)))
    add((node, nif.endIndex, _nonneg(len(text))))


def _position(mapped: Mapped, article: Article, p: Position, base: str) -> None:
    add = mapped.triples.append
    iri = data_iri(base, "position", f"{article.slug}-{p.id}")
    node = mapped.node(iri, Origin(article.path, p.line))
    add((node, A, sg.Position))
    add((node, sg.holder, f"<{data_iri(base, 'actor', p.holder)}>"))
    add((node, sg.issue, f"<{data_iri(base, 'issue', p.issue)}>"))
    add((node, sg.stance, STANCES[p.stance]))
    for evidence in p.evidence:
        add((node, sg.evidence, f"<{data_iri(base, 'statement', f'{article.slug}-{evidence}')}>"))
    if p.comment:
        add((node, rdfs.comment, _en(p.comment)))


def map_article(text: str, article: Article, base: str) -> Mapped:
    """One article: its node, statements with spans, and positions with evidence."""
    if article.headline not in text:
        raise MappingError(
            article.path, article.line, f"headline {article.headline!r} not found in the article"
        )
    mapped = Mapped()
    _article_node(mapped, text, article, base)
    for statement in article.statements:
        _statement(mapped, text, article, statement, base)
    for position in article.positions:
        _position(mapped, article, position, base)
    return mapped
