"""Finding direct quotations by their marks.

Typographic (“ ”) and straight (") double marks, also mixed; a quotation that runs over several
paragraphs is one quotation per paragraph (:func:`scan`); marks nested inside a quotation stay
part of it. Two apostrophes ('' … '') make one double mark; an opening mark after a word and
before a blank closes (“…disgusting.“), and a closing mark after a colon opens (said: ” I’m …).
Single marks (‘ ’ and ') open a quotation in the headline, and elsewhere only where an article
uses no double marks at all (the British style); an apostrophe never does. A closing mark whose
opening mark the source lost still closes a quotation when an attribution shows it is one. Scare
quotes, titles and one- or two-word terms are left out (:func:`is_quotation`), except that in a
headline written in title case a quotation may be too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
#: Words a quotation needs to count as someone's words rather than a term or a title.
MIN_WORDS = 4
#: …or in a sentence with a verb of saying: a fragment inside reported speech.
MIN_WORDS_REPORTED = 3
#: …unless it is attributed right at its mark and ends as a sentence or clause does.
MIN_WORDS_ATTRIBUTED = 2
WORD = re.compile(r"[\w’'-]+")
SAYING = re.compile(
    r"\b(?:said|says|say|saying|added|adds|told|tells|asked|asks|wrote|writes|explained|insisted|"
    r"noted|declared|warned|mouthed|joked|stressed|argued|claimed|called|calling|described|"
    r"describing|accused|denounced|criticised|criticized|condemned)\b"
)
SPEECH_AT_MARK = re.compile(
    r"^[,.!?]?[”\"’]?\s*[,–—-]?\s*(?:[a-z]+[ \t]+)?(?:(?:[A-Z][\w’'.-]+|he|she|they|we)[ \t]*){0,4}?"
    r"(?:,[^,\n]{1,30},[ \t]*)?"  # an apposition: “We’ll see,” Sen. Tom Coburn, R-Okla., told …
    r"(?:said|says|say|added|adds|told|tells|asked|asks|wrote|writes|explained|explains)\b"
)


@dataclass(frozen=True)
class Quotation:
    """The characters between an opening and its closing mark (``begin``, ``end``: str indices);
    ``runs_on``: the quotation goes on in the next paragraph."""

    begin: int
    end: int
    runs_on: bool = False

    def text(self, article: str) -> str:
        return article[self.begin : self.end]


def _straight_opens(text: str, at: int) -> bool:
    """Whether a straight mark at ``at`` opens (after a space, a line start or an opening bracket)."""
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + 1] if at + 1 < len(text) else "\n"
    if before.isspace() or before in "([{—–-:":
        return (
            not after.isspace() or re.search(r"[,:][ \t]+$", text[max(0, at - 3) : at]) is not None
        )
    return False


def _single(text: str, at: int) -> str | None:
    """A single mark as 'open', 'close' or None (an apostrophe: Kosovo’s, don't, players')."""
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + 1] if at + 1 < len(text) else "\n"
    if (before.isspace() or before in "([{—–-:") and after.isalpha():
        return "open"  # not ’90s
    if not before.isspace() and not after.isalnum() and text[at] in "’'":
        return "close"
    return None


def _opens_after_blank(text: str, at: int) -> bool:
    """A typographic opening mark followed by a blank still opens after a comma or colon
    (“Adding, “ With the wind …”), where a quotation starts; elsewhere it is a stray mark."""
    return re.search(r"[,:]\s*$", text[max(0, at - 3) : at]) is not None


def _marks(text: str, begin: int, end: int, single: bool) -> list[tuple[int, str]]:
    """Every quotation mark in ``begin``–``end`` as (offset, 'open' | 'close')."""
    found: list[tuple[int, str]] = []
    skip = -1
    for at in range(begin, end):
        char = text[at]
        if at == skip:
            continue
        if char == "`" and text[at + 1 : at + 2] == "`":  # ``…’’ opens with two backticks
            skip = at + 1
            found.append((at + 1, "open"))
        elif char in "'’‘" and text[at + 1 : at + 2] == char:  # ''…'': two marks for one
            skip = at + 1
            if _straight_opens(text, at) and at + 2 < end and not text[at + 2].isspace():
                found.append((at + 1, "open"))
            elif not text[at - 1 : at].isspace():
                found.append((at, "close"))
        elif char in OPEN_DOUBLE:
            if not text[at + 1 : at + 2].isspace() or _opens_after_blank(text, at):
                found.append((at, "open"))
            elif not text[at - 1 : at].isspace():
                found.append((at, "close"))  # an opening mark typed to close: “…disgusting.“
        elif char in CLOSE_DOUBLE:
            after_colon = re.search(r":\s*$", text[max(0, at - 3) : at]) is not None
            found.append((at, "open" if after_colon else "close"))  # he said: ” I’m going …
        elif char == STRAIGHT:
            found.append((at, "open" if _straight_opens(text, at) else "close"))
        elif single and char in "‘’'":
            kind = _single(text, at)
            if kind is not None and not (char == "‘" and kind == "close"):
                found.append((at, kind))
    return found


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Every non-empty line as (begin, end)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _first_mark(text: str, bounds: tuple[int, int] | None, single: bool) -> str | None:
    """'open' if a paragraph starts by reopening a quotation, 'close' if its first mark closes
    one; None otherwise."""
    if bounds is None:
        return None
    marks = _marks(text, *bounds, single)
    if not marks:
        return None
    at, kind = marks[0]
    return "close" if kind == "close" else ("open" if at == bounds[0] else None)


def scan(text: str) -> list[Quotation]:
    """The outermost quotations of ``text``, in order; nested ones stay inside their outer one.

    A quotation is one paragraph's part: one that runs on into the next paragraph ends at its
    paragraph's end, and the next paragraph's part is a quotation of its own, whether that
    paragraph reopens the mark or only closes it. An opening mark left unclosed otherwise is
    dropped as stray, and the scan goes on after it, so one stray mark costs one quotation.
    Single marks open quotations in the headline, and everywhere in an article that uses no
    double marks at all (the British style).
    """
    single = not any(c in text for c in OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT)
    lines = paragraphs(text)
    found: list[Quotation] = []
    carried = False
    for index, (begin, end) in enumerate(lines):
        in_single = single or index == 0
        following = lines[index + 1] if index + 1 < len(lines) else None
        parts, carried = _paragraph(text, begin, end, in_single, carried, following)
        if not in_single:
            parts = sorted(parts + _single_pairs(text, begin, end, parts), key=lambda q: q.begin)
        found.extend(parts)
    return found


def _single_pairs(text: str, begin: int, end: int, double: list[Quotation]) -> list[Quotation]:
    """Single-marked quotations outside a paragraph's double-marked ones, in an article that
    uses both (‘I don’t know,’ said Pres. Duterte.): an opening mark after a blank, closed by
    the next mark that ends a word; an apostrophe (don’t, players’ union) never opens one."""
    found: list[Quotation] = []
    opened = -1
    for at, kind in _marks(text, begin, end, True):
        if text[at] not in "‘’'" or any(q.begin - 1 <= at <= q.end for q in double):
            continue
        if kind == "open" and opened < 0:
            opened = at + 1
        elif kind == "close" and opened >= 0:
            found.append(Quotation(opened, at))
            opened = -1
    return found


def _paragraph(
    text: str,
    begin: int,
    end: int,
    single: bool,
    carried: bool,
    following: tuple[int, int] | None,
) -> tuple[list[Quotation], bool]:
    """The quotations of one paragraph, and whether its last one runs on into the next."""
    found: list[Quotation] = []
    depth, opened = 0, begin
    for at, kind in _marks(text, begin, end, single):
        if kind == "open":
            if depth == 0:
                opened = at + 1
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                found.append(Quotation(opened, at))
        elif carried and not found:
            found.append(Quotation(begin, at))  # the rest of a quotation from the paragraph before
        elif text[at] in CLOSE_DOUBLE + STRAIGHT + OPEN_DOUBLE:
            orphan = _orphan(text, begin, at, found)
            if orphan is not None:
                found.append(orphan)
        carried = False
    if depth > 0 and _first_mark(text, following, single) in ("open", "close"):
        found.append(Quotation(opened, end, runs_on=True))
        return found, _first_mark(text, following, single) == "close"
    if depth > 0 and opened == begin + 1 and not found:
        found.append(Quotation(opened, end))  # a paragraph opening a quotation it never closes
    return found, False


def _orphan(text: str, begin: int, at: int, earlier: list[Quotation]) -> Quotation | None:
    """A closing mark whose opening mark the source lost: the quotation runs from the paragraph
    start (or the sentence after the last quotation's attribution) when an attribution follows
    it or an attributed quotation comes before it in the paragraph."""
    if earlier:
        end_of_attribution = re.search(r"[.!?]\s+(?=\S)", text[earlier[-1].end + 1 : at])
        if end_of_attribution is None:
            return None
        return Quotation(earlier[-1].end + 1 + end_of_attribution.end(), at)
    if SPEECH_AT_MARK.match(text[at : at + 60]) is None:
        return None
    return Quotation(begin, at)


def words(text: str) -> int:
    return len(WORD.findall(text))


def is_quotation(text: str, quote: Quotation) -> bool:
    """Someone's words, not a scare quote, a title or a one- or two-word term: four words or
    more; three inside a sentence with a verb of saying ("he “did not envisage” any escalation");
    any number where the words stand as a sentence of their own ("“Never.”")."""
    inner = quote.text(text).strip()
    count = words(inner)
    headline = _in_headline(text, quote)  # three words make a quote there
    reported = count >= MIN_WORDS_REPORTED and (headline or _reported(text, quote))
    if count >= MIN_WORDS or reported:
        return not _title(inner) or _in_title_case_headline(text, quote)
    if count >= 1 and _own_sentence(text, quote, inner):
        return True
    attributed = SPEECH_AT_MARK.match(text[quote.end : quote.end + 60]) is not None
    ends_as_clause = inner[-1:] in ",.!?"
    if count >= 1 and attributed and ends_as_clause and _starts_sentence(text, quote):
        return True  # "Devastating," said Jane Doe.
    return count >= MIN_WORDS_ATTRIBUTED and attributed and ends_as_clause


def _reported(text: str, quote: Quotation) -> bool:
    """A verb of saying stands in the sentence before the quotation."""
    start = max(text.rfind("\n", 0, quote.begin), 0)
    head = re.split(r"[.!?]\s+(?=[A-Z])", text[start : quote.begin])[-1]
    return SAYING.search(head) is not None


def _starts_sentence(text: str, quote: Quotation) -> bool:
    """The quotation opens its paragraph or follows a sentence's end."""
    before = text[max(0, quote.begin - 4) : quote.begin - 1]
    return (
        not before.strip() or before.endswith("\n") or re.search(r"[.!?]\s+$", before) is not None
    )


def _own_sentence(text: str, quote: Quotation, inner: str) -> bool:
    """The quotation is a whole sentence: it starts a paragraph or follows a sentence's end,
    and ends as a sentence does."""
    before = text[max(0, quote.begin - 4) : quote.begin - 1]
    starts = not before.strip() or before.endswith("\n") or re.search(r"[.!?]\s+$", before)
    return bool(starts) and inner[-1:] in ".!?"


def _in_headline(text: str, quote: Quotation) -> bool:
    """The quotation stands in the headline: a first line of 25 words or fewer, not ending as a
    sentence does, with more text after it."""
    line, _, rest = text.partition("\n")
    words = line.split()
    return quote.end <= len(line) and bool(rest.strip()) and len(words) <= 25 and line[-1:] != "."


def _in_title_case_headline(text: str, quote: Quotation) -> bool:
    """The quotation stands in a headline written in title case, where every quotation is."""
    line = text.split("\n", 1)[0]
    if not _in_headline(text, quote):
        return False
    outside = (line[: quote.begin] + " " + line[quote.end :]).split()
    words = [w for w in outside if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _title(inner: str) -> bool:
    """A title of a work or a name in title case ("The Art of the Deal"), not a sentence."""
    tokens = inner.split()
    if len(tokens) > 8 or inner[-1:] in ".,!?":
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with"}
    return all(t[:1].isupper() or t.lower() in small for t in tokens)


def quotations(text: str) -> list[Quotation]:
    """The direct quotations of an article: scanned, stripped of terms and titles, and of the
    blanks just inside their marks (“ With the wind …” is "With the wind …")."""
    found = [_trimmed(text, q) for q in scan(text) if is_quotation(text, q)]
    return [q for q in found if q.end > q.begin]


def _trimmed(text: str, quote: Quotation) -> Quotation:
    inner = text[quote.begin : quote.end]
    begin = quote.begin + len(inner) - len(inner.lstrip())
    end = quote.end - (len(inner) - len(inner.rstrip()))
    return Quotation(begin, max(begin, end), quote.runs_on)
