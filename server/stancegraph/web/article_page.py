"""The article page's view model: the full text with every statement highlighted by speaker.

Each segment of :func:`stancegraph.web.highlight.paragraphs` becomes a :class:`Piece`: plain text, or a
link to the innermost statement covering it, coloured by that statement's speaker, with one
underline band per enclosing statement in the enclosing speaker's colour. Every statement's
first piece is preceded by an empty anchor whose id is the fragment of its span IRI
(``char=b,e``), so ``{article IRI}#char=b,e`` lands on the quote, and by a :class:`Marker`: the
speaker's number in the legend and the stance of the positions it evidences, so neither colour
nor hover is needed to read who says what. Colours repeat after :data:`PALETTE_SIZE` speakers;
each round of them has its own pattern (:data:`CUES`), so every speaker stays distinguishable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Statement
from stancegraph.web.charts import article_charts
from stancegraph.web.highlight import Segment, paragraphs
from stancegraph.web.pages import stance_name

#: Distinct speaker colours defined in ``static/style.css`` (``--sp-0`` … ``--sp-{n-1}``).
PALETTE_SIZE = 12
#: Patterns over the colour (``cue-0`` … in ``static/style.css``), one per round of colours.
CUES = 4
UNDERLINE_PX = 3
#: The sign of each stance on a statement's marker; explained in the legend.
STANCE_SIGNS = {"Favor": "+", "Against": "−", "Neutral": "○"}


@dataclass(frozen=True)
class Speaker:
    """A speaker's place in the legend: number (from 1), colour and pattern."""

    number: int
    colour: int
    cue: int


@dataclass(frozen=True)
class Marker:
    """What precedes a statement in the text: its speaker's number, its kind and stances."""

    key: str  # the statement's local id
    number: int
    quote: bool
    stances: tuple[str, ...]  # stance names of the positions it is evidence for
    title: str

    @property
    def signs(self) -> str:
        return "".join(STANCE_SIGNS.get(name, "") for name in self.stances)


@dataclass(frozen=True)
class Piece:
    """One segment of the article text, ready for the template."""

    text: str
    anchors: tuple[str, ...] = ()
    markers: tuple[Marker, ...] = ()  # of the statements that start here
    statement: str | None = None  # IRI of the innermost statement covering it
    keys: str = ""  # space-separated local ids of every statement covering it
    colour: int = 0
    cue: int = 0
    quote: bool = True  # whether the innermost statement is a direct quote
    style: str = ""
    title: str = ""


def local_id(iri: str) -> str:
    """The last path segment of an IRI: a statement's key in the page."""
    return iri.rsplit("/", 1)[-1]


def speakers(statements: list[Statement]) -> dict[str, Speaker]:
    """Each speaker's number, colour and pattern, speakers in order of first appearance.

    The most frequent speakers get the plain colours; when there are more speakers than colours,
    the others get the colours again with a pattern over them, a new pattern each round.
    """
    first: dict[str, int] = {}
    for s in sorted(statements, key=lambda s: (s.begin, -s.end)):
        first.setdefault(s.speaker, len(first))
    counts = Counter(s.speaker for s in statements)
    by_weight = sorted(first, key=lambda speaker: (-counts[speaker], first[speaker]))
    rank = {speaker: i for i, speaker in enumerate(by_weight)}
    return {
        speaker: Speaker(
            first[speaker] + 1, rank[speaker] % PALETTE_SIZE, rank[speaker] // PALETTE_SIZE % CUES
        )
        for speaker in first
    }


def _describe(index: Index, s: Statement) -> str:
    kind = "Quote" if s.quote else "Reported"
    return f"{kind}: {index.label(s.speaker)}"


def _marker(s: Statement, who: Speaker, stances: tuple[str, ...], index: Index) -> Marker:
    said = "quoted" if s.quote else "reported"
    leaning = ", ".join(f"{name.lower()} ({STANCE_SIGNS[name]})" for name in stances)
    title = f"{who.number}: {index.label(s.speaker)}, {said}" + (f"; {leaning}" if leaning else "")
    return Marker(local_id(s.iri), who.number, s.quote, stances, title)


def _piece(
    segment: Segment,
    marks: list[Statement],
    who: dict[str, Speaker],
    stances: dict[str, tuple[str, ...]],
    index: Index,
) -> Piece:
    anchors = tuple(marks[i].span.rsplit("#", 1)[-1] for i in segment.starting)
    markers = tuple(
        _marker(marks[i], who[marks[i].speaker], stances.get(marks[i].iri, ()), index)
        for i in segment.starting
    )
    if segment.innermost is None:
        return Piece(segment.text, anchors, markers)
    inner = marks[segment.innermost]
    outer = [marks[i] for i in reversed(segment.covering[:-1])]
    bands = ", ".join(
        f"0 {UNDERLINE_PX * depth}px 0 var(--sp-{who[s.speaker].colour})"
        for depth, s in enumerate(outer, start=1)
    )
    return Piece(
        segment.text,
        anchors,
        markers,
        statement=inner.iri,
        keys=" ".join(local_id(marks[i].iri) for i in segment.covering),
        colour=who[inner.speaker].colour,
        cue=who[inner.speaker].cue,
        quote=inner.quote,
        style=f"box-shadow: {bands}" if bands else "",
        title=" ⟩ ".join(_describe(index, marks[i]) for i in segment.covering),
    )


def statement_stances(index: Index, statements: set[str]) -> dict[str, tuple[str, ...]]:
    """For each of ``statements``, the stances of the positions it is evidence for."""
    found: dict[str, set[str]] = {}
    for p in index.positions.values():
        for s in statements.intersection(p.evidence):
            found.setdefault(s, set()).add(stance_name(p.stance))
    order = list(STANCE_SIGNS)
    return {s: tuple(sorted(names, key=order.index)) for s, names in found.items()}


def article(index: Index, iri: str) -> dict[str, Any]:
    """The article page: metadata, how it was annotated, speaker legend, highlighted text and
    its positions."""
    found = index.articles[iri]
    marks = sorted(
        (s for s in index.statements.values() if s.article == iri), key=lambda s: (s.begin, -s.end)
    )
    who = speakers(marks)
    in_article = {s.iri for s in marks}
    stances = statement_stances(index, in_article)
    text = [
        [_piece(segment, marks, who, stances, index) for segment in paragraph]
        for paragraph in paragraphs(found.text, [(s.begin, s.end) for s in marks])
    ]
    shown = sorted(
        (p for p in index.positions.values() if in_article.intersection(p.evidence)),
        key=lambda p: (index.label(p.issue), index.label(p.holder)),
    )
    return {
        "article": found,
        "activities": [a for a in index.activities.values() if a.article == iri],
        "paragraphs": text,
        "legend": [
            (speaker, place, sum(s.speaker == speaker for s in marks))
            for speaker, place in who.items()
        ],
        "stance_signs": STANCE_SIGNS,
        "statements": marks,
        "positions": shown,
        "charts": article_charts(index, found, marks, who, shown),
    }
