"""``/search``: the index the build writes, ranking, phrases, prefixes, filters, escaping, JSON,
the errors, every store setting, and the page in Chromium.

Most tests search the three-article corpus of :mod:`tests.search_corpus`, built with the
project's build; paging uses the seed article (more statements than a page holds).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, sync_playwright

from stancegraph.build.dist import is_stale
from stancegraph.core import settings as stancegraph_settings
from stancegraph.search import index_file
from stancegraph.search.query import MAX_LENGTH, MAX_TERMS
from stancegraph.search.results import PER_PAGE
from tests import search_corpus
from tests.conftest import ROOT, build_with_store, make_app
from tests.page_dom import parse
from tests.test_pages_browser import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from flask import Flask
    from flask.testing import FlaskClient
    from werkzeug.test import TestResponse

ALL = {
    "alpha-q1", "alpha-r1", "alpha-q2", "beta-q1", "beta-q2", "beta-q3", "gamma-r1", "gamma-q1",
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the corpus: ``seeds/``, ``mappings/`` and its build in ``dist/``."""
    folder = tmp_path_factory.mktemp("search-corpus")
    search_corpus.built(folder, folder / "dist")
    return folder


@pytest.fixture(scope="module")
def corpus_app(corpus: Path) -> Flask:
    return make_app({"dist_dir": str(corpus / "dist")})


@pytest.fixture
def searching(corpus_app: Flask) -> FlaskClient:
    return corpus_app.test_client()


def found(client: FlaskClient, **params: str) -> dict[str, Any]:
    """The JSON answer of a search that must succeed."""
    response = client.get("/search", query_string={**params, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def ids(answer: dict[str, Any]) -> list[str]:
    """The statements found, in order, by their id (the end of their IRI)."""
    return [hit["statement"].rsplit("/", 1)[-1] for hit in answer["hits"]]


# --- the index file ---------------------------------------------------------------------------


def test_the_build_writes_the_index_beside_the_dumps_for_their_data(corpus: Path) -> None:
    dist = corpus / "dist"
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["files"]
    index = index_file.path_in(dist)
    assert manifest[index.name] == hashlib.sha256(index.read_bytes()).hexdigest()
    assert index_file.recorded_digest(index) == manifest["dataset.nq"]


def test_the_same_corpus_gives_the_same_index_bytes(corpus: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(tmp_path)]
    command += ["--seeds-dir", str(corpus / "seeds"), "--mappings-dir", str(corpus / "mappings")]
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    name = index_file.FILE_NAME
    assert (tmp_path / name).read_bytes() == (corpus / "dist" / name).read_bytes()


@pytest.mark.parametrize("damage", ["missing", "not an index"])
def test_a_build_without_its_index_is_stale(corpus: Path, tmp_path: Path, damage: str) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(corpus / "dist", dist)
    index = index_file.path_in(dist)
    if damage == "missing":
        index.unlink()
    else:
        index.write_bytes(b"not an SQLite database")
    values = stancegraph_settings.resolve(
        {
            "dist_dir": str(dist),
            "seeds_dir": str(corpus / "seeds"),
            "mappings_dir": str(corpus / "mappings"),
        },
        environ={},
    )
    assert is_stale(values)


# --- what is found, and in which order ------------------------------------------------------


def test_more_occurrences_and_shorter_texts_rank_higher(searching: FlaskClient) -> None:
    order = ids(found(searching, q="sanctions"))
    assert set(order) == {"alpha-q2", "beta-q1", "beta-q2"}
    # alpha-q2 says it three times; beta-q2 is two words long; beta-q1 says it once in 26 words.
    assert order.index("alpha-q2") < order.index("beta-q1")
    assert order.index("beta-q2") < order.index("beta-q1")


def test_a_phrase_needs_its_words_together_and_in_order(searching: FlaskClient) -> None:
    assert ids(found(searching, q='"border deal"')) == ["gamma-r1"]
    assert set(ids(found(searching, q="border deal"))) == {"gamma-r1", "gamma-q1"}
    assert set(ids(found(searching, q="deal border"))) == {"gamma-r1", "gamma-q1"}
    assert ids(found(searching, q='"deal border"')) == []


def test_a_star_finds_words_that_begin_so(searching: FlaskClient) -> None:
    # Membership (alpha-q1), membership (alpha-r1), members (beta-q3, gamma-q1).
    assert set(ids(found(searching, q="memb*"))) == {"alpha-q1", "alpha-r1", "beta-q3", "gamma-q1"}
    assert ids(found(searching, q="memb")) == []
    assert ids(found(searching, q='"the memb"*')) == ["beta-q3"]


def test_names_and_accents(searching: FlaskClient) -> None:
    """A speaker's names are searched, with or without their diacritics and case."""
    ana = {"alpha-q1", "alpha-q2", "beta-q2"}
    for q in ("Petrović", "petrovic", "PETROVIC"):
        answer = found(searching, q=q)
        assert set(ids(answer)) == ana, q
        assert [(e["kind"], e["id"]) for e in answer["entities"]] == [("actor", "ana-petrovic")]


def test_issue_labels_are_searched_and_matching_issues_listed(searching: FlaskClient) -> None:
    answer = found(searching, q="agreement")  # only in the label of border-deal
    assert set(ids(answer)) == {"gamma-r1", "gamma-q1"}
    assert [(e["kind"], e["id"]) for e in answer["entities"]] == [("issue", "border-deal")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "ana-petrovic"}, {"alpha-q1", "alpha-q2", "beta-q2"}),
        ({"kind": "reported"}, {"alpha-r1", "gamma-r1"}),
        ({"kind": "quote"}, ALL - {"alpha-r1", "gamma-r1"}),
        ({"article": "beta"}, {"beta-q1", "beta-q2", "beta-q3"}),
        ({"issue": "sanctions"}, {"alpha-q2", "beta-q1", "beta-q2"}),
        ({"issue": "trade-and-security"}, ALL - {"beta-q3"}),  # a topic: every issue under it
        ({"stance": "against"}, {"alpha-r1", "beta-q1"}),
        ({"stance": "neutral"}, {"gamma-r1"}),
        ({"stance": "against", "issue": "sanctions"}, {"beta-q1"}),
        ({"stance": "favor", "issue": "trade-and-security"}, {"alpha-q1", "beta-q2"}),
        ({"q": "sanctions", "speaker": "ana-petrovic"}, {"alpha-q2", "beta-q2"}),
        ({"q": "sanctions", "stance": "against"}, {"beta-q1"}),
        ({"q": "members", "article": "gamma", "kind": "quote"}, {"gamma-q1"}),
        ({"q": "sanctions", "speaker": "carla-diaz"}, set()),
        ({"speaker": ""}, set()),  # an empty filter is no filter: nothing asked, nothing found
    ],
)
def test_filters(searching: FlaskClient, params: dict[str, str], expected: set[str]) -> None:
    answer = found(searching, **params)
    assert set(ids(answer)) == expected
    assert answer["total"] == len(expected)
    assert answer["filters"] == {k: v for k, v in params.items() if k != "q" and v}


def test_filters_alone_list_statements_in_text_order(searching: FlaskClient) -> None:
    assert ids(found(searching, speaker="boris-kovac")) == ["alpha-r1", "beta-q1", "gamma-q1"]


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("sanctions OR border", set()),  # OR is a word, and no statement has it
        ("sanctions AND", {"beta-q1"}),  # AND too: beta-q1 says "traders and every"
        ("NOT sanctions", set()),
        ('NEAR(the "members")', {"beta-q3"}),
        ("text:sanctions", set()),  # no column filter: the words "text sanctions"
        ("(sanctions)", {"alpha-q2", "beta-q1", "beta-q2"}),
        ("^sanctions +work", {"beta-q2"}),
        ('"sanctions" ""', {"alpha-q2", "beta-q1", "beta-q2"}),  # an empty phrase is no term
        ("'; DROP TABLE statements; --", set()),
        ("alert('x')", {"beta-q3"}),
    ],
)
def test_search_syntax_in_the_words_is_searched_as_words(
    searching: FlaskClient, q: str, expected: set[str]
) -> None:
    assert set(ids(found(searching, q=q))) == expected


@settings(max_examples=300, deadline=None)
@given(q=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_no_words_make_a_server_error(corpus_app: Flask, q: str) -> None:
    # TESTING: an exception in the view would fail this test rather than answer 500.
    response = corpus_app.test_client().get("/search", query_string={"q": q, "format": "json"})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_data(as_text=True).startswith("400 Bad Request: q: ")
        assert response.get_data(as_text=True).count("\n") == 1


def test_markup_in_a_statement_reaches_the_page_as_text(searching: FlaskClient) -> None:
    response = searching.get("/search?q=script", headers={"Accept": "text/html"})
    body = response.get_data(as_text=True)
    assert "<script" not in body
    assert "&lt;<mark>script</mark>&gt;alert(" in body
    hit = parse(body).one("li", "hit")
    assert hit.one("p", "snippet").text.startswith("<script>alert('x')</script> is what the bill")
    assert [mark.text for mark in hit.all("mark")] == ["script", "script"]


def test_markup_in_json_is_text_and_escaped_html(searching: FlaskClient) -> None:
    (hit,) = found(searching, q="script")["hits"]
    assert hit["text"].startswith("<script>alert('x')</script> is what the bill says & more")
    assert hit["snippet"] == hit["text"]
    assert hit["snippet_html"].startswith(
        "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; is what the bill"
        " says &amp; more: NEAR(the &#34;members&#34;)"
    )


# --- the answer ------------------------------------------------------------------------------


def test_json_answer(searching: FlaskClient) -> None:
    answer = found(searching, q="sanctions", stance="against")
    assert {k: answer[k] for k in ("q", "filters", "page", "per_page", "pages", "total")} == {
        "q": "sanctions",
        "filters": {"stance": "against"},
        "page": 1,
        "per_page": PER_PAGE,
        "pages": 1,
        "total": 1,
    }
    assert answer["previous"] is None and answer["next"] is None
    (hit,) = answer["hits"]
    base = stancegraph_settings.defaults()["base_uri"]
    text = search_corpus.ARTICLES["beta"]["statements"][0][4]
    seed = "\n\n".join(search_corpus.ARTICLES["beta"]["paragraphs"]) + "\n"
    begin = seed.index(text)
    assert hit == {
        "statement": f"{base}id/statement/beta-q1",
        "url": "/id/statement/beta-q1",
        "kind": "quote",
        "speaker": {
            "id": "boris-kovac",
            "iri": f"{base}id/actor/boris-kovac",
            "label": "Boris Kovac",
            "url": "/id/actor/boris-kovac",
        },
        "article": {
            "id": "beta",
            "iri": f"{base}id/article/beta",
            "label": "Farmers fear a cold winter",
            "url": "/id/article/beta",
        },
        "in_article": f"/id/article/beta#char={begin},{begin + len(text)}",
        "begin": begin,
        "end": begin + len(text),
        "text": text,
        "snippet": text,
        "snippet_html": text.replace("sanctions", "<mark>sanctions</mark>"),
        "about": [hit["about"][0]],
        "stances": [
            {"holder": hit["speaker"], "issue": hit["about"][0], "stance": "against"},
        ],
    }
    assert hit["about"][0]["id"] == "sanctions"
    assert answer["entities"] == [
        {
            "kind": "issue",
            "id": "sanctions",
            "iri": f"{base}id/issue/sanctions",
            "label": "Sanctions should be imposed on the neighbour.",
            "url": "/id/issue/sanctions",
        }
    ]


def test_json_by_accept_is_the_json_by_parameter(searching: FlaskClient) -> None:
    by_accept = searching.get("/search?q=border", headers={"Accept": "application/json"})
    assert by_accept.content_type == "application/json; charset=utf-8"
    assert "Accept" in by_accept.vary
    assert by_accept.get_json() == found(searching, q="border")


def test_the_page_shows_hits_linked_to_their_statement_and_place(searching: FlaskClient) -> None:
    response = searching.get("/search?q=border+deal&kind=reported", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    assert page.one("h2", id="results").text == "1 statement matches “border deal”"
    hit = page.one("li", "hit")
    assert hit.one("a", "speaker").text == "Carla Diaz"
    assert hit.one("a", "statement").attrs["href"] == "/id/statement/gamma-r1"
    text = search_corpus.ARTICLES["gamma"]["statements"][0][4]
    begin = len("Talks at the frontier\n\n")
    place = f"/id/article/gamma#char={begin},{begin + len(text)}"
    assert hit.one("a", "in-article").attrs["href"] == place
    assert [m.text for m in hit.all("mark")] == ["border", "deal"]
    assert "Neutral" in hit.one("ul", "hit-stances").text
    assert page.one("select", name="kind").one("option", selected="").attrs["value"] == "reported"
    chip = page.one("p", "active-filters").one("a", "chip")
    assert chip.attrs["href"] == "/search?q=border+deal"


def test_pages(client: FlaskClient) -> None:
    """The seed article has more statements naming NATO than a page holds."""
    first = found(client, q="nato")
    assert first["total"] > PER_PAGE and first["pages"] == -(-first["total"] // PER_PAGE)
    assert first["next"] == "/search?q=nato&page=2" and first["previous"] is None
    second = client.get(first["next"], headers={"Accept": "application/json"}).get_json()
    assert second["page"] == 2 and second["previous"] == "/search?q=nato"
    assert len(first["hits"]) == PER_PAGE
    assert len(second["hits"]) == first["total"] - PER_PAGE
    assert not set(ids(first)) & set(ids(second))
    beyond = found(client, q="nato", page=str(first["pages"] + 1))
    assert beyond["hits"] == [] and beyond["total"] == first["total"]


def test_no_search_is_the_form_alone(searching: FlaskClient) -> None:
    page = parse(searching.get("/search", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert page.one("input", id="q").attrs["value"] == ""
    assert page.all("ol", "hits") == [] and page.all("section", "results") == []
    speakers = [o.text for o in page.one("select", name="speaker").all("option")]
    assert speakers == ["anyone", "Ana Petrović", "Boris Kovac", "Carla Diaz"]
    assert found(searching)["total"] == 0


def test_answers_are_cached_by_etag(searching: FlaskClient) -> None:
    first = searching.get("/search?q=sanctions", headers={"Accept": "text/html"})
    again = searching.get(
        "/search?q=sanctions",
        headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    other = searching.get("/search?q=border", headers={"Accept": "text/html"})
    assert other.headers["ETag"] != first.headers["ETag"]


# --- what is refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('q="border deal', 'q: the quote at character 1 is not closed (a phrase is "between quotes")'),
        ("q=*", "q: the * at character 1 follows no word (a * ends the beginning of a word"),
        ("q=nato+**", "q: the * at character 6 follows no word"),
        ("q=(((+--", "q: '((( --' holds no word to search for"),
        ("q=" + "+w" * (MAX_TERMS + 1), f"q: {MAX_TERMS + 1} words and phrases; at most {MAX_TERMS}"),
        ("q=" + "w" * (MAX_LENGTH + 1), f"q: {MAX_LENGTH + 1} characters; at most {MAX_LENGTH}"),
        ("speaker=ana-petrovc", "speaker='ana-petrovc': no actor has this id; did you mean ana-petrovic?"),
        ("speaker=nobody",
         "speaker='nobody': no actor has this id (an actor's id is the end of its IRI: /id/actor/"),
        ("issue=sanction", "issue='sanction': no issue has this id; did you mean sanctions?"),
        ("article=delta", "article='delta': no article has this id"),
        ("kind=quotes", "kind='quotes': expected quote or reported"),
        ("stance=for", "stance='for': expected favor or against or neutral"),
        ("page=0", "page='0': expected a whole number from 1 to 10000"),
        ("page=two", "page='two': expected a whole number from 1 to 10000"),
        ("page=99999999999999999999999", "page='99999999999999999999999': expected a whole number"),
        ("q=a&q=b", "q is given 2 times; give it once"),
        ("q=a&kind=quote&kind=reported", "kind is given 2 times; give it once"),
    ],
)  # fmt: skip
def test_what_cannot_be_searched_for_is_a_400_saying_why(
    searching: FlaskClient, query: str, message: str
) -> None:
    response = searching.get(f"/search?{query}")
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith(f"400 Bad Request: {message}")
    as_json = searching.get(f"/search?{query}", headers={"Accept": "application/json"})
    assert as_json.get_json()["message"].startswith(message)


def test_an_unknown_format_is_a_406(searching: FlaskClient) -> None:
    response = searching.get("/search?q=nato&format=turtle")
    assert response.status_code == 406
    assert "format=turtle cannot carry search results; available: text/html, application/json" in (
        response.get_data(as_text=True)
    )
    refused = searching.get("/search?q=nato", headers={"Accept": "text/turtle"})
    assert refused.status_code == 406


# --- every store setting ---------------------------------------------------------------------


def _hits(app: Flask, q: str) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = found(app.test_client(), q=q)["hits"]
    return hits


def test_another_dataset_file_gets_an_index_of_its_own(corpus: Path, seed_dist: Path) -> None:
    """``--dataset FILE``: dist/search.sqlite (the seed's) is not of that data; the server writes
    one of what it serves."""
    app = make_app({"dist_dir": str(seed_dist), "dataset": str(corpus / "dist" / "dataset.nq")})
    source = app.extensions["stancegraph.search"]
    assert source.private and source.searcher().path != index_file.path_in(seed_dist)
    assert set(ids({"hits": _hits(app, "sanctions")})) == {"alpha-q2", "beta-q1", "beta-q2"}
    assert _hits(app, "Radulovic") == []


def test_a_store_on_disk_reads_the_index_of_its_build(tmp_path: Path, client: FlaskClient) -> None:
    dist, store = build_with_store(tmp_path)
    app = make_app({"dist_dir": str(dist), "store": f"oxigraph:{store}"})
    assert not app.extensions["stancegraph.search"].private
    assert _hits(app, "Radulovic") == found(client, q="Radulovic")["hits"]


def test_a_remote_store_gets_an_index_of_what_it_serves(
    remote_store: Any, seed_dist: Path, client: FlaskClient
) -> None:
    app = make_app({"dist_dir": str(seed_dist), "store": remote_store.query_url})
    assert app.extensions["stancegraph.search"].private
    assert _hits(app, "Radulovic") == found(client, q="Radulovic")["hits"]
    assert _hits(app, "memb*") == found(client, q="memb*")["hits"]


def test_an_index_replaced_under_the_server_is_a_503(
    corpus: Path, seed_dist: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(corpus / "dist", dist)
    app = make_app({"dist_dir": str(dist)})
    assert found(app.test_client(), q="sanctions")["total"] == 3
    replacement = tmp_path / "new.sqlite"  # what a build of other data puts there
    shutil.copyfile(index_file.path_in(seed_dist), replacement)
    replacement.replace(index_file.path_in(dist))
    answers: list[TestResponse] = []
    thread = threading.Thread(  # a thread that opens its own connection
        target=lambda: answers.append(app.test_client().get("/search?q=sanctions"))
    )
    thread.start()
    thread.join()
    assert answers[0].status_code == 503
    assert answers[0].get_data(as_text=True) == (
        f"503 Service Unavailable: {index_file.path_in(dist)} no longer holds the data served "
        "(a new build replaced it); search answers again once the server restarts on the new "
        "build\n"
    )
    assert found(app.test_client(), q="sanctions")["total"] == 3  # this thread's is still open


# --- the way in ------------------------------------------------------------------------------


def test_every_page_links_to_search_and_the_home_page_has_a_box(client: FlaskClient) -> None:
    home = parse(client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True))
    nav = home.one("nav")
    assert [a.attrs["href"] for a in nav.all("a") if a.text == "Search"] == ["/search"]
    form = home.one("form", "home-search")
    assert form.attrs["action"] == "/search" and form.attrs["method"] == "get"
    assert form.one("input", id="home-q").attrs["name"] == "q"


# --- in a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def corpus_server(start_server: Any, corpus: Path) -> Any:
    """The corpus served by ``stancegraph serve`` (were it rebuilt, from the same sources)."""
    sources = {
        "STANCEGRAPH_SEEDS_DIR": str(corpus / "seeds"),
        "STANCEGRAPH_MAPPINGS_DIR": str(corpus / "mappings"),
    }
    return start_server(["--dist-dir", str(corpus / "dist"), "--workers", "1"], sources)


@pytest.fixture
def page(browser: Browser, corpus_server: Any) -> Iterator[Page]:
    """A page without JavaScript that fails the test if it loads anything from another host."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    foreign: list[str] = []
    opened.on(
        "request",
        lambda request: (
            None if request.url.startswith(corpus_server.url) else foreign.append(request.url)
        ),
    )
    yield opened
    context.close()
    assert not foreign, f"the search page loaded external assets: {foreign}"


def test_search_with_a_filter_in_a_browser(page: Page, corpus_server: Any, tmp_path: Path) -> None:
    page.goto(corpus_server.url + "/")
    page.fill("#home-q", "sanctions")
    page.click("form.home-search button")
    page.wait_for_url("**/search?q=sanctions")
    assert page.locator("#results").inner_text() == "3 statements match “sanctions”"
    assert page.locator("li.hit").count() == 3
    page.select_option("select[name=speaker]", label="Ana Petrović")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/search?q=sanctions&speaker=ana-petrovic*")
    hits = page.locator("li.hit")
    assert page.locator("#results").inner_text() == "2 statements match “sanctions”"
    assert hits.locator("a.speaker").all_inner_texts() == ["Ana Petrović", "Ana Petrović"]
    assert hits.first.locator("mark").all_inner_texts() == ["Sanctions", "sanctions", "sanctions"]
    mark = hits.first.locator("mark").first
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)",)
    assert page.locator(".active-filters a.chip").inner_text().startswith("speaker: Ana Petrović")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    quoted = hits.first.locator("p.snippet").inner_text()
    hits.first.locator("a.in-article").click()
    page.wait_for_url("**/doc/article/alpha*#char=*")
    target = page.evaluate("document.querySelector(':target').id")
    assert target.startswith("char=")
    landed = page.locator(f'[id="{target}"] + a.hl')
    assert landed.inner_text() == quoted
    page.go_back()
    page.locator(".active-filters a.chip").click()  # drop the filter
    page.wait_for_url("**/search?q=sanctions")
    assert page.locator("li.hit").count() == 3


def test_markup_in_a_hit_is_shown_not_run_in_a_browser(page: Page, corpus_server: Any) -> None:
    page.goto(corpus_server.url + "/search?q=alert")
    assert page.locator("li.hit p.snippet").inner_text().startswith("<script>alert('x')</script>")
    assert page.locator("li.hit script").count() == 0
