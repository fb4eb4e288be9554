"""The SHACL shapes: a valid dataset conforms, and each single mistake gives exactly one result.

Every failing dataset is the valid fixture ``fixtures/shapes/valid.trig`` (plus the ontology, as
in a build) with one table edit: triples removed, then triples added. In ``remove`` a blank
node ``[]`` stands for any object. Each case names the shape it breaks, and a test checks that
the table breaks every constraint of every shape in ``ontology/shapes.ttl``.
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
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "article": BASE + "id/article/",
    "stmt": BASE + "id/statement/",
    "pos": BASE + "id/position/",
    "actor": BASE + "id/actor/",
    "issue": BASE + "id/issue/",
}
TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in NAMESPACES.items())

# Nodes of the fixture that the cases are about.
Q1, R1, R2 = "stmt:tiny-petrovic-q1", "stmt:tiny-daily-news-r1", "stmt:tiny-serbia-r1"
SPAN = "<https://w3id.org/stancegraph/id/article/tiny#char=20,45>"
POSITION = "pos:tiny-petrovic-membership"
MEMBERSHIP = "<https://w3id.org/stancegraph/id/actor/ana-petrovic#membership-party-of-progress>"
ROLE = "<https://w3id.org/stancegraph/id/actor/party-of-progress#role-leader>"
SCHEME = "<https://w3id.org/stancegraph/id/issues>"
TEXT = (
    "Ana Petrović said: “Kosovo is ready for NATO.” The Daily News backs her. Belgrade disagrees."
)

# A reprint of the article: a second, valid article with the same text.
REPRINT = f"""
article:reprint a sg:Article , schema:NewsArticle , nif:Context ;
    schema:headline "Ready for NATO" ; schema:publisher actor:daily-news ; schema:inLanguage "en" ;
    nif:isString "{TEXT}" ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "92"^^xsd:nonNegativeInteger .
"""
SECOND_ISSUE = f"""
issue:kosovo-army a sg:Issue , skos:Concept ;
    skos:prefLabel "Kosovo should form its own army."@en ; skos:inScheme {SCHEME} .
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


def nnint(value: int) -> str:
    return f'"{value}"^^xsd:nonNegativeInteger'


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
         "An article's text must start at offset 0 (nif:beginIndex 0, an "
         "xsd:nonNegativeInteger).",
         remove="article:tiny nif:beginIndex [] .", add=f"article:tiny nif:beginIndex {nnint(1)} ."),
    Case("article start as xsd:integer", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an "
         "xsd:nonNegativeInteger).",
         remove="article:tiny nif:beginIndex [] .", add="article:tiny nif:beginIndex 0 ."),
    Case("article without start", "Article-begin", "article:tiny",
         "An article's text must start at offset 0 (nif:beginIndex 0, an "
         "xsd:nonNegativeInteger).",
         remove="article:tiny nif:beginIndex [] ."),
    Case("article without end", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), a non-negative integer.",
         remove="article:tiny nif:endIndex [] ."),
    Case("article end as a string", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), a non-negative integer.",
         remove="article:tiny nif:endIndex [] .", add='article:tiny nif:endIndex "92" .'),
    Case("article with two ends", "Article-end", "article:tiny",
         "An article must have exactly one end offset (nif:endIndex), a non-negative integer.",
         add=f"article:tiny nif:endIndex {nnint(93)} ."),
    Case("article end not its length", "ArticleLength", "article:tiny",
         "The article's end offset (nif:endIndex) is 91, but its text is 92 characters long.",
         remove="article:tiny nif:endIndex [] .", add=f"article:tiny nif:endIndex {nnint(91)} ."),
    Case("article not a schema:NewsArticle (no ontology)", "ArticleTypes", "article:tiny",
         "An article must also be a schema:NewsArticle and a nif:Context.",
         remove="article:tiny a schema:NewsArticle . sg:Article rdfs:subClassOf [] ."),
    Case("article not a nif:Context (no ontology)", "ArticleTypes", "article:tiny",
         "An article must also be a schema:NewsArticle and a nif:Context.",
         remove="article:tiny a nif:Context . sg:Article rdfs:subClassOf [] ."),
    # ---------------------------------------------------------------- statement
    Case("statement without speaker", "Statement-speaker-count", Q1,
         "A statement must have exactly one speaker (prov:wasAttributedTo).",
         remove=f"{Q1} prov:wasAttributedTo [] ."),
    Case("statement with two speakers", "Statement-speaker-count", Q1,
         "A statement must have exactly one speaker (prov:wasAttributedTo).",
         add=f"{Q1} prov:wasAttributedTo actor:daily-news ."),
    Case("speaker who is no actor", "Statement-speaker-class", R2,
         "The statement's speaker (prov:wasAttributedTo) is not an actor (sg:Actor).",
         remove=f"{R2} prov:wasAttributedTo [] .",
         add=f"{R2} prov:wasAttributedTo issue:kosovo-nato-membership ."),
    Case("statement without article", "Statement-article-count", Q1,
         "A statement must belong to exactly one article (sg:article).",
         remove=f"{Q1} sg:article [] ."),
    Case("statement in two articles", "Statement-article-count", Q1,
         "A statement must belong to exactly one article (sg:article).",
         add=f"{Q1} sg:article article:reprint . {REPRINT}"),
    Case("statement article that is no article", "Statement-article-class", Q1,
         "The statement's article (sg:article) is not an article (sg:Article).",
         remove=f"{Q1} sg:article [] .", add=f"{Q1} sg:article actor:daily-news ."),
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
         add=f"{Q1} sg:span <https://w3id.org/stancegraph/id/article/tiny#char=73,91> ."),
    Case("span that is no nif:OffsetBasedString", "Statement-span-class", Q1,
         "The statement's span (sg:span) is not a nif:OffsetBasedString.",
         remove=f"{Q1} sg:span [] .", add=f"{Q1} sg:span article:tiny ."),
    Case("statement about an actor", "Statement-about", Q1,
         "A statement can only be about issues (sg:about must point to an sg:Issue).",
         add=f"{Q1} sg:about actor:kosovo ."),
    Case("statement mentioning an issue", "Statement-mentions", Q1,
         "A statement can only mention actors (schema:mentions must point to an sg:Actor).",
         add=f"{Q1} schema:mentions issue:kosovo-nato-membership ."),
    Case("statement with two notes", "Statement-comment", Q1,
         "A statement has at most one annotator's note (rdfs:comment).",
         add=f'{Q1} rdfs:comment "Another note." .'),
    Case("statement neither quote nor reported", "StatementKind", Q1,
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         remove=f"{Q1} a sg:DirectQuote ."),
    Case("statement both quote and reported", "StatementKind", Q1,
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         add=f"{Q1} a sg:ReportedStatement ."),
    Case("reported statement not a sg:Statement (no ontology)", "StatementKind", R2,
         "A statement must be an sg:Statement and exactly one of a direct quote (sg:DirectQuote) "
         "or a reported statement (sg:ReportedStatement).",
         remove=f"{R2} a sg:Statement . sg:ReportedStatement rdfs:subClassOf [] ."),
    Case("wrong offsets", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 21–45: the article has "
         '"osovo is ready for NATO." there.',
         remove=f"{SPAN} nif:beginIndex [] . {SPAN} oa:start [] .",
         add=f"{SPAN} nif:beginIndex {nnint(21)} ; oa:start {nnint(21)} ."),
    Case("text not in the article", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 20–45: the article has "
         '"Kosovo is ready for NATO." there.',
         remove=f"{Q1} sg:text [] . {SPAN} nif:anchorOf [] ; oa:exact [] .",
         add=f'{Q1} sg:text "Kosovo is ready for ANTO." . '
         f'{SPAN} nif:anchorOf "Kosovo is ready for ANTO." ; oa:exact "Kosovo is ready for ANTO." .'),
    Case("statement text differs from its span", "StatementText", Q1,
         "The statement's text does not match the article at its offsets 20–45: the article has "
         '"Kosovo is ready for NATO." there.',
         remove=f"{Q1} sg:text [] .", add=f'{Q1} sg:text "Kosovo is ready." .'),
    Case("nif:anchorOf differs from the statement", "StatementText", Q1,
         "The span's nif:anchorOf \"Kosovo is ready.\" differs from the statement's text (sg:text).",
         remove=f"{SPAN} nif:anchorOf [] .", add=f'{SPAN} nif:anchorOf "Kosovo is ready." .'),
    Case("oa:exact differs from the statement", "StatementText", Q1,
         "The span's oa:exact \"Kosovo is ready.\" differs from the statement's text (sg:text).",
         remove=f"{SPAN} oa:exact [] .", add=f'{SPAN} oa:exact "Kosovo is ready." .'),
    Case("span in another article", "StatementSpanArticle", Q1,
         f"The statement's span lies in {BASE}id/article/reprint, not in the statement's own "
         f"article {BASE}id/article/tiny.",
         remove=f"{SPAN} nif:referenceContext [] .",
         add=f"{SPAN} nif:referenceContext article:reprint . {REPRINT}"),
    Case("same speaker and span twice", "StatementUnique", Q1 + "-again",
         f"The statement repeats {BASE}id/statement/tiny-petrovic-q1: same article, same speaker, "
         "same place in the text.",
         add=f"""{Q1}-again a sg:Statement , sg:DirectQuote ;
             prov:wasAttributedTo actor:ana-petrovic ; sg:article article:tiny ;
             sg:text "Kosovo is ready for NATO." ; sg:span {SPAN} ."""),
    # ---------------------------------------------------------------- span
    Case("span without article", "Span-context-count", SPAN,
         "A span must lie in exactly one article (nif:referenceContext).",
         remove=f"{SPAN} nif:referenceContext [] ."),
    Case("span in two articles", "Span-context-count", SPAN,
         "A span must lie in exactly one article (nif:referenceContext).",
         add=f"{SPAN} nif:referenceContext article:reprint . {REPRINT}"),
    Case("span in something that is no article", "Span-context-class", SPAN,
         "The span's context (nif:referenceContext) is not an article (sg:Article).",
         remove=f"{SPAN} nif:referenceContext [] .", add=f"{SPAN} nif:referenceContext actor:kosovo ."),
    Case("span without start", "Span-begin-count", SPAN,
         "A span must have exactly one start offset (nif:beginIndex).",
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] ."),
    Case("span with two starts", "Span-begin-count", SPAN,
         "A span must have exactly one start offset (nif:beginIndex).",
         add=f"{SPAN} nif:beginIndex {nnint(19)} ; oa:start {nnint(19)} ."),
    Case("negative start", "Span-begin-datatype", SPAN,
         "The span's start offset (nif:beginIndex) must be a non-negative integer "
         "(xsd:nonNegativeInteger).",
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] .",
         add=f'{SPAN} nif:beginIndex "-1"^^xsd:nonNegativeInteger ; '
         'oa:start "-1"^^xsd:nonNegativeInteger .'),
    Case("start as xsd:integer", "Span-begin-datatype", SPAN,
         "The span's start offset (nif:beginIndex) must be a non-negative integer "
         "(xsd:nonNegativeInteger).",
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] .",
         add=f"{SPAN} nif:beginIndex 20 ; oa:start 20 ."),
    Case("start equal to end", "Span-begin-before-end", SPAN,
         "The span's start offset (nif:beginIndex) must be less than its end offset "
         "(nif:endIndex).",
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] .",
         add=f"{SPAN} nif:beginIndex {nnint(45)} ; oa:start {nnint(45)} ."),
    Case("start after end", "Span-begin-before-end", SPAN,
         "The span's start offset (nif:beginIndex) must be less than its end offset "
         "(nif:endIndex).",
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] .",
         add=f"{SPAN} nif:beginIndex {nnint(50)} ; oa:start {nnint(50)} ."),
    Case("span without end", "Span-end-count", SPAN,
         "A span must have exactly one end offset (nif:endIndex).",
         remove=f"{SPAN} nif:endIndex [] ; oa:end [] ."),
    Case("span with two ends", "Span-end-count", SPAN,
         "A span must have exactly one end offset (nif:endIndex).",
         add=f"{SPAN} nif:endIndex {nnint(46)} ; oa:end {nnint(46)} ."),
    Case("end as xsd:int", "Span-end-datatype", SPAN,
         "The span's end offset (nif:endIndex) must be a non-negative integer "
         "(xsd:nonNegativeInteger).",
         remove=f"{SPAN} nif:endIndex [] ; oa:end [] .",
         add=f'{SPAN} nif:endIndex "45"^^xsd:int ; oa:end "45"^^xsd:int .'),
    Case("span without oa:start", "Span-start", SPAN,
         "The span's Web Annotation start (oa:start) must equal its start offset (nif:beginIndex).",
         remove=f"{SPAN} oa:start [] ."),
    Case("span without oa:end", "Span-end", SPAN,
         "The span's Web Annotation end (oa:end) must equal its end offset (nif:endIndex).",
         remove=f"{SPAN} oa:end [] ."),
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
    Case("span without oa:exact", "Span-exact", SPAN,
         "A span must record its text exactly once as a Web Annotation quote (oa:exact), a plain "
         "string.",
         remove=f"{SPAN} oa:exact [] ."),
    Case("oa:exact twice", "Span-exact", SPAN,
         "A span must record its text exactly once as a Web Annotation quote (oa:exact), a plain "
         "string.",
         add=f'{SPAN} oa:exact "Kosovo is ready." .'),
    Case("oa:exact in a language", "Span-exact", SPAN,
         "A span must record its text exactly once as a Web Annotation quote (oa:exact), a plain "
         "string.",
         remove=f"{SPAN} oa:exact [] .", add=f'{SPAN} oa:exact "Kosovo is ready for NATO."@en .'),
    Case("oa:prefix too long", "Span-prefix", SPAN,
         "A span has at most one text before it (oa:prefix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:prefix [] .",
         add=f'{SPAN} oa:prefix "On a sunny day, Ana Petrović said: “" .'),
    Case("oa:prefix empty", "Span-prefix", SPAN,
         "A span has at most one text before it (oa:prefix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:prefix [] .", add=f'{SPAN} oa:prefix "" .'),
    Case("oa:prefix in a language", "Span-prefix", SPAN,
         "A span has at most one text before it (oa:prefix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:prefix [] .", add=f'{SPAN} oa:prefix "Ana Petrović said: “"@sr .'),
    Case("two oa:prefix", "Span-prefix", SPAN,
         "A span has at most one text before it (oa:prefix): a plain string of 1 to 32 characters.",
         add=f'{SPAN} oa:prefix "said: “" .'),
    Case("two oa:suffix", "Span-suffix", SPAN,
         "A span has at most one text after it (oa:suffix): a plain string of 1 to 32 characters.",
         add=f'{SPAN} oa:suffix "”" .'),
    Case("oa:suffix too long", "Span-suffix", SPAN,
         "A span has at most one text after it (oa:suffix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:suffix [] .", add=f'{SPAN} oa:suffix "” The Daily News backs her. Belgrade" .'),
    Case("oa:suffix empty", "Span-suffix", SPAN,
         "A span has at most one text after it (oa:suffix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:suffix [] .", add=f'{SPAN} oa:suffix "" .'),
    Case("oa:suffix as a number", "Span-suffix", SPAN,
         "A span has at most one text after it (oa:suffix): a plain string of 1 to 32 characters.",
         remove=f"{SPAN} oa:suffix [] .", add=f"{SPAN} oa:suffix 7 ."),
    Case("span not an oa:TextQuoteSelector", "SpanTypes", SPAN,
         "A span must also be a Web Annotation oa:TextPositionSelector and oa:TextQuoteSelector.",
         remove=f"{SPAN} a oa:TextQuoteSelector ."),
    Case("span past the end of the article", "SpanWithinArticle", SPAN,
         "The span ends at offset 95, past the end of its article's text (92 characters).",
         remove=f"{SPAN} nif:endIndex [] ; oa:end [] .",
         add=f"{SPAN} nif:endIndex {nnint(95)} ; oa:end {nnint(95)} ."),
    # ---------------------------------------------------------------- position
    Case("position without holder", "Position-holder-count", POSITION,
         "A position must have exactly one holder (sg:holder).",
         remove=f"{POSITION} sg:holder [] ."),
    Case("position with two holders", "Position-holder-count", POSITION,
         "A position must have exactly one holder (sg:holder).",
         add=f"{POSITION} sg:holder actor:serbia ."),
    Case("holder who is no actor", "Position-holder-class", POSITION,
         "The position's holder (sg:holder) is not an actor (sg:Actor).",
         remove=f"{POSITION} sg:holder [] .", add=f"{POSITION} sg:holder issue:kosovo-nato-membership ."),
    Case("position on no issue", "Position-issue-count", POSITION,
         "A position must be on exactly one issue (sg:issue).",
         remove=f"{POSITION} sg:issue [] ."),
    Case("position on two issues", "Position-issue-count", POSITION,
         "A position must be on exactly one issue (sg:issue).",
         add=f"{POSITION} sg:issue issue:kosovo-army . {SECOND_ISSUE}"),
    Case("position on an actor", "Position-issue-class", POSITION,
         "The position's issue (sg:issue) is not an issue (sg:Issue).",
         remove=f"{POSITION} sg:issue [] .", add=f"{POSITION} sg:issue actor:kosovo ."),
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
         add=f'{POSITION} rdfs:comment "Another comment." .'),
    Case("evidence by someone else", "PositionEvidence", POSITION,
         f"Evidence {BASE}id/statement/tiny-serbia-r1 is said by Serbia, who is neither the "
         "position's holder (Ana Petrović) nor the publisher of the statement's article.",
         add=f"{POSITION} sg:evidence {R2} ."),
    Case("publisher's claim that does not name the holder", "PositionClaimNamesHolder", POSITION,
         f"Evidence {BASE}id/statement/tiny-daily-news-r1 is the article's own claim, but it does "
         "not name the position's holder (Ana Petrović) among what it mentions (schema:mentions), "
         "so it cannot show that holder's stance.",
         remove="stmt:tiny-daily-news-r1 schema:mentions actor:ana-petrovic ."),
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
         "An actor's other names (skos:altLabel) must be text.",
         add="actor:ana-petrovic skos:altLabel wd:Q42 ."),
    Case("description without language", "Actor-description", "actor:ana-petrovic",
         "An actor has at most one description (schema:description), in English (@en).",
         remove="actor:ana-petrovic schema:description [] .",
         add='actor:ana-petrovic schema:description "leader of the Party of Progress" .'),
    Case("two descriptions", "Actor-description", "actor:ana-petrovic",
         "An actor has at most one description (schema:description), in English (@en).",
         add='actor:ana-petrovic schema:description "a politician"@en .'),
    Case("sameAs outside Wikidata", "Actor-same-as", "actor:ana-petrovic",
         "An actor has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         remove="actor:ana-petrovic owl:sameAs [] .",
         add="actor:ana-petrovic owl:sameAs <https://dbpedia.org/resource/Ana> ."),
    Case("two Wikidata identities", "Actor-same-as", "actor:ana-petrovic",
         "An actor has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         add="actor:ana-petrovic owl:sameAs wd:Q43 ."),
    Case("Wikidata identity as text", "Actor-same-as", "actor:ana-petrovic",
         "An actor has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         remove="actor:ana-petrovic owl:sameAs [] .",
         add='actor:ana-petrovic owl:sameAs "http://www.wikidata.org/entity/Q42" .'),
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
    Case("person not an sg:Actor (no ontology)", "ActorKind", "actor:ivo-ivic",
         "An actor must be an sg:Actor and exactly one of a person, an organization, a polity or a "
         "group (sg:Person, sg:Organization, sg:Polity, sg:Group).",
         remove="actor:ivo-ivic a sg:Actor . sg:Person rdfs:subClassOf [] ."),
    # ---------------------------------------------------------------- memberships and roles
    Case("membership without member", "Membership-member", MEMBERSHIP,
         "A membership must have exactly one member (org:member), an actor (sg:Actor).",
         remove=f"{MEMBERSHIP} org:member [] ."),
    Case("membership of an issue", "Membership-member", MEMBERSHIP,
         "A membership must have exactly one member (org:member), an actor (sg:Actor).",
         remove=f"{MEMBERSHIP} org:member [] .",
         add=f"{MEMBERSHIP} org:member issue:kosovo-nato-membership ."),
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
         add=f'{MEMBERSHIP} org:role <{BASE}id/actor/party-of-progress#role-founder> . '
         f'<{BASE}id/actor/party-of-progress#role-founder> a org:Role ; rdfs:label "Founder"@en .'),
    Case("role that is no org:Role", "Membership-role", MEMBERSHIP,
         "A membership must have exactly one role (org:role), an org:Role.",
         remove=f"{ROLE} a org:Role ."),
    Case("role without name", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         remove=f"{ROLE} rdfs:label [] ."),
    Case("role name without language", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         remove=f"{ROLE} rdfs:label [] .", add=f'{ROLE} rdfs:label "Leader" .'),
    Case("role with two names", "Role-label", ROLE,
         "A role must have exactly one name (rdfs:label), in English (@en).",
         add=f'{ROLE} rdfs:label "Head"@en .'),
    Case("role sameAs outside Wikidata", "Role-same-as", ROLE,
         "A role has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         remove=f"{ROLE} owl:sameAs [] .", add=f"{ROLE} owl:sameAs <https://example.org/leader> ."),
    # ---------------------------------------------------------------- issues and stances
    Case("role with two Wikidata identities", "Role-same-as", ROLE,
         "A role has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         add=f"{ROLE} owl:sameAs wd:Q2 ."),
    Case("role Wikidata identity as text", "Role-same-as", ROLE,
         "A role has at most one Wikidata identity (owl:sameAs http://www.wikidata.org/entity/Q…).",
         remove=f"{ROLE} owl:sameAs [] .",
         add=f'{ROLE} owl:sameAs "http://www.wikidata.org/entity/Q1251441" .'),
    Case("issue without label", "Issue-label-count", "issue:kosovo-nato-membership",
         "An issue must have exactly one label (skos:prefLabel).",
         remove="issue:kosovo-nato-membership skos:prefLabel [] ."),
    Case("issue with two labels", "Issue-label-count", "issue:kosovo-nato-membership",
         "An issue must have exactly one label (skos:prefLabel).",
         add='issue:kosovo-nato-membership skos:prefLabel "Kosovo should join NATO."@en .'),
    Case("issue label without @en", "Issue-label-language", "issue:kosovo-nato-membership",
         "The issue's label (skos:prefLabel) must be tagged as English (@en).",
         remove="issue:kosovo-nato-membership skos:prefLabel [] .",
         add='issue:kosovo-nato-membership skos:prefLabel "Kosovo should become a member of NATO." .'),
    Case("issue not in the scheme", "Issue-scheme", "issue:kosovo-nato-membership",
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         remove="issue:kosovo-nato-membership skos:inScheme [] ."),
    Case("issue in two schemes", "Issue-scheme", "issue:kosovo-nato-membership",
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         add="issue:kosovo-nato-membership skos:inScheme sg:Stances ."),
    Case("issue in something that is no scheme", "Issue-scheme", "issue:kosovo-nato-membership",
         "An issue must be in exactly one scheme (skos:inScheme), the issue scheme (a "
         "skos:ConceptScheme).",
         remove="issue:kosovo-nato-membership skos:inScheme [] .",
         add="issue:kosovo-nato-membership skos:inScheme actor:kosovo ."),
    Case("issue definition without language", "Issue-definition", "issue:kosovo-nato-membership",
         "An issue has at most one definition (skos:definition), in English (@en).",
         remove="issue:kosovo-nato-membership skos:definition [] .",
         add='issue:kosovo-nato-membership skos:definition "Whether Kosovo should join NATO." .'),
    Case("issue with two definitions", "Issue-definition", "issue:kosovo-nato-membership",
         "An issue has at most one definition (skos:definition), in English (@en).",
         add='issue:kosovo-nato-membership skos:definition "Membership of NATO."@en .'),
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


SPARQL_SHAPES = ("ArticleLength", "StatementText", "StatementSpanArticle", "StatementUnique",
                 "SpanWithinArticle", "PositionEvidence", "PositionClaimNamesHolder")  # fmt: skip


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
         remove=f"{SPAN} nif:beginIndex [] ; oa:start [] .",
         add=f'{SPAN} nif:beginIndex "+20"^^xsd:nonNegativeInteger ; oa:start {nnint(20)} .'),
    Case("ends of other numeric types", "", SPAN, "",
         remove=f"{SPAN} nif:endIndex [] ; oa:end [] .",
         add=f'{SPAN} nif:endIndex "45.0"^^xsd:decimal , "46"^^xsd:int ; oa:end 45 .'),
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
                remove=f"{SPAN} nif:endIndex [] ; oa:end [] .",
                add=f'{SPAN} nif:endIndex "x"^^xsd:nonNegativeInteger ; oa:end {nnint(45)} .')  # fmt: skip
    found = {(v.shape, v.value) for v in validate(edited(valid, case)).results}
    end = Literal("x", datatype=XSD.nonNegativeInteger)
    assert (URIRef(SGSH + "Span-end-datatype"), end) in found
    assert (
        URIRef(SGSH + "Span-begin-before-end"),
        Literal("20", datatype=XSD.nonNegativeInteger),
    ) in found
