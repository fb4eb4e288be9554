"""Where each mark of a chart goes: the geometry and words that ``templates/charts.html`` draws.

Each function takes the numbers of :mod:`stancegraph.web.chart_data` and returns a frozen
dataclass in SVG user units (about pixels): rows, bars, labels (cut to fit, the full ones are in
the text alternative), the chart's title and a description that says in words what it shows.
Stances are told apart by a sign in a badge (the article page's + − ○) and a word in the key,
never by colour alone, so the charts read the same in grey on paper.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from stancegraph.catalog.index import Index
from stancegraph.web.chart_data import DIVERGING, Mark, StanceGrid, Standing, Voice

#: Each stance in words, as the charts' descriptions and keys say it.
WORDS = {"Favor": "in favour", "Against": "against", "Neutral": "neutral"}
FONT_WIDTH = 7.0  # a 13 px sans-serif character, on average, to cut labels that would not fit


class Speaker(Protocol):
    """A speaker's place in the article's legend (:class:`stancegraph.web.article_page.Speaker`)."""

    @property
    def number(self) -> int: ...

    @property
    def colour(self) -> int: ...


def cut(text: str, room: float, font_width: float = FONT_WIDTH) -> str:
    """``text``, ended with “…” if it is wider than ``room`` units."""
    most = max(int(room / font_width), 2)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- Share of voice ------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceRow:
    voice: Voice
    number: int  # the speaker's number in the article's legend
    colour: int  # the speaker's colour (``sp-N``)
    label: str
    y: float
    direct_width: float
    reported_width: float
    value: str  # characters and share, drawn after the bar


@dataclass(frozen=True)
class VoiceChart:
    width: int
    height: int
    bar_x: int
    rows: tuple[VoiceRow, ...]
    covered: int  # characters in any statement (the sum of the rows)
    length: int  # characters of the article
    title: str
    desc: str

    def share(self, voice: Voice) -> str:
        return percent(voice.total, self.covered)


VOICE_WIDTH, VOICE_LABEL, VOICE_BAR, VOICE_ROW, VOICE_TOP = 760, 250, 300, 26, 40


def voice_chart(
    index: Index, voices: Sequence[Voice], who: Mapping[str, Speaker], length: int
) -> VoiceChart:
    """A horizontal bar per speaker, longest first: direct quotes solid, reported hatched."""
    covered = sum(v.total for v in voices)
    most = max((v.total for v in voices), default=0) or 1
    rows = []
    for n, v in enumerate(voices):
        name = index.label(v.speaker)
        rows.append(
            VoiceRow(
                v,
                who[v.speaker].number,
                who[v.speaker].colour,
                cut(name, VOICE_LABEL - 36),
                VOICE_TOP + n * VOICE_ROW,
                VOICE_BAR * v.direct / most,
                VOICE_BAR * v.reported / most,
                f"{v.total:,} · {percent(v.total, covered)}",
            )
        )
    lead = ", ".join(f"{index.label(v.speaker)} {percent(v.total, covered)}" for v in voices[:3])
    desc = (
        f"{plural(len(voices), 'speaker')}; {covered:,} of the article's {length:,} characters "
        f"({percent(covered, length)}) are in their statements, each character counted once, "
        f"for the innermost statement. Largest shares: {lead}."
    )
    return VoiceChart(
        VOICE_WIDTH,
        VOICE_TOP + len(rows) * VOICE_ROW + 8,
        VOICE_LABEL,
        tuple(rows),
        covered,
        length,
        "Share of voice: characters of the article in each speaker's statements",
        desc,
    )


# --- Stances in an article ---------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """A position's sign in a circle; a dashed ring when inferred, a small ``a`` when ascribed."""

    mark: Mark
    x: float
    y: float


@dataclass(frozen=True)
class GridColumn:
    issue: str
    x: float  # the column's centre
    lines: tuple[str, ...]  # the issue's label, wrapped


@dataclass(frozen=True)
class GridRow:
    holder: str
    number: int | None  # the holder's number in the legend, if the holder speaks
    label: str
    y: float  # the row's middle


@dataclass(frozen=True)
class GridChart:
    width: int
    height: int
    label_width: int
    header: int  # height of the column headings
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    badges: tuple[Badge, ...]
    key_y: int
    grid: StanceGrid
    title: str
    desc: str


GRID_LABEL, GRID_COLUMN, GRID_ROW, GRID_LINE, GRID_WRAP, GRID_LINES = 210, 84, 30, 13, 12, 6
GRID_KEY_WIDTH, BADGE_STEP = 560, 24


def wrap(text: str, width: int = GRID_WRAP, lines: int = GRID_LINES) -> tuple[str, ...]:
    """``text`` in lines of at most about ``width`` characters, the last cut if too many."""
    found = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(found) > lines:
        found = [*found[: lines - 1], cut(" ".join(found[lines - 1 :]), width * FONT_WIDTH * 0.9)]
    return tuple(found)


def grid_chart(index: Index, grid: StanceGrid, who: Mapping[str, Speaker]) -> GridChart:
    """Rows of holders, columns of issues, a badge per position where they meet."""
    lines = [wrap(index.label(issue)) for issue in grid.issues]
    header = max((len(found) for found in lines), default=1) * GRID_LINE + 12
    columns = tuple(
        GridColumn(issue, GRID_LABEL + GRID_COLUMN * (n + 0.5), lines[n])
        for n, issue in enumerate(grid.issues)
    )
    rows = tuple(
        GridRow(
            holder,
            who[holder].number if holder in who else None,
            cut(index.label(holder), GRID_LABEL - 34),
            header + GRID_ROW * (n + 0.5),
        )
        for n, holder in enumerate(grid.holders)
    )
    badges = []
    for row in rows:
        for column in columns:
            marks = grid.cells.get((row.holder, column.issue), ())
            start = column.x - BADGE_STEP * (len(marks) - 1) / 2
            badges += [Badge(m, start + BADGE_STEP * i, row.y) for i, m in enumerate(marks)]
    body = header + GRID_ROW * len(rows)
    counts = {s: sum(b.mark.stance == s for b in badges) for s in ("Favor", "Against", "Neutral")}
    desc = (
        f"{plural(len(badges), 'position')} of {plural(len(rows), 'holder')} on "
        f"{plural(len(columns), 'issue')}: "
        + ", ".join(f"{n} {WORDS[stance]}" for stance, n in counts.items())
        + f"; {sum(b.mark.ascribed_by is not None for b in badges)} ascribed by another actor, "
        f"{sum(b.mark.inferred for b in badges)} inferred by the annotators."
    )
    return GridChart(
        max(GRID_LABEL + GRID_COLUMN * len(columns), GRID_KEY_WIDTH),
        body + 40,
        GRID_LABEL,
        header,
        columns,
        rows,
        tuple(badges),
        body + 24,
        grid,
        "Who stands where in this article: holders by issue",
        desc,
    )


# --- Stances on an issue over the corpus ---------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A holder under a stance: a badge and the holder's name."""

    standing: Standing
    x: float
    y: float
    label: str

    @property
    def ascribed(self) -> bool:
        return any(m.ascribed_by for m in self.standing.marks)

    @property
    def inferred(self) -> bool:
        return all(m.inferred for m in self.standing.marks)


@dataclass(frozen=True)
class BarPart:
    """One stance's part of the diverging bar."""

    stance: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class IssueChart:
    width: int
    height: int
    column: int  # width of each stance's column
    parts: tuple[BarPart, ...]
    tokens: tuple[Token, ...]
    groups: dict[str, list[Standing]]
    title: str
    desc: str

    @property
    def centre(self) -> float:
        return self.width / 2


ISSUE_WIDTH, ISSUE_COLUMN, ISSUE_TOP, ISSUE_ROW, ISSUE_UNIT = 720, 240, 78, 26, 40


def issue_chart(index: Index, issue: str, groups: dict[str, list[Standing]]) -> IssueChart:
    """Against on the left, neutral in the middle, favour on the right: a diverging bar of how
    many holders take each stance, and under it each holder, named, in its stance's column."""
    counts = {stance: len(groups.get(stance, [])) for stance in DIVERGING}
    total = sum(counts.values())
    unit = min(ISSUE_UNIT, (ISSUE_WIDTH - 40) / total) if total else 0
    x = (ISSUE_WIDTH - counts["Neutral"] * unit) / 2 - counts["Against"] * unit
    parts = []
    for stance in DIVERGING:
        parts.append(BarPart(stance, x, counts[stance] * unit, counts[stance]))
        x += counts[stance] * unit
    tokens = tuple(
        Token(
            st,
            ISSUE_COLUMN * n,
            ISSUE_TOP + ISSUE_ROW * row,
            cut(index.label(st.holder), ISSUE_COLUMN - 56),
        )
        for n, stance in enumerate(DIVERGING)
        for row, st in enumerate(groups.get(stance, []))
    )
    deepest = max(counts.values(), default=0)
    label = index.label(issue)
    desc = (
        f"On “{label}”, over every article: "
        + "; ".join(
            f"{WORDS[stance]}: "
            + (", ".join(index.label(st.holder) for st in groups.get(stance, [])) or "no one")
            for stance in DIVERGING
        )
        + "."
    )
    return IssueChart(
        ISSUE_WIDTH,
        ISSUE_TOP + ISSUE_ROW * max(deepest, 1),
        ISSUE_COLUMN,
        tuple(parts),
        tokens,
        groups,
        f"Who stands where on “{label}”: {plural(total, 'holder')} by stance",
        desc,
    )
