"""An article's text in, a draft of its mapping out: quotations, reports and their speakers.

:func:`draft` is pure: the caller reads the article and the registry and writes the result
(:func:`stancegraph.drafting.writer.mapping_yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stancegraph.drafting import attribution, reported
from stancegraph.drafting.mentions import Cast, Speaker, slug
from stancegraph.drafting.quotes import Quotation, quotations
from stancegraph.mapping.spec import Actor


@dataclass(frozen=True)
class Statement:
    """A drafted statement: where it stands, who speaks it, and which rule found it."""

    kind: str  # quote | reported
    begin: int
    end: int
    speaker: Speaker | None
    rule: str
    confidence: float


@dataclass(frozen=True)
class Draft:
    headline: str
    publisher: Speaker
    statements: tuple[Statement, ...]

    @property
    def proposed(self) -> list[Speaker]:
        """The new actors the draft proposes, each once, in order of first use."""
        found = {} if self.publisher.known else {self.publisher.id: self.publisher}
        for s in self.statements:
            if s.speaker is not None and not s.speaker.known:
                found.setdefault(s.speaker.id, s.speaker)
        return list(found.values())


def headline(text: str) -> str:
    """The article's first line: its headline."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def publisher_of(slug_: str, registry: dict[str, Actor], publisher: str | None) -> Speaker:
    """The publisher: a registry actor when named, else a placeholder organization to name."""
    if publisher is not None and publisher in registry:
        actor = registry[publisher]
        return Speaker(actor.label, actor.type, actor.id, True)
    if publisher is not None:
        return Speaker(publisher, "organization", slug(publisher), False)
    return Speaker(
        f"Publisher of {slug_} (to be named)", "organization", f"{slug_}-publisher", False
    )


def _reports(
    cast: Cast, found: list[Quotation], used: set[int], publisher: Speaker
) -> list[Statement]:
    text = cast.text
    spans = [(q.begin, q.end) for q in found]
    first_line = len(text.split("\n", 1)[0])
    statements = []
    for begin, end in reported.sentences(text):
        if begin < first_line:
            continue  # the headline
        inside = any(b <= begin and end <= e for b, e in spans)
        reports = reported.in_sentence(cast, begin, end, used, inside)
        quoted = any(b < end and begin < e for b, e in spans)
        if not reports and not quoted:
            claim = reported.publisher_claim(cast, begin, end, publisher)
            reports = [claim] if claim else []
        for r in reports:
            kept = r.end > r.begin and not any(
                b <= r.begin and r.end <= e for b, e in spans if not inside
            )
            if kept:
                statements.append(
                    Statement("reported", r.begin, r.end, r.speaker, r.rule, r.confidence)
                )
    return statements


def draft(text: str, slug_: str, registry: Iterable[Actor], publisher: str | None = None) -> Draft:
    """Draft the mapping of an article: its direct quotations and reported statements."""
    actors = {a.id: a for a in registry}
    found = quotations(text)
    cast = Cast.read(text, actors.values(), [(q.begin - 1, q.end + 1) for q in found])
    known = attribution.attribute(cast, found)
    # A verb that attributes a quotation is not a report of its own, except in "X said that
    # … and that “…”", where the quotation is a fragment of the report.
    used = {
        a.verb.begin for a in known.values() if a.verb is not None and a.rule != "name-verb-quote"
    }
    owner = publisher_of(slug_, actors, publisher)
    statements = [
        Statement("quote", q.begin, q.end, cast.in_full(a.speaker), a.rule, a.confidence)
        for q, a in known.items()
    ]
    statements += _reports(cast, found, used, owner)
    unique = {(s.kind, s.begin, s.end, s.speaker): s for s in statements}
    ordered = sorted(unique.values(), key=lambda s: (s.begin, -s.end))
    return Draft(headline(text), owner, tuple(_strip(text, s) for s in ordered))


def _strip(text: str, s: Statement) -> Statement:
    """A reported statement without the spaces and marks at its edges."""
    if s.kind == "quote":
        return s
    begin, end = s.begin, s.end
    while begin < end and not re.match(r"[\w‘’“]", text[begin]):
        begin += 1
    while end > begin and text[end - 1] in " ,;:\n":
        end -= 1
    return Statement(s.kind, begin, end, s.speaker, s.rule, s.confidence)
