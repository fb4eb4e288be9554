"""Content negotiation and HTTP caching for representations of the (immutable) dataset.

Accept headers are never compared as strings: :func:`negotiate` goes through Werkzeug's
:class:`~werkzeug.datastructures.MIMEAccept`; when nothing offered is acceptable the answer is 406
with the list of what is. Every representation
carries a strong ETag (the dataset's digest, the resource and the format), the dataset's
modification time as ``Last-Modified``, and ``Vary: Accept`` when it was negotiated;
``If-None-Match`` and ``If-Modified-Since`` are answered with 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response

from stancegraph.core.errors import NotAcceptable
from stancegraph.core.formats import Format, by_media_type, describe
from stancegraph.stores.store import Snapshot

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


@lru_cache(maxsize=512)
def negotiate_header(header: str, candidates: tuple[Format, ...]) -> Format | None:
    """:func:`negotiate` for the text of an Accept header, remembered (clients send few)."""
    return negotiate(parse_accept_header(header, MIMEAccept), candidates)


def negotiate(accept: MIMEAccept, candidates: Sequence[Format]) -> Format | None:
    """The best of ``candidates`` for an Accept header; the first one when there is no header.

    Q-values, wildcards and specificity are Werkzeug's; ties go to the earlier candidate.
    An alias, or a format that is another's bytes under another label (``text/n3``), counts only
    when the header names it: through a wildcard it would win with the wildcard's quality a
    format the client rated lower by its own media type.
    Returns None when nothing acceptable is offered (the caller answers 406).
    """
    if not accept:
        return candidates[0] if candidates else None
    named = {value.split(";", 1)[0].strip().lower() for value, _ in accept}
    offers = [
        m
        for f in candidates
        for m in f.media_types
        if (m == f.media_type and f.advertised) or m in named
    ]
    best = accept.best_match(offers)
    return by_media_type(best, candidates) if best else None


def choose(candidates: Sequence[Format]) -> Format:
    """The candidate the request's Accept header prefers; 406 listing them when none is acceptable."""
    chosen = negotiate_header(request.headers.get("Accept", ""), tuple(candidates))
    if chosen is None:
        raise NotAcceptable(
            f"None of the media types in your Accept header is available here. "
            f"Available: {describe(candidates)}."
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
