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
    Article,
    Issue,
    Membership,
    Position,
    Registry,
    Statement,
)

BASE = "https://example.org/"
SG = "https://w3id.org/stancegraph/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"
A = f"<{RDF}type>"


def n(kind: str, slug: str) -> str:
    return f"<{BASE}id/{kind}/{slug}>"


def nonneg(value: int) -> str:
    return f'"{value}"^^<{XSD}nonNegativeInteger>'


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
            (ana, f"<{SKOS}altLabel>", '"A. Ivić"'),
            (ana, f"<{SKOS}altLabel>", '"Ana"'),
            (ana, f"<{SCHEMA}description>", '"A minister."@en'),
            (ana, f"<{OWL}sameAs>", f"<{WD}Q1>"),
            (ana, f"<{ORG}memberOf>", gov),
            (membership, A, f"<{ORG}Membership>"),
            (membership, f"<{ORG}member>", ana),
            (membership, f"<{ORG}organization>", gov),
            (membership, f"<{ORG}role>", role),
            (role, A, f"<{ORG}Role>"),
            (role, f"<{RDFS}label>", '"Foreign Minister"@en'),
            (role, f"<{OWL}sameAs>", f"<{WD}Q2>"),
            (gov, A, f"<{SG}Actor>"),
            (gov, A, f"<{SG}Organization>"),
            (gov, f"<{RDFS}label>", '"Government"'),
            (scheme, A, f"<{SKOS}ConceptScheme>"),
            (scheme, f"<{SKOS}prefLabel>", '"Issues debated in the articles"@en'),
            (nato, A, f"<{SG}Issue>"),
            (nato, A, f"<{SKOS}Concept>"),
            (nato, f"<{SKOS}prefLabel>", '"NATO membership"@en'),
            (nato, f"<{SKOS}inScheme>", scheme),
            (nato, f"<{SKOS}topConceptOf>", scheme),
            (scheme, f"<{SKOS}hasTopConcept>", nato),
            (nato, f"<{SKOS}definition>", '"Joining NATO."@en'),
            (eu, A, f"<{SG}Issue>"),
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
    assert not [t for t in triples if t[0] == role and t[1] == f"<{OWL}sameAs>"]


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
        (talk, f"<{NIF}beginIndex>", nonneg(0)),
        (talk, f"<{NIF}endIndex>", nonneg(len(TEXT))),
        (q1, A, f"<{SG}Statement>"),
        (q1, A, f"<{SG}DirectQuote>"),
        (q1, f"<{PROV}wasAttributedTo>", n("actor", "ana")),
        (q1, f"<{SG}article>", talk),
        (q1, f"<{SG}text>", '"we will join"'),
        (q1, f"<{SG}span>", qspan),
        (q1, f"<{SG}about>", n("issue", "nato")),
        (q1, f"<{SCHEMA}mentions>", n("actor", "gov")),
        (q1, f"<{RDFS}comment>", '"Said twice."@en'),
        (qspan, A, f"<{NIF}OffsetBasedString>"),
        (qspan, A, f"<{OA}TextPositionSelector>"),
        (qspan, A, f"<{OA}TextQuoteSelector>"),
        (qspan, f"<{NIF}referenceContext>", talk),
        (qspan, f"<{NIF}beginIndex>", nonneg(qbegin)),
        (qspan, f"<{NIF}endIndex>", nonneg(qbegin + 12)),
        (qspan, f"<{OA}start>", nonneg(qbegin)),
        (qspan, f"<{OA}end>", nonneg(qbegin + 12)),
        (qspan, f"<{NIF}anchorOf>", '"we will join"'),
        (qspan, f"<{OA}exact>", '"we will join"'),
        (qspan, f"<{OA}prefix>", '"Ana speaks\\n\\nAna said “"'),
        (qspan, f"<{OA}suffix>", '"” today. Ana wants the EU, they "'),
        (r1, A, f"<{SG}Statement>"),
        (r1, A, f"<{SG}ReportedStatement>"),
        (r1, f"<{PROV}wasAttributedTo>", n("actor", "ana")),
        (r1, f"<{SG}article>", talk),
        (r1, f"<{SG}text>", '"Ana wants the EU"'),
        (r1, f"<{SG}span>", rspan),
        (rspan, A, f"<{NIF}OffsetBasedString>"),
        (rspan, A, f"<{OA}TextPositionSelector>"),
        (rspan, A, f"<{OA}TextQuoteSelector>"),
        (rspan, f"<{NIF}referenceContext>", talk),
        (rspan, f"<{NIF}beginIndex>", nonneg(rbegin)),
        (rspan, f"<{NIF}endIndex>", nonneg(rbegin + 16)),
        (rspan, f"<{OA}start>", nonneg(rbegin)),
        (rspan, f"<{OA}end>", nonneg(rbegin + 16)),
        (rspan, f"<{NIF}anchorOf>", '"Ana wants the EU"'),
        (rspan, f"<{OA}exact>", '"Ana wants the EU"'),
        (rspan, f"<{OA}prefix>", '"\\nAna said “we will join” today. "'),
        (rspan, f"<{OA}suffix>", '", they wrote. End"'),
        (position, A, f"<{SG}Position>"),
        (position, f"<{SG}holder>", n("actor", "ana")),
        (position, f"<{SG}issue>", n("issue", "nato")),
        (position, f"<{SG}stance>", f"<{SG}Favor>"),
        (position, f"<{SG}evidence>", q1),
        (position, f"<{SG}evidence>", r1),
        (position, f"<{RDFS}comment>", '"Firmly."@en'),
    ]
    assert sorted(mapped.triples) == sorted(expected)
    assert mapped.origins == {
        URIRef(f"{BASE}id/article/talk"): Origin("talk.yaml", 2),
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
