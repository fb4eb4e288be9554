"""The reviewed statements to score a draft against, from a mapping or an annotation file.

A mapping (``mappings/<slug>.yaml``) gives quotes and reported statements, its speakers named by
their registry labels. An annotation file (``<slug>.quotes.yaml``: ``{source, outlet, title,
retrieved, quotes: [{text, start, end, speaker}]}``) gives quotes only, by offsets into the
article and the speaker's name as the text gives it in full (``null``: not said).
"""

from __future__ import annotations

from stancegraph.drafting.compare import Gold
from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.excerpts import ExcerptError, locate
from stancegraph.mapping.spec import Registry, parse_article
from stancegraph.mapping.yamlsource import Entry, entries


def from_mapping(doc: Entry, slug: str, registry: Registry, text: str) -> list[Gold]:
    """The statements of a reviewed mapping, located in ``text``."""
    article = parse_article(doc, slug, registry)
    actors = {**registry.actors, **{a.id: a for a in article.actors}}
    found = []
    for s in article.statements:
        try:
            begin = locate(text, s.text, s.occurrence, s.after)
        except ExcerptError as error:
            raise MappingError(doc.path, s.text_line, f"statement {s.id}: {error}") from None
        speaker = None if s.speaker is None else actors[s.speaker].label
        found.append(Gold(s.kind, begin, begin + len(s.text), speaker))
    return found


def from_annotations(doc: Entry, text: str) -> list[Gold]:
    """The quotes of an annotation file, each checked against ``text`` at its offsets."""
    found = []
    for entry in entries(doc, "quotes", "annotation file"):
        begin, end, words = entry.get("start"), entry.get("end"), entry.get("text")
        if type(begin) is not int or type(end) is not int or not 0 <= begin < end <= len(text):
            raise entry.error("start", f"quote: start {begin!r} and end {end!r} must be offsets")
        if words is not None and text[begin:end] != words:
            raise entry.error(
                "text",
                f"quote: the article has {text[begin:end]!r} at {begin}–{end}, not {words!r}",
            )
        speaker = entry.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise entry.error("speaker", f"quote: speaker {speaker!r} must be a name or null")
        found.append(Gold("quote", begin, end, speaker))
    return found
