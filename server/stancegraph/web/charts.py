"""The charts of the article and issue pages, from the page index to what the templates draw.

Per article: the share of voice by speaker and the stances its positions show, holder by issue;
per issue: who stands where over the whole corpus. The numbers are
:mod:`stancegraph.web.chart_data`, the drawing :mod:`stancegraph.web.chart_layout` and the
``templates/charts.html`` macros (inline SVG, each with a text alternative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stancegraph.catalog.index import Index
from stancegraph.catalog.records import Article, Position, Statement
from stancegraph.web.chart_data import share_of_voice, stance_grid, standings
from stancegraph.web.chart_layout import (
    GridChart,
    IssueChart,
    Speaker,
    VoiceChart,
    grid_chart,
    issue_chart,
    voice_chart,
)


@dataclass(frozen=True)
class ArticleCharts:
    voice: VoiceChart | None  # None: no statement
    stances: GridChart | None  # None: no position


def article_charts(
    index: Index,
    article: Article,
    statements: Sequence[Statement],
    who: Mapping[str, Speaker],
    positions: Sequence[Position],
) -> ArticleCharts:
    """The article's charts; ``who`` orders the holders who speak as the legend numbers them."""
    in_legend = sorted(who, key=lambda speaker: who[speaker].number)
    return ArticleCharts(
        voice_chart(index, share_of_voice(statements), who, len(article.text))
        if statements
        else None,
        grid_chart(index, stance_grid(index, positions, in_legend), who) if positions else None,
    )


def issue_charts(index: Index, iri: str) -> IssueChart | None:
    """Who stands where on a proposition over the corpus; None for a topic or no position."""
    if index.issues[iri].topic or not any(p.issue == iri for p in index.positions.values()):
        return None
    return issue_chart(index, iri, standings(index, iri))
