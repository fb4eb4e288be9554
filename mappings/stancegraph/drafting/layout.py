"""Speakers given by the layout of an article rather than by a verb of saying.

- ``heading-name``: a reaction round-up's heading line naming a person ("DNC Chair Jane Doe"),
  over the paragraphs of quotations under it.
- ``dash-line-name``: a dash line after a quotation ("—Sen. Jane Doe, D-Ohio, …"), naming the
  speaker of the paragraphs of quotations just above it.
- ``roundup-name-colon``: a paragraph that opens with a name and a topic or an apposition, then a
  colon and the quotation ("Rep. Jane Doe (D-MD) on the budget: “…”", "Jane Doe, economist at
  the Bank: “…”").
- ``interview-answer``, ``interview-question``: a Q&A layout, where a paragraph opens with
  "A:" (the interviewee's answer: the person the article names most) or "Q:" (the interviewer's
  question: ``null`` unless named).
- ``headline-colon-name``: a headline that quotes and names its speaker after a colon ("Plan is
  'a bold step': Jane Doe") or a dash ("'a bold step' – Doe"), or before a colon ("Jane Doe: 'a
  bold step'").
"""

from __future__ import annotations

import re

from stancegraph.drafting.clauses import verbs
from stancegraph.drafting.mentions import Cast, Speaker
from stancegraph.drafting.quotes import Quotation

#: Words a heading line naming a speaker may have at most.
HEADING_WORDS = 14


def paragraph(text: str, at: int) -> tuple[int, int]:
    """The paragraph (line) around offset ``at``."""
    begin = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return begin, len(text) if end == -1 else end


def _only_quotes(text: str, bounds: tuple[int, int], found: list[Quotation]) -> bool:
    """Whether a paragraph holds nothing but quotations (and punctuation)."""
    begin, end = bounds
    rest = list(text[begin:end])
    for q in found:
        for i in range(max(q.begin - 1, begin), min(q.end + 1, end)):
            rest[i - begin] = " "
    return any(q.begin < end and begin <= q.end for q in found) and not re.search(
        r"\w", "".join(rest)
    )


def _person_in(cast: Cast, begin: int, end: int) -> Speaker | None:
    """The first person (or, failing one, the first name) mentioned in ``begin``–``end``."""
    mentions = [m for m in cast.mentions if begin <= m.begin < end]
    people = [m for m in mentions if m.speaker.id in cast.people]
    chosen = people or [m for m in mentions if m.speaker.type == "person"]
    return chosen[0].speaker if chosen else None


def heading_or_dash(
    cast: Cast, quote: Quotation, found: list[Quotation]
) -> tuple[Speaker, str] | None:
    """The speaker a heading line above or a dash line below a quotation paragraph names."""
    text = cast.text
    bounds = paragraph(text, quote.begin)
    if not _only_quotes(text, bounds, found):
        return None
    below = bounds
    while below[1] < len(text):
        below = _next(text, below)
        line = text[below[0] : below[1]]
        if re.match(r"^\s*[—–-]+\s*\S", line):
            who = _person_in(cast, below[0], below[1])
            return (who, "dash-line-name") if who else None
        if not _only_quotes(text, below, found):
            break
    above = bounds
    while above[0] > 0:
        above = _previous(text, above)
        line = text[above[0] : above[1]].strip()
        if _only_quotes(text, above, found) or not line:
            continue
        if len(line.split()) <= HEADING_WORDS and line[-1:] not in '.!?:;,”"’':
            who = _person_in(cast, above[0], above[1])
            return (who, "heading-name") if who else None
        return None
    return None


def _next(text: str, bounds: tuple[int, int]) -> tuple[int, int]:
    at = bounds[1]
    while at < len(text) and text[at] == "\n":
        at += 1
    return paragraph(text, at)


def _previous(text: str, bounds: tuple[int, int]) -> tuple[int, int]:
    at = bounds[0] - 1
    while at > 0 and text[at - 1] == "\n":
        at -= 1
    return paragraph(text, max(at - 1, 0))


def roundup_colon(cast: Cast, quote: Quotation) -> Speaker | None:
    """ "<Name> (…) on <topic>: “…”" at the start of a paragraph: the name speaks."""
    text = cast.text
    begin, _ = paragraph(text, quote.begin)
    head = text[begin : quote.begin - 1]
    if not head.rstrip().endswith(":"):
        return None
    first = cast.at(begin, begin + 40)
    if first is None or first.speaker.type != "person":
        return None
    if text[begin : first.run_begin].strip():
        return None
    rest = text[first.end : quote.begin - 1]
    if re.match(r"^\s*(?:\([^)]*\)\s*)?(?:on\b|:)", rest):
        return first.speaker
    # "Simon Kirby, research fellow at the Institute: “…”": an apposition, then the colon
    apposition = re.fullmatch(r"(?:,|\s+(?:at|of|from|with))\s+[^:“\"]{1,120}:\s*", rest)
    return first.speaker if apposition and not verbs(text, first.end, quote.begin - 1) else None


def headline_colon(cast: Cast, quote: Quotation) -> Speaker | None:
    """In the headline, a name on the other side of a colon from the quotation speaks."""
    text = cast.text
    end = text.find("\n")
    end = len(text) if end == -1 else end
    if quote.end > end:
        return None
    colon = text.find(": ", 0, end)
    dash = re.search(r"\s[–—-]\s", text[quote.end : end])  # "“…” – Mantashe"
    if colon == -1 and dash is None:
        return None
    if colon == -1 and dash is not None:
        return _person_in(cast, quote.end + dash.end(), end) or _surname_in(
            cast, quote.end + dash.end(), end
        )
    side = (colon + 1, end) if quote.end < colon else (0, colon)
    return _person_in(cast, *side)


def _surname_in(cast: Cast, begin: int, end: int) -> Speaker | None:
    """A surname alone in ``begin``–``end`` that the article gives in full somewhere."""
    word = re.match(r"\s*([A-Z][\w’'-]+)\s*$", cast.text[begin:end])
    return cast.in_full(Speaker(word.group(1), "person", "", False)) if word else None


def interview(cast: Cast, quote: Quotation) -> tuple[Speaker | None, str] | None:
    """A quotation after an "A:" or "Q:" label opening its paragraph, in a Q&A layout."""
    text = cast.text
    begin, _ = paragraph(text, quote.begin)
    label = re.fullmatch(r"\s*([AQ])\s*[:.]\s*", text[begin : quote.begin - 1])
    if label is None:
        return None
    if label.group(1) == "Q":
        return None, "interview-question"
    return cast.principal(quote.begin), "interview-answer"
