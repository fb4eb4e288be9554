"""Errors a user can fix, raised by every layer; the edges decide how to report them.

    StancegraphError            a problem in the user's input, query or environment; says where
    ├── InputError              unreadable or invalid input file (exit 2)
    │   └── MappingError        a mistake in a mapping or seed, at file:line (mapping.errors)
    ├── UsageError              wrong command-line usage (exit 2)
    ├── QueryError              a SPARQL query that is not answered (exit 2)
    │   ├── QueryInvalid        malformed, or fails as it is evaluated: says where
    │   ├── QueryRefused        asks for what a read-only, offline endpoint does not do
    │   ├── NotAcceptable       no format on offer can carry the answer
    │   └── TryLater            not now: ``retry_after`` says in how many seconds
    │       ├── NoFreeSlot      every query slot is taken
    │       ├── QueryTimedOut   it ran past the time allowed
    │       └── OutOfMemory     it passed the memory allowed to a query
    ├── SearchError             a full-text search that is not answered
    │   ├── SearchInvalid       words or a filter that cannot be searched for: says which, why
    │   └── SearchUnavailable   the search index does not hold the data served
    └── StoreError              a remote triple store refused or did not answer (exit 3)
        ├── StoreUnavailable    unreachable, too slow or failing: try again later
        └── QueryRejected       the store refused a query it was sent: the query's fault

These errors know nothing of HTTP: the web layer maps each class to a status in one table
(:data:`stancegraph.web.http_errors.STATUS`), and the command line prints ``str(error)`` on one
line. Anything else is our bug and surfaces as a traceback (on the web, a logged 500) on purpose.
"""

from __future__ import annotations


class StancegraphError(Exception):
    """A problem the user can fix; ``str(error)`` is a one-line message that says where."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class InputError(StancegraphError):
    """An input file cannot be read or parsed."""


class UsageError(StancegraphError):
    """The command line was used wrongly."""


class QueryError(StancegraphError):
    """A SPARQL query that is not answered."""


class QueryInvalid(QueryError):
    """The query is malformed or fails when evaluated (the message gives line and column)."""


class QueryRefused(QueryError):
    """The query asks for an update, a remote call or a graph outside the dataset."""


class NotAcceptable(QueryError):
    """No format on offer can carry the answer in a form the client accepts."""


class TryLater(QueryError):
    """The query cannot run now; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NoFreeSlot(TryLater):
    """Every query slot is taken."""


class QueryTimedOut(TryLater):
    """The query ran past the time allowed and was stopped."""


class OutOfMemory(TryLater):
    """The query passed the memory allowed to one query and was stopped."""


class SearchError(StancegraphError):
    """A full-text search (:mod:`stancegraph.search`) that is not answered."""


class SearchInvalid(SearchError):
    """The words or a filter of a search cannot be searched for; says which parameter and why."""


class SearchUnavailable(SearchError):
    """The search index cannot answer for the data served (it belongs to another build)."""


class StoreError(StancegraphError):
    """A remote store failed: unreachable, timed out, or answered with an error."""

    exit_code = 3


class StoreUnavailable(StoreError):
    """A remote store cannot answer now; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreMismatch(StoreUnavailable):
    """A remote store answers, but not the dataset that was published to it (none, part of it,
    or more): ``serve`` does not start in front of it, and pages get 503 until it is right."""


class QueryRejected(StoreError):
    """A remote store refused a query (HTTP 4xx): the query's fault, not the store's."""
