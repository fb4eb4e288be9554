"""What the frontend makes right about Virtuoso's answers, so that they read as the standard's.

- An ASK is answered as a one-row SELECT of ``__ASK_RETVAL`` 1 (true) or no row (false):
  :func:`boolean`.
- A blank node in SPARQL JSON is ``nodeID://b10010``, which is no label: :class:`BlankNodeLabels`.
- An answer cut at its own limits still comes with 200, said only in a header: :func:`refuse_cut`.
- An error its query caused comes with 500: :data:`QUERY_ERROR` tells it from the store's own.

The store is known for Virtuoso by the ``Server`` header of its answers (:func:`is_virtuoso`).
"""

from __future__ import annotations

import io
import re
from email.message import Message
from typing import IO

import pyoxigraph as ox

from stancegraph.core.errors import StoreUnavailable

#: The variable Virtuoso answers an ASK query with.
ASK_VARIABLE = "__ASK_RETVAL"
#: An error the query caused, though answered 500: SQL states of class 22 (data: a bad cast,
#: a division by zero), 37 (syntax), 42 (an unknown name). Others (its time limit, S1T00; out
#: of memory; a sort past its MaxSortedTopRows, :data:`SORT_LIMIT`) are the store's trouble.
QUERY_ERROR = re.compile(r"Virtuoso (22|37|42)[0-9A-Z]{3} Error ")
#: Its error for an ORDER BY whose LIMIT and OFFSET pass its MaxSortedTopRows.
SORT_LIMIT = " Error SR353: "
_BOOLEANS: dict[bool, ox.QuerySolutions | ox.QueryBoolean] = {
    value: ox.parse_query_results(
        f'{{"head":{{}},"boolean":{"true" if value else "false"}}}'.encode(),
        ox.QueryResultsFormat.JSON,
    )
    for value in (True, False)
}


def is_virtuoso(server: str) -> bool:
    """Whether a ``Server`` header is Virtuoso's (``Virtuoso/07.20.3229 (Linux) …``)."""
    return server.startswith("Virtuoso/")


def is_ask_answer(solutions: ox.QuerySolutions) -> bool:
    """Whether the solutions are Virtuoso's answer to an ASK query."""
    return solutions.variables == [ox.Variable(ASK_VARIABLE)]


def boolean(rows: list[ox.QuerySolution], url: str) -> ox.QuerySolutions | ox.QueryBoolean:
    """Virtuoso's answer to ASK as the boolean it means: one row, ``__ASK_RETVAL`` 1, for true;
    no row for false."""
    if not rows:
        return _BOOLEANS[False]
    value = rows[0][ASK_VARIABLE] if len(rows) == 1 else None
    if not isinstance(value, ox.Literal) or value.value not in ("0", "1"):
        raise StoreUnavailable(f"{url} answered an ASK query with {len(rows)} rows, not a boolean")
    return _BOOLEANS[value.value == "1"]


def refuse_cut(headers: Message, url: str) -> None:
    """Refuse an answer Virtuoso cut (200 all the same): at its time limit (``X-SQL-State``
    S1TAT, MaxQueryExecutionTime) or at its row limit (``X-SPARQL-MaxRows``, ResultSetMaxRows)."""
    if headers.get("X-SQL-State") == "S1TAT":
        raise StoreUnavailable(
            f"the triple store at {url} answered only part of the query within its own time "
            "limit (Virtuoso's MaxQueryExecutionTime); try again shortly"
        )
    cut = headers.get("X-SPARQL-MaxRows")
    if cut is not None:
        raise StoreUnavailable(
            f"the triple store at {url} cut its answer at {cut} rows (Virtuoso's "
            "ResultSetMaxRows): it must be more than max_result_rows"
        )


class BlankNodeLabels:
    """A SPARQL JSON answer, read with Virtuoso's blank node labels made plain ones: it writes
    ``"type": "bnode", "value": "nodeID://b10010"``, and ``nodeID://b10010`` is no label (its
    N-Triples say ``_:b10010``). Only that exact sequence is changed: in a JSON string its
    quotes would be escaped, so it cannot come from a literal."""

    VIRTUOSO = b'"type": "bnode", "value": "nodeID://'
    PLAIN = b'"type": "bnode", "value": "'

    def __init__(self, answer: bytes | IO[bytes]) -> None:
        self.answer = io.BytesIO(answer) if isinstance(answer, bytes) else answer
        self.ready = b""  # changed, to be read
        self.held = b""  # the end of what was read, which may be the start of VIRTUOSO
        self.ended = False

    def read(self, size: int = -1) -> bytes:
        """At most ``size`` bytes (all, if negative), as ``IO.read``."""
        while (size < 0 or len(self.ready) < size) and not self.ended:
            chunk = self.answer.read(max(size, 1 << 16))
            if not chunk:
                self.ready, self.held, self.ended = self.ready + self.held, b"", True
                break
            data = (self.held + chunk).replace(self.VIRTUOSO, self.PLAIN)
            cut = max(0, len(data) - len(self.VIRTUOSO) + 1)
            self.ready, self.held = self.ready + data[:cut], data[cut:]
        size = len(self.ready) if size < 0 else size
        data, self.ready = self.ready[:size], self.ready[size:]
        return data
