"""The article page's view model: the full text with every statement highlighted by speaker.

Each segment of :func:`stancegraph.web.highlight.paragraphs` becomes a :class:`Piece`: plain text, or a
link to the innermost statement covering it, coloured by that statement's speaker, with one
underline band per enclosing statement in the enclosing speaker's colour. Every statement's
first piece is preceded by an empty anchor whose id is the fragment of its span IRI
(``char=b,e``), so ``{article IRI}#char=b,e`` lands on the quote.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Statement
from stancegraph.web.highlight import Segment, paragraphs

#: Distinct speaker colours defined in ``static/style.css`` (``--sp-0`` … ``--sp-{n-1}``).
PALETTE_SIZE = 12
UNDERLINE_PX = 3


@dataclass(frozen=True)
class Piece:
    """One segment of the article text, ready for the template."""

    text: str
    anchors: tuple[str, ...] = ()
    statement: str | None = None  # IRI of the innermost statement covering it
    keys: str = ""  # space-separated local ids of every statement covering it
    colour: int = 0
    style: str = ""
    title: str = ""


def local_id(iri: str) -> str:
    """The last path segment of an IRI: a statement's key in the page."""
    return iri.rsplit("/", 1)[-1]


def speakers(statements: list[Statement]) -> dict[str, int]:
    """Each speaker's colour index, speakers in order of first appearance in the text.

    The most frequent speakers get a colour of their own; when there are more speakers than
    colours, only the least frequent share one.
    """
    first: dict[str, int] = {}
    for s in sorted(statements, key=lambda s: (s.begin, -s.end)):
        first.setdefault(s.speaker, len(first))
    counts = Counter(s.speaker for s in statements)
    by_weight = sorted(first, key=lambda speaker: (-counts[speaker], first[speaker]))
    colour = {speaker: i % PALETTE_SIZE for i, speaker in enumerate(by_weight)}
    return {speaker: colour[speaker] for speaker in first}


def _describe(index: Index, s: Statement) -> str:
    kind = "Quote" if s.quote else "Reported"
    return f"{kind}: {index.label(s.speaker)}"


def _piece(
    segment: Segment, marks: list[Statement], colours: dict[str, int], index: Index
) -> Piece:
    anchors = tuple(marks[i].span.rsplit("#", 1)[-1] for i in segment.starting)
    if segment.innermost is None:
        return Piece(segment.text, anchors)
    inner = marks[segment.innermost]
    outer = [marks[i] for i in reversed(segment.covering[:-1])]
    bands = ", ".join(
        f"0 {UNDERLINE_PX * depth}px 0 var(--sp-{colours[s.speaker]})"
        for depth, s in enumerate(outer, start=1)
    )
    return Piece(
        segment.text,
        anchors,
        statement=inner.iri,
        keys=" ".join(local_id(marks[i].iri) for i in segment.covering),
        colour=colours[inner.speaker],
        style=f"box-shadow: {bands}" if bands else "",
        title=" ⟩ ".join(_describe(index, marks[i]) for i in segment.covering),
    )


def article(index: Index, iri: str) -> dict[str, Any]:
    """The article page: metadata, how it was annotated, speaker legend, highlighted text and
    its positions."""
    found = index.articles[iri]
    marks = sorted(
        (s for s in index.statements.values() if s.article == iri), key=lambda s: (s.begin, -s.end)
    )
    colours = speakers(marks)
    text = [
        [_piece(segment, marks, colours, index) for segment in paragraph]
        for paragraph in paragraphs(found.text, [(s.begin, s.end) for s in marks])
    ]
    in_article = {s.iri for s in marks}
    return {
        "article": found,
        "activities": [a for a in index.activities.values() if a.article == iri],
        "paragraphs": text,
        "legend": [
            (speaker, colour, sum(s.speaker == speaker for s in marks))
            for speaker, colour in colours.items()
        ],
        "statements": marks,
        "positions": sorted(
            (p for p in index.positions.values() if in_article.intersection(p.evidence)),
            key=lambda p: (index.label(p.issue), index.label(p.holder)),
        ),
    }
