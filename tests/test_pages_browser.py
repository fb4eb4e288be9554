"""The HTML pages in a real browser: headless Chromium (Debian's package) driven by Playwright.

Pages are opened with JavaScript disabled: they must be readable without it. What the pages
should show is read from the built dataset with pyoxigraph, not from the server's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser, Page, Request, sync_playwright

from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.conftest import select

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BASE = DEFAULT_BASE_URI
ARTICLE = "kosovo-nato-membership"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A page without JavaScript that fails the test if it loads anything from another host."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    foreign: list[str] = []

    def check(request: Request) -> None:
        if not request.url.startswith(live_server.url):
            foreign.append(request.url)

    opened.on("request", check)
    yield opened
    context.close()
    assert not foreign, f"pages loaded external assets: {foreign}"


def statement_texts(dataset: ox.Store) -> dict[str, str]:
    rows = select(dataset, "SELECT ?s ?text { ?s a sg:Statement ; sg:text ?text }")
    return {row["s"].rsplit("/", 1)[-1]: row["text"] for row in rows}


def highlighted(page: Page, key: str) -> str:
    """The text of every highlight segment of one statement, joined in document order."""
    return "".join(page.locator(f'.article-text a.hl[data-s~="{key}"]').all_text_contents())


def test_home_lists_the_article_and_the_stance_matrix(page: Page, live_server, dataset) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Who said what about which question")
    headline = select(dataset, "SELECT ?h { ?a a sg:Article ; schema:headline ?h }")[0]["h"]
    assert page.locator("#articles a.headline").inner_text() == headline
    holders = select(dataset, "SELECT DISTINCT ?h { ?p sg:holder ?h }")
    issues = select(dataset, "SELECT DISTINCT ?i { ?p sg:issue ?i }")
    assert page.locator("table.matrix tbody tr").count() == len(holders)
    # One column per issue and the actors' (the topic headings above them span columns).
    assert page.locator('table.matrix thead th[scope="col"]').count() == len(issues) + 1
    topics = select(dataset, "SELECT DISTINCT ?t { ?p sg:issue/skos:broader+ ?t . ?t a sg:Topic }")
    assert page.locator('table.matrix thead th[scope="colgroup"]').count() == len(topics)
    positions = select(dataset, "SELECT ?p { ?p a sg:Position }")
    assert page.locator("table.matrix a.cell").count() == len(positions)
    assert page.locator('a[href="/sparql"]').count() >= 1
    assert page.locator('#data a[href="/dumps/dataset.nq.gz"]').count() == 1


def test_from_the_matrix_to_a_position_to_the_quote_in_the_article(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    row = page.locator("table.matrix tbody tr", has=page.locator("th", has_text="Branko Brankovic"))
    row.locator("a.cell", has_text="Against").click()
    page.wait_for_url("**/doc/position/kosovo-nato-membership-brankovic-near-term.html")
    assert page.locator("h1").inner_text() == "Branko Brankovic"
    assert "Against" in page.locator(".position-line").inner_text()
    first = page.locator("figure.quote").first
    quoted = first.locator("mark").inner_text()
    first.locator("a.in-article").click()
    page.wait_for_url(f"**/doc/article/{ARTICLE}.html#char=12232,12792")
    assert page.evaluate("document.querySelector(':target').id") == "char=12232,12792"
    assert highlighted(page, "kosovo-nato-membership-brankovic-q1") == quoted
    assert quoted.startswith("This is not something new.")
    landed = page.locator('[id="char=12232,12792"] + a.hl')
    box = landed.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled to where the quote is


def test_article_highlights_every_statement_nested_ones_included(
    page: Page, live_server, dataset
) -> None:
    page.goto(f"{live_server.url}/id/article/{ARTICLE}")
    texts = statement_texts(dataset)
    assert len(texts) > 30
    for key, text in texts.items():
        assert highlighted(page, key) == text, key
    nested = page.locator(
        'a.hl[data-s~="kosovo-nato-membership-radulovic-q3"][data-s~="kosovo-nato-membership-stoltenberg-r1"]'
    )
    assert nested.inner_text() == texts["kosovo-nato-membership-stoltenberg-r1"]
    assert nested.inner_text().startswith("NATO Secretary General Jens Stoltenberg reiterated")
    assert nested.get_attribute("href") == "/id/statement/kosovo-nato-membership-stoltenberg-r1"
    assert "box-shadow" in (nested.get_attribute("style") or "")


def test_article_colours_highlights_by_speaker(page: Page, live_server, dataset) -> None:
    page.goto(f"{live_server.url}/id/article/{ARTICLE}")
    speakers = select(
        dataset, "SELECT DISTINCT ?who { ?s a sg:Statement ; prov:wasAttributedTo ?who }"
    )
    assert page.locator(".speakers ol.legend li").count() == len(speakers)

    def background(key: str) -> str:
        segment = page.locator(f'a.hl[data-s$="{key}"]').first
        return str(segment.evaluate("e => getComputedStyle(e).backgroundColor"))

    radulovic, obradovic = background("radulovic-q2"), background("obradovic-q1")
    assert radulovic != obradovic
    assert background("radulovic-q3") == radulovic
    assert radulovic not in ("rgba(0, 0, 0, 0)", "transparent")
    # Issue 17: every speaker tells apart by colour and pattern, not colour alone past twelve.
    swatches = page.locator(".speakers ol.legend .swatch").evaluate_all(
        "all => all.map(e => [getComputedStyle(e).backgroundColor, e.className])"
    )
    assert len({tuple(s) for s in swatches}) == len(speakers)


def test_article_marks_speaker_stance_and_kind(page: Page, live_server, dataset) -> None:
    """Issue 17: who speaks, with which stance, and whether quoted, readable without hovering."""
    page.goto(f"{live_server.url}/id/article/{ARTICLE}")
    numbers = {
        link.get_attribute("href"): int(item.locator(".who").inner_text())
        for item in page.locator(".speakers ol.legend li").all()
        for link in [item.locator("a").first]
    }
    stances = select(
        dataset,
        "SELECT ?s (GROUP_CONCAT(DISTINCT STRAFTER(STR(?stance), '#')) AS ?names) "
        "{ ?p sg:evidence ?s ; sg:stance ?stance } GROUP BY ?s",
    )
    signs = {"Favor": "+", "Against": "−", "Neutral": "○"}
    expected = {
        row["s"].rsplit("/", 1)[-1]: "".join(
            signs[n] for n in signs if n in row["names"].split(" ")
        )
        for row in stances
    }
    statements = select(
        dataset,
        "SELECT ?s ?who ?quote { ?s a sg:Statement ; prov:wasAttributedTo ?who "
        "BIND (EXISTS { ?s a sg:DirectQuote } AS ?quote) }",
    )
    assert len(statements) > 30
    for row in statements:
        key = row["s"].rsplit("/", 1)[-1]
        anchor = page.locator(f'a.hl[data-s$="{key}"]').first
        marker = page.locator(f'sup.who[data-for="{key}"]').inner_text()
        who = numbers["/id/actor/" + row["who"].rsplit("/", 1)[-1]]
        assert marker == f"{who}{expected.get(key, '')}", key
        italic = anchor.evaluate("a => getComputedStyle(a).fontStyle")
        assert (italic == "italic") == (row["quote"] == "false"), key
    # The markers of one statement: its speaker's number and the signs of its stances.
    first = page.locator("sup.who").all_inner_texts()
    assert any(text.endswith("−") for text in first) and any(text.endswith("+") for text in first)
    assert {t.lstrip("0123456789") for t in first} <= {"", *expected.values()}


def test_actor_page_shows_affiliations_positions_and_statements(
    page: Page, live_server, dataset
) -> None:
    page.goto(f"{live_server.url}/id/actor/vlade-radulovic")
    assert page.locator("h1").inner_text() == "Vlade Radulovic"
    assert (
        "President, Center for Geostrategic Research and Terrorism"
        in page.locator("dl.facts").inner_text()
    )
    actor = f"<{BASE}id/actor/vlade-radulovic>"
    said = select(dataset, f"SELECT ?text {{ ?s prov:wasAttributedTo {actor} ; sg:text ?text }}")
    marks = page.locator("section:has(#said) figure.quote mark")
    assert sorted(marks.all_inner_texts()) == sorted(row["text"] for row in said)
    held = select(dataset, f"SELECT ?p {{ ?p sg:holder {actor} }}")
    assert page.locator("ul.positions li").count() == len(held)


def test_issue_page_groups_positions_by_stance_with_quotes(
    page: Page, live_server, dataset
) -> None:
    issue = "kosovo-nato-membership-near-term"
    page.goto(f"{live_server.url}/id/issue/{issue}")
    rows = select(
        dataset, f"SELECT ?p ?stance {{ ?p sg:issue <{BASE}id/issue/{issue}> ; sg:stance ?stance }}"
    )
    for stance in ("Favor", "Against", "Neutral"):
        expected = sum(row["stance"].endswith(f"#{stance}") for row in rows)
        group = page.locator(f'section.stance-group[aria-label="{stance}"] article.position')
        assert group.count() == expected, stance
    against = page.locator('section.stance-group[aria-label="Against"]')
    assert "Realistically, there is no chance for Kosovo to join NATO" in against.inner_text()


def test_issue_scheme_lists_every_issue(page: Page, live_server, dataset) -> None:
    page.goto(f"{live_server.url}/id/issues")
    labels = select(dataset, "SELECT ?label { ?i a sg:Issue ; skos:prefLabel ?label }")
    links = page.locator("table.list tbody td:first-child a").all_inner_texts()
    assert sorted(links) == sorted(row["label"] for row in labels)


def test_from_home_to_every_actor_to_what_links_to_one(page: Page, live_server, dataset) -> None:
    """Issue 17: an actor who holds no position is reached from the actors' index, and their
    page links back to the statements that mention them."""
    page.goto(live_server.url + "/")
    page.locator("#browse a", has_text="All actors").click()
    page.wait_for_url("**/doc/actors")
    assert page.locator("h1").inner_text() == "Actors"
    names: list[str] = []
    while True:  # through every page, by the pager's rel="next"
        names += page.locator("table.listing tbody th a").all_inner_texts()
        if "Jens Stoltenberg" in names or not page.locator('a[rel="next"]').count():
            break
        page.locator('a[rel="next"]').click()
    row = page.locator(
        "table.listing tbody tr", has=page.locator("th", has_text="Jens Stoltenberg")
    )
    assert row.locator("td").nth(3).inner_text() == "0"  # no position
    row.locator("th a").click()
    page.wait_for_url("**/doc/actor/jens-stoltenberg.html")
    assert page.locator("#positions").count() == 0
    links = page.locator("section.links-here")
    mentioned = links.locator('dt[data-property="http://schema.org/mentions"] + dd a')
    assert mentioned.count() == 2
    mentioned.first.click()
    page.wait_for_url("**/doc/statement/*.html")
    assert "Jens Stoltenberg" in page.locator("dl.facts").inner_text()


EVIDENCE_PER_POSITION = "SELECT (GROUP_CONCAT(STR(?s)) AS ?e) { ?p sg:evidence ?s } GROUP BY ?p"


def test_actors_index_sorts_and_pages(page: Page, live_server, dataset) -> None:
    page.goto(live_server.url + "/doc/actors")
    page.locator("p.sort-by a", has_text="statements").click()
    page.wait_for_url("**/doc/actors?sort=statements")
    counts = [int(n) for n in page.locator("table.listing tbody td:nth-child(3)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    page.locator('nav.pager a[rel="next"]').click()
    page.wait_for_url("**/doc/actors?sort=statements&page=2")
    assert page.locator("nav.pager").inner_text().startswith("← Previous")
    assert page.locator("p.sort-by strong").inner_text() == "statements"
    page.goto(live_server.url + "/doc/positions?sort=evidence")
    first = page.locator("table.listing tbody tr").first
    first.locator("td.num a").click()
    page.wait_for_url("**/doc/position/*.html#evidence")
    most = max(len(r["e"].split()) for r in select(dataset, EVIDENCE_PER_POSITION))
    assert page.locator("section:has(#evidence) figure.quote").count() == most
