"""The SHACL shapes: a valid dataset conforms, and each single mistake gives exactly one result.

Every failing dataset is the valid fixture ``fixtures/shapes/valid.trig`` (plus the ontology, as
in a build) with one table edit: triples removed, then triples added. In ``remove`` a blank
node ``[]`` stands for any object. Each case names the shape it breaks, and a test checks that
the table breaks every constraint of every shape in ``ontology/shapes.ttl``.

A mistake in a value the mapping writes twice (the speaker as ``prov:wasAttributedTo`` and
``schema:author``, the article as ``sg:article`` and ``schema:appearance``, a span's offsets and
its statement's position selector) is made in both places, as a wrong mapping would make it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef
from rdflib.namespace import XSD

from stancegraph.mapping.pipeline import map_corpus
from stancegraph.shacl import core_checks
from stancegraph.shacl.sparql_checks import from_oxigraph, oxigraph_store
from stancegraph.shacl.validation import (
    SGSH,
    Report,
    core_data,
    core_shapes,
    shapes,
    triples_of,
    validate,
)
from stancegraph.terms.ntriples import to_rdflib
from stancegraph.vocabulary import ONTOLOGY_TTL, SH, SHAPES_TTL

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
BASE = "https://w3id.org/stancegraph/"
NAMESPACES = {
    "sg": "https://w3id.org/stancegraph/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    "article": BASE + "id/article/",
    "stmt": BASE + "id/statement/",
    "pos": BASE + "id/position/",
    "actor": BASE + "id/actor/",
    "issue": BASE + "id/issue/",
}
TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in NAMESPACES.items())


def node(iri: str, fragment: str) -> str:
    """``<iri#fragment>`` for ``prefix:local`` or ``<iri>``: a node named after another."""
    if iri.startswith("<"):
        return f"<{iri[1:-1]}#{fragment}>"
    prefix, local = iri.split(":", 1)
    return f"<{NAMESPACES[prefix]}{local}#{fragment}>"


# Nodes of the fixture that the cases are about.
Q1, R1, R2 = "stmt:tiny-petrovic-q1", "stmt:tiny-daily-news-r1", "stmt:tiny-serbia-r1"
NESTED = "stmt:tiny-kosovo-r1"  # Kosovo's words inside Ana's quote Q1, sg:reportedIn Q1
SPAN = "<https://w3id.org/stancegraph/id/article/tiny#char=20,45>"  # Q1's
# R2's span: no statement lies around or inside it, so a change to it breaks no sg:reportedIn.
LONE_SPAN = "<https://w3id.org/stancegraph/id/article/tiny#char=73,91>"
ANNOTATION, TARGET = node(Q1, "annotation"), node(Q1, "target")
SELECTOR, QUOTE = node(Q1, "position"), node(Q1, "quote")  # Q1's position and quote selectors
LONE_SELECTOR = node(R2, "position")
# Nodes a case adds beside the fixture's: a second annotation and target for Q1.
STRAY_ANNOTATION, STRAY_TARGET = node(Q1, "annotation-2"), node(Q1, "target-2")
ACTIVITY, AGENT = node("article:tiny", "annotation"), node("article:tiny", "annotator")
# R2 was drafted by a program and reviewed by a person.
DRAFTER = node("article:tiny", "drafter-stancegraph-draft-0-1-0")[:-1]  # without its ">"
REVIEWER = node("article:tiny", "reviewer-ivo-ivic")
POSITION = "pos:tiny-petrovic-membership"
ASCRIBED = "pos:tiny-party-of-progress-membership"  # held by the party, ascribed by Ana
MEMBERSHIP = node("actor:ana-petrovic", "membership-party-of-progress-leader")  # current
FORMER = node("actor:ivo-ivic", "membership-party-of-progress-spokesperson")  # ended
DURING = FORMER[:-1] + "-during>"
UNTIL = FORMER[:-1] + "-until>"
ROLE = node("actor:party-of-progress", "role-leader")
ISSUE, TOPIC = "issue:kosovo-nato-membership", "issue:kosovo-and-nato"
SCHEME = "<https://w3id.org/stancegraph/id/issues>"
TEXT = (
    "Ana Petrović said: “Kosovo is ready for NATO.” The Daily News backs her. Belgrade disagrees."
)

# A reprint of the article: a second, valid article with the same text.
REPRINT = f"""
article:reprint a sg:Article , schema:NewsArticle , nif:Context ;
    schema:headline "Ready for NATO" ; schema:publisher actor:daily-news ; schema:inLanguage "en" ;
    nif:isString "{TEXT}" ;
    nif:beginIndex 0 ; nif:endIndex 92 .
"""
SECOND_ISSUE = f"""
issue:kosovo-army a sg:Issue , skos:Concept ;
    skos:prefLabel "Kosovo should form its own army."@en ; skos:inScheme {SCHEME} ;
    sg:propositionKind sg:Normative ; skos:broader {TOPIC} .
"""
# A second annotation activity of the article, valid in itself.
SECOND_ACTIVITY = f"""
{node("article:tiny", "annotation-2")} a prov:Activity , sg:AnnotationActivity ;
    sg:method sg:ManualAnnotation ; prov:used article:tiny ; prov:wasAssociatedWith {AGENT} ;
    dcterms:date "2026-12-03"^^xsd:date .
"""


@dataclass(frozen=True)
class Case:
    """One mistake: the edit that makes it, and the one result it must give."""

    name: str
    shape: str
    focus: str
    message: str
    remove: str = ""
    add: str = ""


def offset(value: int) -> str:
    """An offset as the mapping writes it: an xsd:integer."""
    return f'"{value}"^^xsd:integer'


CASES = (
    # ---------------------------------------------------------------- article
    Case("article without text", "Article-text", "article:tiny",
         "An article must have exactly one full text (nif:isString), a plain string.",
         remove="article:tiny nif:isString [] ."),
    Case("article text in a language", "Article-text", "article:tiny",
         "An article must have exactly one full text (nif:isString), a plain string.",
         remove="article:tiny nif:isString [] .", add=f'article:tiny nif:isString "{TEXT}"@en .'),
    Case("article with two texts", "Article-text", "article:tiny",
         "An article must have exactly one full text (nif:isString), a plain string.",
         add='article:tiny nif:isString "Another text." .'),
    Case("article without headline", "Article-headline", "article:tiny",
         "An article must have exactly one headline (schema:headline), as text.",
         remove="article:tiny schema:headline [] ."),
    Case("article with two headlines", "Article-headline", "article:tiny",
         "An article must have exactly one headline (schema:headline), as text.",
         add='article:tiny schema:headline "Another headline" .'),
    Case("headline that is an IRI", "Article-headline", "article:tiny",
         "An article must have exactly one headline (schema:headline), as text.",
         remove="article:tiny schema:headline [] .", add="article:tiny schema:headline issue:x ."),
    # Without a publisher, the publisher's claim no longer evidences the position: drop that too.
    Case("article without publisher", "Article-publisher-count", "article:tiny",
         "An article must have exactly one publisher (schema:publisher).",
         remove=f"article:tiny schema:publisher [] . {POSITION} sg:evidence {R1} ."),
    Case("article with two publishers", "Article-publisher-count", "article:tiny",
         "An article must have exactly one publisher (schema:publisher).",
         add="article:tiny schema:publisher actor:party-of-progress ."),
    Case("publisher that is no organization", "Article-publisher-class", "article:tiny",
         "The article's publisher (schema:publisher) is not an organization (sg:Organization).",
         remove="actor:daily-news a sg:Organization .", add="actor:daily-news a sg:Polity ."),
    Case("editor who is no person", "Article-editor", "article:tiny",
         "An article has at most one editor (schema:editor), and the editor must be a person "
         "(sg:Person).",
         remove="article:tiny schema:editor [] .", add="article:tiny schema:editor actor:kosovo ."),
    Case("article with two editors", "Article-editor", "article:tiny",
         "An article has at most one editor (schema:editor), and the editor must be a person "
         "(sg:Person).",
         add="article:tiny schema:editor actor:ana-petrovic ."),
    Case("article without language", "Article-language", "article:tiny",
         "An article must have exactly one language code (schema:inLanguage), a plain string.",
         remove="article:tiny schema:inLanguage [] ."),
    Case("article with two languages", "Article-language", "article:tiny",
         "An article must have exactly one language code (schema:inLanguage), a plain string.",
         add='article:tiny schema:inLanguage "sr" .'),
    Case("language code in a language", "Article-language", "article:tiny",
         "An article must have exactly one language code (schema:inLanguage), a plain string.",
         remove="article:tiny schema:inLanguage [] .", add='article:tiny schema:inLanguage "en"@en .'),
    Case("article text not starting at 0", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an xsd:integer).",
         remove="article:tiny nif:beginIndex [] .", add=f"article:tiny nif:beginIndex {offset(1)} ."),
    Case("article text starting before 0", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an xsd:integer).",
         remove="article:tiny nif:beginIndex [] .", add=f"article:tiny nif:beginIndex {offset(-1)} ."),
    Case("article start as xsd:nonNegativeInteger", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an xsd:integer).",
         remove="article:tiny nif:beginIndex [] .",
         add='article:tiny nif:beginIndex "0"^^xsd:nonNegativeInteger .'),
    Case("article without start", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an xsd:integer).",
         remove="article:tiny nif:beginIndex [] ."),
    Case("article without end", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), an xsd:integer of 0 or more.",
         remove="article:tiny nif:endIndex [] ."),
    Case("article end as xsd:nonNegativeInteger", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), an xsd:integer of 0 or more.",
         remove="article:tiny nif:endIndex [] .",
         add='article:tiny nif:endIndex "92"^^xsd:nonNegativeInteger .'),
    Case("article with two ends", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), an xsd:integer of 0 or more.",
         add=f"article:tiny nif:endIndex {offset(93)} ."),
    Case("negative article end", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), an xsd:integer of 0 or more.",
         remove="article:tiny nif:endIndex [] .", add=f"article:tiny nif:endIndex {offset(-1)} ."),
    Case("article end not its length", "ArticleLength", "article:tiny",
         "The article's end offset (nif:endIndex) is 91, but its text is 92 characters long.",
         remove="article:tiny nif:endIndex [] .", add=f"article:tiny nif:endIndex {offset(91)} ."),
    Case("article not a schema:NewsArticle (no ontology)", "ArticleTypes", "article:tiny",
         "An article must also be a schema:NewsArticle and a nif:Context.",
         remove="article:tiny a schema:NewsArticle . sg:Article rdfs:subClassOf [] ."),
    Case("article not a nif:Context (no ontology)", "ArticleTypes", "article:tiny",
         "An article must also be a schema:NewsArticle and a nif:Context.",
         remove="article:tiny a nif:Context . sg:Article rdfs:subClassOf [] ."),
    # ---------------------------------------------------------------- how the article was annotated
    Case("activity without annotator", "Activity-agent", ACTIVITY,
         "An annotation activity must name exactly one agent (prov:wasAssociatedWith), a "
         "prov:Agent.",
         remove=f"{ACTIVITY} prov:wasAssociatedWith [] ."),
    Case("activity with two annotators", "Activity-agent", ACTIVITY,
         "An annotation activity must name exactly one agent (prov:wasAssociatedWith), a "
         "prov:Agent.",
         add=f"{ACTIVITY} prov:wasAssociatedWith {node('article:tiny', 'annotator-2')} . "
         f'{node("article:tiny", "annotator-2")} a prov:Agent ; rdfs:label "Someone else" .'),
    Case("annotator that is no prov:Agent", "Activity-agent", ACTIVITY,
         "An annotation activity must name exactly one agent (prov:wasAssociatedWith), a "
         "prov:Agent.",
         remove=f"{AGENT} a prov:Agent ."),
    Case("activity without date", "Activity-date", ACTIVITY,
         "An annotation activity must have exactly one date (dcterms:date), an xsd:date.",
         remove=f"{ACTIVITY} dcterms:date [] ."),
    Case("activity with two dates", "Activity-date", ACTIVITY,
         "An annotation activity must have exactly one date (dcterms:date), an xsd:date.",
         add=f'{ACTIVITY} dcterms:date "2026-12-03"^^xsd:date .'),
    Case("activity date that does not exist", "Activity-date", ACTIVITY,
         "An annotation activity must have exactly one date (dcterms:date), an xsd:date.",
         remove=f"{ACTIVITY} dcterms:date [] .", add=f'{ACTIVITY} dcterms:date "2026-02-30"^^xsd:date .'),
    Case("activity date as a string", "Activity-date", ACTIVITY,
         "An annotation activity must have exactly one date (dcterms:date), an xsd:date.",
         remove=f"{ACTIVITY} dcterms:date [] .", add=f'{ACTIVITY} dcterms:date "2026-12-02" .'),
    Case("activity without method", "Activity-method", ACTIVITY,
         "An annotation activity must say once how it worked (sg:method sg:ManualAnnotation or "
         "sg:DraftedAnnotation).",
         remove=f"{ACTIVITY} sg:method [] ."),
    Case("activity with two methods", "Activity-method", ACTIVITY,
         "An annotation activity must say once how it worked (sg:method sg:ManualAnnotation or "
         "sg:DraftedAnnotation).",
         add=f"{ACTIVITY} sg:method sg:DraftedAnnotation ."),
    Case("activity method outside the two", "Activity-method", ACTIVITY,
         "An annotation activity must say once how it worked (sg:method sg:ManualAnnotation or "
         "sg:DraftedAnnotation).",
         remove=f"{ACTIVITY} sg:method [] .", add=f"{ACTIVITY} sg:method sg:Explicit ."),
    Case("activity that read no article", "Activity-article", ACTIVITY,
         "An annotation activity must name exactly one article it read (prov:used), an "
         "sg:Article.",
         remove=f"{ACTIVITY} prov:used [] ."),
    Case("activity that read two articles", "Activity-article", ACTIVITY,
         "An annotation activity must name exactly one article it read (prov:used), an "
         "sg:Article.",
         add=f"{ACTIVITY} prov:used article:reprint . {REPRINT}"),
    Case("activity that read no sg:Article", "Activity-article", ACTIVITY,
         "An annotation activity must name exactly one article it read (prov:used), an "
         "sg:Article.",
         remove=f"{ACTIVITY} prov:used [] .", add=f"{ACTIVITY} prov:used actor:daily-news ."),
    Case("annotator without name", "Agent-label", AGENT,
         "An agent (prov:Agent), such as the annotator of an article, must have a name "
         "(rdfs:label).",
         remove=f"{AGENT} rdfs:label [] ."),
    # ---------------------------------------------------------------- statement
    Case("statement without speaker", "StatementSpeaker", Q1,
         "A statement must have a speaker (prov:wasAttributedTo); only a drafted statement "
         "(sg:draftedWith) not yet reviewed (sg:reviewedBy) may leave it unknown.",
         remove=f"{Q1} prov:wasAttributedTo [] ; schema:author [] ."),
    Case("reviewed draft without speaker", "StatementSpeaker", R2,
         "A statement must have a speaker (prov:wasAttributedTo); only a drafted statement "
         "(sg:draftedWith) not yet reviewed (sg:reviewedBy) may leave it unknown.",
         remove=f"{R2} prov:wasAttributedTo [] ; schema:author [] ."),
    Case("statement with two speakers", "Statement-speaker-count", Q1,
         "A statement has at most one speaker (prov:wasAttributedTo).",
         add=f"{Q1} prov:wasAttributedTo actor:daily-news ; schema:author actor:daily-news ."),
    # ---------------------------------------------------------------- drafted and reviewed
    Case("statement drafted by two programs", "Statement-drafted-with", R2,
         "A statement was drafted by at most one program (sg:draftedWith), a prov:SoftwareAgent.",
         add=f"{R2} sg:draftedWith {DRAFTER}-2> . {DRAFTER}-2> a prov:Agent , prov:SoftwareAgent ; "
         'rdfs:label "another drafter" .'),
    Case("statement drafted by no program", "Statement-drafted-with", R2,
         "A statement was drafted by at most one program (sg:draftedWith), a prov:SoftwareAgent.",
         remove=f"{DRAFTER}> a prov:SoftwareAgent ."),
    Case("statement with two drafting rules", "Statement-drafting-rule", R2,
         "A statement names at most one drafting rule (sg:draftingRule), a plain string.",
         add=f'{R2} sg:draftingRule "quote-then-name-verb" .'),
    Case("drafting rule as a number", "Statement-drafting-rule", R2,
         "A statement names at most one drafting rule (sg:draftingRule), a plain string.",
         remove=f"{R2} sg:draftingRule [] .", add=f"{R2} sg:draftingRule 3 ."),
    Case("statement with two confidences", "Statement-confidence", R2,
         "A statement has at most one confidence (sg:confidence), an xsd:decimal from 0 to 1.",
         add=f"{R2} sg:confidence 0.5 ."),
    Case("confidence above 1", "Statement-confidence", R2,
         "A statement has at most one confidence (sg:confidence), an xsd:decimal from 0 to 1.",
         remove=f"{R2} sg:confidence [] .", add=f"{R2} sg:confidence 1.5 ."),
    Case("confidence below 0", "Statement-confidence", R2,
         "A statement has at most one confidence (sg:confidence), an xsd:decimal from 0 to 1.",
         remove=f"{R2} sg:confidence [] .", add=f"{R2} sg:confidence -0.1 ."),
    Case("confidence as a double", "Statement-confidence", R2,
         "A statement has at most one confidence (sg:confidence), an xsd:decimal from 0 to 1.",
         remove=f"{R2} sg:confidence [] .", add=f"{R2} sg:confidence 8e-1 ."),
    Case("reviewer who is no agent", "Statement-reviewed-by", R2,
         "A statement's reviewer (sg:reviewedBy) must be a prov:Agent.",
         remove=f"{REVIEWER} a prov:Agent ."),
    Case("drafted statement without its program", "StatementDrafted", R2,
         "A drafted statement must say what drafted it (sg:draftedWith), by which rule "
         "(sg:draftingRule) and how sure it is (sg:confidence): "
         "https://w3id.org/stancegraph/ontology#draftedWith is missing.",
         remove=f"{R2} sg:draftedWith [] ."),
    Case("drafted statement without its rule", "StatementDrafted", R2,
         "A drafted statement must say what drafted it (sg:draftedWith), by which rule "
         "(sg:draftingRule) and how sure it is (sg:confidence): "
         "https://w3id.org/stancegraph/ontology#draftingRule is missing.",
         remove=f"{R2} sg:draftingRule [] ."),
    Case("drafted statement without its confidence", "StatementDrafted", R2,
         "A drafted statement must say what drafted it (sg:draftedWith), by which rule "
         "(sg:draftingRule) and how sure it is (sg:confidence): "
         "https://w3id.org/stancegraph/ontology#confidence is missing.",
         remove=f"{R2} sg:confidence [] ."),
    Case("speaker who is no actor", "Statement-speaker-class", R2,
         "The statement's speaker (prov:wasAttributedTo) is not an actor (sg:Actor).",
         remove=f"{R2} prov:wasAttributedTo [] ; schema:author [] .",
         add=f"{R2} prov:wasAttributedTo {ISSUE} ; schema:author {ISSUE} ."),
    Case("statement without schema:author", "Statement-author", Q1,
         "A statement's schema:author must be its speaker (prov:wasAttributedTo).",
         remove=f"{Q1} schema:author [] ."),
    Case("statement without article", "Statement-article-count", Q1,
         "A statement must belong to exactly one article (sg:article).",
         remove=f"{Q1} sg:article [] ; schema:appearance [] ."),
    Case("statement in two articles", "Statement-article-count", Q1,
         "A statement must belong to exactly one article (sg:article).",
         add=f"{Q1} sg:article article:reprint ; schema:appearance article:reprint . {REPRINT}"),
    Case("statement article that is no article", "Statement-article-class", Q1,
         "The statement's article (sg:article) is not an article (sg:Article).",
         remove=f"{Q1} sg:article [] ; schema:appearance [] .",
         add=f"{Q1} sg:article actor:daily-news ; schema:appearance actor:daily-news ."),
    Case("statement without schema:appearance", "Statement-appearance", Q1,
         "A statement's schema:appearance must be its article (sg:article).",
         remove=f"{Q1} schema:appearance [] ."),
    Case("statement not a schema:Claim (no ontology)", "StatementClaim", Q1,
         "A statement must also be a schema:Claim.",
         remove=f"{Q1} a schema:Claim . sg:Statement rdfs:subClassOf [] ."),
    Case("statement without text", "Statement-text", Q1,
         "A statement must have exactly one text (sg:text), a plain string.",
         remove=f"{Q1} sg:text [] ."),
    Case("statement with two texts", "Statement-text", Q1,
         "A statement must have exactly one text (sg:text), a plain string.",
         add=f'{Q1} sg:text "Kosovo is ready." .'),
    Case("statement text in a language", "Statement-text", Q1,
         "A statement must have exactly one text (sg:text), a plain string.",
         remove=f"{Q1} sg:text [] .", add=f'{Q1} sg:text "Kosovo is ready for NATO."@en .'),
    Case("statement without span", "Statement-span-count", Q1,
         "A statement must have exactly one span (sg:span) locating it in the article.",
         remove=f"{Q1} sg:span [] ."),
    Case("statement with two spans", "Statement-span-count", Q1,
         "A statement must have exactly one span (sg:span) locating it in the article.",
         add=f"{Q1} sg:span {LONE_SPAN} ."),
    Case("span that is no nif:RFC5147String", "Statement-span-class", Q1,
         "The statement's span (sg:span) is not a nif:RFC5147String.",
         remove=f"{SPAN} a nif:RFC5147String ."),
    Case("statement about an actor", "Statement-about", Q1,
         "A statement can only be about issues (sg:about must point to an sg:Issue).",
         add=f"{Q1} sg:about actor:kosovo ."),
    Case("statement mentioning an issue", "Statement-mentions", Q1,
         "A statement can only mention actors (schema:mentions must point to an sg:Actor).",
         add=f"{Q1} schema:mentions {ISSUE} ."),
    Case("statement with two notes", "Statement-comment", Q1,
         "A statement has at most one annotator's note (rdfs:comment).",
         add=f'{Q1} rdfs:comment "Another note."@en .'),
    Case("statement without sg:basis", "Made-basis", Q1,
         "Statements and positions must say once how they were established (sg:basis "
         "sg:Explicit or sg:Inferred).",
         remove=f"{Q1} sg:basis [] ."),
    Case("statement with two bases", "Made-basis", Q1,
         "Statements and positions must say once how they were established (sg:basis "
         "sg:Explicit or sg:Inferred).",
         add=f"{Q1} sg:basis sg:Inferred ."),
    Case("statement basis outside the two", "Made-basis", Q1,
         "Statements and positions must say once how they were established (sg:basis "
         "sg:Explicit or sg:Inferred).",
         remove=f"{Q1} sg:basis [] .", add=f"{Q1} sg:basis sg:Favor ."),
    Case("statement without provenance", "Made-by", Q1,
         "Statements and positions must have exactly one provenance (prov:wasGeneratedBy), an "
         "annotation activity (sg:AnnotationActivity).",
         remove=f"{Q1} prov:wasGeneratedBy [] ."),
    Case("statement made by two activities", "Made-by", Q1,
         "Statements and positions must have exactly one provenance (prov:wasGeneratedBy), an "
         "annotation activity (sg:AnnotationActivity).",
         add=f"{Q1} prov:wasGeneratedBy {node('article:tiny', 'annotation-2')} . {SECOND_ACTIVITY}"),
    Case("statement made by no annotation activity", "Made-by", Q1,
         "Statements and positions must have exactly one provenance (prov:wasGeneratedBy), an "
         "annotation activity (sg:AnnotationActivity).",
         remove=f"{Q1} prov:wasGeneratedBy [] .", add=f"{Q1} prov:wasGeneratedBy article:tiny ."),
    Case("statement neither quote nor reported", "StatementKind", Q1,
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         remove=f"{Q1} a sg:DirectQuote ."),
    Case("statement both quote and reported", "StatementKind", Q1,
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         add=f"{Q1} a sg:ReportedStatement ."),
    Case("reported statement not a sg:Statement (no ontology)", "StatementKind", "stmt:tiny-x",
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         remove="sg:ReportedStatement rdfs:subClassOf [] .", add="stmt:tiny-x a sg:ReportedStatement ."),
    Case("wrong offsets", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 20–44: the article has "
         '"Kosovo is ready for NATO" there.',
         remove=f"{SPAN} nif:endIndex [] . {SELECTOR} oa:end [] .",
         add=f"{SPAN} nif:endIndex {offset(44)} . {SELECTOR} oa:end {offset(44)} ."),
    Case("text not in the article", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 20–45: the article has "
         '"Kosovo is ready for NATO." there.',
         remove=f"{Q1} sg:text [] . {SPAN} nif:anchorOf [] . {QUOTE} oa:exact [] .",
         add=f'{Q1} sg:text "Kosovo is ready for ANTO." . '
         f'{SPAN} nif:anchorOf "Kosovo is ready for ANTO." . '
         f'{QUOTE} oa:exact "Kosovo is ready for ANTO." .'),
    Case("statement text differs from its span", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 20–45: the article has "
         '"Kosovo is ready for NATO." there.',
         remove=f"{Q1} sg:text [] .", add=f'{Q1} sg:text "Kosovo is ready." .'),
    Case("nif:anchorOf differs from the statement", "StatementText", Q1,
         'The nif:anchorOf "Kosovo is ready." of the statement\'s span or quote selector differs '
         "from the statement's text (sg:text).",
         remove=f"{SPAN} nif:anchorOf [] .", add=f'{SPAN} nif:anchorOf "Kosovo is ready." .'),
    Case("oa:exact differs from the statement", "StatementText", Q1,
         'The oa:exact "Kosovo is ready." of the statement\'s span or quote selector differs '
         "from the statement's text (sg:text).",
         remove=f"{QUOTE} oa:exact [] .", add=f'{QUOTE} oa:exact "Kosovo is ready." .'),
    Case("span in another article", "StatementSpanArticle", R2,
         f"The statement's span lies in {BASE}id/article/reprint, not in the statement's own "
         f"article {BASE}id/article/tiny.",
         remove=f"{LONE_SPAN} nif:referenceContext [] .",
         add=f"{LONE_SPAN} nif:referenceContext article:reprint . {REPRINT}"),
    Case("same speaker and span twice", "StatementUnique", R2 + "-again",
         f"The statement repeats {BASE}id/statement/tiny-serbia-r1: same article, same speaker, "
         "same place in the text.",
         add=f"""{R2}-again a sg:Statement , sg:ReportedStatement , schema:Claim ;
             prov:wasAttributedTo actor:serbia ; schema:author actor:serbia ;
             sg:article article:tiny ; schema:appearance article:tiny ;
             sg:text "Belgrade disagrees" ; sg:span {LONE_SPAN} ;
             sg:basis sg:Explicit ; prov:wasGeneratedBy {ACTIVITY} .
             {node(R2 + "-again", "annotation")} a oa:Annotation ;
             oa:hasBody {R2}-again ; oa:hasTarget {node(R2, "target")} ."""),
    # ---------------------------------------------------------------- reports and repetitions
    Case("nested statement without sg:reportedIn", "StatementReportedIn", NESTED,
         f"The statement lies inside {BASE}id/statement/tiny-petrovic-q1, a statement of another "
         "speaker, but is not reported in it (sg:reportedIn, directly or through statements "
         "inside it).",
         remove=f"{NESTED} sg:reportedIn [] ."),
    Case("reported in a statement it does not lie inside", "StatementReportedIn", R2,
         f"The statement is reported in {BASE}id/statement/tiny-petrovic-q1 (sg:reportedIn), but "
         "it does not lie inside that statement's span, in the same article.",
         add=f"{R2} sg:reportedIn {Q1} ."),
    Case("statement reported in two statements", "Statement-reported-in", NESTED,
         "A statement is reported in at most one other statement (sg:reportedIn), an "
         "sg:Statement.",
         add=f"{NESTED} sg:reportedIn {R1} ."),
    Case("statement reported in an actor", "Statement-reported-in", R2,
         "A statement is reported in at most one other statement (sg:reportedIn), an "
         "sg:Statement.",
         add=f"{R2} sg:reportedIn actor:kosovo ."),
    Case("statement repeating an actor", "Statement-repeats", Q1,
         "A statement can only repeat a statement (sg:repeats must point to an sg:Statement).",
         add=f"{Q1} sg:repeats actor:kosovo ."),
    # ---------------------------------------------------------------- Web Annotation of a statement
    Case("annotation without body", "Annotation-body", STRAY_ANNOTATION,
         "A Web Annotation must have exactly one body (oa:hasBody), a statement (sg:Statement).",
         add=f"{STRAY_ANNOTATION} a oa:Annotation ; oa:hasTarget {TARGET} ."),
    Case("annotation with two bodies", "Annotation-body", ANNOTATION,
         "A Web Annotation must have exactly one body (oa:hasBody), a statement (sg:Statement).",
         add=f"{ANNOTATION} oa:hasBody {R1} ."),
    Case("annotation of an actor", "Annotation-body", STRAY_ANNOTATION,
         "A Web Annotation must have exactly one body (oa:hasBody), a statement (sg:Statement).",
         add=f"{STRAY_ANNOTATION} a oa:Annotation ; oa:hasBody actor:kosovo ; "
         f"oa:hasTarget {TARGET} ."),
    Case("annotation without target", "Annotation-target", STRAY_ANNOTATION,
         "A Web Annotation must have exactly one target (oa:hasTarget), an oa:SpecificResource.",
         add=f"{STRAY_ANNOTATION} a oa:Annotation ; oa:hasBody {Q1} ."),
    Case("annotation with two targets", "Annotation-target", ANNOTATION,
         "A Web Annotation must have exactly one target (oa:hasTarget), an oa:SpecificResource.",
         add=f"{ANNOTATION} oa:hasTarget {STRAY_TARGET} . {STRAY_TARGET} a oa:SpecificResource ; "
         f"oa:hasSource article:tiny ; oa:hasSelector {SELECTOR} , {QUOTE} ."),
    Case("target that is no oa:SpecificResource", "Annotation-target", ANNOTATION,
         "A Web Annotation must have exactly one target (oa:hasTarget), an oa:SpecificResource.",
         remove=f"{TARGET} a oa:SpecificResource ."),
    Case("target without source", "Target-source", STRAY_TARGET,
         "An annotation target must have exactly one source (oa:hasSource), an article "
         "(sg:Article).",
         add=f"{STRAY_TARGET} a oa:SpecificResource ; oa:hasSelector {SELECTOR} , {QUOTE} ."),
    Case("target in two articles", "Target-source", TARGET,
         "An annotation target must have exactly one source (oa:hasSource), an article "
         "(sg:Article).",
         add=f"{TARGET} oa:hasSource article:reprint . {REPRINT}"),
    Case("target in an actor", "Target-source", STRAY_TARGET,
         "An annotation target must have exactly one source (oa:hasSource), an article "
         "(sg:Article).",
         add=f"{STRAY_TARGET} a oa:SpecificResource ; oa:hasSource actor:kosovo ."),
    Case("statement without oa:Annotation", "StatementAnnotated", Q1,
         "The statement is not the body (oa:hasBody) of a Web Annotation (oa:Annotation) whose "
         "target's source (oa:hasTarget/oa:hasSource) is its article.",
         remove=f"{ANNOTATION} a oa:Annotation ."),
    Case("annotation of the statement in another article", "StatementAnnotated", Q1,
         "The statement is not the body (oa:hasBody) of a Web Annotation (oa:Annotation) whose "
         "target's source (oa:hasTarget/oa:hasSource) is its article.",
         remove=f"{TARGET} oa:hasSource [] .", add=f"{TARGET} oa:hasSource article:reprint . {REPRINT}"),
    Case("target without a quote selector", "StatementSelectors", Q1,
         f"The statement's annotation target {TARGET[1:-1]} must have one selector of each type: "
         "an oa:TextPositionSelector and a separate oa:TextQuoteSelector.",
         remove=f"{TARGET} oa:hasSelector {QUOTE} ."),
    Case("position selector that is also a quote selector", "StatementSelectors", R2,
         f"The statement's annotation target {node(R2, 'target')[1:-1]} must have one selector of "
         "each type: an oa:TextPositionSelector and a separate oa:TextQuoteSelector.",
         remove=f"{node(R2, 'target')} oa:hasSelector {node(R2, 'quote')} .",
         add=f'{LONE_SELECTOR} a oa:TextQuoteSelector ; oa:exact "Belgrade disagrees" .'),
    Case("position selector start not the span's", "StatementSelectorOffsets", Q1,
         "The statement's position selector says oa:start 21, but its span says 20.",
         remove=f"{SELECTOR} oa:start [] .", add=f"{SELECTOR} oa:start {offset(21)} ."),
    Case("position selector without start", "PositionSelector-start", SELECTOR,
         "A text position selector must have exactly one start (oa:start), an integer of 0 or "
         "more (xsd:integer).",
         remove=f"{SELECTOR} oa:start [] ."),
    Case("position selector with two starts", "PositionSelector-start", SELECTOR,
         "A text position selector must have exactly one start (oa:start), an integer of 0 or "
         "more (xsd:integer).",
         add=f"{SELECTOR} oa:start {offset(19)} ."),
    Case("oa:start as xsd:nonNegativeInteger", "PositionSelector-start", SELECTOR,
         "A text position selector must have exactly one start (oa:start), an integer of 0 or "
         "more (xsd:integer).",
         remove=f"{SELECTOR} oa:start [] .", add=f'{SELECTOR} oa:start "20"^^xsd:nonNegativeInteger .'),
    Case("negative oa:start", "PositionSelector-start", SELECTOR,
         "A text position selector must have exactly one start (oa:start), an integer of 0 or "
         "more (xsd:integer).",
         remove=f"{SELECTOR} oa:start [] .", add=f"{SELECTOR} oa:start {offset(-1)} ."),
    Case("position selector without end", "PositionSelector-end", SELECTOR,
         "A text position selector must have exactly one end (oa:end), an integer of 0 or more "
         "(xsd:integer).",
         remove=f"{SELECTOR} oa:end [] ."),
    Case("position selector with two ends", "PositionSelector-end", SELECTOR,
         "A text position selector must have exactly one end (oa:end), an integer of 0 or more "
         "(xsd:integer).",
         add=f"{SELECTOR} oa:end {offset(46)} ."),
    Case("oa:end as xsd:int", "PositionSelector-end", SELECTOR,
         "A text position selector must have exactly one end (oa:end), an integer of 0 or more "
         "(xsd:integer).",
         remove=f"{SELECTOR} oa:end [] .", add=f'{SELECTOR} oa:end "45"^^xsd:int .'),
    Case("negative oa:end", "PositionSelector-end", SELECTOR,
         "A text position selector must have exactly one end (oa:end), an integer of 0 or more "
         "(xsd:integer).",
         remove=f"{SELECTOR} oa:end [] .", add=f"{SELECTOR} oa:end {offset(-1)} ."),
    Case("quote selector without oa:exact", "QuoteSelector-exact", QUOTE,
         "A text quote selector must record the text exactly once (oa:exact), as a plain string.",
         remove=f"{QUOTE} oa:exact [] ."),
    Case("oa:exact twice", "QuoteSelector-exact", QUOTE,
         "A text quote selector must record the text exactly once (oa:exact), as a plain string.",
         add=f'{QUOTE} oa:exact "Kosovo is ready." .'),
    Case("oa:exact in a language", "QuoteSelector-exact", QUOTE,
         "A text quote selector must record the text exactly once (oa:exact), as a plain string.",
         remove=f"{QUOTE} oa:exact [] .", add=f'{QUOTE} oa:exact "Kosovo is ready for NATO."@en .'),
    Case("oa:prefix too long", "QuoteSelector-prefix", QUOTE,
         "A text quote selector has at most one text before it (oa:prefix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:prefix [] .",
         add=f'{QUOTE} oa:prefix "On a sunny day, Ana Petrović said: “" .'),
    Case("oa:prefix empty", "QuoteSelector-prefix", QUOTE,
         "A text quote selector has at most one text before it (oa:prefix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:prefix [] .", add=f'{QUOTE} oa:prefix "" .'),
    Case("oa:prefix in a language", "QuoteSelector-prefix", QUOTE,
         "A text quote selector has at most one text before it (oa:prefix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:prefix [] .", add=f'{QUOTE} oa:prefix "Ana Petrović said: “"@sr .'),
    Case("two oa:prefix", "QuoteSelector-prefix", QUOTE,
         "A text quote selector has at most one text before it (oa:prefix): a plain string of 1 "
         "to 32 characters.",
         add=f'{QUOTE} oa:prefix "said: “" .'),
    Case("two oa:suffix", "QuoteSelector-suffix", QUOTE,
         "A text quote selector has at most one text after it (oa:suffix): a plain string of 1 "
         "to 32 characters.",
         add=f'{QUOTE} oa:suffix "”" .'),
    Case("oa:suffix too long", "QuoteSelector-suffix", QUOTE,
         "A text quote selector has at most one text after it (oa:suffix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:suffix [] .",
         add=f'{QUOTE} oa:suffix "” The Daily News backs her. Belgrade" .'),
    Case("oa:suffix empty", "QuoteSelector-suffix", QUOTE,
         "A text quote selector has at most one text after it (oa:suffix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:suffix [] .", add=f'{QUOTE} oa:suffix "" .'),
    Case("oa:suffix as a number", "QuoteSelector-suffix", QUOTE,
         "A text quote selector has at most one text after it (oa:suffix): a plain string of 1 "
         "to 32 characters.",
         remove=f"{QUOTE} oa:suffix [] .", add=f"{QUOTE} oa:suffix 7 ."),
    # ---------------------------------------------------------------- span
    Case("span without article", "Span-context-count", LONE_SPAN,
         "A span must lie in exactly one article (nif:referenceContext).",
         remove=f"{LONE_SPAN} nif:referenceContext [] ."),
    Case("span in two articles", "Span-context-count", SPAN,
         "A span must lie in exactly one article (nif:referenceContext).",
         add=f"{SPAN} nif:referenceContext article:reprint . {REPRINT}"),
    Case("span in something that is no article", "Span-context-class", LONE_SPAN,
         "The span's context (nif:referenceContext) is not an article (sg:Article).",
         remove=f"{LONE_SPAN} nif:referenceContext [] .",
         add=f"{LONE_SPAN} nif:referenceContext actor:kosovo ."),
    Case("span without start", "Span-begin-count", LONE_SPAN,
         "A span must have exactly one start offset (nif:beginIndex).",
         remove=f"{LONE_SPAN} nif:beginIndex [] ."),
    Case("span with two starts", "Span-begin-count", SPAN,
         "A span must have exactly one start offset (nif:beginIndex).",
         add=f"{SPAN} nif:beginIndex {offset(19)} ."),
    Case("negative start", "Span-begin-datatype", SPAN,
         "The span's start offset (nif:beginIndex) must be an integer of 0 or more "
         "(xsd:integer).",
         remove=f"{SPAN} nif:beginIndex [] .", add=f"{SPAN} nif:beginIndex {offset(-1)} ."),
    Case("start as xsd:nonNegativeInteger", "Span-begin-datatype", SPAN,
         "The span's start offset (nif:beginIndex) must be an integer of 0 or more "
         "(xsd:integer).",
         remove=f"{SPAN} nif:beginIndex [] .",
         add=f'{SPAN} nif:beginIndex "20"^^xsd:nonNegativeInteger .'),
    Case("start equal to end", "Span-begin-before-end", LONE_SPAN,
         "The span's start offset (nif:beginIndex) must be less than its end offset "
         "(nif:endIndex).",
         remove=f"{LONE_SPAN} nif:beginIndex [] . {LONE_SELECTOR} oa:start [] .",
         add=f"{LONE_SPAN} nif:beginIndex {offset(91)} . {LONE_SELECTOR} oa:start {offset(91)} ."),
    Case("start after end", "Span-begin-before-end", LONE_SPAN,
         "The span's start offset (nif:beginIndex) must be less than its end offset "
         "(nif:endIndex).",
         remove=f"{LONE_SPAN} nif:beginIndex [] . {LONE_SELECTOR} oa:start [] .",
         add=f"{LONE_SPAN} nif:beginIndex {offset(92)} . {LONE_SELECTOR} oa:start {offset(92)} ."),
    Case("span without end", "Span-end-count", LONE_SPAN,
         "A span must have exactly one end offset (nif:endIndex).",
         remove=f"{LONE_SPAN} nif:endIndex [] ."),
    Case("span with two ends", "Span-end-count", SPAN,
         "A span must have exactly one end offset (nif:endIndex).",
         add=f"{SPAN} nif:endIndex {offset(46)} ."),
    Case("end as xsd:int", "Span-end-datatype", SPAN,
         "The span's end offset (nif:endIndex) must be an integer (xsd:integer).",
         remove=f"{SPAN} nif:endIndex [] .", add=f'{SPAN} nif:endIndex "45"^^xsd:int .'),
    Case("span without nif:anchorOf", "Span-anchor", SPAN,
         "A span must record its text exactly once (nif:anchorOf), as a plain string.",
         remove=f"{SPAN} nif:anchorOf [] ."),
    Case("nif:anchorOf in a language", "Span-anchor", SPAN,
         "A span must record its text exactly once (nif:anchorOf), as a plain string.",
         remove=f"{SPAN} nif:anchorOf [] .",
         add=f'{SPAN} nif:anchorOf "Kosovo is ready for NATO."@en .'),
    Case("nif:anchorOf twice", "Span-anchor", SPAN,
         "A span must record its text exactly once (nif:anchorOf), as a plain string.",
         add=f'{SPAN} nif:anchorOf "Kosovo is ready." .'),
    Case("span not a nif:String", "SpanTypes", SPAN,
         "A span must also be a nif:String.",
         remove=f"{SPAN} a nif:String ."),
    Case("span past the end of the article", "SpanWithinArticle", LONE_SPAN,
         "The span ends at offset 95, past the end of its article's text (92 characters).",
         remove=f"{LONE_SPAN} nif:endIndex [] . {LONE_SELECTOR} oa:end [] .",
         add=f"{LONE_SPAN} nif:endIndex {offset(95)} . {LONE_SELECTOR} oa:end {offset(95)} ."),
    # ---------------------------------------------------------------- position
    Case("position without holder", "Position-holder-count", POSITION,
         "A position must have exactly one holder (sg:holder).",
         remove=f"{POSITION} sg:holder [] ."),
    Case("position with two holders", "Position-holder-count", POSITION,
         "A position must have exactly one holder (sg:holder).",
         add=f"{POSITION} sg:holder actor:serbia ."),
    Case("holder who is no actor", "Position-holder-class", POSITION,
         "The position's holder (sg:holder) is not an actor (sg:Actor).",
         remove=f"{POSITION} sg:holder [] .", add=f"{POSITION} sg:holder {ISSUE} ."),
    Case("position on no issue", "Position-issue-count", POSITION,
         "A position must be on exactly one issue (sg:issue).",
         remove=f"{POSITION} sg:issue [] ."),
    Case("position on two issues", "Position-issue-count", POSITION,
         "A position must be on exactly one issue (sg:issue).",
         add=f"{POSITION} sg:issue issue:kosovo-army . {SECOND_ISSUE}"),
    Case("position on an actor", "Position-issue-class", POSITION,
         "The position's issue (sg:issue) is not an issue (sg:Issue).",
         remove=f"{POSITION} sg:issue [] .", add=f"{POSITION} sg:issue actor:kosovo ."),
    Case("position on a topic", "Position-issue-class", POSITION,
         "The position's issue (sg:issue) is not an issue (sg:Issue).",
         remove=f"{POSITION} sg:issue [] .", add=f"{POSITION} sg:issue {TOPIC} ."),
    Case("position without stance", "Position-stance-count", POSITION,
         "A position must take exactly one stance (sg:stance).",
         remove=f"{POSITION} sg:stance [] ."),
    Case("position with two stances", "Position-stance-count", POSITION,
         "A position must take exactly one stance (sg:stance).",
         add=f"{POSITION} sg:stance sg:Against ."),
    Case("stance outside the three", "Position-stance-value", POSITION,
         "The position's stance (sg:stance) must be sg:Favor, sg:Against or sg:Neutral.",
         remove=f"{POSITION} sg:stance [] .", add=f"{POSITION} sg:stance sg:Undecided ."),
    Case("position without evidence", "Position-evidence-count", POSITION,
         "A position must cite at least one statement as evidence (sg:evidence).",
         remove=f"{POSITION} sg:evidence [] ."),
    Case("evidence that is no statement", "Position-evidence-class", POSITION,
         "The position's evidence (sg:evidence) is not a statement (sg:Statement).",
         add=f"{POSITION} sg:evidence article:tiny ."),
    Case("position with two comments", "Position-comment", POSITION,
         "A position has at most one annotator's comment (rdfs:comment).",
         add=f'{POSITION} rdfs:comment "Another comment."@en .'),
    Case("position without sg:basis", "Made-basis", POSITION,
         "Statements and positions must say once how they were established (sg:basis "
         "sg:Explicit or sg:Inferred).",
         remove=f"{POSITION} sg:basis [] ."),
    Case("position without provenance", "Made-by", POSITION,
         "Statements and positions must have exactly one provenance (prov:wasGeneratedBy), an "
         "annotation activity (sg:AnnotationActivity).",
         remove=f"{POSITION} prov:wasGeneratedBy [] ."),
    Case("evidence by someone else", "PositionEvidence", POSITION,
         f"Evidence {BASE}id/statement/tiny-serbia-r1 is said by Serbia, who is neither the "
         "position's holder (Ana Petrović) nor the publisher of the statement's article; if "
         "Serbia ascribes the position to its holder, say so (sg:ascribedBy).",
         add=f"{POSITION} sg:evidence {R2} ."),
    Case("publisher's claim that does not name the holder", "PositionClaimNamesHolder", POSITION,
         f"Evidence {BASE}id/statement/tiny-daily-news-r1 is the article's own claim, but it does "
         "not name the position's holder (Ana Petrović) among what it mentions (schema:mentions), "
         "so it cannot show that holder's stance.",
         remove=f"{R1} schema:mentions actor:ana-petrovic ."),
    Case("ascription whose ascriber is not the evidence's speaker", "PositionAscription", ASCRIBED,
         f"Evidence {BASE}id/statement/tiny-petrovic-q1 is said by Ana Petrović, but the position "
         "is ascribed by Serbia (sg:ascribedBy), who must be the speaker of all its evidence.",
         remove=f"{ASCRIBED} sg:ascribedBy [] .", add=f"{ASCRIBED} sg:ascribedBy actor:serbia ."),
    Case("position ascribed to its holder by the holder", "PositionAscription", ASCRIBED,
         "The position is ascribed to its holder by the holder itself (sg:ascribedBy = "
         "sg:holder); a position in the holder's own words has no sg:ascribedBy.",
         remove=f"{ASCRIBED} sg:holder [] .", add=f"{ASCRIBED} sg:holder actor:ana-petrovic ."),
    Case("position ascribed by two actors", "Position-ascribed-by", ASCRIBED,
         "A position is ascribed by at most one actor (sg:ascribedBy), an sg:Actor.",
         add=f"{ASCRIBED} sg:ascribedBy actor:kosovo ."),
    Case("position ascribed by an issue", "Position-ascribed-by", ASCRIBED,
         "A position is ascribed by at most one actor (sg:ascribedBy), an sg:Actor.",
         remove=f"{ASCRIBED} sg:ascribedBy [] .", add=f"{ASCRIBED} sg:ascribedBy {ISSUE} ."),
    # ---------------------------------------------------------------- actors
    Case("unlabelled actor", "Actor-label", "actor:ana-petrovic",
         "An actor must have exactly one name (rdfs:label).",
         remove="actor:ana-petrovic rdfs:label [] ."),
    Case("actor with two labels", "Actor-label", "actor:ana-petrovic",
         "An actor must have exactly one name (rdfs:label).",
         add='actor:ana-petrovic rdfs:label "Ana Petrovic" .'),
    Case("actor label that is an IRI", "Actor-label", "actor:ana-petrovic",
         "An actor must have exactly one name (rdfs:label).",
         remove="actor:ana-petrovic rdfs:label [] .", add="actor:ana-petrovic rdfs:label wd:Q42 ."),
    Case("other name that is an IRI", "Actor-alt-label", "actor:ana-petrovic",
         "An actor's other names (schema:alternateName) must be text.",
         add="actor:ana-petrovic schema:alternateName wd:Q42 ."),
    Case("description without language", "Actor-description", "actor:ana-petrovic",
         "An actor has at most one description (schema:description), in English (@en).",
         remove="actor:ana-petrovic schema:description [] .",
         add='actor:ana-petrovic schema:description "leader of the Party of Progress" .'),
    Case("two descriptions", "Actor-description", "actor:ana-petrovic",
         "An actor has at most one description (schema:description), in English (@en).",
         add='actor:ana-petrovic schema:description "a politician"@en .'),
    Case("match outside Wikidata", "Actor-wikidata", "actor:ana-petrovic",
         "An actor has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         remove="actor:ana-petrovic skos:exactMatch [] .",
         add="actor:ana-petrovic skos:exactMatch <https://dbpedia.org/resource/Ana> ."),
    Case("two Wikidata matches", "Actor-wikidata", "actor:ana-petrovic",
         "An actor has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         add="actor:ana-petrovic skos:exactMatch wd:Q43 ."),
    Case("Wikidata match as text", "Actor-wikidata", "actor:ana-petrovic",
         "An actor has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         remove="actor:ana-petrovic skos:exactMatch [] .",
         add='actor:ana-petrovic skos:exactMatch "http://www.wikidata.org/entity/Q42" .'),
    Case("owl:sameAs to Wikidata", "NoSameAsToWikidata", "actor:ana-petrovic",
         "http://www.wikidata.org/entity/Q42 is linked with owl:sameAs, which makes a reasoner "
         "merge it with Wikidata's entity and break every 'exactly one'; use skos:exactMatch.",
         remove="actor:ana-petrovic skos:exactMatch [] .",
         add="actor:ana-petrovic owl:sameAs wd:Q42 ."),
    Case("member of a polity", "Actor-member-of", "actor:ana-petrovic",
         "An actor can only be a member of an organization (org:memberOf must point to an "
         "sg:Organization).",
         add="actor:ana-petrovic org:memberOf actor:serbia ."),
    Case("actor of no kind", "ActorKind", "actor:ana-petrovic",
         "An actor must be an sg:Actor and exactly one of a person, an organization, a polity or a "
         "group (sg:Person, sg:Organization, sg:Polity, sg:Group).",
         remove="actor:ana-petrovic a sg:Person ."),
    Case("actor of two kinds", "ActorKind", "actor:kosovo",
         "An actor must be an sg:Actor and exactly one of a person, an organization, a polity or a "
         "group (sg:Person, sg:Organization, sg:Polity, sg:Group).",
         add="actor:kosovo a sg:Group ."),
    # A person of its own: the fixture's are members, editors or speakers, each an sg:Actor.
    Case("person not an sg:Actor (no ontology)", "ActorKind", "actor:mila-milic",
         "An actor must be an sg:Actor and exactly one of a person, an organization, a polity or a "
         "group (sg:Person, sg:Organization, sg:Polity, sg:Group).",
         remove="sg:Person rdfs:subClassOf [] .",
         add='actor:mila-milic a sg:Person ; rdfs:label "Mila Milić" .'),
    # ---------------------------------------------------------------- memberships and roles
    Case("membership without member", "Membership-member", MEMBERSHIP,
         "A membership must have exactly one member (org:member), an actor (sg:Actor).",
         remove=f"{MEMBERSHIP} org:member [] ."),
    Case("membership of an issue", "Membership-member", MEMBERSHIP,
         "A membership must have exactly one member (org:member), an actor (sg:Actor).",
         remove=f"{MEMBERSHIP} org:member [] .", add=f"{MEMBERSHIP} org:member {ISSUE} ."),
    Case("membership with two members", "Membership-member", MEMBERSHIP,
         "A membership must have exactly one member (org:member), an actor (sg:Actor).",
         add=f"{MEMBERSHIP} org:member actor:ivo-ivic ."),
    Case("membership without organization", "Membership-organization", MEMBERSHIP,
         "A membership must be of exactly one organization (org:organization), an "
         "sg:Organization.",
         remove=f"{MEMBERSHIP} org:organization [] ."),
    Case("membership of a polity", "Membership-organization", MEMBERSHIP,
         "A membership must be of exactly one organization (org:organization), an "
         "sg:Organization.",
         add=f"{MEMBERSHIP} org:organization actor:serbia .",
         remove=f"{MEMBERSHIP} org:organization [] ."),
    Case("membership of two organizations", "Membership-organization", MEMBERSHIP,
         "A membership must be of exactly one organization (org:organization), an "
         "sg:Organization.",
         add=f"{MEMBERSHIP} org:organization actor:daily-news ."),
    Case("membership without role", "Membership-role", MEMBERSHIP,
         "A membership must have exactly one role (org:role), an org:Role.",
         remove=f"{MEMBERSHIP} org:role [] ."),
    Case("membership with two roles", "Membership-role", MEMBERSHIP,
         "A membership must have exactly one role (org:role), an org:Role.",
         add=f"{MEMBERSHIP} org:role {node('actor:party-of-progress', 'role-founder')} . "
         f'{node("actor:party-of-progress", "role-founder")} a org:Role ; '
         'rdfs:label "Founder"@en .'),
    Case("role that is no org:Role", "Membership-role", MEMBERSHIP,
         "A membership must have exactly one role (org:role), an org:Role.",
         remove=f"{ROLE} a org:Role ."),
    Case("membership with two sources", "Membership-source", MEMBERSHIP,
         "A membership has at most one source (dcterms:source), an IRI.",
         add=f"{MEMBERSHIP} dcterms:source <https://example.org/another-source> ."),
    Case("membership source as text", "Membership-source", MEMBERSHIP,
         "A membership has at most one source (dcterms:source), an IRI.",
         remove=f"{MEMBERSHIP} dcterms:source [] .",
         add=f'{MEMBERSHIP} dcterms:source "https://example.org/party-of-progress/leadership" .'),
    Case("membership with two periods", "Membership-during", FORMER,
         "A membership has at most one period (org:memberDuring), a time:ProperInterval.",
         add=f"{FORMER} org:memberDuring {DURING[:-1]}-2> . {DURING[:-1]}-2> a time:ProperInterval ."),
    Case("period that is no time:ProperInterval", "Membership-during", FORMER,
         "A membership has at most one period (org:memberDuring), a time:ProperInterval.",
         remove=f"{DURING} a time:ProperInterval ."),
    Case("instant with two dates", "Interval-date", UNTIL,
         "An instant has at most one date (time:inXSDDate), an xsd:date.",
         add=f'{UNTIL} time:inXSDDate "2016-03-01"^^xsd:date .'),
    Case("29 February of a common year", "Interval-date", UNTIL,
         "An instant has at most one date (time:inXSDDate), an xsd:date.",
         remove=f"{UNTIL} time:inXSDDate [] .", add=f'{UNTIL} time:inXSDDate "2015-02-29"^^xsd:date .'),
    Case("instant date as a string", "Interval-date", UNTIL,
         "An instant has at most one date (time:inXSDDate), an xsd:date.",
         remove=f"{UNTIL} time:inXSDDate [] .", add=f'{UNTIL} time:inXSDDate "2016-02-29" .'),
    Case("former member still a member", "FormerNotMember", FORMER,
         "The membership has ended (org:memberDuring/time:hasEnd), yet its member is still said "
         f"to be a member (org:memberOf {BASE}id/actor/party-of-progress).",
         add="actor:ivo-ivic org:memberOf actor:party-of-progress ."),
    Case("role without name", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         remove=f"{ROLE} rdfs:label [] ."),
    Case("role name without language", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         remove=f"{ROLE} rdfs:label [] .", add=f'{ROLE} rdfs:label "Leader" .'),
    Case("role with two names", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         add=f'{ROLE} rdfs:label "Head"@en .'),
    Case("role match outside Wikidata", "Role-wikidata", ROLE,
         "A role has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         remove=f"{ROLE} skos:exactMatch [] .",
         add=f"{ROLE} skos:exactMatch <https://example.org/leader> ."),
    Case("role with two Wikidata matches", "Role-wikidata", ROLE,
         "A role has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         add=f"{ROLE} skos:exactMatch wd:Q2 ."),
    Case("role Wikidata match as text", "Role-wikidata", ROLE,
         "A role has at most one Wikidata match (skos:exactMatch "
         "http://www.wikidata.org/entity/Q…).",
         remove=f"{ROLE} skos:exactMatch [] .",
         add=f'{ROLE} skos:exactMatch "http://www.wikidata.org/entity/Q1251441" .'),
    # ---------------------------------------------------------------- issues and stances
    Case("issue without label", "Issue-label-count", ISSUE,
         "An issue must have exactly one label (skos:prefLabel).",
         remove=f"{ISSUE} skos:prefLabel [] ."),
    Case("issue with two labels", "Issue-label-count", ISSUE,
         "An issue must have exactly one label (skos:prefLabel).",
         add=f'{ISSUE} skos:prefLabel "Kosovo should join NATO."@en .'),
    Case("issue label without @en", "Issue-label-language", ISSUE,
         "The issue's label (skos:prefLabel) must be tagged as English (@en).",
         remove=f"{ISSUE} skos:prefLabel [] .",
         add=f'{ISSUE} skos:prefLabel "Kosovo should become a member of NATO." .'),
    Case("issue not in the scheme", "Issue-scheme", ISSUE,
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         remove=f"{ISSUE} skos:inScheme [] ."),
    Case("issue in two schemes", "Issue-scheme", ISSUE,
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         add=f"{ISSUE} skos:inScheme sg:Stances ."),
    Case("issue in something that is no scheme", "Issue-scheme", ISSUE,
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         remove=f"{ISSUE} skos:inScheme [] .", add=f"{ISSUE} skos:inScheme actor:kosovo ."),
    Case("issue definition without language", "Issue-definition", ISSUE,
         "An issue has at most one definition (skos:definition), in English (@en).",
         remove=f"{ISSUE} skos:definition [] .",
         add=f'{ISSUE} skos:definition "Whether Kosovo should join NATO." .'),
    Case("issue with two definitions", "Issue-definition", ISSUE,
         "An issue has at most one definition (skos:definition), in English (@en).",
         add=f'{ISSUE} skos:definition "Membership of NATO."@en .'),
    Case("issue without proposition kind", "Issue-kind", ISSUE,
         "An issue must say once what kind of proposition it is (sg:propositionKind "
         "sg:Normative, sg:Predictive or sg:Consequence).",
         remove=f"{ISSUE} sg:propositionKind [] ."),
    Case("issue of two proposition kinds", "Issue-kind", ISSUE,
         "An issue must say once what kind of proposition it is (sg:propositionKind "
         "sg:Normative, sg:Predictive or sg:Consequence).",
         add=f"{ISSUE} sg:propositionKind sg:Predictive ."),
    Case("proposition kind outside the three", "Issue-kind", ISSUE,
         "An issue must say once what kind of proposition it is (sg:propositionKind "
         "sg:Normative, sg:Predictive or sg:Consequence).",
         remove=f"{ISSUE} sg:propositionKind [] .", add=f"{ISSUE} sg:propositionKind sg:Favor ."),
    Case("issue under nothing", "Issue-broader", ISSUE,
         "An issue must sit under at least one broader issue or topic (skos:broader), a "
         "skos:Concept.",
         remove=f"{ISSUE} skos:broader [] . {TOPIC} skos:narrower [] ."),
    Case("issue under an actor", "Issue-broader", ISSUE,
         "An issue must sit under at least one broader issue or topic (skos:broader), a "
         "skos:Concept.",
         remove=f"{ISSUE} skos:broader [] .", add=f"{ISSUE} skos:broader actor:kosovo ."),
    Case("topic under an actor", "Topic-broader", TOPIC,
         "A topic can only sit under a topic (skos:broader must point to an sg:Topic).",
         add=f"{TOPIC} skos:broader actor:kosovo ."),
    Case("issue related to an actor", "Concept-related", ISSUE,
         "An issue can only be related to a concept (skos:related must point to a skos:Concept).",
         add=f"{ISSUE} skos:related actor:kosovo ."),
    Case("issue its own broader issue", "ConceptHierarchy", ISSUE,
         "The issue is its own broader issue, through skos:broader (a loop).",
         add=f"{ISSUE} skos:broader {ISSUE} ."),
    Case("issue related to its broader topic", "ConceptHierarchy", ISSUE,
         f"{BASE}id/issue/kosovo-and-nato is both broader than the issue (skos:broader) and "
         "related to it (skos:related); SKOS keeps the two apart.",
         add=f"{ISSUE} skos:related {TOPIC} ."),
    Case("scheme without label", "ConceptScheme-label", SCHEME,
         "A concept scheme must have exactly one English label (skos:prefLabel with @en).",
         remove=f"{SCHEME} skos:prefLabel [] ."),
    Case("scheme label without @en", "ConceptScheme-label", SCHEME,
         "A concept scheme must have exactly one English label (skos:prefLabel with @en).",
         remove=f"{SCHEME} skos:prefLabel [] .", add=f'{SCHEME} skos:prefLabel "Issues" .'),
    Case("scheme with two labels", "ConceptScheme-label", SCHEME,
         "A concept scheme must have exactly one English label (skos:prefLabel with @en).",
         add=f'{SCHEME} skos:prefLabel "Questions"@en .'),
    Case("top concept that is no concept", "ConceptScheme-top", SCHEME,
         "A concept scheme's top concepts (skos:hasTopConcept) must be skos:Concepts.",
         add=f"{SCHEME} skos:hasTopConcept actor:kosovo ."),
    Case("a fourth stance", "Stance", "sg:Undecided",
         "The only stances (sg:Stance) are sg:Favor, sg:Against and sg:Neutral.",
         add='sg:Undecided a sg:Stance ; skos:prefLabel "Undecided"@en .'),
)  # fmt: skip


def iri(term: str) -> URIRef:
    """``prefix:local`` or ``<iri>`` as an IRI."""
    if term.startswith("<"):
        return URIRef(term[1:-1])
    prefix, local = term.split(":", 1)
    return URIRef(NAMESPACES[prefix] + local)


def turtle(snippet: str) -> Graph:
    return Graph().parse(data=TURTLE_PREFIXES + snippet, format="turtle")


@pytest.fixture(scope="session")
def valid() -> Dataset:
    """The valid fixture with the ontology in a graph of its own, as a build has it."""
    dataset = Dataset()
    for quad in pyoxigraph.parse(path=FIXTURES / "valid.trig", format=pyoxigraph.RdfFormat.TRIG):
        s, p, o, g = (from_oxigraph(term) for term in quad)
        dataset.graph(g).add((s, p, o))  # type: ignore[arg-type]
    ontology = ONTOLOGY_TTL.read_text(encoding="utf-8")
    dataset.graph(URIRef(BASE + "graph/ontology")).parse(data=ontology, format="turtle")
    return dataset


def edited(valid: Dataset, case: Case) -> Dataset:
    """A copy of ``valid`` with the case's triples removed (``[]``: any object), then added."""
    data = Dataset()
    for s, p, o, g in valid.quads((None, None, None, None)):
        data.graph(g).add((s, p, o))
    for s, p, o in turtle(case.remove):
        wildcard = None if isinstance(o, BNode) else o
        data.remove((s, p, wildcard, None))  # type: ignore[arg-type]  # None: any object
    article = data.graph(URIRef(BASE + "graph/tiny"))
    for triple in turtle(case.add):
        article.add(triple)
    return data


@pytest.fixture(scope="session")
def reports(valid: Dataset) -> dict[str, Report]:
    """The report of each case, computed once."""
    return {case.name: validate(edited(valid, case)) for case in CASES}


def test_valid_fixture_conforms(valid: Dataset) -> None:
    report = validate(valid)
    assert report.results == []
    assert report.conforms
    assert (None, SH.conforms, None) in report.graph


def test_shapes_are_valid_shacl() -> None:
    """shapes.ttl conforms to the SHACL shapes for SHACL (pySHACL raises otherwise)."""
    shapes_graph = Graph().parse(data=SHAPES_TTL.read_text(encoding="utf-8"), format="turtle")
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph, meta_shacl=True)
    assert conforms, text


def test_ontology_alone_conforms() -> None:
    """The ontology graph is part of every build and must not raise results of its own."""
    ontology = Graph().parse(data=ONTOLOGY_TTL.read_text(encoding="utf-8"), format="turtle")
    report = validate(ontology)
    assert (report.conforms, report.results) == (True, [])


def test_seed_corpus_conforms() -> None:
    corpus = map_corpus(ROOT / "seeds", ROOT / "mappings", BASE)
    report = validate(corpus.dataset)
    assert (report.conforms, report.results) == (True, [])
    assert corpus.dataset.default_union is False  # validating leaves the dataset as it was


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_one_mistake_gives_one_result(reports: dict[str, Report], case: Case) -> None:
    report = reports[case.name]
    assert not report.conforms
    found = [(v.focus, v.message, v.shape) for v in report.results]
    assert found == [(iri(case.focus), case.message, URIRef(SGSH + case.shape))]


def constraints(graph: Graph) -> set[tuple[Node, Node]]:
    """(shape, constraint) pairs: a core parameter's component, or a sh:sparql node."""
    pairs: set[tuple[Node, Node]] = set()
    for shape, parameter, value in graph:
        if not str(shape).startswith(SGSH):
            continue
        if parameter == SH.sparql:
            pairs.add((shape, value))
        elif parameter in CORE_PARAMETERS:
            name = str(parameter).removeprefix(str(SH))
            pairs.add((shape, SH[name[0].upper() + name[1:] + "ConstraintComponent"]))
    return pairs


#: The core constraint parameters shapes.ttl uses, each with a component named after it.
CORE_PARAMETERS = {
    SH[name]
    for name in ("class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive",
                 "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "lessThan",
                 "equals", "in", "xone")
}  # fmt: skip


def test_every_constraint_of_every_shape_is_broken_by_a_case(reports: dict[str, Report]) -> None:
    core, checks = shapes()
    declared = constraints(core) | {(check.shape, check.constraint) for check in checks}
    broken = set()
    for report in reports.values():
        for result in report.graph.objects(None, SH.result):
            shape = report.graph.value(result, SH.sourceShape)
            component = report.graph.value(result, SH.sourceConstraintComponent)
            source = report.graph.value(result, SH.sourceConstraint)
            broken.add((shape, source if component == SH.SPARQLConstraintComponent else component))
    missing = sorted(
        f"{str(shape).removeprefix(SGSH)} {str(c).removeprefix(str(SH))}"
        for shape, c in declared - broken
    )
    assert missing == []


def plain(term: Node | None) -> Node | None:
    """rdflib tells ``"x"`` from ``"x"^^xsd:string``; RDF 1.1 does not."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def sparql_shapes() -> Graph:
    """The SPARQL shapes of shapes.ttl with their prefix declarations, for pySHACL itself."""
    everything = Graph().parse(data=SHAPES_TTL.read_text(encoding="utf-8"), format="turtle")
    graph = Graph()
    for shape in set(everything.subjects(SH.sparql, None)):
        graph += everything.cbd(shape)
    for declaring in set(everything.subjects(SH.declare, None)):
        graph += everything.cbd(declaring)
    return graph


SPARQL_SHAPES = ("ArticleLength", "Agent-label", "StatementText", "StatementSpanArticle",
                 "StatementUnique", "SpanWithinArticle", "StatementAnnotated", "StatementSelectors",
                 "StatementSelectorOffsets", "StatementReportedIn", "NoSameAsToWikidata",
                 "PositionAscription", "PositionEvidence", "PositionClaimNamesHolder",
                 "FormerNotMember", "ConceptHierarchy", "Actor-wikidata",
                 "Role-wikidata", "StatementSpeaker", "StatementDrafted")  # fmt: skip


def test_every_sparql_shape_is_compared_with_pyshacl() -> None:
    declared = {str(check.shape).removeprefix(SGSH) for check in shapes()[1]}
    assert sorted(declared) == sorted(SPARQL_SHAPES)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.shape in SPARQL_SHAPES], ids=lambda case: case.name
)
def test_sparql_checks_agree_with_pyshacl(valid: Dataset, case: Case) -> None:
    """One query per shape finds what pySHACL's one query per focus node finds."""
    data = edited(valid, case)
    ours = {
        (v.focus, plain(v.value), v.message)
        for v in validate(data).results
        if v.shape in {check.shape for check in shapes()[1]}
    }
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    store = oxigraph_store(union)
    _, graph, _ = pyshacl.validate(store, shacl_graph=sparql_shapes())  # type: ignore[arg-type]
    theirs = {
        (
            graph.value(r, SH.focusNode),
            plain(graph.value(r, SH.value)),
            str(graph.value(r, SH.resultMessage)),
        )
        for r in graph.objects(None, SH.result)
    }
    assert ours == theirs
    assert len(ours) == 1


def core_results_of_pyshacl(data: Dataset) -> Counter[tuple[Node | None, ...]]:
    """What pySHACL, the reference, reports for the core shapes."""
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    _, graph, _ = pyshacl.validate(union, shacl_graph=shapes()[0], inference="none")
    return Counter(
        (
            graph.value(r, SH.focusNode),
            graph.value(r, SH.resultPath),
            plain(graph.value(r, SH.value)),
            Literal(" ".join(sorted(graph.objects(r, SH.resultMessage)))),
            graph.value(r, SH.sourceShape),
            graph.value(r, SH.sourceConstraintComponent),
        )
        for r in graph.objects(None, SH.result)
    )


def core_results_of_ours(data: Dataset) -> Counter[tuple[Node | None, ...]]:
    found = core_checks.evaluate(core_shapes(), core_data(triples_of(data)))
    return Counter(
        (
            to_rdflib(r.focus),
            r.path,
            None if r.value is None else plain(to_rdflib(r.value)),
            Literal(" ".join(sorted(r.messages))),
            r.shape,
            r.component,
        )
        for r in found
    )


#: More edits, beyond one mistake each: literals written in other ways, several mistakes at once.
EDITS = (
    Case("start written +20", "", SPAN, "",
         remove=f"{SPAN} nif:beginIndex [] . {SELECTOR} oa:start [] .",
         add=f'{SPAN} nif:beginIndex "+20"^^xsd:integer . {SELECTOR} oa:start {offset(20)} .'),
    Case("ends of other numeric types", "", SPAN, "",
         remove=f"{SPAN} nif:endIndex [] . {SELECTOR} oa:end [] .",
         add=f'{SPAN} nif:endIndex "45.0"^^xsd:decimal , "46"^^xsd:int . '
         f'{SELECTOR} oa:end "45"^^xsd:nonNegativeInteger .'),
    Case("a speaker and a mention of the wrong kinds", "", Q1, "",
         remove=f"{Q1} prov:wasAttributedTo [] .",
         add=f'{Q1} prov:wasAttributedTo "Ana" , issue:x ; schema:mentions {SPAN} .'),
    Case("labels in other languages", "", "actor:ana-petrovic", "",
         add='actor:ana-petrovic schema:description "opis"@sr-Latn , "d"@EN-gb . '
         f'{ROLE} rdfs:label "Vođa"@sr .'),
)  # fmt: skip


@pytest.mark.parametrize(
    "case", [None, *CASES, *EDITS], ids=lambda case: case.name if case else "valid"
)
def test_core_checks_agree_with_pyshacl(valid: Dataset, case: Case | None) -> None:
    """All focus nodes of a shape at once find what pySHACL finds node by node."""
    data = valid if case is None else edited(valid, case)
    ours = core_results_of_ours(data)
    assert ours == core_results_of_pyshacl(data)
    if case is None or case in CASES:
        assert sum(ours.values()) == (0 if case is None or case.shape in SPARQL_SHAPES else 1)


def test_a_value_that_is_no_number_fails_a_comparison(valid: Dataset) -> None:
    """Unlike pySHACL (rdflib orders any two literals), a start is not less than an end that is
    no number: SPARQL's ``<`` fails there, as SHACL defines sh:lessThan."""
    case = Case("end that is no number", "", SPAN, "",
                remove=f"{SPAN} nif:endIndex [] .", add=f'{SPAN} nif:endIndex "x"^^xsd:integer .')  # fmt: skip
    found = {(v.shape, v.value) for v in validate(edited(valid, case)).results}
    end = Literal("x", datatype=XSD.integer)
    assert (URIRef(SGSH + "Span-end-datatype"), end) in found
    assert (
        URIRef(SGSH + "Span-begin-before-end"),
        Literal("20", datatype=XSD.integer),
    ) in found
