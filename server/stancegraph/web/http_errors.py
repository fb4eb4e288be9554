"""The one error path over HTTP: a status for every error, and one negotiated renderer.

    HTTPException (Werkzeug)        404, 405, … raised by routing or a view: its own status
    StancegraphError (core.errors)  the domain's errors, each mapped to a status by :data:`STATUS`
    └── RequestError                what only a request can get wrong, with its own status
        ├── BadRequest              400 bad parameter or body, several queries, no query
        ├── MethodNotAllowed        405 with ``Allow``
        ├── PayloadTooLarge         413 query longer than ``max_query_length``, body than ``max_request_bytes``
        ├── UriTooLong              414 request target longer than ``max_url_length``
        └── UnsupportedMediaType    415 body neither form-encoded nor ``application/sparql-query``

Every error answer has the same shape in each format, negotiated from ``Accept``: plain text
(``<status> <reason>: <message>``) for ``*/*`` and curl, an HTML page for browsers, and JSON
(``{"status", "error", "message"}``) for clients that ask for ``application/json``. Errors that
say "try later" carry ``Retry-After``. Anything else raised while answering is our bug: Flask
logs it and answers 500.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Final

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

from stancegraph.core.errors import (
    NotAcceptable,
    QueryInvalid,
    QueryRefused,
    QueryRejected,
    SearchInvalid,
    SearchUnavailable,
    StancegraphError,
    StoreUnavailable,
    TryLater,
)
from stancegraph.core.formats import ERROR_FORMATS
from stancegraph.web.negotiation import negotiate


class RequestError(StancegraphError):
    """A request we refuse for what it is over HTTP; ``str(error)`` is the one-line reason."""

    status = 400

    def __init__(self, reason: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(reason)
        self.headers = dict(headers or {})


class BadRequest(RequestError):
    status = 400


class MethodNotAllowed(RequestError):
    status = 405


class PayloadTooLarge(RequestError):
    status = 413


class UriTooLong(RequestError):
    status = 414


class UnsupportedMediaType(RequestError):
    status = 415


#: The status of each domain error; the most specific class listed wins.
STATUS: Final[dict[type[StancegraphError], int]] = {
    QueryInvalid: 400,
    QueryRejected: 400,
    SearchInvalid: 400,
    SearchUnavailable: 503,
    QueryRefused: 403,
    NotAcceptable: 406,
    TryLater: 503,
    StoreUnavailable: 503,
}


def status_of(error: StancegraphError) -> int:
    """The HTTP status that answers ``error`` (only errors that :data:`STATUS` covers reach here)."""
    if isinstance(error, RequestError):
        return error.status
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 500


def headers_of(error: StancegraphError) -> dict[str, str]:
    """Headers an error answer carries: ``Retry-After`` for "try later", ``Allow`` for 405."""
    found = dict(getattr(error, "headers", {}))
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        found["Retry-After"] = str(retry_after)
    return found


def render(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """The error answer in the format the client accepts: text, HTML or JSON."""
    fmt = negotiate(request.accept_mimetypes, ERROR_FORMATS) or ERROR_FORMATS[0]
    name = HTTP_STATUS_CODES.get(status, "Error")
    message = " ".join(message.split())
    if fmt.name == "html":
        body = render_template("error.html", code=status, name=name, message=message)
    elif fmt.name == "json":
        body = json.dumps({"status": status, "error": name, "message": message}) + "\n"
    else:
        body = f"{status} {name}: {message}\n"
    response = Response(body, status=status, content_type=fmt.content_type)
    response.headers.update(headers or {})
    response.vary.add("Accept")
    return response


def render_domain(error: StancegraphError) -> Response:
    status = status_of(error)
    if status >= 500:
        current_app.logger.warning("%s: %s", type(error).__name__, error)
    return render(status, str(error), headers_of(error))


def render_http(error: HTTPException) -> Response:
    """Werkzeug's own errors (404, 405, …), keeping their status and headers."""
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return render(code, error.description or HTTP_STATUS_CODES.get(code, ""), headers)


def init_app(app: Flask) -> None:
    """Answer every error raised by a view through :func:`render`."""
    app.register_error_handler(RequestError, render_domain)
    for kind in STATUS:  # any other error is our bug: Flask logs it and answers 500
        app.register_error_handler(kind, render_domain)
    app.register_error_handler(HTTPException, render_http)
