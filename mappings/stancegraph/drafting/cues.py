"""Cues in the words around a name: is it a person, and does it stand as a subject?

English news marks a person by a title or role before the name ("resident Jane Doe"), an
apposition after it (", 48,", ", the director of"), or a verb of saying of which the name is the
subject ("Doe said", "said Doe."); a pronoun refers back to a name in subject position, not to the
object of a verb or a preposition ("praised striker X", "the absence of X").
"""

from __future__ import annotations

import re

from stancegraph.drafting.lexicon import STARTERS, TITLES

SAYING = (
    r"(?:said|says|say|added|adds|told|tells|explained|explains|noted|notes|stressed|insisted|"
    r"declared|warned|wrote|writes|tweeted|replied|answered|asked|asks|agreed|admitted|"
    r"continued|recalled|joked|probed|argued|acknowledged|observed|reminded|emphasized|"
    r"emphasised|reaffirmed|announced|confirmed|commented|explain|spoke|speaking|stated|"
    r"claimed|claims|vowed|urged|conceded|denied|hinted|described|predicted|insists|warns)"
)
SPEAKS_AFTER = re.compile(rf"^(?:’s|'s)?\s+(?:\w+ly\s+|also\s+|then\s+|later\s+)?{SAYING}\b")
SPEAKS_AFTER_APPOSITION = re.compile(
    rf"^,[^,.\n]{{0,80}},\s+(?:\w+ly\s+)?{SAYING}\b|^,\s+{SAYING}\b"
)
SAID_BEFORE = re.compile(
    r"\b(?:said|says|added|adds|explained|noted|insisted|asked|wrote|recalled|agreed)[ \t]+$"
)
APPOSITION = re.compile(
    r"^(?:’s|'s)?(?:,|\s+\()\s*(?:a|an|the|who|whose|another|one|\d+|(?:[a-z\-]+\s+){1,3}(?:of|at|for)\b)"
)
ORG_CUE = re.compile(
    r"^(?:\s*\([^)]*\))?(?:\s+shares\b|’s\s+shares\b|[^.“\"]{0,60}?\b(?:its|it\s+(?:will|would|has|had|is|was))\b)"
)
#: A finite verb right after a name makes the name its subject ("Audrey Cox has lived …").
FINITE = r"\s+(?:has|have|had|is|was|were|says|said|will|would|can|could|did|does)\b"
SUBJECT_BEFORE = frozenset(
    [
        "and",
        "but",
        "or",
        "while",
        "as",
        "when",
        "because",
        "that",
        "so",
        "then",
        "also",
        "yet",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
    ]
)


def person_cue(text: str, run_begin: int, end: int) -> bool:
    """Whether the name ending at ``end`` (its words, titles included, from ``run_begin``) has a
    person cue: a title or role before it, an apposition after it, or a verb of saying of which
    it is the subject ("X said", "said X.", "X, his mother, said")."""
    after = text[end : end + 60]
    before = text[max(0, run_begin - 30) : run_begin]
    previous = re.search(r"([\w’'\-]+),?[ \t]+$", before)
    if APPOSITION.match(after) or SPEAKS_AFTER.match(after):
        return True
    if SPEAKS_AFTER_APPOSITION.match(text[end : end + 120]):
        return True
    if previous and previous.group(1).lower() in TITLES:
        return True
    return bool(SAID_BEFORE.search(before) and re.match(r"^\s*(?:[,.;]|$)", after))


def sentence_start(text: str, at: int) -> bool:
    """Whether offset ``at`` opens a sentence, a line or a clause after a colon."""
    before = text[max(0, at - 3) : at].rstrip(' “"‘')
    return not before or before[-1] in ".!?\n:—–"  # "AMMAN — Amani Ammoura has …"


def subject_position(text: str, at: int, end: int) -> bool:
    """Whether a name at ``at`` stands as a subject: at a clause start, after a conjunction or
    copula, after a verb of saying ("said X"), or in an apposition after a title."""
    before = text[max(0, at - 60) : at].rstrip(' “"‘')
    while True:  # past descriptions before the name: "Zambian striker", "25-year-old resident"
        word = re.search(r"([\w’'\-]+)$", before)
        if word is None:
            break
        head = word.group(1)
        if not (head.lower() in TITLES or head[:1].isupper() or re.search(r"\d", head)):
            break
        if head.lower() in STARTERS:
            break
        before = before[: word.start()].rstrip(' “"‘')
    described = before[-1:].isalnum() and re.search(
        r"(?:^|[ \t])(?:the|a|an)[ \t]+(?:[\w’'\-]+[ \t]+){0,3}$", before + " "
    )
    if described:  # "but the second-placed leftist challenger X refused"
        before = before[: described.start()].rstrip(' “"‘')
    if not before or before[-1] in '.!?\n:;—–(”"':
        return True
    if re.search(r"\b(?:of|at|for|from|with|by|to|in)$", before):
        return False  # "…, owner of Shooting Star Gallery, said": the owner speaks
    if SPEAKS_AFTER.match(text[end : end + 80]) or SPEAKS_AFTER_APPOSITION.match(text[end:]):
        return True  # "…, his mother, Jane Doe, said"
    if before[-1] == ",":
        word = re.search(r"([\w’'\-]+)\s*,$", before)
        finite = re.match(FINITE, text[end : end + 12]) is not None  # "…agree, Audrey Cox has"
        return (
            word is None or word.group(1)[:1].isupper() or word.group(1).lower() in TITLES or finite
        )
    word = re.search(r"([\w’'\-]+)$", before)
    if word is None:
        return True
    lower = word.group(1).lower()
    if lower in SUBJECT_BEFORE:
        return True
    inverted = re.match(r"^\s*(?:[,.;]|$)", text[end : end + 3])  # "…,” said X."
    return bool(SAID_BEFORE.search(before + " ") and inverted)
