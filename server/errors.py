"""Errors a user can fix, and how the command line reports them.

    StancegraphError          a problem in the user's input or environment; message says where
    ├── InputError            unreadable or invalid input file (exit 2)
    ├── UsageError            wrong command-line usage (exit 2)
    └── StoreError            a remote triple store refused or did not answer (exit 3)
        ├── StoreUnavailable  unreachable, too slow or failing: try again later (HTTP 503)
        └── QueryRejected     the store refused a query it was sent (HTTP 400 on /sparql)

Mapping errors (``mappings.errors.MappingError``) are input errors too. Anything else is our bug
and surfaces as a traceback on purpose.
"""

from __future__ import annotations


class StancegraphError(Exception):
    """A problem the user can fix; ``str(error)`` is a one-line message that says where."""

    exit_code = 2


class InputError(StancegraphError):
    """An input file cannot be read or parsed."""


class UsageError(StancegraphError):
    """The command line was used wrongly."""


class StoreError(StancegraphError):
    """A remote store failed: unreachable, timed out, or answered with an error."""

    exit_code = 3


class StoreUnavailable(StoreError):
    """A remote store cannot answer now; ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryRejected(StoreError):
    """A remote store refused a query (HTTP 4xx): the query's fault, not the store's."""
