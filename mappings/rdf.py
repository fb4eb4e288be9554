"""The pure core: article text + checked mapping → RDF, with the mapping line of every node.

No file or network access happens here; :mod:`mappings.pipeline` reads the files and passes
their contents in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from mappings.errors import MappingError
from mappings.excerpts import ExcerptError, context, locate
from mappings.origins import Origin
from mappings.spec import Actor, Article, Registry, Statement
from ontology import NIF, OA, SCHEMA, SG, WD, data_iri, issue_scheme_iri

ACTOR_CLASSES = {
    "person": SG.Person,
    "organization": SG.Organization,
    "polity": SG.Polity,
    "group": SG.Group,
}
STATEMENT_CLASSES = {"quote": SG.DirectQuote, "reported": SG.ReportedStatement}
STANCES = {"favor": SG.Favor, "against": SG.Against, "neutral": SG.Neutral}
OPENING_MARKS = "“‘\"'«„"
CLOSING_MARKS = "”’\"'»“"


@dataclass
class Mapped:
    """A graph and, for its main nodes, the mapping line each came from."""

    graph: Graph = field(default_factory=Graph)
    origins: dict[URIRef, Origin] = field(default_factory=dict)


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _nonneg(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _actor(mapped: Mapped, actor: Actor, base: str) -> None:
    g, iri = mapped.graph, URIRef(data_iri(base, "actor", actor.id))
    mapped.origins[iri] = Origin(actor.path, actor.line)
    g.add((iri, RDF.type, SG.Actor))
    g.add((iri, RDF.type, ACTOR_CLASSES[actor.type]))
    g.add((iri, RDFS.label, Literal(actor.label)))
    for alt in actor.alt_labels:
        g.add((iri, SKOS.altLabel, Literal(alt)))
    if actor.description:
        g.add((iri, SCHEMA.description, Literal(actor.description, lang="en")))
    if actor.wikidata:
        g.add((iri, OWL.sameAs, WD[actor.wikidata]))
    for m in actor.memberships:
        organization = URIRef(data_iri(base, "actor", m.organization))
        role = URIRef(f"{organization}#role-{_slug(m.role)}")
        membership = URIRef(f"{iri}#membership-{m.organization}-{_slug(m.role)}")
        mapped.origins[membership] = Origin(actor.path, m.line)
        g.add((iri, ORG.memberOf, organization))
        g.add((membership, RDF.type, ORG.Membership))
        g.add((membership, ORG.member, iri))
        g.add((membership, ORG.organization, organization))
        g.add((membership, ORG.role, role))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, RDFS.label, Literal(m.role, lang="en")))
        if m.role_wikidata:
            g.add((role, OWL.sameAs, WD[m.role_wikidata]))


def map_registry(registry: Registry, base: str) -> Mapped:
    """The shared actors and issues, and the concept scheme of the issues."""
    mapped = Mapped()
    g = mapped.graph
    for actor in registry.actors.values():
        _actor(mapped, actor, base)
    scheme = URIRef(issue_scheme_iri(base))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("Issues debated in the articles", lang="en")))
    for issue in registry.issues.values():
        iri = URIRef(data_iri(base, "issue", issue.id))
        mapped.origins[iri] = Origin(issue.path, issue.line)
        g.add((iri, RDF.type, SG.Issue))
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.prefLabel, Literal(issue.label, lang="en")))
        g.add((iri, SKOS.inScheme, scheme))
        g.add((iri, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, iri))
        if issue.definition:
            g.add((iri, SKOS.definition, Literal(issue.definition, lang="en")))
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
    g = mapped.graph
    article_iri = URIRef(data_iri(base, "article", article.slug))
    iri = URIRef(data_iri(base, "statement", f"{article.slug}-{s.id}"))
    begin, end = _span(text, article, s)
    span = URIRef(f"{article_iri}#char={begin},{end}")
    mapped.origins[iri] = Origin(article.path, s.line)
    mapped.origins[span] = Origin(article.path, s.text_line)
    g.add((iri, RDF.type, SG.Statement))
    g.add((iri, RDF.type, STATEMENT_CLASSES[s.kind]))
    g.add((iri, PROV.wasAttributedTo, URIRef(data_iri(base, "actor", s.speaker))))
    g.add((iri, SG.article, article_iri))
    g.add((iri, SG.text, Literal(s.text)))
    g.add((iri, SG.span, span))
    for issue in s.about:
        g.add((iri, SG.about, URIRef(data_iri(base, "issue", issue))))
    for actor in s.mentions:
        g.add((iri, SCHEMA.mentions, URIRef(data_iri(base, "actor", actor))))
    if s.note:
        g.add((iri, RDFS.comment, Literal(s.note, lang="en")))
    for cls in (NIF.OffsetBasedString, OA.TextPositionSelector, OA.TextQuoteSelector):
        g.add((span, RDF.type, cls))
    g.add((span, NIF.referenceContext, article_iri))
    for begin_p, end_p in ((NIF.beginIndex, NIF.endIndex), (OA.start, OA.end)):
        g.add((span, begin_p, _nonneg(begin)))
        g.add((span, end_p, _nonneg(end)))
    g.add((span, NIF.anchorOf, Literal(s.text)))
    g.add((span, OA.exact, Literal(s.text)))
    prefix, suffix = context(text, begin, end)
    if prefix:
        g.add((span, OA.prefix, Literal(prefix)))
    if suffix:
        g.add((span, OA.suffix, Literal(suffix)))


def _article_node(mapped: Mapped, text: str, article: Article, base: str) -> None:
    g, iri = mapped.graph, URIRef(data_iri(base, "article", article.slug))
    mapped.origins[iri] = Origin(article.path, article.line)
    for cls in (SG.Article, SCHEMA.NewsArticle, NIF.Context):
        g.add((iri, RDF.type, cls))
    g.add((iri, SCHEMA.headline, Literal(article.headline, lang=article.language)))
    g.add((iri, SCHEMA.inLanguage, Literal(article.language)))
    g.add((iri, SCHEMA.publisher, URIRef(data_iri(base, "actor", article.publisher))))
    if article.editor:
        g.add((iri, SCHEMA.editor, URIRef(data_iri(base, "actor", article.editor))))
    if article.date_published:
        g.add((iri, SCHEMA.datePublished, Literal(article.date_published, datatype=XSD.date)))
    g.add((iri, NIF.isString, Literal(text)))
    g.add((iri, NIF.beginIndex, _nonneg(0)))
    g.add((iri, NIF.endIndex, _nonneg(len(text))))


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
    g = mapped.graph
    for p in article.positions:
        iri = URIRef(data_iri(base, "position", f"{article.slug}-{p.id}"))
        mapped.origins[iri] = Origin(article.path, p.line)
        g.add((iri, RDF.type, SG.Position))
        g.add((iri, SG.holder, URIRef(data_iri(base, "actor", p.holder))))
        g.add((iri, SG.issue, URIRef(data_iri(base, "issue", p.issue))))
        g.add((iri, SG.stance, STANCES[p.stance]))
        for evidence in p.evidence:
            g.add(
                (
                    iri,
                    SG.evidence,
                    URIRef(data_iri(base, "statement", f"{article.slug}-{evidence}")),
                )
            )
        if p.comment:
            g.add((iri, RDFS.comment, Literal(p.comment, lang="en")))
    return mapped
