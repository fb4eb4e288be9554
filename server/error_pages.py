"""Answers to HTTP errors raised by Werkzeug or a view (404, 405, 500, …): HTML or plain text.

People get a page with a way back; curl and other ``*/*`` clients a one-line message. Refused
requests of the SPARQL endpoint (:mod:`server.http_errors`) have their own handler.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from server.formats import ERROR_FORMATS, negotiate


def render_error(error: HTTPException) -> Response:
    """The error, keeping its status and headers, as HTML or plain text by Accept."""
    fmt = negotiate(request.accept_mimetypes, ERROR_FORMATS) or ERROR_FORMATS[0]
    response = error.get_response()
    if fmt.name == "html":
        body = render_template("error.html", error=error)
    else:
        body = f"{error.code} {error.name}: {error.description}\n"
    response.set_data(body)
    response.content_type = fmt.content_type
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
