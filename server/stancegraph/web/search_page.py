"""``/search``: full-text search of the statements, as a page or as JSON.

    GET /search?q=WORDS&speaker=ID&issue=ID&stance=S&kind=K&article=ID&page=N[&format=json]

The words and filters are :mod:`stancegraph.search` (``query`` for the syntax, ``filters`` for
what each filter means); this module reads them from the request, picks the format (the
``format`` parameter, else ``Accept``: HTML or JSON, through the format registry) and writes the
answer. Each hit links to its statement and to its place in its article. What cannot be searched
for is a 400 saying which parameter and why (:class:`~stancegraph.core.errors.SearchInvalid`).
Answers carry the dataset's validators, like every page: the index does not change while served.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import escape

from stancegraph.core.errors import NotAcceptable, SearchInvalid, StoreUnavailable
from stancegraph.core.formats import SEARCH_FORMATS, Format, by_parameter, describe
from stancegraph.search import index_file
from stancegraph.search.filters import NAMES, Filters
from stancegraph.search.results import PER_PAGE, Hit, Named, Results, Search, page_number
from stancegraph.search.searcher import Searcher
from stancegraph.search.snippets import Parts, plain
from stancegraph.search.source import Source
from stancegraph.stores.store import Snapshot
from stancegraph.web.negotiation import cacheable, choose, entity_tag
from stancegraph.web.urls import href

bp = Blueprint("search", __name__)
#: The parameters a search reads (``format`` aside).
PARAMETERS = ("q", *NAMES, "page")


def searcher() -> Searcher:
    """The searcher of the current application."""
    source: Source = current_app.extensions["stancegraph.search"]
    return source.searcher()


def asked() -> Search:
    """The search the request asks for; SearchInvalid for a parameter given twice or a bad page."""
    for name in PARAMETERS:
        if len(request.args.getlist(name)) > 1:
            raise SearchInvalid(
                f"{name} is given {len(request.args.getlist(name))} times; give it once"
            )
    values = {name: request.args.get(name, "").strip() or None for name in NAMES}
    return Search(
        request.args.get("q", ""), Filters(**values), page_number(request.args.get("page", "1"))
    )


def chosen_format() -> Format:
    """HTML or JSON: as the ``format`` parameter names it, else as ``Accept`` prefers."""
    named = request.args.get("format")
    if named is None:
        return choose(SEARCH_FORMATS)
    found = by_parameter(named, SEARCH_FORMATS)
    if found is None:
        raise NotAcceptable(
            f"format={named} cannot carry search results; available: {describe(SEARCH_FORMATS)}"
        )
    return found


@bp.get("/search")
def search() -> ResponseReturnValue:
    """Statements that match, a page at a time, with the actors and issues whose names match."""
    fmt = chosen_format()
    wanted = asked()
    found = searcher()
    results = found.search(wanted)
    if fmt.name == "json":
        body = json.dumps(as_json(results), ensure_ascii=False, indent=1) + "\n"
    else:
        body = render_template(
            "search.html",
            results=results,
            choices=found.choices,
            links=page_links(results),
            per_page=PER_PAGE,
        )
    response = Response(body, content_type=fmt.content_type)
    snapshot: Snapshot = current_app.extensions["stancegraph.snapshot"]
    tag = entity_tag(
        snapshot, "/search", fmt.name, urlencode(sorted(request.args.items(multi=True)))
    )
    return cacheable(response, snapshot, tag, negotiated="format" not in request.args)


def search_url(
    wanted: Search, page: int | None = None, change: dict[str, str | None] | None = None
) -> str:
    """The local URL of ``wanted`` on another page, or with filters set or (to None) dropped."""
    values: dict[str, str | None] = {"q": wanted.q, **wanted.filters.given(), **(change or {})}
    if page and page > 1:
        values["page"] = str(page)
    query = urlencode([(name, value) for name, value in values.items() if value], safe="*")
    return f"{request.script_root}/search" + (f"?{query}" if query else "")


def page_links(results: Results) -> dict[str, str | None]:
    """The previous and next pages, where there are any."""
    page = results.search.page
    return {
        "previous": search_url(results.search, page - 1) if page > 1 else None,
        "next": search_url(results.search, page + 1) if page < results.pages else None,
    }


def as_json(results: Results) -> dict[str, Any]:
    """The JSON answer: the search, the counts, each hit, and the matching names."""
    wanted = results.search
    return {
        "q": wanted.q,
        "filters": wanted.filters.given(),
        "page": wanted.page,
        "per_page": PER_PAGE,
        "pages": results.pages,
        "total": results.total,
        **page_links(results),
        "hits": [_hit(hit) for hit in results.hits],
        "entities": [{"kind": e.kind, **_named(e.named)} for e in results.entities],
    }


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "statement": hit.iri,
        "url": href(hit.iri),
        "kind": "quote" if hit.quote else "reported",
        "speaker": _named(hit.speaker),
        "article": _named(hit.article),
        "in_article": href(hit.span),
        "begin": hit.begin,
        "end": hit.end,
        "text": hit.text,
        "snippet": plain(hit.snippet),
        "snippet_html": snippet_html(hit.snippet),
        "about": [_named(issue) for issue in hit.about],
        "stances": [
            {"holder": _named(s.holder), "issue": _named(s.issue), "stance": s.stance}
            for s in hit.stances
        ],
    }


def _named(named: Named) -> dict[str, str]:
    return {"id": named.slug, "iri": named.iri, "label": named.label, "url": href(named.iri)}


def snippet_html(parts: Parts) -> str:
    """A snippet as HTML: every part escaped, the matches in ``<mark>``."""
    return "".join(
        f"<mark>{escape(text)}</mark>" if matched else str(escape(text)) for text, matched in parts
    )


def init_app(app: Flask) -> None:
    """Find or write the search index of the data served (now, if the store answers), and add
    the route and the template helper."""
    served = app.extensions["stancegraph.resources"]
    snapshot: Snapshot = app.extensions["stancegraph.snapshot"]
    source = Source(
        built=index_file.path_in(app.config["DIST_DIR"]),
        digest=lambda: snapshot.store.version().digest if snapshot.store.immutable else None,
        index=lambda: served.index,
    )
    try:
        source.searcher()
    except StoreUnavailable as error:
        app.logger.warning("at start-up: %s (search is ready once the store answers)", error)
    app.extensions["stancegraph.search"] = source
    app.add_template_global(search_url, "search_url")
    app.register_blueprint(bp)
