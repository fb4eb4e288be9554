"""What the charts show, as numbers: share of voice, the stances in an article, stances on an issue.

Pure functions over the page index's records; drawing is :mod:`stancegraph.web.chart_layout`.

Share of voice counts characters (code points) of the article, each once. Where statements nest
or overlap, a character belongs to the innermost statement covering it, the one its highlight on
the article page is coloured by: the shortest span covering it, then the one that begins later,
then the later in text order. So the words of a speaker reported inside another's quote count for
the reported speaker, not for the one quoting them, and the sum over speakers is exactly the
number of characters that are in any statement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Position, Statement
from stancegraph.web.pages import INFERRED, STANCES, stance_name


@dataclass(frozen=True)
class Voice:
    """How many characters of an article a speaker says: in direct quotes, and reported."""

    speaker: str
    direct: int
    reported: int

    @property
    def total(self) -> int:
        return self.direct + self.reported


def innermost_owners(statements: Sequence[Statement]) -> list[tuple[int, int, Statement]]:
    """The covered stretches of text, each ``(begin, end, statement)`` with the innermost
    statement covering it (see the module's docstring); uncovered text is left out."""
    marks = sorted(statements, key=lambda s: (s.begin, -s.end, s.iri))
    cuts = sorted({offset for s in marks for offset in (s.begin, s.end)})
    owned: list[tuple[int, int, Statement]] = []
    for begin, end in pairwise(cuts):
        covering = [(i, s) for i, s in enumerate(marks) if s.begin <= begin and end <= s.end]
        if covering:
            _, inner = max(covering, key=lambda c: (c[1].begin - c[1].end, c[1].begin, c[0]))
            owned.append((begin, end, inner))
    return owned


def share_of_voice(statements: Sequence[Statement]) -> list[Voice]:
    """Each speaker's characters, each character counted once, most first (ties by IRI)."""
    direct: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    for begin, end, s in innermost_owners(statements):
        (direct if s.quote else reported)[s.speaker] += end - begin
    speakers = {s.speaker for s in statements}
    voices = [Voice(who, direct[who], reported[who]) for who in speakers]
    return sorted(voices, key=lambda v: (-v.total, v.speaker))


@dataclass(frozen=True)
class Mark:
    """One position in a chart: its stance's name and how it is known."""

    position: str
    stance: str  # Favor, Against or Neutral
    ascribed_by: str | None
    inferred: bool


def mark(p: Position) -> Mark:
    return Mark(p.iri, stance_name(p.stance), p.ascribed_by, p.basis == INFERRED)


@dataclass(frozen=True)
class StanceGrid:
    """Holders (rows) × issues (columns) of an article's positions; ``cells`` by (holder, issue)."""

    holders: tuple[str, ...]
    issues: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[Mark, ...]]


def stance_grid(
    index: Index, positions: Iterable[Position], first: Sequence[str] = ()
) -> StanceGrid:
    """The grid of ``positions``: holders in ``first`` (the speakers, in legend order) lead, the
    others follow by name; issues with the most positions first, then by label."""
    cells: defaultdict[tuple[str, str], list[Position]] = defaultdict(list)
    for p in positions:
        cells[(p.holder, p.issue)].append(p)
    order = {holder: n for n, holder in enumerate(first)}
    holders = sorted(
        {h for h, _ in cells},
        key=lambda h: (order.get(h, len(order)), index.label(h).lower(), h),
    )
    per_issue = Counter(issue for _, issue in cells)
    issues = sorted(per_issue, key=lambda i: (-per_issue[i], index.label(i).lower(), i))
    return StanceGrid(
        tuple(holders),
        tuple(issues),
        {
            key: tuple(mark(p) for p in sorted(found, key=_by_stance))
            for key, found in cells.items()
        },
    )


def _by_stance(p: Position) -> tuple[int, str]:
    return (STANCES.index(p.stance) if p.stance in STANCES else len(STANCES), p.iri)


@dataclass(frozen=True)
class Standing:
    """One holder under one stance on an issue, with the positions that put them there."""

    holder: str
    marks: tuple[Mark, ...]


#: The stances from left to right in the issue chart: against, neutral in the middle, favour.
DIVERGING = ("Against", "Neutral", "Favor")


def standings(index: Index, issue: str) -> dict[str, list[Standing]]:
    """Who stands where on ``issue`` over the whole corpus: for each stance of
    :data:`DIVERGING`, its holders by name (a holder with several stances is under each)."""
    found: defaultdict[tuple[str, str], list[Mark]] = defaultdict(list)
    for p in sorted(index.positions.values(), key=lambda p: p.iri):
        if p.issue == issue:
            found[(stance_name(p.stance), p.holder)].append(mark(p))
    return {
        stance: sorted(
            (Standing(holder, tuple(marks)) for (s, holder), marks in found.items() if s == stance),
            key=lambda st: (index.label(st.holder).lower(), st.holder),
        )
        for stance in DIVERGING
    }
