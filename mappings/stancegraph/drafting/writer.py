"""A draft as the YAML mapping the build reads (mappings/README.md), ready for review."""

from __future__ import annotations

import json
from collections import Counter

from stancegraph.drafting.draft import Draft, Statement
from stancegraph.drafting.mentions import slug
from stancegraph.mapping.excerpts import occurrences

HEADER = """\
# Drafted by {tool} from seeds/{seed}.
# Review every statement (the lowest confidence first): fix its words, speaker and kind, add
# `reviewed_by: <your name>`, then issues (about:) and positions. Fill in the placeholders.
# Actors under `actors:` are proposed: check them, then move them to actors.yaml.
"""


def _text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _ids(draft: Draft) -> list[str]:
    """Statement ids: the speaker's surname (or id) and the kind, numbered per speaker."""
    counts: Counter[str] = Counter()
    ids = []
    for s in draft.statements:
        who = "unknown" if s.speaker is None else _short(s.speaker.id, s.speaker.type)
        prefix = f"{who}-{'q' if s.kind == 'quote' else 'r'}"
        counts[prefix] += 1
        ids.append(f"{prefix}{counts[prefix]}")
    return ids


def _short(actor_id: str, kind: str) -> str:
    return actor_id.rsplit("-", 1)[-1] if kind == "person" else actor_id


def _statement(text: str, id_: str, s: Statement, tool: str) -> list[str]:
    words = text[s.begin : s.end]
    lines = [
        f"  - id: {id_}",
        f"    kind: {s.kind}",
        f"    speaker: {'null' if s.speaker is None else s.speaker.id}",
        f"    text: {_text(words)}",
    ]
    starts = occurrences(text, words)
    if len(starts) > 1:
        lines.append(f"    occurrence: {starts.index(s.begin) + 1}")
    lines.append("    basis: inferred")
    lines.append(f"    drafted: {{by: {tool}, rule: {s.rule}, confidence: {s.confidence}}}")
    return lines


def mapping_yaml(draft: Draft, text: str, seed: str, sha256: str, tool: str, date: str) -> str:
    """The draft as a mapping file: the article, proposed actors, then the statements."""
    out = [HEADER.format(tool=tool, seed=seed).rstrip("\n"), "article:"]
    out += [
        f"  seed: {seed}",
        f"  sha256: {sha256}",
        f"  headline: {_text(draft.headline)}",
        f"  publisher: {draft.publisher.id}"
        + ("" if draft.publisher.known else "  # PLACEHOLDER: the outlet's actor id"),
        "  language: en",
        "  annotation:",
        f"    by: {tool}",
        f"    date: {date}",
        "    method: drafted",
    ]
    proposed = draft.proposed
    if proposed:
        out += ["", "actors:  # proposed: not yet in actors.yaml"]
        for actor in proposed:
            out += [
                f"  - id: {actor.id}",
                f"    type: {actor.type}",
                f"    label: {_text(actor.label)}",
            ]
    out += ["", "statements:"]
    for id_, s in zip(_ids(draft), draft.statements, strict=True):
        out += _statement(text, id_, s, tool)
    return "\n".join(out) + "\n"


__all__ = ["mapping_yaml", "slug"]
