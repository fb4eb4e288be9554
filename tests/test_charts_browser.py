"""The charts in Chromium, JavaScript off: each is an image named by its title and described by its
description in the browser's own accessibility tree, with a table of the same numbers that opens
without JavaScript, and stays legible when printed.

The browser and the page (no JavaScript, no request to another host) are those of
:mod:`tests.test_pages_browser`; what the charts should show is read from the built dataset.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from playwright.sync_api import Page

from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests import test_pages_browser
from tests.conftest import select

# The fixtures of the page tests, used here under the same names.
browser, page = test_pages_browser.browser, test_pages_browser.page

ARTICLE = "kosovo-nato-membership"
ISSUE = "kosovo-nato-membership-near-term"


def images(page: Page) -> dict[str, str]:
    """Each image in Chromium's accessibility tree: its accessible name → its description."""
    session = page.context.new_cdp_session(page)
    nodes: list[dict[str, Any]] = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return {
        node["name"]["value"]: node.get("description", {}).get("value", "")
        for node in nodes
        if node.get("role", {}).get("value") == "image" and not node.get("ignored")
    }


def cells(page: Page, row_selector: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(row_selector).all()
    ]


def test_the_article_charts_are_images_with_their_numbers_in_a_table(
    page: Page, live_server, dataset: ox.Store
) -> None:
    page.goto(f"{live_server.url}/id/article/{ARTICLE}")
    found = images(page)
    voice = next(name for name in found if name.startswith("Share of voice"))
    grid = next(name for name in found if name.startswith("Who stands where in this article"))
    assert "characters" in found[voice] and "counted once" in found[voice]
    positions = select(dataset, "SELECT DISTINCT ?p { ?p sg:evidence/sg:article ?a }")
    assert found[grid].startswith(f"{len(positions)} positions of ")
    for name in (voice, grid):
        assert page.get_by_role("img", name=name, exact=True).is_visible()

    # One bar per speaker; the table opens without JavaScript and holds what the bars say.
    speakers = select(dataset, "SELECT DISTINCT ?who { ?s prov:wasAttributedTo ?who }")
    chart = page.locator("#share-of-voice")
    assert chart.locator("svg g.row").count() == len(speakers)
    table = chart.locator("table")
    assert not table.is_visible()
    chart.locator("summary").click()
    assert table.is_visible()
    rows = cells(page, "#share-of-voice tbody tr")
    assert len(rows) == len(speakers)
    drawn = chart.locator("svg text.value").all_text_contents()
    assert [f"{row[4]} · {row[5]}" for row in rows] == drawn
    legend = page.locator(".speakers ol.legend li .who").all_inner_texts()
    assert sorted(row[0] for row in rows) == sorted(legend)

    # A badge per position, its sign in the badge; the table names each position's stance.
    stance_chart = page.locator("#stance-chart")
    stance_chart.locator("summary").click()
    linked = stance_chart.locator('table a[href^="/id/position/"]').all_inner_texts()
    assert len(linked) == len(positions)
    assert {text[0] for text in linked} <= {"+", "−", "○"}
    signs = stance_chart.locator("svg g.badge text:not(.flag)").all_text_contents()
    assert sum(sign in "+−○" and sign != "" for sign in signs) >= len(positions)


def test_the_issue_chart_names_who_stands_where(page: Page, live_server, dataset: ox.Store) -> None:
    page.goto(f"{live_server.url}/id/issue/{ISSUE}")
    label = select(
        dataset, f"SELECT ?l {{ <{DEFAULT_BASE_URI}id/issue/{ISSUE}> skos:prefLabel ?l }}"
    )[0]["l"]
    found = images(page)
    (name,) = (n for n in found if n.startswith("Who stands where on"))
    assert label in name and label in found[name]
    chart = page.locator("#standings-chart")
    chart.locator("summary").click()
    rows = cells(page, "#standings-chart tbody tr")
    holders = select(
        dataset,
        f"SELECT ?name ?stance {{ ?p sg:issue <{DEFAULT_BASE_URI}id/issue/{ISSUE}> ; "
        "sg:stance ?stance ; sg:holder/rdfs:label ?name }",
    )
    for row, stance in zip(rows, ("Against", "Neutral", "Favor"), strict=True):
        names = [h["name"] for h in holders if h["stance"].endswith(f"#{stance}")]
        assert row[1] == str(len(names)), stance
        for holder in names:
            assert holder in row[2]
            assert chart.locator("svg text", has_text=holder).count() == 1
            assert holder in found[name]


def test_the_charts_print_with_their_labels(page: Page, live_server) -> None:
    """On paper: the charts keep their words and signs, fit the page and are not split."""
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/id/article/{ARTICLE}")
    for key in ("share-of-voice", "stance-chart"):
        figure = page.locator(f"#{key}")
        svg = figure.locator("svg")
        assert svg.is_visible(), key
        assert figure.evaluate("f => getComputedStyle(f).breakInside") == "avoid"
        box, room = svg.bounding_box(), figure.bounding_box()
        assert box is not None and room is not None and box["width"] <= room["width"] + 1
        assert not figure.locator("summary").is_visible()
        assert len(svg.locator("text").all_text_contents()) > 10
