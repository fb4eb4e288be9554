"""View models of the issue pages: one issue or topic, the issue scheme, and the hierarchy.

The issues form a SKOS hierarchy (:class:`~stancegraph.catalog.issue_tree.IssueTree`): topics,
on which no one takes a side, and under them propositions, on which actors take positions.
A page of a topic or of a proposition with narrower ones also lists the positions on everything
under it, issue by issue in the order of the hierarchy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Issue, Position
from stancegraph.vocabulary import SG
from stancegraph.web.article_page import STANCE_SIGNS
from stancegraph.web.charts import issue_charts
from stancegraph.web.pages import by_stance, in_text_order, stance_name


@dataclass
class Branch:
    """An issue or topic with the branches under it, as the nested lists of a page show them."""

    issue: Issue
    positions: int  # on this issue
    below: list[Branch] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Positions on this issue and on every issue under it."""
        return self.positions + sum(branch.total for branch in self.below)


def branches(index: Index, top: Iterable[str] | None = None) -> list[Branch]:
    """The hierarchy from ``top`` (the scheme's top concepts by default) as nested branches."""
    counts = Counter(p.issue for p in index.positions.values())
    roots: list[Branch] = []
    stack: list[tuple[int, Branch]] = []
    for iri, depth in index.tree.walk(top):
        branch = Branch(index.issues[iri], counts[iri])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].below if stack else roots).append(branch)
        stack.append((depth, branch))
    return roots


def _by_holder(index: Index, positions: Iterable[Position]) -> list[Position]:
    return sorted(positions, key=lambda p: (index.label(p.holder).lower(), p.iri))


def positions_under(index: Index, iri: str) -> list[tuple[str, list[Position]]]:
    """The positions on every issue under ``iri``, by issue in the order of the hierarchy."""
    on: defaultdict[str, list[Position]] = defaultdict(list)
    for position in index.positions.values():
        on[position.issue].append(position)
    return [
        (issue, _by_holder(index, on[issue])) for issue in index.tree.descendants(iri) if on[issue]
    ]


def issue(index: Index, iri: str) -> dict[str, Any]:
    """An issue or topic: where it sits in the hierarchy, the positions taken on it grouped by
    stance, those on the issues under it, and the statements about it."""
    tree, positions = index.tree, index.positions.values()
    found = index.issues[iri]
    return {
        "issue": found,
        "topic_class": str(SG.Topic),
        "path": tree.path(iri),
        "below": branches(index, tree.narrower(iri)),
        "groups": by_stance(_by_holder(index, (p for p in positions if p.issue == iri))),
        "under": positions_under(index, iri),
        "evidence": index.statements,
        "statements": in_text_order(s for s in index.statements.values() if iri in s.about),
        "chart": issue_charts(index, iri),
        "stance_signs": STANCE_SIGNS,
    }


def issue_scheme(index: Index, iri: str) -> dict[str, Any]:
    """The issue scheme: topics with the issues under them, and how many positions take each
    stance on every issue."""
    tally = Counter((p.issue, p.stance) for p in index.positions.values())
    groups: list[list[tuple[Issue, int]]] = []
    for concept, depth in index.tree.walk():
        if depth == 0:
            groups.append([])
        groups[-1].append((index.issues[concept], depth))
    return {
        "iri": iri,
        "groups": groups,
        "totals": {b.issue.iri: b.total for b in _flatten(branches(index))},
        "tally": {(issue, stance_name(stance)): n for (issue, stance), n in tally.items()},
    }


def _flatten(found: list[Branch]) -> Iterable[Branch]:
    for branch in found:
        yield branch
        yield from _flatten(branch.below)
