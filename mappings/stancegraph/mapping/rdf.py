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
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.excerpts import ExcerptError, context, locate
from stancegraph.mapping.origins import Origin
from stancegraph.mapping.spec import Actor, Article, Issue, Position, Registry, Statement
from stancegraph.terms.ntriples import Triple, literal
from stancegraph.vocabulary import NIF, OA, SCHEMA, SG, WD
from stancegraph.vocabulary.iris import (
    activity_iri,
    annotator_iri,
    data_iri,
    drafter_iri,
    issue_scheme_iri,
    membership_iri,
    membership_time_iri,
    reviewer_iri,
    role_iri,
    span_iri,
    statement_part_iri,
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
rdf, rdfs, prov, skos, org = (_Terms(n) for n in (RDF, RDFS, PROV, SKOS, ORG))
time, dcterms = _Terms(TIME), _Terms(DCTERMS)
A = rdf.type
ACTOR_CLASSES = {
    "person": sg.Person,
    "organization": sg.Organization,
    "polity": sg.Polity,
    "group": sg.Group,
}
STATEMENT_CLASSES = {"quote": sg.DirectQuote, "reported": sg.ReportedStatement}
STANCES = {"favor": sg.Favor, "against": sg.Against, "neutral": sg.Neutral}
BASES = {"explicit": sg.Explicit, "inferred": sg.Inferred}
METHODS = {"manual": sg.ManualAnnotation, "drafted": sg.DraftedAnnotation}
PROPOSITION_KINDS = {
    "normative": sg.Normative,
    "predictive": sg.Predictive,
    "consequence": sg.Consequence,
}
#: RFC 5147 ``#char=`` IRIs: NIF's class for them (disjoint with nif:OffsetBasedString).
SPAN_CLASSES = (nif.String, nif.RFC5147String)
ARTICLE_CLASSES = (sg.Article, schema.NewsArticle, nif.Context)
OPENING_MARKS = "“‘\"'«„"
CLOSING_MARKS = "”’\"'»“"
#: Offsets are xsd:integer (never negative): stores such as Oxigraph keep no derived integer
#: type, so xsd:nonNegativeInteger would come back from the endpoint as xsd:integer.
INTEGER = str(XSD.integer)
DATE = str(XSD.date)
DECIMAL = str(XSD.decimal)


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


def _offset(value: int) -> str:
    return f'"{value}"^^<{INTEGER}>'


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
        add((node, schema.alternateName, literal(alt)))
    if actor.description:
        add((node, schema.description, _en(actor.description)))
    if actor.wikidata:
        add((node, skos.exactMatch, f"<{WD}{actor.wikidata}>"))
    for m in actor.memberships:
        organization_iri = data_iri(base, "actor", m.organization)
        organization = f"<{organization_iri}>"
        role = f"<{role_iri(organization_iri, _slug(m.role))}>"
        membership_node = membership_iri(iri, m.organization, _slug(m.role))
        membership = mapped.node(membership_node, Origin(actor.path, m.line))
        if not m.ended:  # a former member is no member: only the n-ary membership records it
            add((node, org.memberOf, organization))
        add((membership, A, org.Membership))
        add((membership, org.member, node))
        add((membership, org.organization, organization))
        add((membership, org.role, role))
        if m.source:
            add((membership, dcterms.source, f"<{m.source}>"))
        if m.since or m.ended:
            during = f"<{membership_time_iri(membership_node, 'during')}>"
            add((membership, org.memberDuring, during))
            add((during, A, time.ProperInterval))
            for part, date, link in (
                ("since", m.since, time.hasBeginning),
                ("until", m.until, time.hasEnd),
            ):
                if date is None and not (part == "until" and m.ended):
                    continue
                instant = f"<{membership_time_iri(membership_node, part)}>"
                add((during, link, instant))
                add((instant, A, time.Instant))
                if date is not None:
                    add((instant, time.inXSDDate, literal(date, datatype=DATE)))
        add((role, A, org.Role))
        add((role, rdfs.label, _en(m.role)))
        if m.role_wikidata:
            add((role, skos.exactMatch, f"<{WD}{m.role_wikidata}>"))


def _issue(mapped: Mapped, issue: Issue, scheme: str, base: str) -> None:
    add = mapped.triples.append
    node = mapped.node(data_iri(base, "issue", issue.id), Origin(issue.path, issue.line))
    if issue.kind == "topic":
        add((node, A, sg.Topic))
    else:
        add((node, A, sg.Issue))
        add((node, sg.propositionKind, PROPOSITION_KINDS[issue.kind]))
    add((node, A, skos.Concept))
    add((node, skos.prefLabel, _en(issue.label)))
    add((node, skos.inScheme, scheme))
    if not issue.broader:
        add((node, skos.topConceptOf, scheme))
        add((scheme, skos.hasTopConcept, node))
    for other in issue.broader:
        broader = f"<{data_iri(base, 'issue', other)}>"
        add((node, skos.broader, broader))
        add((broader, skos.narrower, node))
    for other in issue.related:
        related = f"<{data_iri(base, 'issue', other)}>"
        add((node, skos.related, related))
        add((related, skos.related, node))
    if issue.definition:
        add((node, skos.definition, _en(issue.definition)))


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
        _issue(mapped, issue, scheme, base)
    mapped.triples = list(dict.fromkeys(mapped.triples))  # related both ways, once each
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


def _contains(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """Whether span ``outer`` holds span ``inner`` and is longer than it."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer != inner


def reported_in(spans: dict[str, tuple[int, int]], article: Article) -> dict[str, str]:
    """For each statement inside another speaker's statement, the innermost such statement."""
    speakers = {s.id: s.speaker for s in article.statements}
    found: dict[str, str] = {}
    for inner, inner_span in spans.items():
        around = [
            outer
            for outer, outer_span in spans.items()
            if speakers[outer] != speakers[inner] and _contains(outer_span, inner_span)
        ]
        if around:
            found[inner] = min(around, key=lambda o: (spans[o][1] - spans[o][0], spans[o]))
    return found


def _statement(
    mapped: Mapped,
    text: str,
    article: Article,
    s: Statement,
    where: tuple[int, int],
    context_of: dict[str, str],
    base: str,
) -> None:
    add = mapped.triples.append
    article_iri = data_iri(base, "article", article.slug)
    article_node = f"<{article_iri}>"
    begin, end = where
    iri = data_iri(base, "statement", f"{article.slug}-{s.id}")
    node = mapped.node(iri, Origin(article.path, s.line))
    span = mapped.node(span_iri(article_iri, begin, end), Origin(article.path, s.text_line))
    words = literal(s.text)
    add((node, A, sg.Statement))
    add((node, A, STATEMENT_CLASSES[s.kind]))
    add((node, A, schema.Claim))
    if s.speaker is not None:  # None: a draft's statement whose speaker the text never names
        speaker = f"<{data_iri(base, 'actor', s.speaker)}>"
        add((node, prov.wasAttributedTo, speaker))
        add((node, schema.author, speaker))
    add((node, sg.article, article_node))
    add((node, schema.appearance, article_node))
    add((node, sg.text, words))
    add((node, schema.text, words))
    add((node, sg.span, span))
    add((node, sg.basis, BASES[s.basis]))
    add((node, prov.wasGeneratedBy, f"<{activity_iri(article_iri)}>"))
    for issue in s.about:
        add((node, sg.about, f"<{data_iri(base, 'issue', issue)}>"))
    for actor in s.mentions:
        add((node, schema.mentions, f"<{data_iri(base, 'actor', actor)}>"))
    if s.repeats:
        add((node, sg.repeats, f"<{data_iri(base, 'statement', f'{article.slug}-{s.repeats}')}>"))
    if s.id in context_of:
        outer = data_iri(base, "statement", f"{article.slug}-{context_of[s.id]}")
        add((node, sg.reportedIn, f"<{outer}>"))
    if s.note:
        add((node, rdfs.comment, _en(s.note)))
    _made(mapped, node, s, article_iri)
    for cls in SPAN_CLASSES:
        add((span, A, cls))
    add((span, nif.referenceContext, article_node))
    first, last = _offset(begin), _offset(end)
    add((span, nif.beginIndex, first))
    add((span, nif.endIndex, last))
    add((span, nif.anchorOf, words))
    # The Web Annotation: the statement is the body; the target is the article, selected twice
    # (by position and by quote: alternatives that select the same characters).
    annotation, target, position, quote = (
        f"<{statement_part_iri(iri, part)}>"
        for part in ("annotation", "target", "position", "quote")
    )
    add((annotation, A, oa.Annotation))
    add((annotation, oa.hasBody, node))
    add((annotation, oa.hasTarget, target))
    add((annotation, oa.motivatedBy, oa.identifying))
    add((target, A, oa.SpecificResource))
    add((target, oa.hasSource, article_node))
    add((target, oa.hasSelector, position))
    add((target, oa.hasSelector, quote))
    add((position, A, oa.TextPositionSelector))
    add((position, oa.start, first))
    add((position, oa.end, last))
    add((quote, A, oa.TextQuoteSelector))
    add((quote, oa.exact, words))
    prefix, suffix = context(text, begin, end)
    if prefix:
        add((quote, oa.prefix, literal(prefix)))
    if suffix:
        add((quote, oa.suffix, literal(suffix)))


def _made(mapped: Mapped, node: str, s: Statement, article_iri: str) -> None:
    """What drafted the statement (tool, rule, confidence) and who reviewed it."""
    add = mapped.triples.append
    if s.drafted is not None:
        tool = f"<{drafter_iri(article_iri, _slug(s.drafted.by))}>"
        add((node, sg.draftedWith, tool))
        add((node, sg.draftingRule, literal(s.drafted.rule)))
        add((node, sg.confidence, literal(s.drafted.confidence, datatype=DECIMAL)))
        add((tool, A, prov.Agent))
        add((tool, A, prov.SoftwareAgent))
        add((tool, rdfs.label, literal(s.drafted.by)))
    if s.reviewed_by is not None:
        reviewer = f"<{reviewer_iri(article_iri, _slug(s.reviewed_by))}>"
        add((node, sg.reviewedBy, reviewer))
        add((reviewer, A, prov.Agent))
        add((reviewer, rdfs.label, literal(s.reviewed_by)))


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
        add((node, schema.datePublished, literal(article.date_published, datatype=DATE)))
    add((node, nif.isString, literal(text)))
    add((node, nif.beginIndex, _offset(0)))
    add((node, nif.endIndex, _offset(len(text))))
    made = article.annotation
    activity = mapped.node(activity_iri(iri), Origin(article.path, made.line))
    agent = f"<{annotator_iri(iri)}>"
    add((activity, A, prov.Activity))
    add((activity, A, sg.AnnotationActivity))
    add((activity, sg.method, METHODS[made.method]))
    add((activity, prov.used, node))
    add((activity, prov.wasAssociatedWith, agent))
    add((activity, dcterms.date, literal(made.date, datatype=DATE)))
    add((agent, A, prov.Agent))
    if made.method == "drafted":
        add((agent, A, prov.SoftwareAgent))
    add((agent, rdfs.label, literal(made.by)))


def _position(mapped: Mapped, article: Article, p: Position, base: str) -> None:
    add = mapped.triples.append
    iri = data_iri(base, "position", f"{article.slug}-{p.id}")
    node = mapped.node(iri, Origin(article.path, p.line))
    add((node, A, sg.Position))
    add((node, sg.holder, f"<{data_iri(base, 'actor', p.holder)}>"))
    add((node, sg.issue, f"<{data_iri(base, 'issue', p.issue)}>"))
    add((node, sg.stance, STANCES[p.stance]))
    add((node, sg.basis, BASES[p.basis]))
    article_iri = data_iri(base, "article", article.slug)
    add((node, prov.wasGeneratedBy, f"<{activity_iri(article_iri)}>"))
    if p.ascribed_by:
        add((node, sg.ascribedBy, f"<{data_iri(base, 'actor', p.ascribed_by)}>"))
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
    for actor in article.actors:  # proposed by this mapping: published with its article
        _actor(mapped, actor, base)
    spans = {s.id: _span(text, article, s) for s in article.statements}
    context_of = reported_in(spans, article)
    for statement in article.statements:
        _statement(mapped, text, article, statement, spans[statement.id], context_of, base)
    for position in article.positions:
        _position(mapped, article, position, base)
    return mapped
