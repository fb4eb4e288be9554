"""Web security: no path escapes to files, everything shown in HTML is escaped, every answer
carries ``nosniff`` and a Content-Security-Policy, and requests beyond the limits get 413/414.

Escaping is tested with a hostile dataset: the seed with a script, quotes and an ``<img onerror>``
appended to every string literal, and a ``javascript:`` IRI; then in headless Chromium, where no
injected script may run and the real pages must render with no policy violation.

Requests go over raw sockets to a live server (:mod:`tests.raw_http`: nothing tidies the path or
the headers, and gunicorn's own answers are seen too) or to Chromium; what a page holds is asked
of the application in this process through Flask's test client.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright
from rdflib.namespace import SKOS

from stancegraph.vocabulary import DEFAULT_BASE_URI, KINDS, SCHEMA
from stancegraph.web.security import DATA_POLICY, PAGE_POLICY, QUERY_PAGE_POLICY, policy
from tests.conftest import LiveServer, make_app
from tests.raw_http import Answer, exchange, get, request_bytes
from tests.test_pages_browser import CHROMIUM, CHROMIUM_ARGS

#: Appended to every string of the hostile dataset: each piece would run script if unescaped.
PAYLOAD = (
    '"\'><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    "</script><script>window.__xss=3</script>"
)
UNESCAPED = ("<script>window.__xss", "<img src=x", "</script><script>")
JAVASCRIPT_IRI = "javascript:window.__xss=4"
ACTOR = "vlade-radulovic"
#: Files a path escaping its folder could reach, and a string each one holds.
SECRETS = {
    "pyproject.toml": "[build-system]",
    "server/stancegraph/web/app.py": "create_app",
    "/etc/passwd": "root:",
}

#: Routes that map a path onto a file or a document, and ways to climb out of them.
FILE_ROUTES = ("/dumps/", "/static/", f"/doc/actor/{ACTOR}.", "/doc/actor/", "/graph/", "/")
ESCAPES = (
    "../../pyproject.toml",
    # /static/ is server/stancegraph/web/static: four levels below the checkout's pyproject.toml.
    "../../../../pyproject.toml",
    "..%2f..%2f..%2f..%2fpyproject.toml",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "..%2f..%2fpyproject.toml",
    "%2e%2e/%2e%2e/pyproject.toml",
    "%2e%2e%2f%2e%2e%2fpyproject.toml",
    "%252e%252e%252fpyproject.toml",
    "..%5c..%5cpyproject.toml",
    "..\\..\\pyproject.toml",
    "....//....//pyproject.toml",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/pyproject.toml",
    "..;/..;/web/app.py",
    "../../web/app.py",
    "%2e%2e/web/app.py",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "//etc/passwd",
    "../../../../../../../../etc/passwd",
    "ttl/../../../etc/passwd",
    "dataset.nq%00",
    "dataset.nq%00.html",
    "style.css%00.html",
    "validation.ttl",
    "../validation.ttl",
)


def follow(port: int, target: str, accept: str = "*/*") -> Answer:
    """GET ``target`` as given, following redirects on this server (at most five)."""
    answer = get(port, target, {"Accept": accept})
    for _ in range(5):
        location = answer.header("location")
        if answer.status not in (301, 302, 303, 307, 308) or not location:
            break
        answer = get(port, re.sub(r"^https?://[^/]+", "", location), {"Accept": accept})
    return answer


@pytest.mark.parametrize("route", FILE_ROUTES)
@pytest.mark.parametrize("escape", ESCAPES)
def test_no_path_reaches_a_file_outside_its_folder(
    live_server: LiveServer, route: str, escape: str
) -> None:
    answer = follow(live_server.port, route + escape)
    assert answer.status == 404, answer
    text = answer.body.decode("utf-8", "replace")
    for secret in SECRETS.values():
        assert secret not in text


@pytest.mark.parametrize("route", ("/doc/actor/", "/id/actor/", "/graph/", "/doc/"))
@pytest.mark.parametrize("name", ("a%20b", "%3Cscript%3E", "a%22b", "x%00", "x%25", "%ff", "a%5Cb"))
def test_a_path_that_names_no_valid_iri_is_404_not_500(
    live_server: LiveServer, route: str, name: str
) -> None:
    """Regression: such paths used to reach pyoxigraph's NamedNode, whose ValueError gave 500."""
    for target in (route + name, f"{route}{name}.ttl", f"{route}vlade-radulovic.{name}"):
        assert get(live_server.port, target).status == 404, target


def test_raw_nul_bytes_in_the_request_line_are_refused(live_server: LiveServer) -> None:
    for target in (b"/dumps/dataset.nq\x00", b"/static/\x00../app.py", b"/static/\x00"):
        answer = exchange(live_server.port, request_bytes("GET", target))
        assert answer.status == 400, (target, answer)  # gunicorn: not a valid request line
        assert b"create_app" not in answer.body


def test_the_files_that_are_served_still_are(live_server: LiveServer) -> None:
    assert get(live_server.port, "/static/style.css").status == 200
    assert get(live_server.port, "/dumps/dataset.nq").status == 200
    assert get(live_server.port, f"/doc/actor/{ACTOR}.ttl").status == 200


# --- Headers ------------------------------------------------------------------------------

PAGE = policy(PAGE_POLICY)
QUERY_PAGE = policy(QUERY_PAGE_POLICY)
DATA = policy(DATA_POLICY)
HEADER_CASES = (
    ("GET", "/", "text/html", 200, PAGE),
    ("GET", f"/doc/actor/{ACTOR}.html", "*/*", 200, PAGE),
    ("GET", f"/doc/actor/{ACTOR}", "text/turtle", 200, DATA),
    ("GET", f"/doc/actor/{ACTOR}.jsonld", "*/*", 200, DATA),
    ("GET", "/sparql", "text/html", 200, QUERY_PAGE),
    ("GET", "/sparql", "text/turtle", 200, DATA),
    ("GET", "/sparql?query=ASK%7B%7D", "*/*", 200, DATA),
    ("GET", "/sparql?query=nonsense", "*/*", 400, DATA),
    ("GET", "/dumps/dataset.nq", "*/*", 200, DATA),
    ("GET", "/static/style.css", "*/*", 200, DATA),
    ("GET", "/healthz", "*/*", 200, DATA),
    ("GET", "/no/such/page", "text/html", 404, PAGE),
    ("GET", "/no/such/page", "*/*", 404, DATA),
    ("GET", "/", "application/x-nothing", 406, DATA),
    ("POST", "/", "text/html", 405, PAGE),
    ("OPTIONS", "/sparql", "*/*", 204, DATA),
    ("GET", "/" + "a" * 8100, "*/*", 414, DATA),  # ours: beyond max_url_length
    ("GET", "/" + "a" * 9000, "*/*", 414, DATA),  # gunicorn's: beyond its request-line limit
    ("GET", "/a b/c", "*/*", 400, DATA),  # gunicorn's: a malformed request line
)


@pytest.mark.parametrize(("method", "target", "accept", "status", "csp"), HEADER_CASES)
def test_every_answer_carries_nosniff_and_its_policy(
    live_server: LiveServer, method: str, target: str, accept: str, status: int, csp: str
) -> None:
    answer = exchange(live_server.port, request_bytes(method, target, {"Accept": accept}))
    assert answer.status == status, answer
    assert answer.header("x-content-type-options") == "nosniff"
    assert answer.header("content-security-policy") == csp


def test_redirects_and_not_modified_answers_carry_the_headers_too(live_server: LiveServer) -> None:
    moved = get(live_server.port, f"/id/actor/{ACTOR}", {"Accept": "text/html"})
    assert moved.status == 303
    tag = get(live_server.port, f"/doc/actor/{ACTOR}.ttl").header("etag")
    assert tag
    unchanged = get(live_server.port, f"/doc/actor/{ACTOR}.ttl", {"If-None-Match": tag})
    assert unchanged.status == 304
    for answer in (moved, unchanged):
        assert answer.header("x-content-type-options") == "nosniff"
        assert "frame-ancestors 'none'" in (answer.header("content-security-policy") or "")


def directives(header: str) -> dict[str, list[str]]:
    parsed = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parsed}


def test_no_page_loads_from_another_origin_nor_runs_inline_script() -> None:
    for header in (PAGE, QUERY_PAGE):
        parsed = directives(header)
        assert parsed["frame-ancestors"] == ["'none'"]
        assert parsed["default-src"] == ["'self'"]
        scripts = parsed.get("script-src", parsed["default-src"])
        assert scripts == ["'self'"]  # no CDN, no 'unsafe-inline', no 'unsafe-eval'
        assert "'unsafe-inline'" not in parsed.get("style-src", parsed["default-src"])
        assert not any("://" in source for values in parsed.values() for source in values)
    assert directives(QUERY_PAGE)["style-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in directives(QUERY_PAGE)["style-src"][1:])


def test_the_query_page_loads_yasgui_from_this_server(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"}, buffered=True)
    sources = re.findall(r'<(?:script|link rel="stylesheet")[^>]*(?:src|href)="([^"]+)"', page.text)
    assert "/static/yasgui/yasgui.min.js" in sources
    assert all(s.startswith("/static/") for s in sources)
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []  # no inline script


# --- Limits -------------------------------------------------------------------------------

MAX_URL = 300
MAX_BODY = 2000


@pytest.fixture(scope="module")
def limited(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    env = {"STANCEGRAPH_MAX_URL_LENGTH": str(MAX_URL), "STANCEGRAPH_MAX_REQUEST_BYTES": "2000"}
    return start_server(["--dist-dir", str(seed_dist), "--workers", "1"], env)


def query_target(length: int) -> str:
    """A GET of an ASK query whose request target is exactly ``length`` bytes."""
    head = "/sparql?query=ASK%7B%7D%23"
    return head + "a" * (length - len(head))


def test_a_request_target_beyond_max_url_length_gets_414(limited: LiveServer) -> None:
    assert get(limited.port, query_target(MAX_URL)).status == 200
    refused = get(limited.port, query_target(MAX_URL + 1))
    assert refused.status == 414
    assert b"max_url_length" in refused.body
    long_path = get(limited.port, "/doc/actor/" + "x" * MAX_URL, {"Accept": "text/html"})
    assert long_path.status == 414


def form(size: int) -> bytes:
    """A form-encoded ASK query of exactly ``size`` bytes."""
    head = b"query=ASK%7B%7D%23"
    return head + b"a" * (size - len(head))


def post(port: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> Answer:
    return exchange(port, request_bytes("POST", "/sparql", headers, body))


FORM_TYPE = (b"Content-Type", b"application/x-www-form-urlencoded")
SRJ = "application/sparql-results+json"


def test_a_body_beyond_max_request_bytes_gets_413(limited: LiveServer) -> None:
    assert post(limited.port, form(MAX_BODY), [FORM_TYPE]).status == 200
    refused = post(limited.port, form(MAX_BODY + 1), [FORM_TYPE])
    assert refused.status == 413
    assert b"max_request_bytes" in refused.body
    # Refused on its declared length, before anything reads it: the route does not matter.
    declared = (b"Content-Length", str(10**9).encode())
    assert exchange(limited.port, request_bytes("POST", "/", [declared])).status == 413


def chunked(body: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:1000], body[1000:]))


def test_a_chunked_body_beyond_max_request_bytes_gets_413(limited: LiveServer) -> None:
    headers = [FORM_TYPE, (b"Transfer-Encoding", b"chunked")]
    accepted = post(limited.port, chunked(form(MAX_BODY)) + b"0\r\n\r\n", headers)
    assert accepted.status == 200
    assert b'"boolean":true' in accepted.body.replace(b" ", b"")
    refused = post(limited.port, chunked(form(MAX_BODY + 1)) + b"0\r\n\r\n", headers)
    assert refused.status == 413


#: Bodies the server answers without reading them to the end, each far beyond the little gunicorn
#: drains before the next request on the connection: (server, content type, size, status, reason).
UNREAD_BODIES = [
    ("limited", "application/x-www-form-urlencoded", 1_000_000, 413, "max_request_bytes"),
    ("live", "application/sparql-query", 500_000, 413, "max_query_length"),
    ("live", "text/plain", 500_000, 415, "Content-Type text/plain"),
]


@pytest.mark.parametrize(("server", "content_type", "size", "status", "reason"), UNREAD_BODIES)
def test_a_keep_alive_client_goes_on_after_a_body_the_server_did_not_read(
    limited: LiveServer,
    live_server: LiveServer,
    server: str,
    content_type: str,
    size: int,
    status: int,
    reason: str,
) -> None:
    """Issue 16: the refusal said ``Connection: keep-alive`` and then the connection was closed,
    so a keep-alive client failed its next request on it (7 times in 10)."""
    url = (limited if server == "limited" else live_server).url + "/sparql"
    ask = {"query": "ASK { ?s ?p ?o }"}
    with requests.Session() as session:
        for _ in range(10):
            refused = session.post(
                url, data=b"x" * size, headers={"Content-Type": content_type}, timeout=30
            )
            assert refused.status_code == status
            assert reason in refused.text
            answer = session.get(url, params=ask, headers={"Accept": SRJ}, timeout=30)
            assert answer.json()["boolean"] is True
            assert refused.headers["Connection"] == "close"
            # A request whose body was read keeps its connection.
            form = session.post(url, data=ask, headers={"Accept": SRJ}, timeout=30)
            assert form.json()["boolean"] is True
            assert form.headers["Connection"] == "keep-alive"


def http11_without_host(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nAccept: */*\r\nConnection: close\r\n\r\n".encode()


@pytest.mark.parametrize("target", ["/healthz", "/sparql?query=ASK%7B%7D", f"/id/actor/{ACTOR}"])
def test_an_http11_request_without_host_is_400(live_server: LiveServer, target: str) -> None:
    """Issue 16: RFC 9112 §3.2 requires a server to answer it 400; it got 200."""
    answer = exchange(live_server.port, http11_without_host(target))
    assert answer.status == 400
    assert answer.body == (
        b"400 Bad Request: an HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2)\n"
    )
    assert answer.header("x-content-type-options") == "nosniff"
    # HTTP/1.0 has no Host to require; with Host, HTTP/1.1 is answered.
    older = exchange(live_server.port, f"GET {target} HTTP/1.0\r\n\r\n".encode())
    assert older.status in (200, 303)
    assert get(live_server.port, target).status in (200, 303)


def test_a_url_beyond_gunicorns_line_limit_gets_a_clean_414(live_server: LiveServer) -> None:
    answer = get(live_server.port, query_target(100_000))
    assert answer.status == 414
    assert answer.header("x-content-type-options") == "nosniff"


# --- Escaping -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_dataset(seed_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with :data:`PAYLOAD` appended to every string and a ``javascript:`` IRI."""
    store = ox.Store()
    store.bulk_load(path=str(seed_dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    strings = {
        "http://www.w3.org/2001/XMLSchema#string",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    }
    quads = []
    for quad in store:
        obj = quad.object
        if isinstance(obj, ox.Literal) and obj.datatype.value in strings:
            obj = ox.Literal(obj.value + PAYLOAD, language=obj.language)
        quads.append(ox.Quad(quad.subject, quad.predicate, obj, quad.graph_name))
    actor = ox.NamedNode(f"{DEFAULT_BASE_URI}id/actor/{ACTOR}")
    graph = next(q.graph_name for q in quads if q.subject == actor)
    # In the triple tables, and as the actor's Wikidata link (skos:exactMatch) on its page.
    for link in (SCHEMA.sameAs, SKOS.exactMatch):
        quads.append(ox.Quad(actor, ox.NamedNode(str(link)), ox.NamedNode(JAVASCRIPT_IRI), graph))
    path = tmp_path_factory.mktemp("hostile") / "hostile.nq"
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return path


@pytest.fixture(scope="module")
def hostile(start_server: Callable[..., LiveServer], hostile_dataset: Path) -> LiveServer:
    return start_server(["--dataset", str(hostile_dataset), "--workers", "1"])


@pytest.fixture(scope="module")
def hostile_app(hostile_dataset: Path) -> Flask:
    """The application over the hostile dataset, in this process."""
    return make_app({"dataset": str(hostile_dataset), "dist_dir": str(hostile_dataset.parent)})


def hostile_pages(dataset: Path) -> list[str]:
    """One HTML page of each kind of resource in the dataset, and the overview pages."""
    store = ox.Store()
    store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    subjects = sorted({q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)})
    pages = ["/", "/doc/issues.html", "/dataset.html"]
    for kind in KINDS:
        prefix = f"{DEFAULT_BASE_URI}id/{kind}/"
        pages.append(
            next(
                f"/doc/{kind}/{s.removeprefix(prefix)}.html"
                for s in subjects
                if s.startswith(prefix)
            )
        )
    pages.append(f"/doc/actor/{ACTOR}.html")
    graph = next(q.graph_name.value for q in store if isinstance(q.graph_name, ox.NamedNode))
    pages.append("/" + graph.removeprefix(DEFAULT_BASE_URI) + ".html")
    return pages


#: Request strings that pages might show: in the path (the 404 page) and in query strings.
HOSTILE_REQUESTS = (
    "/%3Cscript%3Ewindow.__xss=5%3C/script%3E%22'%3E",
    "/doc/actor/%3Cscript%3Ewindow.__xss=6%3C%2Fscript%3E.html",
    "/id/actor/x%22%3E%3Cimg%20src=x%20onerror=window.__xss=7%3E",
    "/sparql?format=html&x=%3Cscript%3Ewindow.__xss=8%3C/script%3E",
    "/sparql?%22%3E%3Cscript%3Ewindow.__xss=9%3C/script%3E",
)


def assert_escaped(html: str, where: str) -> None:
    for fragment in UNESCAPED:
        assert fragment not in html, f"{where}: unescaped {fragment!r}"
    assert 'href="javascript:' not in html.lower(), where
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert tag in ('<script type="application/ld+json">',) or ' src="' in tag, (where, tag)


def test_strings_from_the_data_are_escaped_in_every_page(
    hostile_app: Flask, hostile_dataset: Path
) -> None:
    client = hostile_app.test_client()
    shown = 0
    for path in hostile_pages(hostile_dataset):
        response = client.get(
            path, headers={"Accept": "text/html"}, follow_redirects=True, buffered=True
        )
        assert response.status_code == 200, path
        assert_escaped(response.text, path)
        shown += "&lt;script&gt;window.__xss=1&lt;/script&gt;" in response.text
    assert shown >= 5  # the payload is on the pages, as text


@pytest.mark.parametrize("target", HOSTILE_REQUESTS)
def test_strings_from_the_request_are_escaped(hostile: LiveServer, target: str) -> None:
    answer = get(hostile.port, target, {"Accept": "text/html"})
    assert answer.status in (200, 404), answer
    assert answer.header("content-type") == "text/html; charset=utf-8"
    assert_escaped(answer.body.decode(), target)


def test_query_errors_that_echo_the_query_are_plain_text(hostile_app: Flask) -> None:
    query = 'SELECT * { "<script>window.__xss=1</script>" <x> }'
    response = hostile_app.test_client().get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "*/*"},
        follow_redirects=True,
        buffered=True,
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


#: What Chromium sends when a form is submitted.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_query_errors_that_echo_the_query_are_escaped_for_browsers(hostile_app: Flask) -> None:
    # A browser gets the error as a page: the query it echoes must be text, not markup.
    query = 'SELECT * { "<script>window.__xss=1</script>" <x> }'
    response = hostile_app.test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": BROWSER_ACCEPT}
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src" in response.headers["Content-Security-Policy"]
    assert_escaped(response.text, query)
    assert "query syntax: error at 1:" in response.text  # the reason, on the page


def test_query_errors_come_as_json_to_clients_that_ask_for_it(hostile_app: Flask) -> None:
    query = 'SELECT * { "<script>window.__xss=1</script>" <x> }'
    response = hostile_app.test_client().get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+json, application/json;q=0.9"},
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.get_json()
    assert set(body) == {"status", "error", "message"}
    assert (body["status"], body["error"]) == (400, "Bad Request")
    assert body["message"].startswith("query syntax: error at 1:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with JavaScript on, offline (other hosts aborted), whose complaints are kept."""

    def __init__(self, browser: Browser, server: LiveServer) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.complaints: list[str] = []
        self.page.route("**/*", lambda route: self._offline(route, server.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.complaints.append(f"page error: {error}"))
        self.page.on("dialog", lambda dialog: self.complaints.append(f"dialog: {dialog.message}"))
        self.page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation', e =>"
            " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    @staticmethod
    def _offline(route: Route, local: str) -> None:
        if route.request.url.startswith(local):
            route.continue_()
        else:
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.complaints.append(f"console: {message.text}")

    def visit(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate("window.__violations")
        self.complaints += [f"violation: {v}" for v in violations]
        return self.page


@pytest.fixture
def watched(browser: Browser) -> Iterator[Callable[[LiveServer], Watched]]:
    opened: list[Watched] = []

    def open_for(server: LiveServer) -> Watched:
        opened.append(Watched(browser, server))
        return opened[-1]

    yield open_for
    for one in opened:
        one.context.close()


def test_no_injected_script_runs_in_a_browser(
    hostile: LiveServer, hostile_dataset: Path, watched: Callable[[LiveServer], Watched]
) -> None:
    tab = watched(hostile)
    for path in [*hostile_pages(hostile_dataset), *HOSTILE_REQUESTS, "/sparql"]:
        page = tab.visit(hostile.url + path)
        assert page.evaluate("window.__xss") is None, path
        assert page.locator('a[href^="javascript:"], [onerror], [onclick]').count() == 0, path
    actor = tab.visit(f"{hostile.url}/doc/actor/{ACTOR}.html")
    assert "<script>window.__xss=1</script>" in actor.inner_text("main")
    assert tab.complaints == []


#: The real pages, rendered with JavaScript on, and what shows their stylesheet was applied.
PAGES = (
    ("/", "header.site", "border-bottom-style", "solid"),
    ("/doc/article/kosovo-nato-membership.html", "a.hl", "text-decoration-line", "none"),
    (f"/doc/actor/{ACTOR}.html", "header.site", "border-bottom-style", "solid"),
    ("/doc/statement/kosovo-nato-membership-haradinaj-q1.html", "figure.quote", "display", "block"),
    ("/doc/issues.html", "header.site", "border-bottom-style", "solid"),
    ("/dataset.html", "header.site", "border-bottom-style", "solid"),
    ("/ontology.html", "header.site", "border-bottom-style", "solid"),
    ("/nothing/here", "header.site", "border-bottom-style", "solid"),
    ("/sparql", ".workbench", "display", "grid"),
)


@pytest.mark.parametrize(("path", "selector", "prop", "value"), PAGES)
def test_pages_render_under_their_policy_with_no_violation(
    live_server: LiveServer,
    watched: Callable[[LiveServer], Watched],
    path: str,
    selector: str,
    prop: str,
    value: str,
) -> None:
    tab = watched(live_server)
    page = tab.visit(live_server.url + path)
    style = page.evaluate(
        "([s, p]) => getComputedStyle(document.querySelector(s)).getPropertyValue(p)",
        [selector, prop],
    )
    assert style == value
    assert tab.complaints == []


def test_nested_statements_keep_their_underline_bands(
    live_server: LiveServer, watched: Callable[[LiveServer], Watched]
) -> None:
    page = watched(live_server).visit(f"{live_server.url}/doc/article/kosovo-nato-membership.html")
    nested = page.locator('a.hl[style*="box-shadow"]').first
    assert nested.evaluate("e => getComputedStyle(e).boxShadow") != "none"


def test_the_query_editor_runs_offline_under_the_policy(
    live_server: LiveServer, watched: Callable[[LiveServer], Watched]
) -> None:
    tab = watched(live_server)  # other hosts aborted: YASGUI is served from here
    page = tab.visit(live_server.url + "/sparql")
    page.locator("#yasgui .CodeMirror").wait_for()
    assert not page.is_visible("#plain-form")  # YASGUI stands in for it
    with page.expect_response(lambda response: response.url.endswith("/sparql")) as answer:
        page.locator("ol a.example").first.click()  # sparql.js, loaded from 'self', runs
    assert answer.value.status == 200
    assert answer.value.json()["results"]["bindings"]
    page.locator(".tabPanel.active .yasr table.dataTable tbody tr").first.wait_for()
    tab.complaints += [f"violation: {v}" for v in page.evaluate("window.__violations")]
    assert tab.complaints == []
