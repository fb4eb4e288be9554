"""HTTP fuzzing of the live server with Hypothesis: hostile input never gets a 5xx or a traceback.

Every request goes over a raw socket (:mod:`tests.raw_http`), so malformed paths, headers, methods
and bytes reach the server as generated. For every answer:

* it is an HTTP answer, and not a 5xx; the one exception is the documented 503 of a query stopped
  at its time limit (``Retry-After``, naming ``query_timeout``);
* no body shows a traceback or a path of the installation;
* it comes at all: a request that got no answer within a minute (far beyond the query time limit
  of :data:`QUERY_TIMEOUT` seconds) is a hang, and fails. How long answers take is not checked.

After each property, the server still answers a known query correctly. The number of examples of
each property is in :data:`EXAMPLES` (3,350 requests in all).

The server runs with its answer cache off (``STANCEGRAPH_ANSWER_CACHE_MB=0``), so every query,
the fuzzed ones and the known ones asked after each property alike, is run by a query process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancegraph.sparql.example_queries import examples
from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.conftest import ROOT, LiveServer
from tests.raw_http import Answer, exchange, request_bytes

QUERY_TIMEOUT = 2.0
#: Seconds without an answer after which a request counts as hung (not a bound on its time).
HANG = 60.0
EXAMPLES = {
    "paths": 600,
    "accept": 250,
    "parameters": 500,
    "forms": 400,
    "sparql": 800,
    "methods": 300,
    "bytes": 500,
}
LEAKS = ("Traceback", 'File "', "site-packages", "/work/", str(ROOT))
KNOWN_PATHS = (
    "/",
    "/id/actor/vlade-radulovic",
    "/doc/actor/vlade-radulovic",
    "/doc/actor/vlade-radulovic.ttl",
    "/doc/statement/kosovo-nato-membership-haradinaj-q1.html",
    "/doc/article/kosovo-nato-membership.jsonld",
    "/doc/issues",
    "/graph/kosovo-nato-membership",
    "/ontology.ttl",
    "/shapes",
    "/dataset.rdf",
    "/.well-known/void",
    "/sparql",
    "/sparql?query=ASK%7B%7D",
    "/dumps/dataset.nq.gz",
    "/static/style.css",
    "/healthz",
)
FRAGMENTS = (
    *(b"..", b"/", b"//", b".", b";", b"?", b"#", b"&", b"=", b"~", b"\\", b"%", b"%%", b"%g0"),
    *(b"%2e", b"%2f", b"%5c", b"%00", b"%ff", b"%c3%28", b"%252e", b"%u002e", b"%e2%82"),
    *(b".ttl", b".html", b".jsonld", b".rdf", b".nt", b".txt", b".gz", b"/doc", b"/id"),
    *(b"<script>", b'"', b"'", b"\xff", b"\xc3\x28", b"\xe2\x82", b"\x80", b"\x00", b"\x7f"),
    *(b" ", b"\t", b"\r", b"\n", b"\r\n", "ü".encode(), "ü".encode("latin-1"), "😀".encode()),
)
MEDIA_TYPES = (
    *("*/*", "text/html", "text/turtle", "application/ld+json", "application/rdf+xml"),
    *("application/n-triples", "application/sparql-results+json", "text/csv", "text/plain"),
    *("application/x-nothing", "text/*", "application/*", "*", "/", "text/", "/html", ""),
)
QUALITIES = ("", ";q=0", ";q=1", ";q=0.5", ";q=abc", ";q=-1", ";q=1e9", ";q=", ";q=nan", ";level=1")
PARAMETER_NAMES = (
    *("query", "format", "output", "results", "default-graph-uri", "named-graph-uri"),
    *("update", "using-graph-uri", "timeout", "x", "", "query[]", "QUERY"),
)
FORMAT_VALUES = (
    *("json", "xml", "csv", "tsv", "turtle", "ttl", "html", "jsonld", "rdf", "n3", "nt"),
    *("sparql-json", "text/csv", "application/sparql-results+json", "", "nonsense", "*/*"),
)
CONTENT_TYPES = (
    *("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8"),
    *("application/x-www-form-urlencoded; charset=latin-1", "application/sparql-query"),
    *("application/sparql-query; charset=utf-16", "application/sparql-update", "text/plain"),
    *("multipart/form-data; boundary=x", "application/json", "", ";;", "application/x-www-form"),
)
SPARQL_TOKENS = (
    *("{", "}", "(", ")", ".", ";", ",", "?x", "$y", "*", "a", "FILTER", "OPTIONAL", "UNION"),
    *("MINUS", "BIND", "VALUES", "GRAPH ?g", "SERVICE <http://127.0.0.1:9/>", "LOAD <file:///>"),
    *("FROM <urn:x>", "FROM NAMED <urn:y>", "LIMIT 0", "LIMIT 99999999999999999999", "OFFSET -1"),
    *("ORDER BY", "GROUP BY", "HAVING", "DISTINCT", "COUNT(*)", '"text"', '"""', "'", "<iri>"),
    *("<>", "<javascript:x>", "\\", "#", "\n", "^^", "@en", "1e999", "0x10", "REGEX(?x, '(')"),
    *("INSERT DATA { <a> <b> <c> }", "CLEAR ALL", "DESCRIBE ?x", "ASK", "CONSTRUCT", "SELECT"),
    *("PREFIX : <urn:>", "BASE <urn:b>", "sg:about", "undeclared:x", "ü", "\x00", "\ud7ff"),
)
METHODS = (
    *("PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK"),
    *("SEARCH", "QUERY", "LINK", "PRI", "get", "Get", "HEAD", "OPTIONS", "POST", "GET"),
)
TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def fuzz_server(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """The seed served by two workers whose queries stop at :data:`QUERY_TIMEOUT` seconds.

    No answer is kept (``answer_cache_mb`` 0): every query runs in a query process.
    """
    env = {"STANCEGRAPH_QUERY_TIMEOUT": str(QUERY_TIMEOUT), "STANCEGRAPH_ANSWER_CACHE_MB": "0"}
    return start_server(["--dist-dir", str(seed_dist), "--workers", "2"], env)


def query_value(server: LiveServer, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT, as values by variable."""
    target = "/sparql?query=" + quote(query, safe="")
    answer = exchange(
        server.port,
        request_bytes("GET", target, {"Accept": "application/sparql-results+json"}),
        timeout=HANG,
    )
    assert answer.status == 200, answer
    rows = json.loads(answer.body)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


@pytest.fixture(autouse=True)
def still_answers_afterwards(fuzz_server: LiveServer, seed_quads: int) -> Iterator[None]:
    """After the examples of a property, a known query still gets its known answer."""
    yield
    label = (
        f"<{DEFAULT_BASE_URI}id/actor/vlade-radulovic> <http://www.w3.org/2000/01/rdf-schema#label>"
    )
    assert query_value(fuzz_server, f"SELECT ?n WHERE {{ {label} ?n }}") == [
        {"n": "Vlade Radulovic"}
    ]
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert query_value(fuzz_server, count) == [{"n": str(seed_quads)}]


def check(answer: Answer, what: object) -> None:
    """The properties every answer has, whatever was sent."""
    assert answer.status != 0, f"no HTTP answer to {what!r}: {answer.body[:200]!r}"
    if answer.status == 503:
        assert answer.header("retry-after") and b"query_timeout" in answer.body, (what, answer)
    else:
        assert answer.status < 500, (what, answer)
    text = answer.body.decode("utf-8", "replace")
    for leak in LEAKS:
        assert leak not in text, (what, leak, text[:2000])


def send(server: LiveServer, data: bytes) -> None:
    check(exchange(server.port, data, timeout=HANG), data[:300])


def fuzz_settings(name: str) -> settings:
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...], pieces: st.SearchStrategy[bytes]) -> bytes:
    """One of ``seeds`` with a few insertions, deletions and duplications."""
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        match draw(st.sampled_from(("insert", "delete", "duplicate"))):
            case "insert":
                data = data[:at] + draw(pieces) + data[at:]
            case "delete":
                data = data[:at] + data[at + draw(st.integers(1, 12)) :]
            case "duplicate":
                data = data[:at] + data[at : at + draw(st.integers(1, 12))] * 2 + data[at:]
    return data


def percent_encoded(data: bytes) -> bytes:
    return quote_from_bytes(data, safe="").encode()


FRAGMENT = st.sampled_from(FRAGMENTS) | st.binary(min_size=1, max_size=6)
PATHS = mutated(tuple(p.encode() for p in KNOWN_PATHS), FRAGMENT)


@fuzz_settings("paths")
@given(target=PATHS, accept=st.sampled_from(("*/*", "text/html", "text/turtle")))
def test_fuzzed_paths(fuzz_server: LiveServer, target: bytes, accept: str) -> None:
    send(fuzz_server, request_bytes("GET", target, {"Accept": accept}))


MEDIA_RANGE = st.builds(
    lambda media, quality: media + quality, st.sampled_from(MEDIA_TYPES), st.sampled_from(QUALITIES)
)
ACCEPT = st.one_of(
    st.lists(MEDIA_RANGE, max_size=12).map(",".join),
    st.lists(MEDIA_RANGE | st.text(max_size=20), max_size=8).map(", ,".join),
    st.builds(lambda media, n: ",".join([media] * n), MEDIA_RANGE, st.integers(100, 900)),
    st.integers(1000, 8100).map(lambda n: "text/" + "h" * n),
    st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=300),
).map(lambda value: value.encode("utf-8"))


@fuzz_settings("accept")
@given(target=st.sampled_from(KNOWN_PATHS), accept=ACCEPT)
def test_fuzzed_accept_headers(fuzz_server: LiveServer, target: str, accept: bytes) -> None:
    send(fuzz_server, request_bytes("GET", target, [(b"Accept", accept)]))


EXAMPLE_QUERIES = tuple(example.query for example in examples(DEFAULT_BASE_URI))
VALUE = st.one_of(
    st.sampled_from(FORMAT_VALUES),
    st.sampled_from(EXAMPLE_QUERIES),
    st.sampled_from(("ASK {}", "SELECT * { ?s ?p ?o } LIMIT 3", f"{DEFAULT_BASE_URI}graph/x")),
    st.text(max_size=40),
)
PARAMETER = st.tuples(st.sampled_from(PARAMETER_NAMES) | st.text(max_size=10), VALUE)


def encode_parameters(pairs: list[tuple[str, str]], raw: bytes) -> bytes:
    encoded = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
    return encoded.encode() + raw


RAW_TAIL = st.sampled_from((b"", b"&", b"&&", b"=", b"%", b"%zz", b"%ff%fe", b"&query", b"+%2B"))


@fuzz_settings("parameters")
@given(pairs=st.lists(PARAMETER, max_size=5), raw=RAW_TAIL, accept=st.sampled_from(MEDIA_TYPES))
def test_fuzzed_query_strings(
    fuzz_server: LiveServer, pairs: list[tuple[str, str]], raw: bytes, accept: str
) -> None:
    target = b"/sparql?" + encode_parameters(pairs, raw)
    send(fuzz_server, request_bytes("GET", target, {"Accept": accept}))


@fuzz_settings("forms")
@given(
    pairs=st.lists(PARAMETER, max_size=5),
    raw=RAW_TAIL,
    content_type=st.sampled_from(CONTENT_TYPES),
    path=st.sampled_from(("/sparql", "/sparql?format=csv", "/", "/doc/actor/vlade-radulovic")),
)
def test_fuzzed_form_bodies(
    fuzz_server: LiveServer, pairs: list[tuple[str, str]], raw: bytes, content_type: str, path: str
) -> None:
    body = encode_parameters(pairs, raw)
    send(fuzz_server, request_bytes("POST", path, {"Content-Type": content_type}, body))


SPARQL = mutated(
    tuple(q.encode() for q in EXAMPLE_QUERIES),
    st.sampled_from(SPARQL_TOKENS).map(lambda token: f" {token} ".encode("utf-8", "replace"))
    | st.sampled_from(FRAGMENTS),
)


@fuzz_settings("sparql")
@given(
    query=SPARQL,
    how=st.sampled_from(("get", "form", "direct")),
    accept=st.sampled_from(MEDIA_TYPES[:9]),
)
def test_mutated_example_queries(
    fuzz_server: LiveServer, query: bytes, how: str, accept: str
) -> None:
    headers: dict[str, str] = {"Accept": accept}
    if how == "get":
        data = request_bytes("GET", b"/sparql?query=" + percent_encoded(query), headers)
    elif how == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = request_bytes("POST", "/sparql", headers, b"query=" + percent_encoded(query))
    else:
        headers["Content-Type"] = "application/sparql-query"
        data = request_bytes("POST", "/sparql", headers, query)
    send(fuzz_server, data)


METHOD = st.one_of(
    st.sampled_from(METHODS),
    st.text(TOKEN_CHARS, min_size=1, max_size=24),
    st.binary(min_size=1, max_size=8).filter(lambda b: b" " not in b and b"\r" not in b),
).map(lambda m: m.encode("latin-1") if isinstance(m, str) else m)


@fuzz_settings("methods")
@given(method=METHOD, target=st.sampled_from(KNOWN_PATHS), body=st.binary(max_size=64))
def test_odd_methods(fuzz_server: LiveServer, method: bytes, target: str, body: bytes) -> None:
    send(fuzz_server, request_bytes(method, target, {"Accept": "*/*"}, body))


NOT_UTF8 = st.binary(min_size=1, max_size=24).filter(lambda b: not _is_utf8(b))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@fuzz_settings("bytes")
@given(data=NOT_UTF8, where=st.sampled_from(("path", "query", "header", "form", "direct")))
def test_bytes_that_are_not_utf8(fuzz_server: LiveServer, data: bytes, where: str) -> None:
    safe = re.sub(rb"[\x00-\x20\x7f]", b"", data)  # raw in a request line: no controls, spaces
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    direct = {"Content-Type": "application/sparql-query"}
    requests = {
        "path": request_bytes("GET", b"/doc/actor/" + safe + b"/" + percent_encoded(data)),
        "query": request_bytes("GET", b"/sparql?query=" + percent_encoded(data) + b"&x=" + safe),
        "header": request_bytes("GET", "/", [(b"Accept", safe), (b"If-None-Match", safe)]),
        "form": request_bytes("POST", "/sparql", form, b"query=ASK{}&x=" + percent_encoded(data)),
        "direct": request_bytes("POST", "/sparql", direct, b"ASK { FILTER('" + data + b"') }"),
    }
    send(fuzz_server, requests[where])
