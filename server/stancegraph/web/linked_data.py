"""The Linked Data URLs: every IRI answers people with a page and machines with RDF.

    GET /id/{kind}/{slug}, /id/issues       303 See Other → the negotiated document
    GET /doc/{kind}/{slug}[.ext], /doc/issues[.ext]
    GET /graph/{name}[.ext], /ontology[.ext], /shapes[.ext], /dataset[.ext]
    GET /                                   the home page (RDF clients: 303 → /dataset)
    GET /.well-known/void                   303 → /dataset

A document without extension negotiates its format and names the chosen variant in
``Content-Location``; with an extension (``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``, ``.trig``,
``.nq``, ``.html``, and ``.n3`` and ``.json`` for clients that ask for ``text/n3`` or
``application/json``) it does not negotiate. ``Link`` names the advertised variants. Bodies are
rendered once per (document, format, mount point) and cached: the dataset does not change while
it is served.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue

from stancegraph.catalog.tables import blocks, curie
from stancegraph.core.errors import StoreUnavailable
from stancegraph.core.formats import BY_EXTENSION, BY_NAME, RESOURCE_FORMATS, Format
from stancegraph.web import home_page, pages, snippets
from stancegraph.web.article_page import local_id
from stancegraph.web.negotiation import cacheable, choose, entity_tag
from stancegraph.web.ontology_page import glossary
from stancegraph.web.representations import embedded_jsonld, serialize
from stancegraph.web.resources import Entity, Resources
from stancegraph.web.urls import site

HTML = BY_NAME["html"]
BODY_CACHE_SIZE = 2048
DOCUMENT_RULES = (
    "/doc/<path:rest>",
    "/graph/<path:rest>",
    "/<any(ontology, shapes, dataset):name>",
    "/<any(ontology, shapes, dataset):name>.<ext>",
    "/ontology/<path:version>",
)

bp = Blueprint("linked_data", __name__)
Bodies = Callable[[str, str, str], bytes]


def resources() -> Resources:
    """The :class:`Resources` of the current application."""
    found: Resources = current_app.extensions["stancegraph.resources"]
    return found


def split_extension(path: str) -> tuple[str, Format | None]:
    """``/doc/actor/x.ttl`` → (``/doc/actor/x``, Turtle); a path without a known one is kept."""
    head, dot, ext = path.rpartition(".")
    fmt = BY_EXTENSION.get(ext) if dot and "/" not in ext else None
    return (head, fmt) if fmt in RESOURCE_FORMATS else (path, None)


def variant_url(doc: str, fmt: Format) -> str:
    """The local URL of one format of a document."""
    return f"{request.script_root}{doc}.{fmt.extension}"


def _link_header(doc: str, served: Format) -> str:
    return _alternates(request.script_root, doc, served)


@lru_cache(maxsize=BODY_CACHE_SIZE)
def _alternates(mount: str, doc: str, served: Format) -> str:
    """The ``Link`` header naming the other formats of a document (the same for every request)."""
    return ", ".join(
        f'<{mount}{doc}.{f.extension}>; rel="alternate"; type="{f.media_type}"'
        for f in RESOURCE_FORMATS
        if f is not served and f.advertised
    )


def _page(entity: Entity) -> str:
    graph = entity.rdf()
    return render_template(
        f"{entity.template}.html",
        **entity.page(),
        entity=entity,
        blocks=blocks(graph, entity.iri, entity.everything),
        jsonld=embedded_jsonld(graph),
        alternates=[
            (f, variant_url(entity.doc, f))
            for f in RESOURCE_FORMATS
            if f.advertised and f is not HTML
        ],
    )


def _render(found: Resources, doc: str, fmt_name: str, mount: str) -> bytes:
    """The body of one document in one format (``mount``, the script root, keys the cache)."""
    if doc == "/":
        return render_template(
            "home.html", **home_page.home(found.index), dumps=found.dumps
        ).encode()
    entity = found.find(doc)
    assert entity is not None, doc
    fmt = BY_NAME[fmt_name]
    return serialize(entity.rdf(), fmt) if fmt.carries_triples else _page(entity).encode()


def _body(doc: str, fmt: Format) -> bytes:
    bodies: Bodies = current_app.extensions["stancegraph.bodies"]
    return bodies(doc, fmt.name, request.script_root)


def _not_found() -> ResponseReturnValue:
    abort(404, f"Nothing is known about {site().iri(request.path)}.")


@bp.get("/id/<path:rest>")
def thing(rest: str) -> ResponseReturnValue:
    """A thing is not a document: 303 to the representation of its description that fits."""
    entity = resources().find(f"doc/{rest}")
    if entity is None:
        return _not_found()
    response = redirect(variant_url(entity.doc, choose(RESOURCE_FORMATS)), 303)
    response.vary.add("Accept")
    return response


def document(**_: str) -> ResponseReturnValue:
    """A description, in the format its extension names or else the one Accept prefers."""
    path, fixed = split_extension(request.path)
    entity = resources().find(path)
    if entity is None:
        return _not_found()
    fmt = fixed or choose(RESOURCE_FORMATS)
    response = Response(_body(entity.doc, fmt), content_type=fmt.content_type)
    if fixed is None:
        response.headers["Content-Location"] = variant_url(entity.doc, fmt)
    response.headers["Link"] = _link_header(entity.doc, fmt)
    snapshot = resources().snapshot
    return cacheable(response, snapshot, entity_tag(snapshot, entity.doc, fmt.name), fixed is None)


for _rule in DOCUMENT_RULES:
    bp.add_url_rule(_rule, "document", document)


@bp.get("/")
def home() -> ResponseReturnValue:
    """The home page for people; RDF clients are sent to the dataset's description."""
    fmt = choose(RESOURCE_FORMATS)
    if fmt is not HTML:
        response = redirect(variant_url("/dataset", fmt), 303)
        response.vary.add("Accept")
        return response
    response = Response(_body("/", HTML), content_type=HTML.content_type)
    response.headers["Link"] = _link_header("/dataset", HTML)
    snapshot = resources().snapshot
    return cacheable(response, snapshot, entity_tag(snapshot, "/", HTML.name), negotiated=True)


@bp.get("/.well-known/void")
def well_known_void() -> ResponseReturnValue:
    """RFC 8615 / VoID: the dataset's description."""
    return redirect(f"{request.script_root}/dataset", 303)


def init_app(app: Flask) -> None:
    """Load the describable resources, the body cache and the template helpers; add the routes."""
    found = Resources(
        app.extensions["stancegraph.snapshot"],
        app.config["BASE_URI"],
        app.config["DIST_DIR"],
        app.config["LICENSE"],
        remember_paths=app.extensions["stancegraph.snapshot"].store.immutable,
    )
    try:
        found.warm()
    except StoreUnavailable as error:
        app.logger.warning("at start-up: %s (pages are read from it once it answers)", error)
    app.extensions["stancegraph.resources"] = found
    app.extensions["stancegraph.bodies"] = lru_cache(maxsize=BODY_CACHE_SIZE)(
        partial(_render, found)
    )
    terms = glossary(found.ontology)
    app.add_template_filter(snippets.lead_in, "lead_in")
    app.add_template_filter(snippets.lead_out, "lead_out")
    app.jinja_env.globals.update(
        label=lambda iri: found.index.label(iri),  # the index is read on first use
        statement_record=lambda iri: found.index.statements.get(iri),
        term_label=lambda iri: terms[iri][0] if iri in terms else curie(iri),
        term_comment=lambda iri: terms[iri][1] if iri in terms else "",
        stance_name=pages.stance_name,
        stances=pages.STANCES,
        inferred=pages.INFERRED,
        actor_type=lambda iri: pages.actor_type(found.index, iri),
        local_id=local_id,
        curie=curie,
        base=app.config["BASE_URI"],
    )
    app.register_blueprint(bp)
