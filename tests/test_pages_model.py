"""The HTML pages show the data model: the issue hierarchy, reports within quotes, repetitions,
bases, ascriptions, the annotation, memberships current and former, Wikidata links and the
ontology's metadata.

Pages are read through Flask's test client and parsed (:mod:`tests.page_dom`); what they should
show is read from the built dataset with pyoxigraph, or from the ontology file with rdflib, not
from the server's code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from stancegraph.catalog.index import Index, read_index
from stancegraph.catalog.issue_tree import IssueTree
from stancegraph.catalog.records import Issue
from stancegraph.stores.store import load
from stancegraph.vocabulary import DEFAULT_BASE_URI, ONTOLOGY_IRI, ONTOLOGY_TTL
from stancegraph.vocabulary.iris import Site
from tests.conftest import select
from tests.page_dom import Element, parse

BASE = DEFAULT_BASE_URI
ARTICLE = "kosovo-nato-membership"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def page(client: FlaskClient, path: str) -> Element:
    """The HTML page of a path (an ``/id/`` IRI's page after its 303), parsed."""
    response = client.get(path, headers={"Accept": BROWSER}, follow_redirects=True, buffered=True)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert response.headers["Content-Type"].startswith("text/html")
    return parse(response.text)


def local(iri: str) -> str:
    """The link a page gives for a data IRI: its local path."""
    return "/" + iri.removeprefix(BASE)


def main(found: Element) -> Element:
    return found.one("main")


# --- Issues: topics and propositions ---------------------------------------------------------


def test_a_topic_page_lists_every_issue_under_it_and_the_positions_on_them(
    client: FlaskClient, dataset: ox.Store
) -> None:
    topic = f"{BASE}id/issue/kosovo-and-nato"
    shown = main(page(client, "/id/issue/kosovo-and-nato"))
    assert shown.one("p", cls="kind").text.startswith("Topic")
    under = select(dataset, f"SELECT ?i {{ ?i skos:broader+ <{topic}> }}")
    assert len(under) >= 5
    listed = shown.one("section", **{"aria-labelledby": "under"}).links()
    assert sorted(listed) == sorted(local(row["i"]) for row in under)
    # Transitively: the near-term prediction sits under the membership proposition, not the topic.
    assert "/id/issue/kosovo-nato-membership-near-term" in listed
    nested = shown.one("section", **{"aria-labelledby": "under"}).first("ul", cls="issue-tree")
    membership = next(
        li for li in nested.all("li") if li.links()[0].endswith("/kosovo-nato-membership")
    )
    assert "/id/issue/kosovo-nato-membership-near-term" in membership.one("ul").links()
    positions = select(dataset, f"SELECT ?p {{ ?p sg:issue/skos:broader+ <{topic}> }}")
    section = shown.one("section", **{"aria-labelledby": "positions-under"})
    linked = [link for link in section.links() if link.startswith("/id/position/")]
    assert sorted(linked) == sorted(local(row["p"]) for row in positions)
    assert not shown.all("section", cls="stance-group")  # no one takes a side on a topic


def test_an_issue_page_shows_its_kind_broader_narrower_and_related_issues(
    client: FlaskClient, dataset: ox.Store
) -> None:
    iri = f"{BASE}id/issue/kosovo-nato-membership"
    shown = main(page(client, "/id/issue/kosovo-nato-membership"))
    (row,) = select(dataset, f"SELECT ?kind {{ <{iri}> sg:propositionKind ?kind }}")
    assert row["kind"].endswith("#Normative")
    assert shown.fact("Kind").text.startswith("normative proposition")
    assert shown.fact("Kind").links() == ["/ontology#Normative"]
    assert shown.fact("Broader").links() == ["/id/issue/kosovo-and-nato"]
    related = select(dataset, f"SELECT ?r {{ <{iri}> skos:related ?r }}")
    assert sorted(shown.fact("Related").links()) == sorted(local(r["r"]) for r in related)
    narrower = select(dataset, f"SELECT ?n {{ ?n skos:broader <{iri}> }}")
    section = shown.one("section", **{"aria-labelledby": "under"})
    assert sorted(section.links()) == sorted(local(r["n"]) for r in narrower)
    # The way up, from the scheme: the issues debated › Kosovo and NATO.
    assert shown.one("p", cls="kind").links() == ["/id/issues", "/id/issue/kosovo-and-nato"]


def test_a_narrower_issue_shows_the_way_up_to_its_topic(client: FlaskClient) -> None:
    shown = main(page(client, "/id/issue/kosovo-nato-membership-near-term"))
    assert shown.fact("Kind").text.startswith("predictive proposition")
    assert shown.one("p", cls="kind").links() == [
        "/id/issues",
        "/id/issue/kosovo-and-nato",
        "/id/issue/kosovo-nato-membership",
    ]
    assert "Kosovo and NATO › Kosovo should become a member of NATO." in shown.text


def test_the_issue_scheme_nests_each_proposition_under_its_topic(
    client: FlaskClient, dataset: ox.Store
) -> None:
    table = main(page(client, "/id/issues")).one("table", cls="issues")
    rows = select(
        dataset,
        "SELECT ?i ?topic { ?i a sg:Issue ; skos:broader+ ?topic . ?topic a sg:Topic }",
    )
    topic_of = {local(r["i"]): local(r["topic"]) for r in rows}
    seen = set()
    for body in table.all("tbody"):
        heading = body.all("th", scope="rowgroup")
        topic = heading[0].links()[0] if heading else None
        for cell in body.all("td"):
            for link in cell.links():
                if link.startswith("/id/issue/"):
                    assert topic_of[link] == topic, link
                    seen.add(link)
    assert seen == set(topic_of)


def test_the_home_page_nests_the_issues_under_their_topics(
    client: FlaskClient, dataset: ox.Store
) -> None:
    tree = main(page(client, "/")).one("section", id="issues").first("ul", cls="issue-tree")
    topics = select(dataset, "SELECT ?t { ?t a sg:Topic }")
    top = [li for li in tree.children if isinstance(li, Element) and li.tag == "li"]
    assert sorted(li.links()[0] for li in top) == sorted(local(r["t"]) for r in topics)
    for li in top:
        topic = li.links()[0]
        under = select(dataset, f"SELECT ?i {{ ?i skos:broader+ <{BASE}{topic[1:]}> }}")
        assert sorted(li.links()[1:]) == sorted(local(r["i"]) for r in under), topic


def test_the_stance_matrix_groups_the_issue_columns_by_topic(
    client: FlaskClient, dataset: ox.Store
) -> None:
    head = main(page(client, "/")).one("table", cls="matrix").one("thead")
    topics = head.all("th", scope="colgroup")
    issues = head.one("tr", cls="issues").all("th", scope="col")
    assert sum(int(th.attrs["colspan"]) for th in topics) == len(issues)
    rows = select(dataset, "SELECT ?i ?t { ?i skos:broader+ ?t . ?t a sg:Topic }")
    topic_of = {local(r["i"]): local(r["t"]) for r in rows}
    columns = iter(issues)
    for th in topics:
        for _ in range(int(th.attrs["colspan"])):
            issue = next(columns).links()[0]
            assert topic_of[issue] == th.links()[0], issue
    held = select(dataset, "SELECT DISTINCT ?i { ?p sg:issue ?i }")
    assert sorted(th.links()[0] for th in issues) == sorted(local(r["i"]) for r in held)


# --- Statements: reports within quotes, repetitions, basis ------------------------------------


def test_a_statement_reported_in_another_names_who_reports_it(client: FlaskClient) -> None:
    shown = main(page(client, f"/id/statement/{ARTICLE}-nato-r2"))
    assert shown.one("h1").text == "NATO, as reported by Vlade Radulovic"
    assert shown.one("h1").links() == ["/id/actor/nato", "/id/actor/vlade-radulovic"]
    assert f"/id/statement/{ARTICLE}-radulovic-q3" in shown.fact("Reported in").links()
    assert shown.fact("Attribution").text.startswith("inferred")


def test_a_statement_not_reported_in_another_is_the_speakers_own(client: FlaskClient) -> None:
    shown = main(page(client, f"/id/statement/{ARTICLE}-radulovic-q3"))
    assert shown.one("h1").text == "Vlade Radulovic says"
    assert not shown.has_fact("Reported in")
    assert shown.fact("Attribution").text.startswith("explicit")
    contains = shown.fact("Contains").links()
    assert f"/id/statement/{ARTICLE}-nato-r2" in contains


def test_a_repetition_links_to_what_it_repeats_and_back(client: FlaskClient) -> None:
    lede = main(page(client, f"/id/statement/{ARTICLE}-radulovic-q1"))
    assert f"/id/statement/{ARTICLE}-radulovic-q4" in lede.fact("Repeats").links()
    repeated = main(page(client, f"/id/statement/{ARTICLE}-radulovic-q4"))
    assert f"/id/statement/{ARTICLE}-radulovic-q1" in repeated.fact("Repeated by").links()


def test_the_article_lists_nested_statements_as_reported_by_their_reporter(
    client: FlaskClient, dataset: ox.Store
) -> None:
    shown = main(page(client, f"/id/article/{ARTICLE}"))
    items = shown.one("section", **{"aria-labelledby": "statements"}).all("li")
    nested = select(
        dataset,
        "SELECT ?s ?who { ?s sg:reportedIn/prov:wasAttributedTo ?reporter . "
        "?reporter rdfs:label ?who }",
    )
    assert len(nested) >= 3
    for row in nested:
        (item,) = [li for li in items if li.links()[0] == local(row["s"])]
        assert f"as reported by {row['who']}" in item.text, row["s"]
    plain = [li for li in items if li.links()[0] == f"/id/statement/{ARTICLE}-radulovic-q3"]
    assert "as reported by" not in plain[0].text


def test_the_article_says_who_annotated_it_when_and_how(client: FlaskClient) -> None:
    shown = main(page(client, f"/id/article/{ARTICLE}"))
    annotation = shown.one(id="annotation")
    assert annotation.one(id="annotator").text == "The stancegraph maintainers"
    assert "on 2026-12-02" in annotation.text
    assert "manual annotation" in annotation.text


# --- Positions: basis, ascription, annotation -------------------------------------------------


def test_an_ascribed_position_names_who_ascribes_it(client: FlaskClient) -> None:
    shown = main(page(client, f"/id/position/{ARTICLE}-nato-membership"))
    ascribed = shown.one("p", cls="ascribed")
    assert ascribed.text.startswith("As ascribed by Sinisa Ljepojevic")
    assert ascribed.links() == ["/id/actor/sinisa-ljepojevic"]
    assert shown.fact("Basis").text.startswith("inferred")
    annotated = shown.fact("Annotated by")
    assert annotated.text == "The stancegraph maintainers, 2026-12-02 (manual annotation)"
    assert annotated.links() == [f"/id/article/{ARTICLE}#annotation"]


def test_every_position_page_shows_its_basis_and_any_ascription(
    client: FlaskClient, dataset: ox.Store
) -> None:
    rows = select(
        dataset,
        "SELECT ?p ?basis ?by { ?p a sg:Position ; sg:basis ?basis "
        "OPTIONAL { ?p sg:ascribedBy ?by } }",
    )
    assert {row["basis"].rsplit("#", 1)[1] for row in rows} == {"Explicit", "Inferred"}
    for row in rows:
        shown = main(page(client, local(row["p"])))
        assert shown.fact("Basis").text.startswith(row["basis"].rsplit("#", 1)[1].lower())
        ascribed = shown.all("p", cls="ascribed")
        if "by" in row:
            assert ascribed[0].links() == [local(row["by"])], row["p"]
        else:
            assert not ascribed, row["p"]


def test_an_actor_page_lists_the_positions_the_actor_ascribes_to_others(
    client: FlaskClient,
) -> None:
    shown = main(page(client, "/id/actor/sinisa-ljepojevic"))
    section = shown.one("section", **{"aria-labelledby": "ascribed"})
    assert f"/id/position/{ARTICLE}-nato-membership" in section.links()


# --- Actors: memberships, Wikidata ------------------------------------------------------------


def test_a_former_membership_is_listed_as_former(client: FlaskClient) -> None:
    shown = main(page(client, "/id/actor/ramush-haradinaj"))
    assert "/id/actor/kosovo-liberation-army" in shown.fact("Formerly").links()
    assert "/id/actor/kosovo-liberation-army" not in shown.fact("Member of").links()
    assert "/id/actor/alliance-for-the-future-of-kosovo" in shown.fact("Member of").links()
    kla = main(page(client, "/id/actor/kosovo-liberation-army"))
    assert "/id/actor/ramush-haradinaj" in kla.fact("Former members").links()


def test_a_dated_membership_shows_since_when_and_its_source(
    client: FlaskClient, dataset: ox.Store
) -> None:
    (row,) = select(
        dataset,
        f"SELECT ?since ?source {{ ?m org:member <{BASE}id/actor/spain> ; "
        f"org:organization <{BASE}id/actor/nato> ; dcterms:source ?source ; "
        "org:memberDuring/time:hasBeginning/time:inXSDDate ?since }",
    )
    spain = main(page(client, "/id/actor/spain")).fact("Member of")
    assert f"since {row['since']}" in spain.text
    assert row["source"] in spain.links()
    nato = main(page(client, "/id/actor/nato")).fact("Members")
    (item,) = [li for li in nato.all("li") if "/id/actor/spain" in li.links()]
    assert f"since {row['since']}" in item.text


def test_wikidata_links_are_the_exact_matches(client: FlaskClient, dataset: ox.Store) -> None:
    rows = select(dataset, "SELECT ?a ?wd { ?a a sg:Actor ; skos:exactMatch ?wd }")
    assert len(rows) > 20
    assert not select(dataset, "SELECT ?a { ?a owl:sameAs ?other }")
    for row in rows[:8]:
        shown = main(page(client, local(row["a"])))
        assert shown.fact("Wikidata").links() == [row["wd"]], row["a"]
        assert shown.fact("Wikidata").text == row["wd"].rsplit("/", 1)[1]


# --- The ontology's metadata ------------------------------------------------------------------

ONTOLOGY_FACTS = [
    ("Title", DCTERMS.title),
    ("Label", RDFS.label),
    ("Creator", DCTERMS.creator),
    ("Created", DCTERMS.created),
    ("Modified", DCTERMS.modified),
    ("Version", OWL.versionInfo),
    ("Version IRI", OWL.versionIRI),
    ("Licence", DCTERMS.license),
]


@pytest.mark.parametrize(("heading", "prop"), ONTOLOGY_FACTS, ids=[h for h, _ in ONTOLOGY_FACTS])
def test_the_ontology_page_shows_its_metadata(
    client: FlaskClient, heading: str, prop: URIRef
) -> None:
    ontology = Graph().parse(ONTOLOGY_TTL, format="turtle")
    stated = ontology.value(URIRef(ONTOLOGY_IRI), prop)
    assert stated is not None, heading
    shown = main(page(client, "/ontology")).fact(heading)
    assert shown.text == str(stated)
    if isinstance(stated, URIRef):
        # Linked where this server serves it (the version IRI: here), else where it is published.
        assert shown.links() == [Site(DEFAULT_BASE_URI).path(str(stated)) or str(stated)]


def test_the_ontologys_version_iri_serves_that_version(client: FlaskClient) -> None:
    version = (
        Graph().parse(ONTOLOGY_TTL, format="turtle").value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    )
    path = Site(DEFAULT_BASE_URI).path(str(version))
    assert path == "/ontology/" + str(version).rsplit("/", 1)[1]
    served = client.get(path, headers={"Accept": "text/turtle"})
    assert served.status_code == 200
    graph = Graph().parse(data=served.get_data(as_text=True), format="turtle")
    assert (URIRef(ONTOLOGY_IRI), OWL.versionIRI, version) in graph
    assert client.get("/ontology/0.0.1", headers={"Accept": "text/turtle"}).status_code == 404


def test_the_ontologys_paths() -> None:
    site = Site(DEFAULT_BASE_URI)
    assert site.path(ONTOLOGY_IRI) == "/ontology"
    assert site.path(ONTOLOGY_IRI + "#Issue") == "/ontology#Issue"
    assert site.path(DEFAULT_BASE_URI + "id/issue/x") == "/id/issue/x"


# --- The index behind the pages ---------------------------------------------------------------


def test_the_index_reads_the_new_model_and_keeps_it_through_its_records(seed_dist: Path) -> None:
    index = read_index(load(seed_dist / "dataset.nq"))
    nested = index.statements[f"{BASE}id/statement/{ARTICLE}-nato-r2"]
    assert nested.reported_in == f"{BASE}id/statement/{ARTICLE}-radulovic-q3"
    assert nested.basis is not None and nested.basis.endswith("#Inferred")
    assert nested.prefix and nested.suffix  # from the text quote selector of its annotation
    lede = index.statements[f"{BASE}id/statement/{ARTICLE}-radulovic-q1"]
    assert lede.repeats == (f"{BASE}id/statement/{ARTICLE}-radulovic-q4",)
    assert index.issues[f"{BASE}id/issue/kosovo-and-nato"].topic
    (activity,) = index.activities.values()
    assert (activity.agent_label, activity.date) == ("The stancegraph maintainers", "2026-12-02")
    kept = Index.from_records(json.loads(json.dumps(index.records())))
    assert kept == index


def issue(iri: str, *broader: str, topic: bool = False) -> Issue:
    return Issue(iri, iri.upper(), None, topic, None if topic else "kind", broader, ())


TREES = [
    # (issues, expected walk)
    ([issue("t", topic=True), issue("a", "t"), issue("b", "a")], [("t", 0), ("a", 1), ("b", 2)]),
    # Several broader: shown once, under the first reached.
    (
        [issue("t", topic=True), issue("u", topic=True), issue("a", "t", "u")],
        [("t", 0), ("a", 1), ("u", 0)],
    ),
    # A broader concept the index lacks makes a root; a loop of broader links ends.
    ([issue("a", "missing"), issue("x", "y"), issue("y", "x")], [("a", 0)]),
]


@pytest.mark.parametrize(("issues", "walk"), TREES, ids=["chain", "two-broader", "broken"])
def test_the_issue_tree_walks_each_concept_once(
    issues: list[Issue], walk: list[tuple[str, int]]
) -> None:
    tree = IssueTree.of({i.iri: i for i in issues})
    assert tree.walk() == walk
    for concept in tree.issues:
        assert concept not in tree.ancestors(concept)
        assert len(tree.path(concept)) <= len(tree.issues)


def test_the_topic_of_an_issue_is_the_nearest_topic_above_it() -> None:
    issues = [issue("t", topic=True), issue("s", "t", topic=True), issue("a", "s"), issue("b")]
    tree = IssueTree.of({i.iri: i for i in issues})
    assert tree.topic_of("a") == "s"
    assert tree.topic_of("s") == "s"
    assert tree.topic_of("b") is None
    assert tree.descendants("t") == ["s", "a"]
    assert tree.path("a") == ["t", "s"]


def test_the_stance_matrix_marks_ascribed_and_inferred_positions(client: FlaskClient) -> None:
    """A cell says when the stance is another actor's ascription or an annotator's reading, so
    that NATO's favour (as Ljepojevic ascribes it) does not look like Haradinaj's own words."""
    html = client.get("/", headers={"Accept": BROWSER}).get_data(as_text=True)
    nato = html.index(f'href="/id/position/{ARTICLE}-nato-membership"')
    cell = html[nato : html.index("</a>", nato)]
    assert "as Sinisa Ljepojevic ascribes it" in cell and 'class="ascribed"' in cell
    assert 'class="inferred"' in cell
    haradinaj = html.index(f'href="/id/position/{ARTICLE}-haradinaj-membership"')
    cell = html[haradinaj : html.index("</a>", haradinaj)]
    assert "ascribe" not in cell and "inferred" not in cell
