"""Errors a user can fix, and how the command line reports them.

    StancegraphError          a problem in the user's input or environment; message says where
    ├── InputError            unreadable or invalid input file (exit 2)
    ├── UsageError            wrong command-line usage (exit 2)
    └── StoreError            a remote triple store refused or did not answer (exit 3)

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
