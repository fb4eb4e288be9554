"""The pure mapping on a small made-up article: every triple written out, and every refusal.

Written against the mutants that survived the seed mapping tests (see TESTING.md). The expected
triples are spelt here in N-Triples, not built with the module's helpers, so that a changed IRI,
class, datatype or language tag shows.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.origins import Origin
from stancegraph.mapping.rdf import _slug, map_article, map_registry
from stancegraph.mapping.spec import (
    Actor,
    Annotation,
    Article,
    Issue,
    Membership,
    Position,
    Registry,
    Statement,
)
from stancegraph.terms.ntriples import Triple

BASE = "https://example.org/"
SG = "https://w3id.org/stancegraph/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"
A = f"<{RDF}type>"


def n(kind: str, slug: str) -> str:
    return f"<{BASE}id/{kind}/{slug}>"


def offset(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


ANA = Actor(
    id="ana",
    type="person",
    label="Ana Ivić",
    alt_labels=("A. Ivić", "Ana"),
    description="A minister.",
    wikidata="Q1",
    memberships=(Membership("gov", "Foreign Minister", "Q2", 7),),
    path="actors.yaml",
    line=3,
)
GOV = Actor("gov", "organization", "Government", (), None, None, (), "actors.yaml", 12)
PRESS = Actor("press", "group", "The Press", (), None, None, (), "actors.yaml", 15)
ISSUES = {
    "nato": Issue("nato", "NATO membership", "Joining NATO.", "issues.yaml", 2),
    "eu": Issue("eu", "EU membership", None, "issues.yaml", 5),
}


def test_the_registry_maps_actors_memberships_and_the_issue_scheme() -> None:
    mapped = map_registry(Registry({"ana": ANA, "gov": GOV}, ISSUES), BASE)
    ana, gov = n("actor", "ana"), n("actor", "gov")
    role = f"<{BASE}id/actor/gov#role-foreign-minister>"
    membership = f"<{BASE}id/actor/ana#membership-gov-foreign-minister>"
    scheme = f"<{BASE}id/issues>"
    nato, eu = n("issue", "nato"), n("issue", "eu")
    assert sorted(mapped.triples) == sorted(
        [
            (ana, A, f"<{SG}Actor>"),
            (ana, A, f"<{SG}Person>"),
            (ana, f"<{RDFS}label>", '"Ana Ivić"'),
            (ana, f"<{SCHEMA}alternateName>", '"A. Ivić"'),
            (ana, f"<{SCHEMA}alternateName>", '"Ana"'),
            (ana, f"<{SCHEMA}description>", '"A minister."@en'),
            (ana, f"<{SKOS}exactMatch>", f"<{WD}Q1>"),
            (ana, f"<{ORG}memberOf>", gov),
            (membership, A, f"<{ORG}Membership>"),
            (membership, f"<{ORG}member>", ana),
            (membership, f"<{ORG}organization>", gov),
            (membership, f"<{ORG}role>", role),
            (role, A, f"<{ORG}Role>"),
            (role, f"<{RDFS}label>", '"Foreign Minister"@en'),
            (role, f"<{SKOS}exactMatch>", f"<{WD}Q2>"),
            (gov, A, f"<{SG}Actor>"),
            (gov, A, f"<{SG}Organization>"),
            (gov, f"<{RDFS}label>", '"Government"'),
            (scheme, A, f"<{SKOS}ConceptScheme>"),
            (scheme, f"<{SKOS}prefLabel>", '"Issues debated in the articles"@en'),
            (nato, A, f"<{SG}Issue>"),
            (nato, f"<{SG}propositionKind>", f"<{SG}Normative>"),
            (nato, A, f"<{SKOS}Concept>"),
            (nato, f"<{SKOS}prefLabel>", '"NATO membership"@en'),
            (nato, f"<{SKOS}inScheme>", scheme),
            (nato, f"<{SKOS}topConceptOf>", scheme),
            (scheme, f"<{SKOS}hasTopConcept>", nato),
            (nato, f"<{SKOS}definition>", '"Joining NATO."@en'),
            (eu, A, f"<{SG}Issue>"),
            (eu, f"<{SG}propositionKind>", f"<{SG}Normative>"),
            (eu, A, f"<{SKOS}Concept>"),
            (eu, f"<{SKOS}prefLabel>", '"EU membership"@en'),
            (eu, f"<{SKOS}inScheme>", scheme),
            (eu, f"<{SKOS}topConceptOf>", scheme),
            (scheme, f"<{SKOS}hasTopConcept>", eu),
        ]
    )
    assert mapped.origins == {
        URIRef(f"{BASE}id/actor/ana"): Origin("actors.yaml", 3),
        URIRef(f"{BASE}id/actor/ana#membership-gov-foreign-minister"): Origin("actors.yaml", 7),
        URIRef(f"{BASE}id/actor/gov"): Origin("actors.yaml", 12),
        URIRef(f"{BASE}id/issue/nato"): Origin("issues.yaml", 2),
        URIRef(f"{BASE}id/issue/eu"): Origin("issues.yaml", 5),
    }


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("person", "Person"),
        ("organization", "Organization"),
        ("polity", "Polity"),
        ("group", "Group"),
    ],
)
def test_each_kind_of_actor_has_its_class(kind: str, cls: str) -> None:
    actor = Actor("x", kind, "X", (), None, None, (), "actors.yaml", 1)
    triples = map_registry(Registry({"x": actor}, {}), BASE).triples
    assert (n("actor", "x"), A, f"<{SG}{cls}>") in triples


def test_a_role_without_wikidata_has_no_same_as() -> None:
    actor = Actor(
        "x", "person", "X", (), None, None, (Membership("gov", "Spokes-person!", None, 4),), "a", 1
    )
    triples = map_registry(Registry({"x": actor}, {}), BASE).triples
    role = f"<{BASE}id/actor/gov#role-spokes-person>"
    assert (role, f"<{RDFS}label>", '"Spokes-person!"@en') in triples
    assert not [t for t in triples if t[0] == role and t[1] == f"<{SKOS}exactMatch>"]
    assert not [t for t in triples if t[1] == f"<{OWL}sameAs>"]


def test_issues_form_a_hierarchy_under_topics() -> None:
    issues = {
        "topic": Issue("topic", "Kosovo and NATO", None, "issues.yaml", 1, kind="topic"),
        "join": Issue("join", "Join.", None, "i", 4, "normative", ("topic",), ("soon",)),
        "soon": Issue("soon", "Soon.", None, "i", 8, "predictive", ("join",), ("join",)),
        "harm": Issue("harm", "Harm.", None, "i", 9, "consequence", ("join",)),
    }
    triples = map_registry(Registry({}, issues), BASE).triples
    topic, join, soon, harm = (n("issue", i) for i in ("topic", "join", "soon", "harm"))
    scheme = f"<{BASE}id/issues>"
    broader, narrower = f"<{SKOS}broader>", f"<{SKOS}narrower>"
    related, kind = f"<{SKOS}related>", f"<{SG}propositionKind>"
    assert (topic, A, f"<{SG}Topic>") in triples
    assert (topic, A, f"<{SG}Issue>") not in triples
    assert not [t for t in triples if t[0] == topic and t[1] == kind]
    assert (topic, f"<{SKOS}topConceptOf>", scheme) in triples
    assert (scheme, f"<{SKOS}hasTopConcept>", topic) in triples
    assert [t for t in triples if t[1] == f"<{SKOS}topConceptOf>"] == [
        (topic, f"<{SKOS}topConceptOf>", scheme)
    ]
    for lower, upper in ((join, topic), (soon, join), (harm, join)):
        assert (lower, broader, upper) in triples
        assert (upper, narrower, lower) in triples
    assert (join, kind, f"<{SG}Normative>") in triples
    assert (soon, kind, f"<{SG}Predictive>") in triples
    assert (harm, kind, f"<{SG}Consequence>") in triples
    # related both ways, each triple once although both issues name the other
    assert triples.count((join, related, soon)) == 1
    assert triples.count((soon, related, join)) == 1


def test_former_and_dated_memberships() -> None:
    memberships = (
        Membership("gov", "Member", None, 4, former=True),
        Membership("nato", "Member state", None, 6, since="2004-03-29", source="https://x.org/m"),
        Membership("army", "Officer", None, 9, since="1990-01-01", until="1999-06-30"),
    )
    actor = Actor("x", "polity", "X", (), None, None, memberships, "a", 1)
    triples = map_registry(Registry({"x": actor}, {}), BASE).triples
    x = n("actor", "x")
    member_of = f"<{ORG}memberOf>"
    assert (x, member_of, n("actor", "gov")) not in triples
    assert (x, member_of, n("actor", "army")) not in triples
    assert (x, member_of, n("actor", "nato")) in triples
    gov = f"<{BASE}id/actor/x#membership-gov-member"
    assert (f"{gov}>", f"<{ORG}memberDuring>", f"{gov}-during>") in triples
    assert (f"{gov}-during>", A, f"<{TIME}ProperInterval>") in triples
    assert (f"{gov}-during>", f"<{TIME}hasEnd>", f"{gov}-until>") in triples
    assert (f"{gov}-until>", A, f"<{TIME}Instant>") in triples
    assert not [t for t in triples if t[0] == f"{gov}-until>" and t[1] == f"<{TIME}inXSDDate>"]
    assert not [t for t in triples if t[1] == f"<{TIME}hasBeginning>" and t[0] == f"{gov}-during>"]
    nato = f"<{BASE}id/actor/x#membership-nato-member-state"
    assert (f"{nato}>", f"<{DCTERMS}source>", "<https://x.org/m>") in triples
    assert (f"{nato}-during>", f"<{TIME}hasBeginning>", f"{nato}-since>") in triples
    assert (f"{nato}-since>", f"<{TIME}inXSDDate>", f'"2004-03-29"^^<{XSD}date>') in triples
    assert not [t for t in triples if t[0] == f"{nato}-during>" and t[1] == f"<{TIME}hasEnd>"]
    army = f"<{BASE}id/actor/x#membership-army-officer"
    assert (f"{army}-until>", f"<{TIME}inXSDDate>", f'"1999-06-30"^^<{XSD}date>') in triples
    assert (f"{army}-since>", f"<{TIME}inXSDDate>", f'"1990-01-01"^^<{XSD}date>') in triples


def test_slugs_are_lower_case_words_joined_by_hyphens() -> None:
    assert _slug("Head of  State") == "head-of-state"
    assert _slug("  -Minister (acting)! ") == "minister-acting"
    assert _slug("EU/NATO 2") == "eu-nato-2"


TEXT = "Ana speaks\n\nAna said “we will join” today. Ana wants the EU, they wrote. End"
QUOTE = Statement(
    id="q1",
    kind="quote",
    speaker="ana",
    text="we will join",
    about=("nato",),
    mentions=("gov",),
    occurrence=None,
    after=None,
    note="Said twice.",
    line=20,
    text_line=22,
)
REPORTED = Statement(
    id="r1",
    kind="reported",
    speaker="ana",
    text="Ana wants the EU",
    about=(),
    mentions=(),
    occurrence=None,
    after=None,
    note=None,
    line=30,
    text_line=31,
)
POSITION = Position("p1", "ana", "nato", "favor", ("q1", "r1"), "Firmly.", 40)
MADE = Annotation("Ana's editors", "2024-05-07", "manual", 9)


def article(**changes: object) -> Article:
    fields: dict[str, object] = {
        "slug": "talk",
        "path": "talk.yaml",
        "seed": "talk.txt",
        "sha256": "0" * 64,
        "headline": "Ana speaks",
        "publisher": "press",
        "editor": "gov",
        "language": "EN",
        "date_published": "2024-05-06",
        "annotation": MADE,
        "statements": (QUOTE, REPORTED),
        "positions": (POSITION,),
        "line": 2,
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_an_article_maps_to_its_node_statements_spans_and_positions() -> None:
    mapped = map_article(TEXT, article(), BASE)
    talk = n("article", "talk")
    q1, r1 = n("statement", "talk-q1"), n("statement", "talk-r1")
    qbegin, rbegin = TEXT.index("we will"), TEXT.index("Ana wants")
    qspan = f"<{BASE}id/article/talk#char={qbegin},{qbegin + 12}>"
    rspan = f"<{BASE}id/article/talk#char={rbegin},{rbegin + 16}>"
    position = n("position", "talk-p1")
    activity, agent = f"<{BASE}id/article/talk#annotation>", f"<{BASE}id/article/talk#annotator>"

    def statement(node: str, kind: str, span: str, begin: int, words: str) -> list[Triple]:
        """What every statement has: classes, speaker, article, text, span and annotation."""
        annotation, target, position, quote = (
            f"<{node[1:-1]}#{part}>" for part in ("annotation", "target", "position", "quote")
        )
        end = begin + len(words)
        return [
            (node, A, f"<{SG}Statement>"),
            (node, A, f"<{SG}{kind}>"),
            (node, A, f"<{SCHEMA}Claim>"),
            (node, f"<{PROV}wasAttributedTo>", n("actor", "ana")),
            (node, f"<{SCHEMA}author>", n("actor", "ana")),
            (node, f"<{SG}article>", talk),
            (node, f"<{SCHEMA}appearance>", talk),
            (node, f"<{SG}text>", f'"{words}"'),
            (node, f"<{SCHEMA}text>", f'"{words}"'),
            (node, f"<{SG}span>", span),
            (node, f"<{SG}basis>", f"<{SG}Explicit>"),
            (node, f"<{PROV}wasGeneratedBy>", activity),
            (span, A, f"<{NIF}String>"),
            (span, A, f"<{NIF}RFC5147String>"),
            (span, f"<{NIF}referenceContext>", talk),
            (span, f"<{NIF}beginIndex>", offset(begin)),
            (span, f"<{NIF}endIndex>", offset(end)),
            (span, f"<{NIF}anchorOf>", f'"{words}"'),
            (annotation, A, f"<{OA}Annotation>"),
            (annotation, f"<{OA}hasBody>", node),
            (annotation, f"<{OA}hasTarget>", target),
            (annotation, f"<{OA}motivatedBy>", f"<{OA}identifying>"),
            (target, A, f"<{OA}SpecificResource>"),
            (target, f"<{OA}hasSource>", talk),
            (target, f"<{OA}hasSelector>", position),
            (target, f"<{OA}hasSelector>", quote),
            (position, A, f"<{OA}TextPositionSelector>"),
            (position, f"<{OA}start>", offset(begin)),
            (position, f"<{OA}end>", offset(end)),
            (quote, A, f"<{OA}TextQuoteSelector>"),
            (quote, f"<{OA}exact>", f'"{words}"'),
        ]

    expected = [
        (talk, A, f"<{SG}Article>"),
        (talk, A, f"<{SCHEMA}NewsArticle>"),
        (talk, A, f"<{NIF}Context>"),
        (talk, f"<{SCHEMA}headline>", '"Ana speaks"@en'),
        (talk, f"<{SCHEMA}inLanguage>", '"EN"'),
        (talk, f"<{SCHEMA}publisher>", n("actor", "press")),
        (talk, f"<{SCHEMA}editor>", n("actor", "gov")),
        (talk, f"<{SCHEMA}datePublished>", f'"2024-05-06"^^<{XSD}date>'),
        (
            talk,
            f"<{NIF}isString>",
            '"Ana speaks\\n\\nAna said “we will join” today. Ana wants the EU, they wrote. End"',
        ),
        (talk, f"<{NIF}beginIndex>", offset(0)),
        (talk, f"<{NIF}endIndex>", offset(len(TEXT))),
        (activity, A, f"<{PROV}Activity>"),
        (activity, A, f"<{SG}AnnotationActivity>"),
        (activity, f"<{SG}method>", f"<{SG}ManualAnnotation>"),
        (activity, f"<{PROV}used>", talk),
        (activity, f"<{PROV}wasAssociatedWith>", agent),
        (activity, f"<{DCTERMS}date>", f'"2024-05-07"^^<{XSD}date>'),
        (agent, A, f"<{PROV}Agent>"),
        (agent, f"<{RDFS}label>", '"Ana\'s editors"'),
        *statement(q1, "DirectQuote", qspan, qbegin, "we will join"),
        (q1, f"<{SG}about>", n("issue", "nato")),
        (q1, f"<{SCHEMA}mentions>", n("actor", "gov")),
        (q1, f"<{RDFS}comment>", '"Said twice."@en'),
        (f"<{q1[1:-1]}#quote>", f"<{OA}prefix>", '"Ana speaks\\n\\nAna said “"'),
        (f"<{q1[1:-1]}#quote>", f"<{OA}suffix>", '"” today. Ana wants the EU, they "'),
        *statement(r1, "ReportedStatement", rspan, rbegin, "Ana wants the EU"),
        (f"<{r1[1:-1]}#quote>", f"<{OA}prefix>", '"\\nAna said “we will join” today. "'),
        (f"<{r1[1:-1]}#quote>", f"<{OA}suffix>", '", they wrote. End"'),
        (position, A, f"<{SG}Position>"),
        (position, f"<{SG}holder>", n("actor", "ana")),
        (position, f"<{SG}issue>", n("issue", "nato")),
        (position, f"<{SG}stance>", f"<{SG}Favor>"),
        (position, f"<{SG}basis>", f"<{SG}Explicit>"),
        (position, f"<{PROV}wasGeneratedBy>", activity),
        (position, f"<{SG}evidence>", q1),
        (position, f"<{SG}evidence>", r1),
        (position, f"<{RDFS}comment>", '"Firmly."@en'),
    ]
    assert sorted(mapped.triples) == sorted(expected)
    assert mapped.origins == {
        URIRef(f"{BASE}id/article/talk"): Origin("talk.yaml", 2),
        URIRef(f"{BASE}id/article/talk#annotation"): Origin("talk.yaml", 9),
        URIRef(f"{BASE}id/statement/talk-q1"): Origin("talk.yaml", 20),
        URIRef(qspan[1:-1]): Origin("talk.yaml", 22),
        URIRef(f"{BASE}id/statement/talk-r1"): Origin("talk.yaml", 30),
        URIRef(rspan[1:-1]): Origin("talk.yaml", 31),
        URIRef(f"{BASE}id/position/talk-p1"): Origin("talk.yaml", 40),
    }


def test_what_an_article_leaves_out_is_not_mapped() -> None:
    position = Position("p2", "ana", "eu", "against", (), None, 50)
    whole = "Ana speaks: Ana wants the EU"
    statement = Statement(
        "r1", "reported", "ana", "Ana wants the EU", (), (), None, None, None, 3, 4
    )
    mapped = map_article(
        whole,
        article(editor=None, date_published=None, statements=(statement,), positions=(position,)),
        BASE,
    )
    predicates = {p for _, p, _ in mapped.triples}
    assert f"<{SCHEMA}editor>" not in predicates
    assert f"<{SCHEMA}datePublished>" not in predicates
    assert f"<{OA}suffix>" not in predicates  # the words end the article
    assert f"<{RDFS}comment>" not in predicates
    assert (n("position", "talk-p2"), f"<{SG}stance>", f"<{SG}Against>") in mapped.triples
    assert (n("position", "talk-p2"), f"<{SG}issue>", n("issue", "eu")) in mapped.triples
    start = map_article(
        "Ana wants the EU now", article(headline="Ana", statements=(statement,), positions=()), BASE
    )
    assert f"<{OA}prefix>" not in {p for _, p, _ in start.triples}  # the words begin it


def test_a_neutral_stance() -> None:
    position = Position("p3", "ana", "eu", "neutral", (), None, 50)
    mapped = map_article("Ana speaks", article(statements=(), positions=(position,)), BASE)
    assert (n("position", "talk-p3"), f"<{SG}stance>", f"<{SG}Neutral>") in mapped.triples


def test_a_headline_missing_from_the_text_is_refused_at_its_line() -> None:
    with pytest.raises(MappingError) as refused:
        map_article(TEXT, article(headline="Ana shouts"), BASE)
    assert (refused.value.path, refused.value.line) == ("talk.yaml", 2)
    assert refused.value.message == "headline 'Ana shouts' not found in the article"


def test_words_missing_from_the_text_are_refused_at_their_line() -> None:
    missing = Statement("q9", "reported", "ana", "Ana wants NATO", (), (), None, None, None, 60, 61)
    with pytest.raises(MappingError) as refused:
        map_article(TEXT, article(statements=(missing,), positions=()), BASE)
    assert (refused.value.path, refused.value.line) == ("talk.yaml", 61)
    assert refused.value.message.startswith("statement q9: text not found in the article; ")


def test_words_found_twice_need_an_occurrence() -> None:
    twice = Statement("r2", "reported", "ana", "Ana", (), (), 2, None, None, 60, 61)
    mapped = map_article(TEXT, article(statements=(twice,), positions=()), BASE)
    begin = TEXT.index("Ana", 1)
    assert (
        n("statement", "talk-r2"),
        f"<{SG}span>",
        f"<{BASE}id/article/talk#char={begin},{begin + 3}>",
    ) in mapped.triples
    after = Statement("r3", "reported", "ana", "Ana", (), (), None, "today. ", None, 60, 61)
    mapped = map_article(TEXT, article(statements=(after,), positions=()), BASE)
    begin = TEXT.index("Ana wants")
    assert (
        n("statement", "talk-r3"),
        f"<{SG}span>",
        f"<{BASE}id/article/talk#char={begin},{begin + 3}>",
    ) in mapped.triples


@pytest.mark.parametrize(
    ("text", "words", "before", "after"),
    [
        ("Ana speaks: we will join today", "we will join", "' '", "' '"),
        ("Ana speaks “we will join today”", "we will join", "'“'", "' '"),
        ("Ana speaks: we will join”", "we will join", "' '", "'”'"),
        ("we will join” Ana speaks", "we will join", "''", "'”'"),
        ("Ana speaks “we will join", "we will join", "'“'", "''"),
        ("“we will join: Ana speaks", "we will join", "'“'", "':'"),
        ("we will join” Ana speaks “", "we will join", "''", "'”'"),
    ],
)
def test_a_quote_must_stand_between_quotation_marks(
    text: str, words: str, before: str, after: str
) -> None:
    quote = Statement("q2", "quote", "ana", words, (), (), None, None, None, 70, 71)
    with pytest.raises(MappingError) as refused:
        map_article(text, article(statements=(quote,), positions=()), BASE)
    assert (refused.value.path, refused.value.line) == ("talk.yaml", 71)
    assert refused.value.message == (
        "statement q2: a quote's text must be exactly the words between quotation marks, "
        f"but the article has {before} before it and {after} after it"
    )


@pytest.mark.parametrize(("opening", "closing"), list(zip("“‘\"'«„", "”’\"'»“", strict=True)))
def test_every_pair_of_quotation_marks_holds_a_quote(opening: str, closing: str) -> None:
    text = f"Ana speaks {opening}we will join{closing} now"
    quote = Statement("q3", "quote", "ana", "we will join", (), (), None, None, None, 70, 71)
    mapped = map_article(text, article(statements=(quote,), positions=()), BASE)
    assert (n("statement", "talk-q3"), A, f"<{SG}DirectQuote>") in mapped.triples


def test_a_quote_may_open_and_close_the_article() -> None:
    quote = Statement("q4", "quote", "ana", "Ana speaks", (), (), None, None, None, 70, 71)
    mapped = map_article("“Ana speaks”", article(statements=(quote,), positions=()), BASE)
    span = f"<{BASE}id/article/talk#char=1,11>"
    assert (n("statement", "talk-q4"), f"<{SG}span>", span) in mapped.triples


NESTED_TEXT = "Ana said “the press says we will join soon” today."


def test_a_statement_inside_another_speakers_is_reported_in_the_innermost() -> None:
    outer = Statement("q1", "quote", "ana", "the press says we will join soon", (), (), None,
                      None, None, 10, 11)  # fmt: skip
    middle = Statement("r1", "reported", "press", "we will join soon", (), (), None, None, None,
                       12, 13, basis="inferred")  # fmt: skip
    inner = Statement("r2", "reported", "gov", "we will join", (), (), None, None, None, 14, 15)
    own = Statement("r3", "reported", "ana", "will join", (), (), None, None, None, 16, 17)
    mapped = map_article(
        NESTED_TEXT, article(headline="Ana", statements=(outer, middle, inner, own), positions=()),
        BASE,
    )  # fmt: skip
    reported_in = {(s, o) for s, p, o in mapped.triples if p == f"<{SG}reportedIn>"}
    assert reported_in == {
        (n("statement", "talk-r1"), n("statement", "talk-q1")),
        (n("statement", "talk-r2"), n("statement", "talk-r1")),  # the innermost, not q1
        (n("statement", "talk-r3"), n("statement", "talk-r2")),  # another speaker's: gov's
    }
    assert (n("statement", "talk-r1"), f"<{SG}basis>", f"<{SG}Inferred>") in mapped.triples


def test_repeats_ascriptions_and_drafted_mappings() -> None:
    first = Statement("r1", "reported", "ana", "Ana wants the EU", (), (), None, None, None, 3, 4)
    again = Statement("r2", "reported", "ana", "wants", (), (), None, None, None, 5, 6,
                      repeats="r1")  # fmt: skip
    ascribed = Position("p1", "gov", "eu", "favor", ("r1",), None, 7, basis="inferred",
                        ascribed_by="ana")  # fmt: skip
    drafted = Annotation("stancegraph draft 0.2", "2026-01-02", "drafted", 3)
    mapped = map_article(
        TEXT,
        article(statements=(first, again), positions=(ascribed,), annotation=drafted),
        BASE,
    )
    position = n("position", "talk-p1")
    agent = f"<{BASE}id/article/talk#annotator>"
    assert (
        n("statement", "talk-r2"),
        f"<{SG}repeats>",
        n("statement", "talk-r1"),
    ) in mapped.triples
    assert (position, f"<{SG}ascribedBy>", n("actor", "ana")) in mapped.triples
    assert (position, f"<{SG}basis>", f"<{SG}Inferred>") in mapped.triples
    assert (agent, A, f"<{PROV}SoftwareAgent>") in mapped.triples
    assert (
        f"<{BASE}id/article/talk#annotation>",
        f"<{SG}method>",
        f"<{SG}DraftedAnnotation>",
    ) in mapped.triples
    assert not [t for t in mapped.triples if t[1] == f"<{SG}reportedIn>"]  # same speaker
