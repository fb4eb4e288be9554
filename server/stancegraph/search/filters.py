"""The filters of a search: by speaker, issue, stance, kind and article, checked and as SQL.

    speaker=ID      statements made by the actor ``/id/actor/ID``
    issue=ID        statements about the issue ``/id/issue/ID`` or evidence for a position on
                    it, or on any issue under it (a topic finds everything below it)
    stance=S        statements that are evidence for a position taken with stance S (favor,
                    against or neutral); with ``issue``, a position on that issue or one under it
    kind=K          quote (direct quotes) or reported (reported statements)
    article=ID      statements of the article ``/id/article/ID``

An empty value is no filter (what a form's "any" sends). A value that names nothing in the data
raises :class:`~stancegraph.core.errors.SearchInvalid` naming the parameter, the value and what
it may be (with the nearest ids), rather than quietly finding nothing. Values reach SQL only as
parameters.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from typing import Any, Final

from stancegraph.core.errors import SearchInvalid

NAMES: Final = ("speaker", "issue", "stance", "kind", "article")
KINDS: Final = {"quote": 1, "reported": 0}
STANCES: Final = ("favor", "against", "neutral")
#: Where an id of each filter comes from, for messages: the kind of thing in ``/id/{kind}/ID``.
THINGS: Final = {"speaker": "actor", "issue": "issue", "article": "article"}


@dataclass(frozen=True)
class Filters:
    """What the statements found must be; None (or empty) where anything goes."""

    speaker: str | None = None
    issue: str | None = None
    stance: str | None = None
    kind: str | None = None
    article: str | None = None

    def given(self) -> dict[str, str]:
        """The filters set, by name, in the order of :data:`NAMES`."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}

    def check(self, known: Mapping[str, Collection[str]]) -> None:
        """Raise SearchInvalid for a value that names nothing; ``known`` holds the ids of
        actors (``speaker``), issues and articles."""
        allowed = {**known, "kind": tuple(KINDS), "stance": STANCES}
        for name, value in self.given().items():
            if value not in allowed[name]:
                raise SearchInvalid(_unknown(name, value, allowed[name]))

    def sql(self) -> tuple[str, list[Any]]:
        """The conditions on the statement ``s`` (`` AND …``, possibly empty) and their values."""
        given = self.given()
        clauses: list[str] = []
        values: list[Any] = []
        for column in ("speaker", "article"):
            if column in given:
                clauses.append(f"s.{column} = ?")
                values.append(given[column])
        if "kind" in given:
            clauses.append("s.quote = ?")
            values.append(KINDS[given["kind"]])
        # IN (…) reads the small table once, where EXISTS would search it for every statement.
        if "stance" in given:
            on_issue = " AND issue = ?" if "issue" in given else ""
            clauses.append(f"s.id IN (SELECT statement FROM evidence WHERE stance = ?{on_issue})")
            values += [given["stance"], *([given["issue"]] if on_issue else [])]
        elif "issue" in given:
            clauses.append("s.id IN (SELECT statement FROM concerns WHERE issue = ?)")
            values.append(given["issue"])
        return "".join(f" AND {clause}" for clause in clauses), values


def _unknown(name: str, value: str, allowed: Collection[str]) -> str:
    if name not in THINGS:
        return f"{name}={value!r}: expected {' or '.join(allowed)}"
    thing = THINGS[name]
    near = difflib.get_close_matches(value, list(allowed), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    return (
        f"{name}={value!r}: no {thing} has this id{hint} "
        f"(an {thing}'s id is the end of its IRI: /id/{thing}/<id>)"
    )
