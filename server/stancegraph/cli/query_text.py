"""What ``stancegraph query`` does to a query's text: the common prefixes, and syntax errors shown.

Every prefix of :data:`stancegraph.vocabulary.PREFIXES` (the project's and the reused
vocabularies': ``sg:``, ``prov:``, ``nif:``, ``schema:``, ``skos:``…) is declared before the
query, so ``SELECT ?s WHERE { ?s sg:text ?x }`` works as typed; a query's own ``PREFIX``
overrides one. A syntax error is found here, before the query runs, and shown whole: the line
and column in the query as typed, the offending line with a caret under the place, and for an
unknown prefix, the prefixes there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from pyoxigraph import Store

from stancegraph.core.errors import QueryInvalid
from stancegraph.vocabulary import PREFIXES

#: The declarations put before every query.
PROLOGUE: Final = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
_PROLOGUE_LINES: Final = PROLOGUE.count("\n")
_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_AT = re.compile(r"error at (\d+):(\d+)")
_PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[^\s:]*$")


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error at ``line``:``column`` (from 1) of the query as typed."""

    line: int
    column: int
    message: str
    excerpt: str  # the offending line, and a caret under the column

    def __str__(self) -> str:
        return f"syntax error at line {self.line}, column {self.column}: {self.message}"


def with_prefixes(query: str) -> str:
    """The query with every common prefix declared before it."""
    return PROLOGUE + query


class QuerySyntaxError(QueryInvalid):
    """A syntax error, shown with the offending line and a caret under the place."""

    def __init__(self, problem: SyntaxProblem) -> None:
        super().__init__(str(problem))
        self.excerpt = problem.excerpt

    def __str__(self) -> str:
        return f"{super().__str__()}\n{self.excerpt}"


def refuse_bad_syntax(query: str) -> None:
    """Raise :class:`QuerySyntaxError` for a query (as typed) with a syntax error."""
    problem = syntax_problem(query)
    if problem is not None:
        raise QuerySyntaxError(problem)


def as_typed(message: str) -> str:
    """An endpoint's message with its ``error at LINE:COLUMN`` counted in the query as typed."""
    return _AT.sub(lambda m: f"error at {int(m[1]) - _PROLOGUE_LINES}:{m[2]}", message)


def syntax_problem(query: str) -> SyntaxProblem | None:
    """The query's syntax error, if it has one (parsed as it will run: with the prefixes)."""
    try:
        Store().query(with_prefixes(query))  # an empty store: parsing is all that costs
    except SyntaxError as error:
        return _problem(query, str(error))
    except (ValueError, RuntimeError, OSError):
        return None  # not a syntax error: the run itself reports it
    return None


def _problem(query: str, text: str) -> SyntaxProblem:
    found = _POSITION.match(text)
    if found is None:
        return SyntaxProblem(0, 0, " ".join(text.split()), "")
    line = max(1, int(found.group(1)) - _PROLOGUE_LINES)
    column = int(found.group(2))
    message = " ".join(found.group(3).split())
    lines = query.split("\n")
    shown = lines[line - 1] if line <= len(lines) else ""
    if "Prefix not found" in message:
        prefix = _PREFIXED_NAME_END.search(shown[: column - 1])
        name = prefix.group(1) or "" if prefix else ""
        message = (
            f"unknown prefix {name}: (declared for every query: "
            f"{', '.join(f'{p}:' for p in PREFIXES)}; add PREFIX {name}: <…> for another)"
        )
    gutter = f"{line} | "
    excerpt = f"{gutter}{shown}\n{' ' * (len(gutter) + column - 1)}^"
    return SyntaxProblem(line, column, message, excerpt)
