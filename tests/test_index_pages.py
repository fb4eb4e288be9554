"""The index pages (``/doc/{plural}``), "What links here" and evidence counts as links (issue 17).

What the pages must list is read from the built dump with pyoxigraph, not from the server's
index: every member of each collection appears exactly once across its pages in every order,
the orders hold, pages link each other, bad parameters are a 400 that says why, the RDF twins
name the same members with the counts the dump gives, and every triple of the dump whose object
is a resource shows on that resource's page as a link back from its subject's document.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from stancegraph.catalog.listings import HYDRA, LISTINGS, PAGE_SIZE
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from tests.conftest import select

BASE = DEFAULT_BASE_URI
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: The class of each collection's members in the data.
CLASSES = {
    "articles": SG.Article,
    "actors": SG.Actor,
    "statements": SG.Statement,
    "positions": SG.Position,
}
#: The link that names each member in its row: the row header's, or the stance's for positions.
ROW_LINK = re.compile(r'<tr><th scope="row">.*?href="(/id/[^"#]+)"', re.S)
POSITION_LINK = re.compile(r'<td><a href="(/id/position/[^"#]+)">')
#: How this test reads each RDF media type (pyoxigraph's parser, not the server's registry).
PARSERS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


def members_of(dataset: ox.Store, plural: str) -> set[str]:
    return {r["x"] for r in select(dataset, f"SELECT DISTINCT ?x {{ ?x a <{CLASSES[plural]}> }}")}


def get(client: FlaskClient, path: str, accept: str = BROWSER) -> str:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
    return response.text


def listed(page: str, plural: str) -> list[str]:
    """The members of one HTML page, in order, as IRIs."""
    table = page.split('<table class="list listing', 1)[1].split("</table>", 1)[0]
    pattern = POSITION_LINK if plural == "positions" else ROW_LINK
    return [BASE + path[1:] for path in pattern.findall(table)]


def every_page(client: FlaskClient, plural: str, sort: str) -> Iterator[str]:
    """Each page of a listing in one order, followed by its ``rel="next"`` links."""
    path: str | None = f"/doc/{plural}?sort={sort}"
    while path:
        page = get(client, path)
        yield page
        found = re.search(r'<a rel="next" href="([^"]+)"', page)
        path = html.unescape(found.group(1)) if found else None


ORDERS = [(plural, order) for plural, listing in LISTINGS.items() for order in listing.orders]


@pytest.mark.parametrize(("plural", "order"), ORDERS)
def test_every_member_is_listed_exactly_once(
    client: FlaskClient, dataset: ox.Store, plural: str, order: str
) -> None:
    pages = list(every_page(client, plural, order))
    shown = [iri for page in pages for iri in listed(page, plural)]
    assert Counter(shown).most_common(1)[0][1] == 1, "a member is listed twice"
    assert set(shown) == members_of(dataset, plural)
    assert all(len(listed(page, plural)) == PAGE_SIZE for page in pages[:-1])


def test_the_actors_are_all_there_with_those_who_hold_no_position(
    client: FlaskClient, dataset: ox.Store
) -> None:
    """Issue 17: only the 15 holders were on the home page; the others could not be browsed."""
    holders = {r["h"] for r in select(dataset, "SELECT DISTINCT ?h { ?p sg:holder ?h }")}
    actors = members_of(dataset, "actors")
    assert len(actors - holders) > 20
    shown = {iri for page in every_page(client, "actors", "name") for iri in listed(page, "actors")}
    assert BASE + "id/actor/jens-stoltenberg" in shown - holders


def dump_counts(dataset: ox.Store, prop: str, outward: bool) -> Counter[str]:
    pattern = f"?x <{prop}> ?o" if outward else f"?s <{prop}> ?x"
    rows = select(dataset, f"SELECT ?x (COUNT(DISTINCT *) AS ?n) {{ {pattern} }} GROUP BY ?x")
    return Counter({r["x"]: int(r["n"]) for r in rows})


@pytest.mark.parametrize(("plural", "order"), ORDERS)
def test_each_order_holds(client: FlaskClient, dataset: ox.Store, plural: str, order: str) -> None:
    shown = [iri for page in every_page(client, plural, order) for iri in listed(page, plural)]
    counts = {c.name: c for c in LISTINGS[plural].counts}
    if order in counts:
        count = counts[order]
        tally = dump_counts(dataset, count.property, count.outward)
        numbers = [tally[iri] for iri in shown]
        assert numbers == sorted(numbers, reverse=True), order
    elif order in ("name", "holder", "speaker"):
        name = {"name": "rdfs:label|schema:headline", "holder": "sg:holder/rdfs:label",
                "speaker": "prov:wasAttributedTo/rdfs:label"}[order]  # fmt: skip
        rows = select(dataset, f"SELECT ?x ?n {{ ?x {name} ?n }}")
        names = {r["x"]: r["n"].lower() for r in rows}
        assert [names[iri] for iri in shown] == sorted(names[iri] for iri in shown)
    elif order == "order":
        rows = select(dataset, "SELECT ?x ?b { ?x sg:span/nif:beginIndex ?b }")
        begins = {r["x"]: int(r["b"]) for r in rows}
        assert [begins[iri] for iri in shown] == sorted(begins[iri] for iri in shown)


def test_pages_link_each_other(client: FlaskClient) -> None:
    first = client.get("/doc/actors?sort=statements", headers={"Accept": BROWSER})
    assert '<link rel="next" href="/doc/actors?sort=statements&amp;page=2">' in first.text
    assert 'rel="prev"' not in first.text
    assert '</doc/actors?sort=statements&page=2>; rel="next"' in first.headers["Link"]
    last = client.get("/doc/actors?sort=statements&page=3", headers={"Accept": BROWSER})
    assert '<a rel="prev" href="/doc/actors?sort=statements&amp;page=2">' in last.text
    assert 'rel="next"' not in last.text
    assert "Page 3 of 3" in last.text
    # The default order and the first page are named by the plain path.
    second = get(client, "/doc/actors?page=2")
    assert '<a rel="prev" href="/doc/actors">' in second


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (
            "sort=date",
            "sort='date': the actors are sorted by name, statements, mentions, positions",
        ),
        ("sort=NAME", "sort='NAME'"),
        ("sort=holder", "sort='holder'"),
        ("page=0", "page='0': expected a whole number from 1 to 3"),
        ("page=4", "page='4': expected a whole number from 1 to 3"),
        ("page=-1", "page='-1'"),
        ("page=two", "page='two'"),
        ("page=%C2%B2", "page='²'"),
        ("page=1&page=2", "page is given 2 times; give it once"),
        ("sort=name&sort=name", "sort is given 2 times"),
    ],
)
def test_bad_sort_or_page_is_a_400_that_says_why(
    client: FlaskClient, query: str, reason: str
) -> None:
    for path in (f"/doc/actors?{query}", f"/doc/actors.ttl?{query}"):
        response = client.get(path, headers={"Accept": "*/*"})
        assert response.status_code == 400, path
        assert reason in response.text
        assert len(response.text.strip().splitlines()) == 1


def test_ids_of_collections_are_sent_to_their_pages(client: FlaskClient) -> None:
    """Issue 17: ``/id/actors`` was 404."""
    for accept, ext in (
        (BROWSER, "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
    ):
        response = client.get("/id/actors?sort=mentions", headers={"Accept": accept})
        assert response.status_code == 303
        assert response.headers["Location"] == f"/doc/actors.{ext}?sort=mentions"
    assert client.get("/doc/actors.xyz").status_code == 404
    assert client.get("/id/actorz").status_code == 404


@pytest.mark.parametrize("ext", PARSERS)
@pytest.mark.parametrize(("plural", "order"), [("actors", "name"), ("positions", "evidence"),
                                               ("statements", "order"), ("articles", "name")])  # fmt: skip
def test_the_data_twin_holds_the_page(
    client: FlaskClient, dataset: ox.Store, plural: str, order: str, ext: str
) -> None:
    listing = LISTINGS[plural]
    for number, page in enumerate(every_page(client, plural, order), start=1):
        query = f"sort={order}&page={number}"
        twin = client.get(f"/doc/{plural}.{ext}?{query}").get_data()
        store = ox.Store()
        store.load(twin, PARSERS[ext])
        collection = f"<{BASE}id/{plural}>"
        rows = store.query(f"SELECT ?m {{ {collection} <{HYDRA.member}> ?m }}")
        assert {r["m"].value for r in rows} == set(listed(page, plural))
        total = store.query(f"SELECT ?n {{ {collection} <{HYDRA.totalItems}> ?n }}")
        assert [int(r["n"].value) for r in total] == [len(members_of(dataset, plural))]
        for count in listing.counts:
            side = "subject" if count.outward else "object"
            found = store.query(
                f"SELECT ?m ?n {{ ?m <{HYDRA.collection}> ?c . ?c <{HYDRA.totalItems}> ?n ; "
                f"<{HYDRA.manages}> [ <{HYDRA.property}> <{count.property}> ; "
                f"<{HYDRA[side]}> ?m ] }}"
            )
            tally = dump_counts(dataset, count.property, count.outward)
            assert {r["m"].value: int(r["n"].value) for r in found} == {
                iri: tally[iri] for iri in listed(page, plural)
            }


def test_a_twin_is_negotiated_too(client: FlaskClient) -> None:
    response = client.get("/doc/positions?page=2", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert response.headers["Content-Location"] == "/doc/positions.ttl?page=2"
    assert "Accept" in response.headers["Vary"]
    again = client.get(
        "/doc/positions?page=2",
        headers={"Accept": "text/turtle", "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


# What links here ---------------------------------------------------------------------------


def resources(dataset: ox.Store) -> set[str]:
    """Every thing with a page: the data resources under id/ (documents, not # nodes)."""
    rows = select(
        dataset, f"SELECT DISTINCT ?x {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), '{BASE}id/')) }}"
    )
    return {r["x"].split("#", 1)[0] for r in rows}


def shown_backlinks(page: str) -> set[tuple[str, str]]:
    """(property, linking document) of each link in a page's "What links here"."""
    if 'class="links-here"' not in page:
        return set()
    section = page.split('class="links-here"', 1)[1].split("</section>", 1)[0]
    found = set()
    for chunk in section.split('<dt data-property="')[1:]:
        prop, rest = chunk.split('"', 1)
        items = rest.split("<dd>", 1)[1].split("</dd>", 1)[0]
        found |= {(prop, BASE + path) for path in re.findall(r'<a href="/([^"#]+)"', items)}
    return found


def test_what_links_here_is_complete(client: FlaskClient, dataset: ox.Store) -> None:
    """Every triple of the dump whose object is a resource appears on its page as a link from
    its subject's document (a subject of the resource's own document excepted)."""
    expected: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    rows = select(dataset, "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o FILTER(isIRI(?o)) }")
    things = resources(dataset)
    blank = f"SELECT ?s {{ ?s ?p ?o FILTER(isBlank(?s) && STRSTARTS(STR(?o), '{BASE}id/')) }}"
    assert not select(dataset, blank)  # a blank node has no page to link back to: there is none
    for row in rows:
        source = row["s"].split("#", 1)[0]
        if row["o"] in things and source != row["o"]:
            expected[row["o"]].add((row["p"], source))
    assert len(expected) > 80
    for thing in sorted(things):
        page = get(client, "/" + thing[len(BASE) :].replace("id/", "doc/", 1))
        assert shown_backlinks(page) == expected.get(thing, set()), thing


def test_an_actor_without_positions_shows_where_it_is_mentioned(client: FlaskClient) -> None:
    page = get(client, "/doc/actor/jens-stoltenberg")
    links = shown_backlinks(page)
    mentioned = {source for prop, source in links if prop == "http://schema.org/mentions"}
    assert len(mentioned) == 2
    assert ">Mentioned in <small>" in page


# Evidence counts are links -------------------------------------------------------------------


def test_evidence_counts_link_to_the_evidence(client: FlaskClient, dataset: ox.Store) -> None:
    evidence = dump_counts(dataset, str(SG.evidence), outward=True)
    article = get(client, "/doc/article/kosovo-nato-membership")
    cells = re.findall(
        r'<td><a href="/id/position/([^"#]+)#evidence">(\d+) statements?</a>', article
    )
    assert len(cells) == len(evidence)
    for slug, n in cells:
        assert evidence[f"{BASE}id/position/{slug}"] == int(n)
    actor = get(client, "/doc/actor/vlade-radulovic")
    assert re.search(
        r'<a href="/id/position/[^"#]+#evidence">\d+ statements?</a> as evidence', actor
    )


def test_home_and_navigation_link_the_indexes(client: FlaskClient, dataset: ox.Store) -> None:
    home = get(client, "/")
    actors = len(members_of(dataset, "actors"))
    assert f'<a href="/doc/actors">All actors ({actors})</a>' in home
    for plural in ("articles", "statements", "positions"):
        assert f'<a href="/doc/{plural}">{plural} (' in home
    assert '<a href="/doc/actors">Actors</a>' in get(client, "/doc/issues")
