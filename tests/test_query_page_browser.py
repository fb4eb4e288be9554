"""The SPARQL query page in headless Chromium: YASGUI offline, and the plain form without JS.

With JavaScript on, every request the page makes is recorded and any to another host is aborted
and fails the test: the editor, its styles and the queries all come from this server. With
JavaScript off, the form runs a query and answers with the HTML table. What the tables should
show is read from the built dataset with pyoxigraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

from stancegraph.sparql.example_queries import examples
from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.test_pages_browser import CHROMIUM, CHROMIUM_ARGS

WHO_SAID_WHAT = next(e for e in examples(DEFAULT_BASE_URI) if e.slug == "who-said-what")
#: Long enough for the query process to start on a cold server.
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Offline:
    """A tab with JavaScript on that records every request and lets none leave the host."""

    page: Page
    local: str
    requests: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith(self.local + "/"):
            route.continue_()
        else:
            route.abort()

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.complaints.append(f"console {message.type}: {message.text}")

    def foreign(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.local + "/")]

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__violations")
        return found


@pytest.fixture
def offline(browser: Browser, live_server) -> Iterator[Offline]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Offline(context.new_page(), live_server.url)
    context.route("**/*", tab.route)
    tab.page.on("console", tab.console)
    tab.page.on("pageerror", lambda error: tab.complaints.append(f"page error: {error}"))
    tab.page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield tab
    context.close()


@pytest.fixture
def no_js(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else foreign.append(r.url)
    )
    yield page
    context.close()
    assert foreign == [], f"the page reached other hosts: {foreign}"


def who_said_what(dataset: ox.Store) -> list[ox.QuerySolution]:
    result = dataset.query(WHO_SAID_WHAT.query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def local_path(iri: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """The path this server serves a data IRI at."""
    assert isinstance(iri, ox.NamedNode) and iri.value.startswith(DEFAULT_BASE_URI)
    return "/" + iri.value.removeprefix(DEFAULT_BASE_URI)


def speaker_slug(row: ox.QuerySolution) -> str:
    return local_path(row["speaker"]).rsplit("/", 1)[-1]


def test_yasgui_runs_a_research_question_offline(offline: Offline, live_server, dataset) -> None:
    page = offline.page
    page.goto(live_server.url + "/sparql")
    page.locator("#yasgui .CodeMirror").wait_for(timeout=WAIT_MS)
    assert page.locator("header.site nav a", has_text="SPARQL").count() == 1  # the site's layout
    assert not page.locator("#plain-form").is_visible()  # the editor stands in for the form
    page.locator(f"#{WHO_SAID_WHAT.slug} a.example").click()
    table = page.locator(".tabPanel.active .yasr table.dataTable")
    expected = who_said_what(dataset)
    table.locator("tbody tr").nth(len(expected) - 1).wait_for(timeout=WAIT_MS)
    assert table.locator("tbody tr").count() == len(expected)
    assert page.locator(".tab.active").inner_text().startswith(WHO_SAID_WHAT.title[:40])
    shown = table.locator("tbody").inner_text()
    for row in expected:
        assert row["text"].value in shown
        assert row["name"].value in shown
    # An actor's IRI leads to the actor's page on this server once clicked (not to the base).
    link = table.locator("a.iri", has_text=speaker_slug(expected[0])).first
    link.dispatch_event("click")  # a synthetic click: the new tab it asks for is not opened
    assert link.get_attribute("href") == live_server.url + local_path(expected[0]["speaker"])
    page.goto(str(link.get_attribute("href")))
    assert page.locator("h1").inner_text() == expected[0]["name"].value
    # The query went to this server's endpoint, and nothing to any other host.
    assert any(url.startswith(live_server.url + "/sparql") for url in offline.requests[1:])
    assert offline.foreign() == []
    assert offline.violations() == []
    assert offline.complaints == []


def test_the_editor_declares_a_project_prefix_when_one_is_typed(
    offline: Offline, live_server
) -> None:
    page = offline.page
    page.goto(live_server.url + "/sparql")
    page.locator("#yasgui .CodeMirror").wait_for(timeout=WAIT_MS)
    page.evaluate("document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue('')")
    page.locator("#yasgui .CodeMirror textarea").focus()
    page.keyboard.type("SELECT * WHERE { ?a sg:")
    editor = page.locator("#yasgui .CodeMirror-code")
    editor.get_by_text("PREFIX sg: <https://w3id.org/stancegraph/ontology#>").wait_for(
        timeout=WAIT_MS
    )
    assert offline.foreign() == []
    assert offline.violations() == []


def test_without_javascript_the_form_answers_with_a_linked_table(
    no_js: Page, live_server, dataset
) -> None:
    no_js.goto(live_server.url + "/sparql")
    assert no_js.locator("#plain-form").is_visible()
    assert no_js.locator("#format").input_value() == "html"  # the table is the default
    no_js.locator("#query").fill(WHO_SAID_WHAT.query)
    no_js.locator("#plain-form button[type=submit]").click()
    no_js.wait_for_url("**/sparql?query=*")
    expected = who_said_what(dataset)
    rows = no_js.locator("table.results tbody tr")
    assert rows.count() == len(expected)
    columns = no_js.locator("table.results thead th").all_inner_texts()
    assert columns == ["#", "?speaker", "?name", "?kind", "?text", "?begin"]
    for index, row in enumerate(expected):
        cells = rows.nth(index).locator("td")
        link = cells.nth(1).locator("a")
        assert link.get_attribute("href") == local_path(row["speaker"])
        assert link.inner_text() == "actor:" + speaker_slug(row)
        assert cells.nth(2).inner_text() == row["name"].value
        assert cells.nth(4).inner_text() == row["text"].value
    # A speaker's link leads to that actor's page.
    rows.first.locator("td").nth(1).locator("a").click()
    no_js.wait_for_url("**/doc/actor/*")
    assert no_js.locator("h1").inner_text() == expected[0]["name"].value


def test_without_javascript_a_research_question_is_one_click(no_js: Page, live_server) -> None:
    no_js.goto(live_server.url + "/sparql")
    no_js.locator(f"#{WHO_SAID_WHAT.slug} a.example").click()
    no_js.wait_for_url("**/sparql?query=*")
    assert no_js.locator("h1").inner_text() == "Query results"
    assert no_js.locator("table.results tbody tr").count() > 0
    assert no_js.locator("#query").input_value() == WHO_SAID_WHAT.query  # there to edit
