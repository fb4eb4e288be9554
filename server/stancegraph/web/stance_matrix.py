"""The stance matrix of the home page: actors (rows) × issues (columns), issues grouped by topic.

Each cell holds the positions of one actor on one issue. Only actors and issues with a position
are shown. The columns are grouped under the nearest topic above each issue; the topics with the
most positions come first (issues under no topic last), and within a topic the issues follow the
hierarchy: a proposition before the narrower ones under it, siblings with the most positions first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Position


@dataclass(frozen=True)
class ColumnGroup:
    """The issue columns under one topic (``topic`` None: issues under no topic)."""

    topic: str | None
    issues: tuple[str, ...]


def _column_groups(index: Index, per_issue: Counter[str]) -> list[ColumnGroup]:
    tree = index.tree

    def weight(iri: str) -> tuple[int, str, str]:
        return (-per_issue[iri], index.label(iri).lower(), iri)

    order = {iri: n for n, (iri, _) in enumerate(tree.walk(key=weight))}
    groups: defaultdict[str | None, list[str]] = defaultdict(list)
    for issue in sorted(per_issue, key=lambda i: (order.get(i, len(order)), weight(i))):
        groups[tree.topic_of(issue)].append(issue)
    total = {topic: sum(per_issue[i] for i in issues) for topic, issues in groups.items()}
    topics = sorted(
        groups, key=lambda t: (t is None, -total[t], index.label(t).lower() if t else "")
    )
    return [ColumnGroup(topic, tuple(groups[topic])) for topic in topics]


def stance_matrix(index: Index) -> dict[str, Any]:
    """The matrix: ``actors`` (rows), ``groups`` of issue columns and ``issues`` in column order,
    ``starts`` (the first issue of each group) and ``cells`` by (actor, issue)."""
    cells: defaultdict[tuple[str, str], list[Position]] = defaultdict(list)
    for position in index.positions.values():
        cells[(position.holder, position.issue)].append(position)
    per_issue = Counter(issue for _, issue in cells)
    groups = _column_groups(index, per_issue)
    actors = sorted({holder for holder, _ in cells}, key=lambda a: index.label(a).lower())
    return {
        "actors": actors,
        "groups": groups,
        "issues": [issue for group in groups for issue in group.issues],
        "starts": {group.issues[0] for group in groups},
        "cells": dict(cells),
    }
