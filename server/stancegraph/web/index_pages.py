"""The index pages: every article, actor, statement and position, a page at a time, in an order.

    GET /id/{plural}[?sort=…&page=N]            303 See Other → the negotiated document
    GET /doc/{plural}[.ext][?sort=…&page=N]     one page of the collection (HTML or RDF)

``{plural}`` is one of :data:`~stancegraph.vocabulary.iris.COLLECTIONS`; the issues are listed,
in the order of their hierarchy, by the issue scheme's page (``/doc/issues``). ``sort`` names one
of the listing's orders (:data:`~stancegraph.catalog.listings.LISTINGS`), ``page`` a page from 1
to the last: anything else is a 400 that says what was expected. Pages link each other with
``rel="prev"`` and ``rel="next"``. The RDF formats carry the page as a Hydra collection view
(:func:`~stancegraph.catalog.listings.describe_page`), negotiated and named by extension as
every document is (:mod:`stancegraph.web.linked_data`); bodies are rendered once and cached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue

from stancegraph.catalog.listings import (
    LISTINGS,
    PAGE_SIZE,
    Listings,
    Page,
    describe_page,
    listing_query,
    page_query,
)
from stancegraph.core.formats import BY_EXTENSION, BY_NAME, RESOURCE_FORMATS, Format
from stancegraph.vocabulary.iris import COLLECTIONS, collection_path
from stancegraph.web.http_errors import BadRequest
from stancegraph.web.linked_data import resources
from stancegraph.web.negotiation import cacheable, choose, entity_tag
from stancegraph.web.representations import serialize

HTML = BY_NAME["html"]
PLURAL = f"<any({', '.join(COLLECTIONS)}):plural>"
BODY_CACHE_SIZE = 512
#: How the pages name each order.
ORDER_NAMES = {
    "name": "name",
    "statements": "statements",
    "mentions": "mentions",
    "positions": "positions",
    "order": "order in the text",
    "speaker": "speaker",
    "holder": "holder",
    "issue": "issue",
    "stance": "stance",
    "evidence": "evidence",
}

bp = Blueprint("index_pages", __name__)
Bodies = Callable[[str, str, int, str, str], bytes]


def listings() -> Listings:
    """The :class:`Listings` of the current application, made from its index on first use."""
    found: Listings | None = current_app.extensions.get("stancegraph.listings")
    if found is None:
        found = current_app.extensions["stancegraph.listings"] = Listings(resources().index)
    return found


def _one(name: str) -> str | None:
    given = request.args.getlist(name)
    if len(given) > 1:
        raise BadRequest(f"{name} is given {len(given)} times; give it once")
    return given[0] if given else None


def asked(plural: str) -> tuple[str, int]:
    """The order and page number the request asks for; BadRequest for any other."""
    orders = LISTINGS[plural].orders
    order = _one("sort") or orders[0]
    if order not in orders:
        raise BadRequest(f"sort={order!r}: the {plural} are sorted by {', '.join(orders)}")
    raw, pages = _one("page") or "1", listings().pages(plural)
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= pages):
        raise BadRequest(f"page={raw!r}: expected a whole number from 1 to {pages}")
    return order, int(raw)


def _url(plural: str, query: str, fmt: Format | None = None) -> str:
    return request.script_root + collection_path(plural, query, fmt.extension if fmt else "")


def _alternates(page: Page) -> list[tuple[Format, str]]:
    query = page_query(page, page.number)
    return [
        (f, _url(page.listing.plural, query, f))
        for f in RESOURCE_FORMATS
        if f.advertised and f is not HTML
    ]


def _context(page: Page) -> dict[str, Any]:
    plural, neighbours = page.listing.plural, _neighbours(page)
    return {
        "page": page,
        "listing": page.listing,
        "records": getattr(listings().index, plural),
        "per_page": PAGE_SIZE,
        "first": (page.number - 1) * PAGE_SIZE + 1,
        "collections": [(p, LISTINGS[p].title, _url(p, "")) for p in COLLECTIONS],
        "sorts": [
            (order, ORDER_NAMES[order], _url(plural, listing_query(page.listing, order)))
            for order in page.listing.orders
        ],
        "previous": neighbours.get("prev"),
        "next": neighbours.get("next"),
        "alternates": _alternates(page),
    }


def _render(plural: str, order: str, number: int, fmt_name: str, mount: str) -> bytes:
    """The body of one page in one format (``mount``, the script root, keys the cache)."""
    page = listings().page(plural, order, number)
    fmt = BY_NAME[fmt_name]
    if fmt.carries_triples:
        graph = describe_page(page, listings().index, current_app.config["BASE_URI"])
        return serialize(graph, fmt)
    return render_template("listing.html", **_context(page)).encode()


@bp.get(f"/id/{PLURAL}")
def collection(plural: str) -> ResponseReturnValue:
    """A collection is not a document: 303 to the page of it that fits, its query kept."""
    query = request.query_string.decode("utf-8", "replace")
    response = redirect(_url(plural, query, choose(RESOURCE_FORMATS)), 303)
    response.vary.add("Accept")
    return response


@bp.get(f"/doc/{PLURAL}")
@bp.get(f"/doc/{PLURAL}.<ext>")
def listing(plural: str, ext: str | None = None) -> ResponseReturnValue:
    """One page of a collection, in the format its extension names or else Accept prefers."""
    fixed = BY_EXTENSION.get(ext) if ext is not None else None
    if ext is not None and fixed not in RESOURCE_FORMATS:
        abort(404, f"{request.path}: no format has the extension .{ext}")
    order, number = asked(plural)
    fmt = fixed or choose(RESOURCE_FORMATS)
    bodies: Bodies = current_app.extensions["stancegraph.listing_bodies"]
    body = bodies(plural, order, number, fmt.name, request.script_root)
    response = Response(body, content_type=fmt.content_type)
    page = listings().page(plural, order, number)
    query = page_query(page, number)
    if fixed is None:
        response.headers["Content-Location"] = _url(plural, query, fmt)
    response.headers["Link"] = ", ".join(
        [
            f'<{url}>; rel="alternate"; type="{f.media_type}"'
            for f, url in [(HTML, _url(plural, query, HTML)), *_alternates(page)]
            if f is not fmt
        ]
        + [f'<{url}>; rel="{rel}"' for rel, url in _neighbours(page).items()]
    )
    snapshot = resources().snapshot
    tag = entity_tag(snapshot, collection_path(plural), fmt.name, order, str(number))
    return cacheable(response, snapshot, tag, fixed is None)


def _neighbours(page: Page) -> dict[str, str]:
    plural, found = page.listing.plural, {}
    if page.number > 1:
        found["prev"] = _url(plural, page_query(page, page.number - 1))
    if page.number < page.pages:
        found["next"] = _url(plural, page_query(page, page.number + 1))
    return found


def init_app(app: Flask) -> None:
    """Add the routes and the cache of rendered pages (after ``linked_data``, whose index the
    listings read)."""
    app.extensions["stancegraph.listing_bodies"] = lru_cache(maxsize=BODY_CACHE_SIZE)(_render)
    app.register_blueprint(bp)
