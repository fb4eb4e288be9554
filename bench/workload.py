"""The soak's mixed workload: what a crawler, a notebook in a loop and a scanner ask for.

A :class:`Workload` is discovered from the running server (its resources and dumps), then draws
:class:`Call`\\ s by kind: resource pages in every format (by extension, by ``Accept``, and the
``/id/`` redirects), conditional requests (``If-None-Match`` with an ETag seen earlier: 304),
SPARQL SELECT, ASK and CONSTRUCT/DESCRIBE with varying parameters, dumps, and deliberately bad
requests, each with the status it must get.
"""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from stancegraph.sparql.example_queries import examples

#: Relative weight of each kind of request.
WEIGHTS = {
    "page": 34,
    "conditional": 14,
    "select": 14,
    "ask": 8,
    "construct": 10,
    "dump": 4,
    "bad": 16,
}
EXTENSIONS = ("ttl", "jsonld", "rdf", "nt", "html")
PAGE_ACCEPTS = ("text/turtle", "text/html", "application/ld+json", "application/rdf+xml")
RESULT_ACCEPTS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_ACCEPTS = ("text/turtle", "application/n-triples", "application/ld+json")
DUMPS = ("dataset.nq.gz", "dataset.ttl", "dataset.trig", "dataset.nq", "dataset.jsonld")
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
FORM = "application/x-www-form-urlencoded"
KINDS_QUERY = (
    "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
    'FILTER (REGEX(STR(?s), "/id/(article|actor|statement|issue|position)/[^/#]+$")) }'
)


@dataclass(frozen=True)
class Call:
    """One request; ``expect`` is the set of right statuses of a bad one (None: any 2xx/3xx)."""

    kind: str
    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    expect: frozenset[int] | None = None


@dataclass
class Workload:
    """The resources and dumps of one server, and the ETags its answers have shown so far."""

    resources: list[str]  # IRIs
    dumps: list[str]
    max_request_bytes: int
    etags: dict[tuple[str, str], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def draw(self, rng: random.Random) -> Call:
        kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        return getattr(self, f"_{kind}")(rng)

    def warm_up(self) -> list[Call]:
        """Every distinct page and dump once, so that caches are full before RSS is measured."""
        calls = [
            Call("page", "GET", f"{doc_path(iri)}.{ext}")
            for iri in self.resources
            for ext in EXTENSIONS
        ]
        return calls + [Call("dump", "GET", f"/dumps/{name}") for name in self.dumps]

    def learn(self, call: Call, etag: str | None) -> None:
        """Keep the ETag of a page answer for later conditional requests."""
        if etag and call.kind == "page" and call.method == "GET":
            with self._lock:
                self.etags[(call.target, dict(call.headers).get("Accept", ""))] = etag

    def _page(self, rng: random.Random) -> Call:
        iri = rng.choice(self.resources)
        match rng.randrange(3):
            case 0:
                return Call("page", "GET", f"{doc_path(iri)}.{rng.choice(EXTENSIONS)}")
            case 1:
                return Call("page", "GET", doc_path(iri), (("Accept", rng.choice(PAGE_ACCEPTS)),))
            case _:
                accept = rng.choice(PAGE_ACCEPTS)
                return Call("page", "GET", id_path(iri), (("Accept", accept),))

    def _conditional(self, rng: random.Random) -> Call:
        with self._lock:
            if not self.etags:
                return self._page(rng)
            (target, accept), etag = rng.choice(list(self.etags.items()))
        headers = (("If-None-Match", etag),) + ((("Accept", accept),) if accept else ())
        return Call("conditional", "GET", target, headers, expect=frozenset({304}))

    def _select(self, rng: random.Random) -> Call:
        match rng.randrange(3):
            case 0:
                limit, offset = rng.randint(1, 50), rng.randint(0, 40)
                query = f"SELECT ?s ?label WHERE {{ ?s {LABEL} ?label }} ORDER BY ?label ?s "
                query += f"LIMIT {limit} OFFSET {offset}"
            case 1:
                iri = rng.choice(self.resources)
                query = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT {rng.randint(1, 30)}"
            case _:
                query = rng.choice(EXAMPLES)
        return sparql("select", query, rng.choice(RESULT_ACCEPTS), rng)

    def _ask(self, rng: random.Random) -> Call:
        iri = rng.choice(self.resources)
        query = rng.choice(
            (f"ASK {{ <{iri}> ?p ?o }}", f'ASK {{ ?s {LABEL} "{rng.randrange(10**6)}" }}')
        )
        return sparql("ask", query, rng.choice(RESULT_ACCEPTS[:2]), rng)

    def _construct(self, rng: random.Random) -> Call:
        iri = rng.choice(self.resources)
        query = rng.choice(
            (f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", f"DESCRIBE <{iri}>")
        )
        return sparql("construct", query, rng.choice(GRAPH_ACCEPTS), rng)

    def _dump(self, rng: random.Random) -> Call:
        return Call("dump", "GET", f"/dumps/{rng.choice(self.dumps)}")

    def _bad(self, rng: random.Random) -> Call:
        update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        bad = (
            Call("bad", "GET", f"/doc/actor/no-such-actor-{rng.randrange(10**6)}", expect=_s(404)),
            Call("bad", "GET", "/sparql?query=SELEC%20*", expect=_s(400)),
            Call("bad", "GET", "/", (("Accept", "application/x-nothing"),), expect=_s(406)),
            Call("bad", "POST", "/sparql", (("Content-Type", FORM),), update, expect=_s(403)),
            Call("bad", "PUT", "/", expect=_s(405)),
            Call("bad", "GET", "/static/../../pyproject.toml", expect=_s(404)),
            Call("bad", "GET", "/sparql?query=ASK%7B%7D%23" + "a" * 8100, expect=_s(414)),
        )
        if rng.randrange(8):
            return rng.choice(bad)
        body = b"query=" + b"a" * self.max_request_bytes
        return Call("bad", "POST", "/sparql", (("Content-Type", FORM),), body, expect=_s(413))


def _s(status: int) -> frozenset[int]:
    return frozenset({status})


EXAMPLES = tuple(example.query for example in examples("https://w3id.org/stancegraph/"))


def sparql(kind: str, query: str, accept: str, rng: random.Random) -> Call:
    """A query by GET or by form POST, alternately."""
    headers: tuple[tuple[str, str], ...] = (("Accept", accept),)
    encoded = urllib.parse.urlencode({"query": query})
    if rng.randrange(2):
        return Call(kind, "GET", f"/sparql?{encoded}", headers)
    return Call(kind, "POST", "/sparql", (*headers, ("Content-Type", FORM)), encoded.encode())


def doc_path(iri: str) -> str:
    return "/doc/" + iri.split("/id/", 1)[1]


def id_path(iri: str) -> str:
    return "/id/" + iri.split("/id/", 1)[1]


def discover(url: str, max_request_bytes: int, sample: int | None = None) -> Workload:
    """The resources the server describes (a fixed ``sample`` of them) and the dumps it offers."""
    target = f"{url}/sparql?" + urllib.parse.urlencode({"query": KINDS_QUERY})
    request = urllib.request.Request(target, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        rows = json.load(answer)["results"]["bindings"]
    resources = sorted(row["s"]["value"] for row in rows)
    if sample is not None and sample < len(resources):
        resources = sorted(random.Random(0).sample(resources, sample))
    dumps = []
    for name in DUMPS:
        head = urllib.request.Request(f"{url}/dumps/{name}", method="HEAD")
        try:
            with urllib.request.urlopen(head, timeout=60):
                dumps.append(name)
        except urllib.error.HTTPError:
            pass
    if not resources or not dumps:
        raise SystemExit(f"soak: {url} describes no resources or offers no dumps")
    return Workload(resources, dumps, max_request_bytes)
