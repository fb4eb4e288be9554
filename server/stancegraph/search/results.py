"""What a search asks for and what it finds: plain records, no SQL and no markup.

A :class:`Search` is words, filters and a page; :class:`Results` are one page of
:class:`Hit` (statements, each with its snippet as parts: :mod:`stancegraph.search.snippets`),
their total, and the actors and issues whose names match (:class:`Entity`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from stancegraph.core.errors import SearchInvalid
from stancegraph.search.filters import Filters
from stancegraph.search.snippets import Parts

PER_PAGE: Final = 20
MAX_PAGE: Final = 10_000


def page_number(raw: str) -> int:
    """A ``page`` parameter as a number; raises SearchInvalid unless it is 1 to MAX_PAGE."""
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    raise SearchInvalid(f"page={raw!r}: expected a whole number from 1 to {MAX_PAGE}")


@dataclass(frozen=True)
class Search:
    """What to find: words (:mod:`stancegraph.search.query`), filters, and which page."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1

    @property
    def empty(self) -> bool:
        """Whether it asks for nothing: no words and no filter."""
        return not self.q.strip() and not self.filters.given()


@dataclass(frozen=True)
class Named:
    """An actor, issue or article: its id (the end of its IRI), IRI and name."""

    slug: str
    iri: str
    label: str


@dataclass(frozen=True)
class Choices:
    """What the filters can name: every actor, issue and article, by id; and the lists a form
    offers (speakers by name, issues in the order of the issue tree, articles by headline)."""

    actors: dict[str, Named]
    issues: dict[str, Named]
    articles: dict[str, Named]
    speakers: tuple[Named, ...]
    issue_order: tuple[Named, ...]
    article_order: tuple[Named, ...]

    def known(self) -> dict[str, dict[str, Named]]:
        return {"speaker": self.actors, "issue": self.issues, "article": self.articles}


@dataclass(frozen=True)
class Stance:
    """A position a statement is evidence for: who holds it, on what, with which stance."""

    holder: Named
    issue: Named
    stance: str


@dataclass(frozen=True)
class Hit:
    """A statement found: what it is, where it is, and the snippet that shows why."""

    iri: str
    quote: bool
    speaker: Named
    article: Named
    span: str
    begin: int
    end: int
    text: str
    snippet: Parts
    about: tuple[Named, ...]
    stances: tuple[Stance, ...]


@dataclass(frozen=True)
class Entity:
    """An actor, topic or issue whose name (or other names, description) matches."""

    kind: str  # actor, topic or issue
    named: Named


@dataclass(frozen=True)
class Results:
    """One page of the statements found, how many there are, and the matching names."""

    search: Search
    total: int
    hits: tuple[Hit, ...]
    entities: tuple[Entity, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))
