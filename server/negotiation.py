"""Content negotiation and HTTP caching for representations of the (immutable) dataset.

The format is chosen by :func:`server.formats.negotiate_header` (Werkzeug's Accept parsing); when
nothing offered is acceptable the answer is 406 with the list of what is. Every representation
carries a strong ETag (the dataset's digest, the resource and the format), the dataset's
modification time as ``Last-Modified``, and ``Vary: Accept`` when it was negotiated;
``If-None-Match`` and ``If-Modified-Since`` are answered with 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from flask import request
from werkzeug.wrappers import Response

from server.formats import Format, describe, negotiate_header
from server.http_errors import NotAcceptable
from server.store import Snapshot

#: Caches may keep a copy but must revalidate it (cheap: a 304 on a matching ETag).
CACHE_CONTROL = "public, no-cache"
#: The request headers (as WSGI keys) that make a request conditional or partial.
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
)


def choose(candidates: Sequence[Format]) -> Format:
    """The candidate the request's Accept header prefers; 406 listing them when none is acceptable."""
    chosen = negotiate_header(request.headers.get("Accept", ""), tuple(candidates))
    if chosen is None:
        raise NotAcceptable(
            f"None of the media types in your Accept header is available here. "
            f"Available: {describe(candidates)}.",
            headers={"Vary": "Accept"},
        )
    return chosen


def entity_tag(snapshot: Snapshot, *parts: str) -> str:
    """A strong ETag (unquoted) for what ``parts`` name within this dataset."""
    return _entity_tag(snapshot.etag, parts)


@lru_cache(maxsize=4096)
def _entity_tag(dataset: str, parts: tuple[str, ...]) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{dataset}-{digest}"


def cacheable(response: Response, snapshot: Snapshot, tag: str, negotiated: bool) -> Response:
    """Add the validators and ``Vary``, then answer a matching conditional request with 304."""
    response.set_etag(tag)
    response.last_modified = snapshot.modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    if negotiated:
        response.vary.add("Accept")
    if any(header in request.environ for header in _CONDITIONAL):
        return response.make_conditional(request)
    return response  # nothing to compare: the full answer as it is
