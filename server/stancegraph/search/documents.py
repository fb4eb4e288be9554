"""The rows of the search index, made from the page index of a dataset (pure, deterministic).

Each statement is one searchable document: its words, its speaker's names (label and other
labels) and the labels of the issues it is about. Beside it are what the filters test and what a
hit shows: the issues it concerns (those it is about and those of the positions it evidences,
each with every issue above it, so that a topic finds what is under it) and the stances of those
positions. Actors and issues are searchable documents too, by name, other names, description or
definition. Rows are sorted, and statements numbered in text order, so that the same data gives
the same rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from stancegraph.catalog.index import Index
from stancegraph.catalog.issue_tree import IssueTree
from stancegraph.catalog.records import Statement

#: Characters that mark a match in a snippet (:mod:`stancegraph.search.snippets`); never
#: indexed, so that no text can fake a mark.
MARKS: Final = ("\x02", "\x03")


def slug(iri: str) -> str:
    """The id a filter names a resource by: the last segment of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def stance_word(iri: str) -> str:
    """``favor``, ``against`` or ``neutral`` for a stance IRI (as the mappings spell them)."""
    return iri.rsplit("#", 1)[-1].lower()


def searchable(text: str) -> str:
    """``text`` without the characters that mark matches."""
    return text.replace(MARKS[0], "\ufffd").replace(MARKS[1], "\ufffd")


#: id, iri, quote, speaker, article, span, begin, end, text, speaker's names, issues' labels
StatementRow = tuple[int, str, int, str, str, str, int, int, str, str, str]


@dataclass(frozen=True)
class Documents:
    """Every row of the index, table by table, sorted."""

    articles: list[tuple[str, str, str]]  # slug, iri, headline
    actors: list[tuple[str, str, str, int]]  # slug, iri, label, statements spoken
    issues: list[tuple[str, str, str, int, int]]  # slug, iri, label, topic, place in the tree
    statements: list[StatementRow]
    about: list[tuple[int, str]]  # statement, issue it is about
    stances: list[tuple[int, str, str, str]]  # statement, holder, issue, stance it evidences
    concerns: list[tuple[str, int]]  # issue (or one above it), statement
    evidence: list[tuple[str, str, int]]  # issue (or one above it), stance, statement
    entities: list[tuple[str, str, str, str]]  # kind, slug, name, other names and text


def documents(index: Index) -> Documents:
    """The rows of the search index of ``index``."""
    ordered = sorted(index.statements.values(), key=lambda s: (s.article, s.begin, -s.end, s.iri))
    number = {s.iri: n for n, s in enumerate(ordered, start=1)}
    speaks = Counter(s.speaker for s in ordered)
    stances = sorted(
        {
            (number[e], slug(p.holder), slug(p.issue), stance_word(p.stance))
            for p in index.positions.values()
            for e in p.evidence
            if e in number
        }
    )
    about = sorted({(number[s.iri], slug(i)) for s in ordered for i in s.about})
    above = _above(index.tree)
    concerned = set(about) | {(n, issue) for n, _, issue, _ in stances}
    return Documents(
        articles=sorted((slug(a.iri), a.iri, a.headline) for a in index.articles.values()),
        actors=sorted((slug(a.iri), a.iri, a.label, speaks[a.iri]) for a in index.actors.values()),
        issues=_issues(index.tree),
        statements=[_statement(index, number[s.iri], s) for s in ordered],
        about=about,
        stances=stances,
        concerns=sorted({(up, n) for n, issue in concerned for up in above.get(issue, (issue,))}),
        evidence=sorted(
            {
                (up, stance, n)
                for n, _, issue, stance in stances
                for up in above.get(issue, (issue,))
            }
        ),
        entities=sorted(_entities(index)),
    )


def _statement(index: Index, number: int, s: Statement) -> StatementRow:
    about = "\n".join(index.label(i) for i in sorted(s.about))
    return (
        number,
        s.iri,
        int(s.quote),
        slug(s.speaker),
        slug(s.article),
        s.span,
        s.begin,
        s.end,
        searchable(s.text),
        searchable(_names(index, s.speaker)),
        searchable(about),
    )


def _names(index: Index, iri: str) -> str:
    actor = index.actors.get(iri)
    return "\n".join((actor.label, *actor.alt_labels)) if actor else index.label(iri)


def _issues(tree: IssueTree) -> list[tuple[str, str, str, int, int]]:
    """Every issue and topic, with its place in a walk of the tree (for the issue filter)."""
    walked = {iri: place for place, (iri, _) in enumerate(tree.walk())}
    return sorted(
        (slug(i.iri), i.iri, i.label, int(i.topic), walked.get(i.iri, len(walked)))
        for i in tree.issues.values()
    )


def _above(tree: IssueTree) -> dict[str, tuple[str, ...]]:
    """Each issue's slug, with the slugs of itself and every issue or topic above it."""
    return {slug(i): (slug(i), *(slug(a) for a in tree.ancestors(i))) for i in tree.issues}


def _entities(index: Index) -> Iterable[tuple[str, str, str, str]]:
    for actor in index.actors.values():
        other = "\n".join((*actor.alt_labels, actor.description or ""))
        yield "actor", slug(actor.iri), searchable(actor.label), searchable(other)
    for issue in index.issues.values():
        kind = "topic" if issue.topic else "issue"
        yield kind, slug(issue.iri), searchable(issue.label), searchable(issue.definition or "")
