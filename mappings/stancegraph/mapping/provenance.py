"""How a statement was made, beyond its basis: drafted by a program, reviewed by a person.

A statement drafted by ``stancegraph draft`` carries ``drafted: {by, rule, confidence}`` (the
tool and version, the rule that found it, how sure the rule is); a person who checked it adds
``reviewed_by: <name>``. Only a drafted statement not yet reviewed may leave its speaker
unknown (``speaker: null``): the text never says who speaks, and review must decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stancegraph.mapping.yamlsource import Entry, check_keys, string


@dataclass(frozen=True)
class Drafted:
    """What drafted a statement: the tool and its version, the rule, the rule's confidence."""

    by: str
    rule: str
    confidence: str  # a decimal from 0 to 1, as written (``0.9``), kept exact for xsd:decimal
    line: int


def _confidence(entry: Entry, what: str) -> str:
    value = entry.get("confidence")
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise entry.error(
            "confidence", f"{what}: confidence {value!r} must be a number from 0 to 1, like 0.8"
        )
    return str(Decimal(str(value)).normalize()) if value else "0"


def drafted(entry: Entry, what: str) -> Drafted | None:
    """The statement's ``drafted:`` block, if it has one."""
    if "drafted" not in entry:
        return None
    block = entry["drafted"]
    if not isinstance(block, Entry):
        raise entry.error(
            "drafted",
            f"{what}: drafted must be a mapping: {{by: tool and version, rule: name, "
            f"confidence: 0 to 1}}, not {block!r}",
        )
    what = f"{what} drafted"
    check_keys(block, {"by", "rule", "confidence"}, set(), what)
    return Drafted(
        by=string(block, "by", what),
        rule=string(block, "rule", what),
        confidence=_confidence(block, what),
        line=block.line,
    )


def speaker(entry: Entry, what: str, made: Drafted | None, reviewed: str | None) -> str | None:
    """The statement's speaker id; ``None`` (``speaker: null``) only for an unreviewed draft."""
    if "speaker" not in entry:
        raise entry.error(None, f"{what}: missing required key 'speaker'")
    if entry["speaker"] is not None:
        return string(entry, "speaker", what)
    if made is None or reviewed is not None:
        raise entry.error(
            "speaker",
            f"{what}: speaker is null (unknown); only a drafted statement not yet reviewed may "
            "leave it so: name the actor who speaks",
        )
    return None
