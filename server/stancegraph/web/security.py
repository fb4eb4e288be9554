"""Response headers that keep browsers safe, and the limits on what a request may send.

Every answer carries ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy. HTML
pages may load scripts, styles, images and fonts from this server only (``'self'``), run no
inline script, be framed by nobody and post forms only here. Two exceptions, both as narrow as
the pages allow:

* the SPARQL query page runs YASGUI, served from this server like every other script (see
  :mod:`stancegraph.web.yasgui`; it needs neither ``'unsafe-eval'`` nor inline script). That page
  alone may add the style elements YASGUI adds (by digest: their text is fixed in the vendored
  script) and show images from ``data:`` URLs (YASGUI's stylesheet embeds its icons). Queries go to
  this server only (``connect-src`` is ``'self'``): a request YASGUI would make elsewhere is refused;
* ``style`` attributes are allowed (``style-src-attr``): the article page draws the underline bands
  of nested statements with them; they can carry no script, and their values come from the
  palette, never from the data.

Anything that is not HTML gets a policy that allows nothing at all. The data is public and the
server read-only, so every answer may be read by a page of any origin (``Access-Control-Allow-
Origin: *``, never with credentials), with the headers Linked Data clients follow exposed. A
request whose target (path
and query string) is longer than ``max_url_length`` gets 414, a body longer than
``max_request_bytes`` gets 413, and an HTTP/1.1 request without ``Host`` 400 (RFC 9112 §3.2),
before any view reads it.
"""

from __future__ import annotations

import io
from typing import IO, Any, Final

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from stancegraph.web.http_errors import BadRequest, PayloadTooLarge, UriTooLong

#: The views whose HTML page loads YASGUI.
YASGUI_VIEWS: Final = frozenset({"sparql.sparql"})
#: The two ``<style>`` elements YASGUI's results table adds (column resizing, and the cursor while
#: dragging a column edge), allowed by digest: their text is fixed in the pinned script.
YASGUI_STYLE_HASHES: Final = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
)

PAGE_POLICY: Final = {
    "default-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
QUERY_PAGE_POLICY: Final = {
    **PAGE_POLICY,
    "script-src": "'self'",
    "style-src": " ".join(("'self'", *YASGUI_STYLE_HASHES)),
    "img-src": "'self' data:",
}
#: RDF, query results, plain text, dumps: nothing to run or load, nowhere to be framed.
DATA_POLICY: Final = {"default-src": "'none'", "frame-ancestors": "'none'", "sandbox": ""}


def policy(directives: dict[str, str]) -> str:
    """A Content-Security-Policy header value from its directives."""
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def content_security_policy(response: Response) -> str:
    """The policy for this response: by its media type and the view that made it."""
    if response.mimetype != "text/html":
        return _DATA_HEADER
    if request.endpoint in YASGUI_VIEWS:
        return _QUERY_PAGE_HEADER
    return _PAGE_HEADER


_DATA_HEADER: Final = policy(DATA_POLICY)
_PAGE_HEADER: Final = policy(PAGE_POLICY)
_QUERY_PAGE_HEADER: Final = policy(QUERY_PAGE_POLICY)


#: Headers beyond the CORS-safelisted ones that a script on another origin may read.
EXPOSED_HEADERS: Final = "Link, ETag, Location, Content-Location, Retry-After"


def add_headers(response: Response) -> Response:
    """``nosniff``, the Content-Security-Policy and CORS on every answer, errors included."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Content-Security-Policy", content_security_policy(response))
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.headers.setdefault("Access-Control-Expose-Headers", EXPOSED_HEADERS)
    return response


def request_target_length() -> int:
    """Bytes of the request target as sent (path and query string)."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw is None:
        return len(request.full_path.rstrip("?").encode("utf-8"))
    return len(raw.encode("latin-1", "replace"))


def require_host() -> None:
    """Refuse an HTTP/1.1 request without ``Host``, as RFC 9112 §3.2 requires of a server."""
    if request.environ.get("SERVER_PROTOCOL") == "HTTP/1.1" and "HTTP_HOST" not in request.environ:
        raise BadRequest("an HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2)")


def limit_request() -> None:
    """Refuse a request target or a declared body beyond the limits, before anything reads it."""
    max_url = current_app.config["MAX_URL_LENGTH"]
    if (length := request_target_length()) > max_url:
        raise UriTooLong(
            f"request target of {length} bytes exceeds the limit of {max_url} "
            "(setting max_url_length); send long SPARQL queries with POST"
        )
    max_body = current_app.config["MAX_REQUEST_BYTES"]
    if request.content_length is None:  # chunked: refused once more than the limit is read
        request.environ["wsgi.input"] = BoundedBody(request.environ["wsgi.input"], max_body)
    elif request.content_length > max_body:
        raise PayloadTooLarge(_too_large(f"{request.content_length} bytes", max_body))


def _too_large(size: str, limit: int) -> str:
    return f"request body of {size} exceeds the limit of {limit} (setting max_request_bytes)"


class BoundedBody(io.RawIOBase):
    """A request body of no declared length that raises 413 once it runs past ``limit`` bytes.

    (Flask's ``MAX_CONTENT_LENGTH`` is not used: Werkzeug cuts such a body at the limit without
    a word, and a query cut short may still parse, as another query.)
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(min(len(buffer), self._limit + 1 - self._read))
        self._read += len(data)
        if self._read > self._limit:
            raise PayloadTooLarge(_too_large("more bytes", self._limit))
        buffer[: len(data)] = data
        return len(data)


def init_app(app: Flask) -> None:
    """Check the limits before every other ``before_request``; add the headers to every answer."""
    app.before_request_funcs.setdefault(None, [])[:0] = [require_host, limit_request]
    app.after_request(add_headers)
