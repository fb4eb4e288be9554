"""The example research queries of the query page answer their questions on the seed dataset.

Expected answers come from the mapping files and the article text, read here independently of
the build, and where the article names them, from the article itself (the names each question
must return); the offset check must find nothing on the build and exactly the statement whose
text was altered in a tampered copy. docs/research-questions.md and the README show every
question, query and answer as the module and the build have them.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from flask.testing import FlaskClient
from playwright.sync_api import sync_playwright
from SPARQLWrapper import JSON, SPARQLWrapper

from stancegraph.sparql.example_queries import Example, examples
from stancegraph.vocabulary import DEFAULT_BASE_URI, SG
from stancegraph.vocabulary.iris import data_iri, graph_iri
from tests.conftest import ROOT, LiveServer

EXAMPLES = {example.slug: example for example in examples(DEFAULT_BASE_URI)}
SLUG = "kosovo-nato-membership"
ARTICLE = (ROOT / "seeds" / f"{SLUG}.txt").read_text(encoding="utf-8")
KINDS = {"quote": str(SG.DirectQuote), "reported": str(SG.ReportedStatement)}
Row = dict[str, str]
CHROMIUM = Path("/usr/bin/chromium")


def mapping(name: str) -> Any:
    return yaml.safe_load((ROOT / "mappings" / name).read_text(encoding="utf-8"))


ARTICLE_MAPPING = mapping(f"{SLUG}.yaml")
STATEMENTS = ARTICLE_MAPPING["statements"]
POSITIONS = ARTICLE_MAPPING["positions"]
PUBLISHER = ARTICLE_MAPPING["article"]["publisher"]
ACTORS = {actor["id"]: actor for actor in mapping("actors.yaml")["actors"]}
ISSUES = {issue["id"]: issue for issue in mapping("issues.yaml")["issues"]}
BY_ID = {s["id"]: s for s in STATEMENTS}
REPEATS = {s["id"]: s["repeats"] for s in STATEMENTS if "repeats" in s}
WIKIDATA = "http://www.wikidata.org/entity/"
#: Everyone the article has take a stance on some proposition under Kosovo's NATO membership.
UNDER_MEMBERSHIP = {
    "Vlade Radulovic", "Darko Obradovic", "Branko Brankovic", "Sinisa Ljepojevic",
    "Kosovo Online", "Ramush Haradinaj", "Albanian politicians in Pristina", "Kosovo Albanians",
    "NATO",
}  # fmt: skip


def iri(kind: str, slug: str) -> str:
    return data_iri(DEFAULT_BASE_URI, kind, slug)


def statement_iri(statement_id: str) -> str:
    return iri("statement", f"{SLUG}-{statement_id}")


def label(actor_id: str) -> str:
    return str(ACTORS[actor_id]["label"])


def issue_label(issue_id: str) -> str:
    return str(ISSUES[issue_id]["label"])


def term(name: str) -> str:
    """The sg: IRI of a mapping keyword: ``favor`` is sg:Favor, ``predictive`` sg:Predictive."""
    return str(SG[name.title()])


def basis(item: dict[str, Any]) -> str:
    return term(item.get("basis", "explicit"))


def broader_all(issue_id: str) -> set[str]:
    """The issues and topics above ``issue_id`` (skos:broader+), read from issues.yaml."""
    above: set[str] = set()
    todo = list(ISSUES[issue_id].get("broader", []))
    while todo:
        other = todo.pop()
        if other not in above:
            above.add(other)
            todo.extend(ISSUES[other].get("broader", []))
    return above


def reported_by(statement: dict[str, Any]) -> str | None:
    """The label of the other speaker whose statement's words hold this statement's words."""
    around = [
        s
        for s in STATEMENTS
        if s["speaker"] != statement["speaker"] and statement["text"] in s["text"]
    ]
    assert len(around) <= 1, statement["id"]
    return label(around[0]["speaker"]) if around else None


def run(server: LiveServer, example: Example) -> list[Row]:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(example.query)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    return [{name: value["value"] for name, value in row.items()} for row in bindings]


def in_order(rows: list[Row], key: str = "begin") -> bool:
    begins = [int(row[key]) for row in rows]
    return begins == sorted(begins)


def check_who_said_what(rows: list[Row]) -> None:
    expected = {
        (iri("actor", s["speaker"]), KINDS[s["kind"]], s["text"])
        for s in STATEMENTS
        if "kosovo-nato-membership" in s.get("about", [])
    }
    assert {(r["speaker"], r["kind"], r["text"]) for r in rows} == expected
    assert {r["name"] for r in rows} == {ACTORS[s[0].rsplit("/", 1)[1]]["label"] for s in expected}
    assert in_order(rows)


def check_stances(rows: list[Row]) -> None:
    expected = {
        (iri("actor", p["holder"]), iri("issue", p["issue"]), term(p["stance"]),
         len({REPEATS.get(e, e) for e in p["evidence"]}))
        for p in POSITIONS
    }  # fmt: skip
    found = {(r["actor"], r["issue"], r["stance"], int(r["statements"])) for r in rows}
    assert found == expected
    assert len(rows) == len(expected)
    # the lede pull-quote repeats Radulovic's fourth quote: one statement, not two
    harm = iri("issue", "kosovo-nato-membership-harms-serbia")
    radulovic = iri("actor", "vlade-radulovic")
    assert {
        int(r["statements"]) for r in rows if (r["actor"], r["issue"]) == (radulovic, harm)
    } == {1}


def check_analyst_quotes(rows: list[Row]) -> None:
    expected = {
        s["text"] for s in STATEMENTS if s["speaker"] == "vlade-radulovic" and s["kind"] == "quote"
    }
    assert {r["quote"] for r in rows} == expected
    for row in rows:
        assert ARTICLE[int(row["begin"]) : int(row["end"])] == row["quote"]
    assert in_order(rows)
    repeats = {BY_ID[i]["text"]: statement_iri(o) for i, o in REPEATS.items()}
    assert {r["quote"]: r["repeats"] for r in rows if "repeats" in r} == repeats
    assert rows[0]["repeats"] == statement_iri("radulovic-q4")  # the lede pull-quote


def check_non_recognising_nato_members(rows: list[Row]) -> None:
    assert [r["name"] for r in rows] == ["Greece", "Romania", "Slovakia", "Spain"]
    assert {r["state"] for r in rows} == {
        iri("actor", s) for s in ("greece", "romania", "slovakia", "spain")
    }
    since = {
        label(a): (str(m["since"]), m["source"])
        for a in ("greece", "romania", "slovakia", "spain")
        for m in ACTORS[a]["memberships"]
        if m["organization"] == "nato"
    }
    assert {r["name"]: (r["since"], r["source"]) for r in rows} == since
    assert since["Spain"][0] == "1982-05-30"


def check_analyst_affiliations(rows: list[Row]) -> None:
    quoted = {s["speaker"] for s in STATEMENTS if s["kind"] == "quote"}
    analysts = [
        ACTORS[a]
        for a in quoted
        if ACTORS[a]["type"] == "person" and "analyst" in ACTORS[a].get("description", "")
    ]
    expected = {
        (a["label"], ACTORS[m["organization"]]["label"], m["role"])
        for a in analysts
        for m in a.get("memberships", [])
    }
    assert expected  # Radulovic and Obradovic, each with a centre
    assert {(r["name"], r["organizationName"], r["role"]) for r in rows} == expected


def check_offsets(rows: list[Row]) -> None:
    assert rows == []


def check_stances_under_kosovo_nato_membership(rows: list[Row]) -> None:
    under = {
        i
        for i in ISSUES
        if i == "kosovo-nato-membership" or "kosovo-nato-membership" in broader_all(i)
    }
    assert under == {
        "kosovo-nato-membership", "kosovo-nato-membership-near-term",
        "kosovo-nato-membership-harms-serbia", "kosovo-nato-membership-harms-regional-security",
    }  # fmt: skip
    expected = {
        (iri("actor", p["holder"]), issue_label(p["issue"]), term(ISSUES[p["issue"]]["kind"]),
         term(p["stance"]), statement_iri(e))
        for p in POSITIONS
        if p["issue"] in under
        for e in p["evidence"]
    }  # fmt: skip
    found = {(r["holder"], r["proposition"], r["kind"], r["stance"], r["evidence"]) for r in rows}
    assert found == expected
    assert len(rows) == len(expected)
    assert {r["name"] for r in rows} == UNDER_MEMBERSHIP


def check_kosovo_nato_membership_itself(rows: list[Row]) -> None:
    expected = {
        (label(p["holder"]), term(p["stance"]), basis(p),
         label(p["ascribed_by"]) if "ascribed_by" in p else None)
        for p in POSITIONS
        if p["issue"] == "kosovo-nato-membership"
    }  # fmt: skip
    assert {(r["name"], r["stance"], r["basis"], r.get("ascribedBy")) for r in rows} == expected
    assert {(r["name"], r.get("ascribedBy")) for r in rows} == {
        ("Ramush Haradinaj", None),
        ("Albanian politicians in Pristina", None),
        ("Kosovo Albanians", "Vlade Radulovic"),
        ("NATO", "Sinisa Ljepojevic"),
        ("Darko Obradovic", None),
    }
    assert {r["name"] for r in rows if r["stance"] == str(SG.Against)} == set()
    # the one who weighs it, on conditions
    assert {r["name"] for r in rows if r["stance"] == str(SG.Neutral)} == {"Darko Obradovic"}


def check_positions_by_proposition_kind(rows: list[Row]) -> None:
    keyed = [(term(ISSUES[p["issue"]]["kind"]), term(p["stance"]), p["holder"]) for p in POSITIONS]
    positions = Counter((kind, stance) for kind, stance, _ in keyed)
    holders = Counter((kind, stance) for kind, stance, _ in set(keyed))
    found = {(r["kind"], r["stance"]): (int(r["positions"]), int(r["holders"])) for r in rows}
    assert found == {key: (count, holders[key]) for key, count in positions.items()}
    assert found[(str(SG.Normative), str(SG.Favor))] == (11, 9)
    assert sum(count for count, _ in found.values()) == len(POSITIONS) == 30


def check_nato_first_hand_and_reported(rows: list[Row]) -> None:
    nato_people = {
        a
        for a, actor in ACTORS.items()
        if actor["type"] == "person"
        and any(m["organization"] == "nato" for m in actor.get("memberships", []))
    }
    expected = [
        (statement_iri(s["id"]), label(s["speaker"]), KINDS[s["kind"]], basis(s), reported_by(s))
        for s in sorted(STATEMENTS, key=lambda s: ARTICLE.index(s["text"]))
        if s["speaker"] in {"nato", *nato_people}
    ]
    found = [
        (r["statement"], r["speaker"], r["kind"], r["basis"], r.get("reportedBy")) for r in rows
    ]
    assert found == expected
    assert [(r["statement"].rsplit("-", 2)[-2:], r.get("reportedBy")) for r in rows] == [
        (["nato", "r1"], None),
        (["nato", "q1"], None),
        (["nato", "r2"], "Vlade Radulovic"),
        (["stoltenberg", "r1"], "Vlade Radulovic"),
    ]


def check_voices_without_repeats(rows: list[Row]) -> None:
    counted = [s for s in STATEMENTS if "repeats" not in s]
    expected = {
        (label(speaker), len(said), sum(s["kind"] == "quote" for s in said),
         sum(len(s["text"]) for s in said), sum(reported_by(s) is not None for s in said))
        for speaker in {s["speaker"] for s in counted}
        for said in [[s for s in counted if s["speaker"] == speaker]]
    }  # fmt: skip
    found = {
        (r["name"], int(r["statements"]), int(r["quotes"]), int(r["characters"]),
         int(r["insideOthers"]))
        for r in rows
    }  # fmt: skip
    assert found == expected
    characters = [int(r["characters"]) for r in rows]
    assert characters == sorted(characters, reverse=True)
    assert [r["name"] for r in rows[:4]] == [
        "Darko Obradovic", "Vlade Radulovic", "Sinisa Ljepojevic", "Branko Brankovic",
    ]  # fmt: skip
    radulovic = next(r for r in rows if r["name"] == "Vlade Radulovic")
    assert int(radulovic["statements"]) == 5  # six in the article, one of them the pull-quote


def check_ascribed_positions(rows: list[Row]) -> None:
    expected = {
        (label(p["ascribed_by"]), label(p["holder"]), issue_label(p["issue"]), term(p["stance"]),
         basis(p))
        for p in POSITIONS
        if "ascribed_by" in p
    }  # fmt: skip
    found = {
        (r["ascribedBy"], r["holder"], r["proposition"], r["stance"], r["basis"]) for r in rows
    }
    assert found == expected
    assert len(rows) == 10
    by = {
        ascriber: {r["holder"] for r in rows if r["ascribedBy"] == ascriber}
        for ascriber in {r["ascribedBy"] for r in rows}
    }
    assert by == {
        "Kosovo Online": {"Greece", "NATO", "Romania", "Serbia", "Slovakia", "Spain"},
        "Sinisa Ljepojevic": {"NATO", "NATO member states", "United States"},
        "Vlade Radulovic": {"Kosovo Albanians"},
    }


def check_inferred_statements_and_positions(rows: list[Row]) -> None:
    statements = {
        (statement_iri(s["id"]), KINDS[s["kind"]], label(s["speaker"]), s.get("note"))
        for s in STATEMENTS
        if s.get("basis") == "inferred"
    }
    positions = {
        (iri("position", f"{SLUG}-{p['id']}"), str(SG.Position), label(p["holder"]),
         p.get("comment"))
        for p in POSITIONS
        if p["basis"] == "inferred"
    }  # fmt: skip
    found = {(r["thing"], r["class"], r["who"], r.get("reason")) for r in rows}
    assert found == statements | positions
    assert {who for _, _, who, _ in statements} == {"Vlade Radulovic", "NATO"}
    assert len(positions) == 14
    for row in rows:
        if row["class"] == str(SG.Position):
            assert row["stance"] and row["proposition"]


def check_affiliations_current_and_former(rows: list[Row]) -> None:
    expected = {
        (label(a), label(m["organization"]), m["role"],
         "former" if m.get("former") or m.get("until") else "current")
        for a, actor in ACTORS.items()
        if actor["type"] == "person"
        for m in actor.get("memberships", [])
    }  # fmt: skip
    assert {(r["name"], r["organization"], r["role"], r["status"]) for r in rows} == expected
    assert {(r["name"], r["organization"]) for r in rows if r["status"] == "former"} == {
        ("Ramush Haradinaj", "Kosovo Liberation Army"),
        ("Jens Stoltenberg", "NATO"),  # Secretary General until 2024-10-01
    }


def check_publisher_claims(rows: list[Row]) -> None:
    expected: set[tuple[str, str | None, str | None, str | None]] = set()
    for s in STATEMENTS:
        if s["speaker"] != PUBLISHER:
            continue
        evidenced = [p for p in POSITIONS if s["id"] in p["evidence"]]
        expected |= {
            (statement_iri(s["id"]), label(p["holder"]), term(p["stance"]),
             label(p["ascribed_by"]) if "ascribed_by" in p else None)
            for p in evidenced
        }  # fmt: skip
        if not evidenced:
            expected.add((statement_iri(s["id"]), None, None, None))
    found = {(r["claim"], r.get("holder"), r.get("stance"), r.get("ascribedBy")) for r in rows}
    assert found == expected
    assert len({r["claim"] for r in rows}) == 7
    assert {r["text"] for r in rows} == {s["text"] for s in STATEMENTS if s["speaker"] == PUBLISHER}


def check_stance_takers_on_wikidata(rows: list[Row]) -> None:
    wikidata = {
        a: WIKIDATA + actor["wikidata"] for a, actor in ACTORS.items() if "wikidata" in actor
    }
    holders = {p["holder"] for p in POSITIONS}
    expected = {(iri("actor", a), label(a), wikidata.get(a)) for a in holders}
    assert {(r["actor"], r["name"], r.get("wikidata")) for r in rows} == expected
    assert len(rows) == 17
    assert {r["name"]: r["wikidata"].removeprefix(WIKIDATA) for r in rows if "wikidata" in r} == {
        "Greece": "Q41", "NATO": "Q7184", "Romania": "Q218", "Serbia": "Q403",
        "Slovakia": "Q214", "Spain": "Q29", "United States": "Q30",
    }  # fmt: skip


def check_positions_per_topic(rows: list[Row]) -> None:
    topics = {i for i, issue in ISSUES.items() if issue["kind"] == "topic"}
    expected = {
        (iri("issue", t), issue_label(t),
         sum(t in broader_all(p["issue"]) for p in POSITIONS),
         len({p["holder"] for p in POSITIONS if t in broader_all(p["issue"])}))
        for t in topics
    }  # fmt: skip
    found = {(r["topic"], r["label"], int(r["positions"]), int(r["holders"])) for r in rows}
    assert found == expected
    assert [(r["label"], r["positions"], r["holders"]) for r in rows] == [
        ("Kosovo and NATO", "17", "10"),
        ("The status of Kosovo", "12", "11"),
        ("Serbia and NATO", "1", "1"),
    ]


def check_contested_propositions(rows: list[Row]) -> None:
    def holders(issue: str, stance: str) -> int:
        return len({p["holder"] for p in POSITIONS if (p["issue"], p["stance"]) == (issue, stance)})

    expected = {
        (iri("issue", i), holders(i, "favor"), holders(i, "against"))
        for i in ISSUES
        if holders(i, "favor") and holders(i, "against")
    }
    assert {(r["issue"], int(r["favour"]), int(r["against"])) for r in rows} == expected
    assert {(r["proposition"], r["favour"], r["against"]) for r in rows} == {
        ("Kosovo should form its own army.", "1", "1"),
        ("Kosovo's declared independence should be recognised.", "3", "6"),
    }


CHECKS: dict[str, Callable[[list[Row]], None]] = {
    "who-said-what": check_who_said_what,
    "stances": check_stances,
    "analyst-quotes": check_analyst_quotes,
    "non-recognising-nato-members": check_non_recognising_nato_members,
    "analyst-affiliations": check_analyst_affiliations,
    "offset-check": check_offsets,
    "stances-under-kosovo-nato-membership": check_stances_under_kosovo_nato_membership,
    "kosovo-nato-membership-itself": check_kosovo_nato_membership_itself,
    "positions-by-proposition-kind": check_positions_by_proposition_kind,
    "nato-first-hand-and-reported": check_nato_first_hand_and_reported,
    "voices-without-repeats": check_voices_without_repeats,
    "ascribed-positions": check_ascribed_positions,
    "inferred-statements-and-positions": check_inferred_statements_and_positions,
    "affiliations-current-and-former": check_affiliations_current_and_former,
    "publisher-claims": check_publisher_claims,
    "stance-takers-on-wikidata": check_stance_takers_on_wikidata,
    "positions-per-topic": check_positions_per_topic,
    "contested-propositions": check_contested_propositions,
}


def test_every_example_has_a_check() -> None:
    assert set(CHECKS) == set(EXAMPLES)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_example_answers_its_question(live_server: LiveServer, slug: str) -> None:
    rows = run(live_server, EXAMPLES[slug])
    if slug != "offset-check":
        assert rows
    CHECKS[slug](rows)


def test_the_page_runs_every_example_without_javascript(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"}, buffered=True).text
    links = [html.unescape(href) for href in re.findall(r'href="([^"]*format=html)"', page)]
    assert len(links) == len(EXAMPLES)
    for link, example in zip(links, EXAMPLES.values(), strict=True):
        assert parse_qs(urlsplit(link).query)["query"] == [example.query]
        response = client.get(link, headers={"Accept": "*/*"}, follow_redirects=True, buffered=True)
        assert response.status_code == 200
        assert response.mimetype == "text/html"  # the answer as a table
        rows = response.text.count('<tr><td class="row">')
        assert bool(rows) is (example.slug != "offset-check")


def test_the_query_page_works_offline_in_a_browser(live_server: LiveServer) -> None:
    """Offline (other hosts aborted), YASGUI, served from here, runs an example in one click."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        page.goto(live_server.url + "/sparql")
        page.locator("#yasgui .CodeMirror").wait_for()
        with page.expect_response(lambda response: response.url.endswith("/sparql")) as answer:
            page.click("#non-recognising-nato-members a.example")
        rows = answer.value.json()["results"]["bindings"]
        browser.close()
    assert [row["name"]["value"] for row in rows] == ["Greece", "Romania", "Slovakia", "Spain"]


def test_the_offset_check_finds_a_tampered_statement(
    start_server: Callable[..., LiveServer], seed_dist: Path, tmp_path: Path
) -> None:
    statement = iri("statement", f"{SLUG}-radulovic-q2")
    original = next(s["text"] for s in STATEMENTS if s["id"] == "radulovic-q2")
    lines = (seed_dist / "dataset.nq").read_text(encoding="utf-8").splitlines()
    target = f"<{statement}> <{SG.text}> "
    tampered = [
        f'{target}"tampered" <{graph_iri(DEFAULT_BASE_URI, SLUG)}> .'
        if line.startswith(target)
        else line
        for line in lines
    ]
    assert tampered != lines
    path = tmp_path / "tampered.nq"
    path.write_text("\n".join(tampered) + "\n", encoding="utf-8")
    server = start_server(["--dataset", str(path), "--workers", "1"])
    rows = run(server, EXAMPLES["offset-check"])
    assert [(r["statement"], r["text"], r["found"]) for r in rows] == [
        (statement, "tampered", original)
    ]


def test_the_research_questions_doc_shows_every_question_query_and_answer() -> None:
    doc = (ROOT / "docs" / "research-questions.md").read_text(encoding="utf-8")
    for example in EXAMPLES.values():
        section = doc.index(f"\n## {example.title}\n")
        end = doc.find("\n## ", section + 1)
        text = doc[section : end if end >= 0 else len(doc)]
        assert f"**Answer.** {example.answer}\n" in text, example.slug
        assert f"```sparql\n{example.query}\n```" in text, example.slug
    titles = re.findall(r"^## (.+)$", doc, re.M)
    assert titles == [example.title for example in EXAMPLES.values()]


def test_the_readme_links_the_research_questions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## What you can ask") : readme.index("## Querying")]
    assert "(docs/research-questions.md)" in section


def test_the_research_questions_doc_is_written_from_the_examples_and_the_build(
    seed_dist: Path,
) -> None:
    """docs/research_questions.py --check: the doc's answers are what the queries return."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "research_questions.py"), "--check",
         "--dataset", str(seed_dist / "dataset.nq")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
