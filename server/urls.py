"""Canonical IRIs and the local paths that serve them.

The data always names things by canonical IRIs under ``base_uri``. Any host serves them by path:
a request for ``/id/actor/x`` on ``http://127.0.0.1:8080`` is about ``{base}id/actor/x``. The
ontology's IRI does not move with the base and is always served at ``/ontology``. Pages link to
local paths, so a reader of a local copy clicks through to the same server.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request

from ontology import ONTOLOGY_IRI


@dataclass(frozen=True)
class Site:
    """The mapping between the canonical IRIs under ``base`` and request paths."""

    base: str

    def iri(self, path: str) -> str:
        """The canonical IRI a request path names: ``/id/actor/x`` → ``{base}id/actor/x``."""
        return self.base + path.lstrip("/")

    def path(self, iri: str) -> str | None:
        """The local path (with any ``#fragment``) that serves ``iri``; None if served elsewhere."""
        rest = iri.removeprefix(ONTOLOGY_IRI)
        if rest != iri and rest[:1] in ("", "#"):
            return "/ontology" + rest
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :]
        return None


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
