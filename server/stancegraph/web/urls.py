"""Links on pages: the application's :class:`~stancegraph.vocabulary.iris.Site`, and ``href``.

The IRI scheme itself is :mod:`stancegraph.vocabulary.iris`. Pages link to local paths, so a
reader of a local copy clicks through to the same server.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from stancegraph.vocabulary.iris import Site, issue_scheme_iri


def site() -> Site:
    """The :class:`Site` of the current application."""
    found: Site = current_app.extensions["stancegraph.site"]
    return found


#: Schemes whose IRIs a browser would run or render in place rather than follow: never links.
INERT_SCHEMES = frozenset({"javascript", "data", "vbscript"})


def href(iri: str) -> str:
    """A link for ``iri`` on the page being rendered: local when we serve it, else the IRI.

    An IRI in one of :data:`INERT_SCHEMES` (data may hold any IRI) links to nowhere (``#``).
    """
    path = site().path(iri)
    if path is not None:
        return request.script_root + path
    return "#" if iri.split(":", 1)[0].strip().lower() in INERT_SCHEMES else iri


def init_app(app: Flask) -> None:
    """Record the site's base and offer ``href`` to the templates."""
    app.extensions["stancegraph.site"] = Site(app.config["BASE_URI"])
    app.add_template_filter(href, "href")
    app.jinja_env.globals["issues_iri"] = issue_scheme_iri(app.config["BASE_URI"])
