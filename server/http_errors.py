"""Requests we refuse, and the one handler that answers them over HTTP.

    StancegraphError                (server.errors) a problem the user can fix
    └── RequestError                refused with a status and a one-line reason
        ├── BadRequest              400 malformed query, several queries, bad parameter or body
        ├── Forbidden               403 SPARQL Update, SERVICE: not on a read-only, offline endpoint
        ├── MethodNotAllowed        405 with ``Allow``
        ├── NotAcceptable           406 no offered format can carry the answer
        ├── PayloadTooLarge         413 query longer than ``max_query_length``, body than ``max_request_bytes``
        ├── UriTooLong              414 request target longer than ``max_url_length``
        ├── UnsupportedMediaType    415 body neither form-encoded nor ``application/sparql-query``
        └── Unavailable             503 with ``Retry-After``: query timed out, or no free query slot

A remote store that is down or slow (:class:`~server.errors.StoreUnavailable`) is answered as
:class:`Unavailable`, with the store's ``Retry-After``.

The answer is ``text/plain``: the reason and a newline. Being :class:`StancegraphError`\\ s, the
same errors print as one line on the command line. Anything else raised while answering is our bug:
Flask logs it and answers 500.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app

from server.errors import StancegraphError, StoreUnavailable


class RequestError(StancegraphError):
    """A request we refuse; ``str(error)`` is the one-line reason sent to the client."""

    status = 400

    def __init__(self, reason: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(" ".join(reason.split()))
        self.headers = dict(headers or {})


class BadRequest(RequestError):
    status = 400


class Forbidden(RequestError):
    status = 403


class MethodNotAllowed(RequestError):
    status = 405


class NotAcceptable(RequestError):
    status = 406


class PayloadTooLarge(RequestError):
    status = 413


class UriTooLong(RequestError):
    status = 414


class UnsupportedMediaType(RequestError):
    status = 415


class Unavailable(RequestError):
    status = 503


def render(error: RequestError) -> Response:
    """The plain-text answer to a refused request."""
    response = Response(f"{error}\n", status=error.status, content_type="text/plain; charset=utf-8")
    response.headers.update(error.headers)
    return response


def store_unavailable(error: StoreUnavailable) -> Response:
    """503 for a remote store that did not answer: one line in the log, none of our bugs."""
    current_app.logger.warning("%s", error)
    return render(Unavailable(str(error), {"Retry-After": str(error.retry_after)}))


def init_app(app: Flask) -> None:
    """Answer every :class:`RequestError` raised by a view with :func:`render`."""
    app.register_error_handler(RequestError, render)
    app.register_error_handler(StoreUnavailable, store_unavailable)
