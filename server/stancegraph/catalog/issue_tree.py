"""The issue scheme as a tree: topics and propositions linked by ``skos:broader``.

The data states ``skos:broader`` (and its inverse); :class:`IssueTree` derives the narrower
concepts from it, so that a store holding only one direction gives the same tree. A walk shows
a concept with several broader ones once, under the first of them it reaches; a loop of broader
links, which the build refuses but a store might hold, ends where it comes back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stancegraph.catalog.records import Issue


@dataclass(frozen=True)
class IssueTree:
    """Narrower and broader concepts of every issue and topic, by IRI."""

    issues: Mapping[str, Issue]
    children: Mapping[str, tuple[str, ...]]
    roots: tuple[str, ...]

    @classmethod
    def of(cls, issues: Mapping[str, Issue]) -> IssueTree:
        """The tree of ``issues``; a broader concept that is not among them is ignored."""
        children: defaultdict[str, list[str]] = defaultdict(list)
        for issue in issues.values():
            for broader in issue.broader:
                if broader in issues:
                    children[broader].append(issue.iri)
        roots = [i.iri for i in issues.values() if not any(b in issues for b in i.broader)]
        key = _by_label(issues)
        return cls(
            issues,
            {iri: tuple(sorted(found, key=key)) for iri, found in children.items()},
            tuple(sorted(roots, key=key)),
        )

    def narrower(self, iri: str) -> tuple[str, ...]:
        """The concepts directly under ``iri``, by label."""
        return self.children.get(iri, ())

    def walk(
        self, top: Iterable[str] | None = None, key: Callable[[str], Any] | None = None
    ) -> list[tuple[str, int]]:
        """Every concept under ``top`` (the roots by default) in pre-order, with its depth.

        Each concept comes once; siblings are ordered by ``key`` (by label by default).
        """
        order = key or _by_label(self.issues)
        seen: set[str] = set()
        walked: list[tuple[str, int]] = []
        pending = [(iri, 0) for iri in sorted(self.roots if top is None else top, key=order)]
        pending.reverse()
        while pending:
            iri, depth = pending.pop()
            if iri in seen:
                continue
            seen.add(iri)
            walked.append((iri, depth))
            below = sorted(self.narrower(iri), key=order)
            pending.extend((child, depth + 1) for child in reversed(below))
        return walked

    def descendants(self, iri: str) -> list[str]:
        """Every concept under ``iri``, transitively, in pre-order (``iri`` itself left out)."""
        return [found for found, depth in self.walk([iri]) if depth > 0]

    def ancestors(self, iri: str) -> list[str]:
        """Every concept above ``iri``, nearest first."""
        found: list[str] = []
        pending = list(self._broader(iri))
        while pending:
            current = pending.pop(0)
            if current in found or current == iri:
                continue
            found.append(current)
            pending.extend(self._broader(current))
        return found

    def path(self, iri: str) -> list[str]:
        """From a top concept down to the concept just above ``iri``, by first broader ones."""
        chain: list[str] = []
        current = iri
        while True:
            above = [b for b in self._broader(current) if b not in chain and b != iri][:1]
            if not above:
                return chain[::-1]
            chain.append(above[0])
            current = above[0]

    def topic_of(self, iri: str) -> str | None:
        """The nearest topic at or above ``iri``; None when there is none."""
        if iri in self.issues and self.issues[iri].topic:
            return iri
        return next((a for a in self.ancestors(iri) if self.issues[a].topic), None)

    def _broader(self, iri: str) -> list[str]:
        issue = self.issues.get(iri)
        if issue is None:
            return []
        return sorted((b for b in issue.broader if b in self.issues), key=_by_label(self.issues))


def _by_label(issues: Mapping[str, Issue]) -> Callable[[str], tuple[str, str]]:
    def key(iri: str) -> tuple[str, str]:
        return (issues[iri].label.lower() if iri in issues else iri, iri)

    return key
