"""The seed article, mapped completely and exactly (checked against the text itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS, TIME

from stancegraph.mapping.pipeline import map_corpus
from stancegraph.terms.documents import union_graph
from stancegraph.vocabulary import DEFAULT_BASE_URI, NIF, SCHEMA, SG, WD

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "kosovo-nato-membership.txt"
BASE = DEFAULT_BASE_URI
ARTICLE = URIRef(f"{BASE}id/article/kosovo-nato-membership")
SCARE_QUOTES = {"president"}


def actor(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/actor/{slug}")


def issue(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/issue/{slug}")


@pytest.fixture(scope="module")
def text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ds() -> Graph:
    """The union of the seed's named graphs."""
    return union_graph(map_corpus(ROOT / "seeds", ROOT / "mappings", BASE).dataset)


def quoted_passages(text: str) -> list[str]:
    """The words inside every outermost pair of “ ”, found by scanning the marks with a stack."""
    passages, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "”":
            assert depth > 0, f"closing mark without opening at {i}"
            depth -= 1
            if depth == 0:
                passages.append(text[start:i])
    assert depth == 0, "an opening quotation mark is never closed"
    return passages


def test_scanner_sees_the_nested_quote(text: str) -> None:
    passages = quoted_passages(text)
    assert any("“on the table”" in p for p in passages)
    assert "on the table" not in passages


def test_every_text_is_the_article_at_its_offsets(ds: Graph, text: str) -> None:
    statements = set(ds.subjects(RDF.type, SG.Statement))
    assert len(statements) >= 30
    for statement in statements:
        span = ds.value(statement, SG.span)
        begin = int(ds.value(span, NIF.beginIndex))
        end = int(ds.value(span, NIF.endIndex))
        said = str(ds.value(statement, SG.text))
        assert text[begin:end] == said, statement
        assert str(ds.value(span, NIF.anchorOf)) == said
        assert span == URIRef(f"{ARTICLE}#char={begin},{end}")
        assert ds.value(span, NIF.referenceContext) == ARTICLE


def test_direct_quotes_are_exactly_the_quoted_passages(ds: Graph, text: str) -> None:
    expected = sorted(p for p in quoted_passages(text) if p not in SCARE_QUOTES)
    mapped = sorted(str(ds.value(q, SG.text)) for q in ds.subjects(RDF.type, SG.DirectQuote))
    assert mapped == expected
    assert len(mapped) == 13


def test_article_node(ds: Graph, text: str) -> None:
    assert (ARTICLE, RDF.type, NIF.Context) in ds
    assert str(ds.value(ARTICLE, NIF.isString)) == text
    assert str(ds.value(ARTICLE, SCHEMA.headline)) == text.splitlines()[0]
    assert ds.value(ARTICLE, SCHEMA.publisher) == actor("kosovo-online")
    assert ds.value(ARTICLE, SCHEMA.editor) == actor("milos-garic")
    assert ds.value(ARTICLE, SCHEMA.datePublished) is None


def quotes_of(ds: Graph, speaker: str) -> list[str]:
    found = [s for s in ds.subjects(PROV.wasAttributedTo, actor(speaker))]
    return [str(ds.value(s, SG.text)) for s in found if (s, RDF.type, SG.DirectQuote) in ds]


@pytest.mark.parametrize(
    ("speaker", "opening"),
    [
        (
            "vlade-radulovic",
            "There is no doubt that, in a hypothetical scenario, Kosovo’s integration into the NATO alliance",
        ),
        ("vlade-radulovic", "Whenever Albanian politicians need cheap political points"),
        ("nato", "The NATO Secretary General met with Mrs. Vjosa Osmani-Sadriu"),
        ("ramush-haradinaj", "Kosovo should not seek membership in the Partnership for Peace"),
        ("sinisa-ljepojevic", "NATO is neither the largest nor the most powerful"),
        ("darko-obradovic", "The essential strength of a state"),
        ("branko-brankovic", "In the current situation, the European Union needs Serbia"),
    ],
)
def test_quote_attributed_to_its_speaker(ds: Graph, speaker: str, opening: str) -> None:
    assert any(q.startswith(opening) for q in quotes_of(ds, speaker))


@pytest.mark.parametrize(
    ("speaker", "words"),
    [
        (
            "jens-stoltenberg",
            "reiterated that one of NATO’s priorities was peace and stability in the Balkans",
        ),
        ("serbia", "official Belgrade insists on a greater presence"),
        ("ramush-haradinaj", "Haradinaj stated that the security situation in Kosovo"),
        ("vlade-radulovic", "according to Radulovic"),
        ("branko-brankovic", "he warns that Kosovo’s potential entry into NATO"),
        (
            "kosovo-online",
            "Kosovo is not a recognized state by Spain, Greece, Romania, and Slovakia",
        ),
    ],
)
def test_reported_statement_of_its_holder(ds: Graph, speaker: str, words: str) -> None:
    reported = [
        str(ds.value(s, SG.text))
        for s in ds.subjects(PROV.wasAttributedTo, actor(speaker))
        if (s, RDF.type, SG.ReportedStatement) in ds
    ]
    assert any(words in r for r in reported), reported


def stances(ds: Graph) -> set[tuple[str, str, str]]:
    found = set()
    for p in ds.subjects(RDF.type, SG.Position):
        holder, on, stance = (ds.value(p, prop) for prop in (SG.holder, SG.issue, SG.stance))
        found.add(
            (str(holder).rsplit("/", 1)[1], str(on).rsplit("/", 1)[1], str(stance).split("#")[1])
        )
        assert list(ds.objects(p, SG.evidence)), f"position {p} has no evidence"
    return found


def test_required_positions(ds: Graph) -> None:
    required = {("ramush-haradinaj", "kosovo-nato-membership", "Favor")}
    required |= {
        (state, "recognition-of-kosovo", "Against")
        for state in ("spain", "greece", "romania", "slovakia", "serbia")
    }
    required |= {
        (analyst, "kosovo-nato-membership-near-term", "Against")
        for analyst in ("vlade-radulovic", "darko-obradovic", "branko-brankovic")
    }
    assert required <= stances(ds)


def test_evidence_is_by_the_holder_the_publisher_or_the_ascriber(ds: Graph) -> None:
    publisher = actor("kosovo-online")
    for p in ds.subjects(RDF.type, SG.Position):
        holder, ascriber = ds.value(p, SG.holder), ds.value(p, SG.ascribedBy)
        allowed = (ascriber,) if ascriber is not None else (holder, publisher)
        for evidence in ds.objects(p, SG.evidence):
            assert ds.value(evidence, PROV.wasAttributedTo) in allowed, (p, evidence)


def position(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/position/kosovo-nato-membership-{slug}")


def statement(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/statement/kosovo-nato-membership-{slug}")


@pytest.mark.parametrize(
    ("slug", "holder", "issue_slug", "stance", "ascriber"),
    [
        ("nato-membership", "nato", "kosovo-nato-membership", "Favor", "sinisa-ljepojevic"),
        ("united-states-recognition", "united-states", "recognition-of-kosovo", "Favor",
         "sinisa-ljepojevic"),
        ("nato-member-states-recognition", "nato-member-states", "recognition-of-kosovo", "Favor",
         "sinisa-ljepojevic"),
        ("nato-recognition", "nato", "recognition-of-kosovo", "Neutral", "kosovo-online"),
        ("kosovo-albanians-membership", "kosovo-albanians", "kosovo-nato-membership", "Favor",
         "vlade-radulovic"),
        ("spain-recognition", "spain", "recognition-of-kosovo", "Against", "kosovo-online"),
    ],
)  # fmt: skip
def test_ascribed_positions(
    ds: Graph, slug: str, holder: str, issue_slug: str, stance: str, ascriber: str
) -> None:
    p = position(slug)
    assert ds.value(p, SG.holder) == actor(holder)
    assert ds.value(p, SG.issue) == issue(issue_slug)
    assert ds.value(p, SG.stance) == SG[stance]
    assert ds.value(p, SG.ascribedBy) == actor(ascriber)
    assert ds.value(p, RDFS.comment), "an ascription gives its reason"


def test_no_statement_is_invented_for_a_holder(ds: Graph) -> None:
    """Brankovic's characterisation of the Dutch government is his, not a Dutch statement."""
    speakers = set(ds.objects(None, PROV.wasAttributedTo))
    assert actor("netherlands") not in speakers


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        ("nato-r2", "radulovic-q3"),
        ("stoltenberg-r1", "radulovic-q3"),
        ("kosovo-albanians-r1", "radulovic-q2"),
    ],
)
def test_reports_within_quotes(ds: Graph, inner: str, outer: str) -> None:
    assert ds.value(statement(inner), SG.reportedIn) == statement(outer)


def test_only_nested_statements_are_reported_in_others(ds: Graph) -> None:
    nested = {s for s, _ in ds.subject_objects(SG.reportedIn)}
    assert nested == {statement(s) for s in ("nato-r2", "stoltenberg-r1", "kosovo-albanians-r1")}


def test_the_pull_quote_is_inferred_and_repeats_its_source(ds: Graph) -> None:
    q1 = statement("radulovic-q1")
    assert ds.value(q1, SG.basis) == SG.Inferred
    assert ds.value(q1, SG.repeats) == statement("radulovic-q4")
    assert ds.value(statement("radulovic-q4"), SG.basis) == SG.Explicit


def test_every_statement_and_position_says_how_and_by_whom_it_was_made(ds: Graph) -> None:
    made = list(ds.subjects(RDF.type, SG.Statement)) + list(ds.subjects(RDF.type, SG.Position))
    activities = {ds.value(m, PROV.wasGeneratedBy) for m in made}
    assert len(activities) == 1 and None not in activities
    (activity,) = activities
    assert ds.value(activity, SG.method) == SG.ManualAnnotation
    assert str(ds.value(ds.value(activity, PROV.wasAssociatedWith), RDFS.label))
    assert all(ds.value(m, SG.basis) in (SG.Explicit, SG.Inferred) for m in made)
    bases = {ds.value(p, SG.basis) for p in ds.subjects(RDF.type, SG.Position)}
    assert bases == {SG.Explicit, SG.Inferred}, "the mapping keeps explicit apart from judged"


def test_the_publishers_own_claims(ds: Graph) -> None:
    army = position("kosovo-online-army")
    assert ds.value(army, SG.holder) == actor("kosovo-online")
    assert ds.value(army, SG.stance) == SG.Against
    (evidence,) = ds.objects(army, SG.evidence)
    assert str(ds.value(evidence, SG.text)).endswith(
        "despite being contrary to all valid documents"
    )
    claim = str(ds.value(statement("kosovo-online-r1"), SG.text))
    assert claim.startswith("international recognition of the unilaterally declared Kosovo")


def test_issue_hierarchy(ds: Graph) -> None:
    under = {
        str(s).rsplit("/", 1)[1]
        for s in ds.transitive_subjects(SKOS.broader, issue("kosovo-nato-membership"))
    }
    assert under == {
        "kosovo-nato-membership",
        "kosovo-nato-membership-near-term",
        "kosovo-nato-membership-harms-serbia",
        "kosovo-nato-membership-harms-regional-security",
    }
    assert ds.value(issue("kosovo-nato-membership"), SKOS.broader) == issue("kosovo-and-nato")
    assert (issue("kosovo-and-nato"), RDF.type, SG.Topic) in ds
    kinds = {
        str(i).rsplit("/", 1)[1]: ds.value(i, SG.propositionKind)
        for i in ds.subjects(RDF.type, SG.Issue)
    }
    assert kinds["kosovo-nato-membership-near-term"] == SG.Predictive
    assert kinds["kosovo-nato-membership-harms-serbia"] == SG.Consequence
    assert kinds["kosovo-nato-membership"] == SG.Normative
    assert None not in kinds.values()


def test_nato_members_are_registry_facts_with_their_source(ds: Graph) -> None:
    members = {
        str(ds.value(m, ORG.member)).rsplit("/", 1)[1]
        for m in ds.subjects(ORG.organization, actor("nato"))
        if ds.value(ds.value(m, ORG.role), RDFS.label) == Literal("Member state", lang="en")
    }
    assert {"spain", "greece", "romania", "slovakia", "hungary", "united-states"} <= members
    assert "serbia" not in members and "kosovo" not in members
    for state in members:
        assert (actor(state), ORG.memberOf, actor("nato")) in ds


@pytest.mark.parametrize(
    "slug",
    [
        "kosovo-nato-membership",
        "kosovo-nato-membership-near-term",
        "recognition-of-kosovo",
        "kosovo-nato-membership-harms-serbia",
    ],
)
def test_required_issues(ds: Graph, slug: str) -> None:
    label = ds.value(issue(slug), SKOS.prefLabel)
    assert label is not None and label.language == "en"
    assert re.match(r"^[A-Z].*\.$", str(label)), "an issue is labelled as a declarative sentence"


@pytest.mark.parametrize(
    ("slug", "cls", "qid"),
    [
        ("vjosa-osmani", SG.Person, "Q13047644"),
        ("nato", SG.Organization, "Q7184"),
        ("kosovo", SG.Polity, "Q1246"),
        ("serbia", SG.Polity, "Q403"),
        ("albanian-politicians-in-pristina", SG.Group, None),
        ("kosovo-online", SG.Organization, None),
    ],
)
def test_actor_types_and_wikidata(ds: Graph, slug: str, cls: URIRef, qid: str | None) -> None:
    assert (actor(slug), RDF.type, cls) in ds
    assert (actor(slug), RDF.type, SG.Actor) in ds
    assert ds.value(actor(slug), SKOS.exactMatch) == (WD[qid] if qid else None)
    assert ds.value(actor(slug), OWL.sameAs) is None
    assert len(list(ds.objects(actor(slug), RDFS.label))) == 1


def test_other_spellings(ds: Graph) -> None:
    alt = {str(a) for a in ds.objects(actor("vjosa-osmani"), SCHEMA.alternateName)}
    assert "Vjosa Osmani-Sadriu" in alt


@pytest.mark.parametrize(
    ("person", "organization", "role"),
    [
        ("ramush-haradinaj", "alliance-for-the-future-of-kosovo", "President"),
        ("vlade-radulovic", "center-for-geostrategic-research-and-terrorism", "President"),
        ("darko-obradovic", "center-for-strategic-analysis", "Program Director"),
        ("milos-garic", "kosovo-online", "Editor"),
    ],
)
def test_affiliations(ds: Graph, person: str, organization: str, role: str) -> None:
    memberships = [
        m
        for m in ds.subjects(ORG.member, actor(person))
        if ds.value(m, ORG.organization) == actor(organization)
    ]
    assert memberships, f"{person} is not a member of {organization}"
    roles = {str(ds.value(ds.value(m, ORG.role), RDFS.label)) for m in memberships}
    assert role in roles
    assert (actor(person), ORG.memberOf, actor(organization)) in ds


def test_a_dated_membership_that_ended(ds: Graph) -> None:
    """Stoltenberg was NATO's Secretary General from 2014 to 2024: his term has its dates."""
    stoltenberg, nato = actor("jens-stoltenberg"), actor("nato")
    (membership,) = (
        m for m in ds.subjects(ORG.member, stoltenberg) if ds.value(m, ORG.organization) == nato
    )
    during = ds.value(membership, ORG.memberDuring)
    until = ds.value(ds.value(during, TIME.hasEnd), TIME.inXSDDate)
    since = ds.value(ds.value(during, TIME.hasBeginning), TIME.inXSDDate)
    assert (str(since), str(until)) == ("2014-10-01", "2024-10-01")
    assert (stoltenberg, ORG.memberOf, nato) not in ds


def test_a_former_membership_is_no_membership(ds: Graph) -> None:
    """Haradinaj was a member of the KLA: recorded, with its end, but not as org:memberOf."""
    haradinaj, kla = actor("ramush-haradinaj"), actor("kosovo-liberation-army")
    (membership,) = (
        m for m in ds.subjects(ORG.member, haradinaj) if ds.value(m, ORG.organization) == kla
    )
    assert ds.value(ds.value(membership, ORG.memberDuring), TIME.hasEnd) is not None
    assert (haradinaj, ORG.memberOf, kla) not in ds
