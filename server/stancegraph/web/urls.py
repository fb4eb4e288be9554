"""Links on pages: the application's :class:`~stancegraph.vocabulary.iris.Site`, ``href``, and
where the links and redirects of this server point.

The IRI scheme itself is :mod:`stancegraph.vocabulary.iris`. Pages link to local paths, so a
reader of a local copy clicks through to the same server. No link and no ``Location`` ever names
a host a client sent:

* every ``Location`` is a path. Ours are built so; Werkzeug's own redirects (the one that merges
  ``/doc//actor/x`` into ``/doc/actor/x``, say) are absolute, built from the ``Host`` header, and
  are cut down to their path here;
* links start with the mount point (``SCRIPT_NAME``), which only the operator or a proxy named by
  the setting ``forwarded_allow_ips`` can set (see :mod:`stancegraph.cli.serve`). One that is not a
  plain path (``//evil.example`` would send every link to that host) is dropped and the request
  refused with 400, its error page linking from the root.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, redirect, request
from werkzeug.wrappers import Response

from stancegraph.vocabulary.iris import Site, issue_scheme_iri
from stancegraph.web.http_errors import BadRequest

#: A mount point links can start with: nothing, or non-empty path segments.
PLAIN_MOUNT: Final = re.compile(r"(?:/[^/\\\x00-\x20\x7f\"<>`^{|}]+)*")
#: Where :func:`plain_mount` keeps a mount point it dropped, for the request to be refused.
DROPPED_MOUNT: Final = "stancegraph.dropped_mount"
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


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


def plain_mount(app: WSGIApp) -> WSGIApp:
    """``app``, with a ``SCRIPT_NAME`` that is not a plain path dropped before anything links."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        mount = environ.get("SCRIPT_NAME", "")
        if not PLAIN_MOUNT.fullmatch(mount):
            environ["SCRIPT_NAME"] = ""
            environ[DROPPED_MOUNT] = mount
        return app(environ, start_response)

    return application


def refuse_dropped_mount() -> None:
    """Refuse (400) a request whose mount point :func:`plain_mount` dropped."""
    mount = request.environ.get(DROPPED_MOUNT)
    if mount is not None:
        raise BadRequest(
            f"SCRIPT_NAME {mount!r} is not a plain path: links cannot start with it "
            "(only proxies named by the setting forwarded_allow_ips may set it)"
        )


def relative_location(response: Response) -> Response:
    """The answer, with an absolute ``Location`` cut down to its path (and a redirect's body
    written anew, as Werkzeug's names the location too)."""
    location = response.headers.get("Location")
    if not location:
        return response
    parts = urlsplit(location)
    if not (parts.scheme or parts.netloc):
        return response
    path = "/" + parts.path.lstrip("/")  # never "//": that would name a host again
    relative = urlunsplit(("", "", path, parts.query, parts.fragment))
    response.headers["Location"] = relative
    if response.status_code in REDIRECTS:
        response.set_data(redirect(relative, response.status_code).get_data())
    return response


def init_app(app: Flask) -> None:
    """Record the site's base and offer ``href`` to the templates; keep links on this server."""
    app.extensions["stancegraph.site"] = Site(app.config["BASE_URI"])
    app.add_template_filter(href, "href")
    app.jinja_env.globals["issues_iri"] = issue_scheme_iri(app.config["BASE_URI"])
    app.wsgi_app = plain_mount(app.wsgi_app)  # type: ignore[method-assign,assignment]
    app.before_request(refuse_dropped_mount)
    app.after_request(relative_location)
