"""The charts: share of voice counts each character once, the stance charts show every position,
and the SVG is well-formed, titled, described and backed by a table with the same numbers.

What the seed's charts should show is read from the built dataset with pyoxigraph; the counting
rule is checked against a character-by-character count over random nested and overlapping spans.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Actor, Article, Issue, Position, Statement
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.web.article_page import speakers
from stancegraph.web.chart_data import Voice, share_of_voice, stance_grid, standings
from stancegraph.web.chart_layout import issue_chart, voice_chart
from tests.conftest import select
from tests.page_dom import Element, parse

BASE = DEFAULT_BASE_URI
SVG = "{http://www.w3.org/2000/svg}"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ARTICLE = "kosovo-nato-membership"
ISSUE = "kosovo-nato-membership-near-term"
STANCE = str(SG)


def said(key: str, speaker: str, begin: int, end: int, quote: bool = True) -> Statement:
    return Statement(
        key, quote, "", speaker, "a", f"a#char={begin},{end}", begin, end, "", "", (), (), None,
        None, None, None, (),
    )  # fmt: skip


# --- Share of voice: the counting rule ------------------------------------------------------

CASES = [
    # (statements, expected (speaker, direct, reported) most first)
    pytest.param(
        [said("q", "x", 0, 100), said("r", "y", 20, 50, quote=False)],
        [("x", 70, 0), ("y", 0, 30)],
        id="report-within-a-quote-counts-for-the-reported-speaker",
    ),
    pytest.param(
        [said("a", "x", 0, 60), said("b", "y", 40, 100)],
        [("y", 60, 0), ("x", 40, 0)],
        id="overlap-of-equal-spans-goes-to-the-later",
    ),
    pytest.param(
        [said("a", "x", 0, 80), said("b", "y", 60, 100)],
        [("x", 60, 0), ("y", 40, 0)],
        id="overlap-goes-to-the-shorter",
    ),
    pytest.param(
        [said("q", "x", 0, 100), said("r", "x", 10, 20, quote=False)],
        [("x", 90, 10)],
        id="same-speaker-nested-once",
    ),
    pytest.param(
        [said("a", "x", 0, 10), said("b", "y", 50, 60), said("c", "x", 50, 60)],
        [("x", 20, 0), ("y", 0, 0)],
        id="gap-uncounted-identical-spans-once",
    ),
]


@pytest.mark.parametrize(("statements", "expected"), CASES)
def test_share_of_voice_counts_each_character_once(
    statements: list[Statement], expected: list[tuple[str, int, int]]
) -> None:
    found = share_of_voice(statements)
    assert [(v.speaker, v.direct, v.reported) for v in found] == expected


def by_character(statements: list[Statement]) -> Counter[tuple[str, bool]]:
    """The rule, counted one character at a time: the shortest statement covering a character,
    then the one beginning later, then the later in text order."""
    marks = sorted(statements, key=lambda s: (s.begin, -s.end, s.iri))
    owners: Counter[tuple[str, bool]] = Counter()
    for c in range(max((s.end for s in marks), default=0)):
        covering = [(s.end - s.begin, -s.begin, -i, s) for i, s in enumerate(marks)]
        inside = [k for k in covering if k[3].begin <= c < k[3].end]
        if inside:
            owner = min(inside, key=lambda k: k[:3])[3]
            owners[(owner.speaker, owner.quote)] += 1
    return owners


@pytest.mark.parametrize("seed", range(25))
def test_share_of_voice_matches_a_character_by_character_count(seed: int) -> None:
    rng = random.Random(seed)
    statements = []
    for n in range(rng.randint(1, 12)):
        begin = rng.randint(0, 80)
        statements.append(
            said(f"s{n}", rng.choice("xyz"), begin, begin + rng.randint(1, 40), rng.random() < 0.6)
        )
    found = share_of_voice(statements)
    owners = by_character(statements)
    covered = {c for s in statements for c in range(s.begin, s.end)}
    assert sum(v.total for v in found) == len(covered)
    for v in found:
        assert (v.direct, v.reported) == (owners[(v.speaker, True)], owners[(v.speaker, False)])
    assert [v.total for v in found] == sorted((v.total for v in found), reverse=True)


def test_the_seeds_share_of_voice_sums_to_the_characters_in_statements(index: Index) -> None:
    statements = [s for s in index.statements.values() if s.article.endswith(ARTICLE)]
    found = {v.speaker: v for v in share_of_voice(statements)}
    covered = {c for s in statements for c in range(s.begin, s.end)}
    assert sum(v.total for v in found.values()) == len(covered) > 0
    assert set(found) == {s.speaker for s in statements}
    # Stoltenberg is reported inside Radulovic's quote: his words are his, not Radulovic's too.
    inner = index.statements[f"{BASE}id/statement/{ARTICLE}-stoltenberg-r1"]
    outer = index.statements[f"{BASE}id/statement/{ARTICLE}-radulovic-q3"]
    assert outer.begin <= inner.begin and inner.end <= outer.end
    assert found[inner.speaker] == Voice(inner.speaker, 0, inner.end - inner.begin)
    radulovic = {c for s in statements if s.speaker == outer.speaker for c in range(s.begin, s.end)}
    assert found[outer.speaker].total < len(radulovic)


# --- The stance charts' data ---------------------------------------------------------------


def test_the_article_grid_holds_every_position_the_article_evidences(
    index: Index, dataset: ox.Store
) -> None:
    rows = select(
        dataset,
        "SELECT DISTINCT ?p ?holder ?issue ?stance { ?p sg:holder ?holder ; sg:issue ?issue ; "
        "sg:stance ?stance ; sg:evidence/sg:article ?a }",
    )
    grid = stance_grid(index, (index.positions[row["p"]] for row in rows))
    shown = {(h, i, m.position, m.stance) for (h, i), marks in grid.cells.items() for m in marks}
    assert shown == {
        (row["holder"], row["issue"], row["p"], row["stance"].rsplit("#", 1)[-1]) for row in rows
    }
    assert set(grid.holders) == {row["holder"] for row in rows}
    assert set(grid.issues) == {row["issue"] for row in rows}


def test_the_issue_standings_group_holders_by_stance(index: Index, dataset: ox.Store) -> None:
    rows = select(
        dataset,
        f"SELECT ?holder ?stance {{ ?p sg:issue <{BASE}id/issue/{ISSUE}> ; sg:holder ?holder ; "
        "sg:stance ?stance }",
    )
    found = standings(index, f"{BASE}id/issue/{ISSUE}")
    assert list(found) == ["Against", "Neutral", "Favor"]
    for stance, group in found.items():
        expected = {row["holder"] for row in rows if row["stance"].endswith(f"#{stance}")}
        assert {st.holder for st in group} == expected, stance
    assert sum(len(st.marks) for group in found.values() for st in group) == len(rows)


# --- The drawings ----------------------------------------------------------------------------


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers={"Accept": BROWSER}, follow_redirects=True)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def svgs(html: str) -> dict[str, ET.Element]:
    """Each inline SVG of a page, parsed as XML, by the id of the figure around it."""
    found = {}
    for figure, svg in re.findall(
        r'<figure class="chart[^"]*" id="([^"]+)">\s*(<svg.*?</svg>)', html, re.S
    ):
        found[figure] = ET.fromstring(svg)
    return found


def texts(svg: ET.Element, cls: str) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text") if t.get("class") == cls]


def figure(html: str, key: str) -> Element:
    return parse(html).one("figure", id=key)


@pytest.mark.parametrize(
    ("path", "figures"),
    [
        (f"/id/article/{ARTICLE}", ["share-of-voice", "stance-chart"]),
        (f"/id/issue/{ISSUE}", ["standings-chart"]),
    ],
)
def test_each_chart_is_an_svg_image_with_a_title_and_a_description(
    client: FlaskClient, path: str, figures: list[str]
) -> None:
    found = svgs(page(client, path))
    assert list(found) == figures
    for key, svg in found.items():
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img", key
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and desc is not None, key
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        assert (title.text or "").strip() and len(desc.text or "") > 40, key
        assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"


def test_a_topic_page_has_no_standings_chart(client: FlaskClient) -> None:
    assert svgs(page(client, "/id/issue/kosovo-and-nato")) == {}


def test_the_voice_table_holds_the_numbers_the_bars_show(client: FlaskClient, index: Index) -> None:
    html = page(client, f"/id/article/{ARTICLE}")
    svg = svgs(html)["share-of-voice"]
    table = figure(html, "share-of-voice").one("table")
    rows = [
        [cell.text for cell in tr.all() if cell.tag in ("td", "th")]
        for tr in table.one("tbody").all("tr")
    ]
    assert [f"{r[4]} · {r[5]}" for r in rows] == texts(svg, "value")
    assert [r[0] for r in rows] == texts(svg, "num")
    statements = [s for s in index.statements.values() if s.article.endswith(ARTICLE)]
    covered = len({c for s in statements for c in range(s.begin, s.end)})
    total = [cell.text for cell in table.one("tfoot").all() if cell.tag in ("td", "th")]
    assert total[4] == f"{covered:,}"
    assert sum(int(r[4].replace(",", "")) for r in rows) == covered
    assert f"{covered:,} of the article's" in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_the_grid_draws_one_badge_per_position_and_tables_them(
    client: FlaskClient, dataset: ox.Store
) -> None:
    html = page(client, f"/id/article/{ARTICLE}")
    svg = svgs(html)["stance-chart"]
    positions = select(dataset, "SELECT DISTINCT ?p { ?p sg:evidence/sg:article ?a }")
    key = svg.find(f"{SVG}g[@class='key']")
    assert key is not None
    badges = [g for g in svg.iter(f"{SVG}g") if "badge" in (g.get("class") or "")]
    assert len(badges) - len(list(key.iter(f"{SVG}circle"))) == len(positions)
    table = figure(html, "stance-chart").one("table")
    linked = [a for a in table.all("a") if "/id/position/" in a.attrs["href"]]
    assert sorted(a.attrs["href"] for a in linked) == sorted(
        "/" + row["p"].removeprefix(BASE) for row in positions
    )
    ascribed = select(dataset, "SELECT DISTINCT ?p { ?p sg:ascribedBy ?x ; sg:evidence ?s }")
    assert len([t for t in texts(svg, "flag") if t == "a"]) == len(ascribed) + 1  # and the key's


def test_the_standings_table_names_each_holder_under_its_stance(
    client: FlaskClient, dataset: ox.Store
) -> None:
    html = page(client, f"/id/issue/{ISSUE}")
    svg = svgs(html)["standings-chart"]
    rows = select(
        dataset,
        f"SELECT ?name ?stance {{ ?p sg:issue <{BASE}id/issue/{ISSUE}> ; sg:holder/rdfs:label "
        "?name ; sg:stance ?stance }",
    )
    table = figure(html, "standings-chart").one("table")
    drawn = " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
    for tr, stance in zip(
        table.one("tbody").all("tr"), ("Against", "Neutral", "Favor"), strict=True
    ):
        names = sorted(row["name"] for row in rows if row["stance"] == STANCE + stance)
        cells = [cell for cell in tr.all() if cell.tag in ("td", "th")]
        assert cells[0].text.endswith({"Favor": "In favour"}.get(stance, stance))
        assert cells[1].text == str(len(names))
        assert sorted(a.text for a in cells[2].all("a") if "/id/actor/" in a.attrs["href"]) == names
        assert all(name in drawn for name in names)


# --- Labels are escaped ------------------------------------------------------------------------


def test_labels_are_escaped_in_the_svg_and_the_table(app: Flask) -> None:
    actor = Actor(f"{BASE}id/actor/odd", 'A & <b>"B"</b>', (), (), None, ())
    issue = Issue(f"{BASE}id/issue/odd", "Is 1 < 2 & 3 > 2?", None, False, None, (), ())
    stance = f"{STANCE}Favor"
    position = Position(
        f"{BASE}id/position/odd", actor.iri, issue.iri, stance, (), None, None, None, None
    )
    article = Article(f"{BASE}id/article/odd", "Odd", "x" * 40, actor.iri, None, None)
    statement = said(f"{BASE}id/statement/odd", actor.iri, 0, 30)
    index = Index(
        {article.iri: article}, {}, {statement.iri: statement}, {position.iri: position},
        {actor.iri: actor}, (), {issue.iri: issue},
    )  # fmt: skip
    voices = voice_chart(index, share_of_voice([statement]), speakers([statement]), 40)
    standing = issue_chart(index, issue.iri, standings(index, issue.iri))
    charts = app.jinja_env.get_template("charts.html")
    with app.test_request_context():
        module = charts.make_module({"label": index.label})
        signs = {"Favor": "+", "Against": "−", "Neutral": "○"}
        html = str(getattr(module, "voice_figure")(voices))  # noqa: B009 (a template's macro)
        html += str(getattr(module, "issue_figure")(standing, signs))  # noqa: B009
    assert "<b>" not in html
    drawn = [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]
    assert 'A & <b>"B"</b>' in "".join(drawn[0].itertext())
    assert "Is 1 < 2 & 3 > 2?" in (drawn[1].find(f"{SVG}title").text or "")  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def index(app: Flask) -> Index:
    found: Index = app.extensions["stancegraph.resources"].index
    return found
