"""Whether the bytes a client has sent hold a whole HTTP/1.1 request yet.

The worker's event loop reads each request into memory before a thread takes it
(:mod:`stancegraph.web.worker`), so that a client sending slowly holds no thread. It asks
:func:`ready` after each read. A request that cannot be buffered whole (headers past
:data:`MAX_HEAD`, a body past the limit, framing gunicorn will refuse) is ready at once, as it is:
gunicorn's parser then answers it (400, 413 from the application, 431) with the thread's own
read deadline.
"""

from __future__ import annotations

import re

#: Longest header section buffered (request line and headers); longer goes to the parser as is.
MAX_HEAD = 64 * 1024
#: Longest chunk-size line of a chunked body.
_MAX_CHUNK_LINE = 1024
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.I | re.M)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:.*chunked", re.I | re.M)
_EXPECT_CONTINUE = re.compile(rb"^expect[ \t]*:[ \t]*100-continue[ \t]*\r?$", re.I | re.M)


def head_end(data: bytes | bytearray) -> int:
    """Where the header section ends (after its blank line), or -1 while it has not."""
    end = data.find(b"\r\n\r\n")
    return -1 if end < 0 else end + 4


def ready(data: bytes | bytearray, body_limit: int) -> bool:
    """Whether ``data`` starts with a request that can go to a thread now."""
    end = head_end(data)
    if end < 0:
        return len(data) > MAX_HEAD
    if end > MAX_HEAD:
        return True
    head = bytes(data[:end])
    if _CHUNKED.search(head):
        return _chunked_ready(data, end, body_limit)
    lengths = _CONTENT_LENGTH.findall(head)
    if not lengths:
        return True
    if len(lengths) > 1 or not lengths[0].isdigit():
        return True  # gunicorn refuses it (400)
    length = int(lengths[0])
    return length > body_limit or len(data) - end >= length


def expects_continue(data: bytes | bytearray) -> bool:
    """Whether a whole header section asks for ``100 Continue`` before the body."""
    end = head_end(data)
    return end >= 0 and _EXPECT_CONTINUE.search(bytes(data[:end])) is not None


def _chunked_ready(data: bytes | bytearray, at: int, body_limit: int) -> bool:
    """Whether a chunked body starting at ``at`` has ended (its last chunk and trailers)."""
    size_total = 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return len(data) - at > _MAX_CHUNK_LINE
        try:
            size = int(bytes(data[at:line_end]).split(b";", 1)[0].strip(), 16)
        except ValueError:
            return True  # malformed: the parser says so
        at = line_end + 2
        if size == 0:
            return data.startswith(b"\r\n", at) or data.find(b"\r\n\r\n", at - 2) >= 0
        size_total += size
        if size_total > body_limit:
            return True
        if len(data) < at + size + 2:
            return False
        at += size + 2
