"""Reported statements: indirect speech and opinions the article attributes, each rule named.

- ``reported-that-clause``: X said / believes / warned (for Y) that … — from the subject (or the
  verb, when an apposition stands between) to the end of the clause.
- ``according-to``: according to X, … — from "according to" to the end of the sentence.
- ``in-their-opinion``: In his opinion, … — the whole sentence, by the person referred to.
- ``clause-then-name-verb``: …, analyst X says. — a sentence with no quotation marks that ends in
  its attribution.
- ``subject-verb-object``: X insists on / urges / calls for / demands / warns … — the subject's
  clause, without a "that".
- ``publisher-stance-marker``: a sentence in the article's own voice that commits to a view
  (clearly, therefore, cannot, the fact that, …): a claim of the publisher, with low confidence;
  of "… is shown by the fact that X", the claim is X.

Inside a quotation only a speaker named in full (not a pronoun) is taken: the quoted person's
"I think" is their own quotation, already drafted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from stancegraph.drafting.clauses import SENTENCE_END, Verb, _abbreviation, subject, verbs
from stancegraph.drafting.mentions import Cast, Speaker

CONFIDENCE = {
    "reported-that-clause": 0.75,
    "according-to": 0.75,
    "in-their-opinion": 0.7,
    "clause-then-name-verb": 0.7,
    "subject-verb-object": 0.5,
    "publisher-stance-marker": 0.3,
}
#: Words a reported statement needs: fewer is an attribution, not what was said.
MIN_WORDS = 4
#: How far (in characters) "that" may follow its reporting verb: "emphasizes for Kosovo Online that".
THAT_WITHIN = 40
CLAUSE_STOP = re.compile(r"\s+and that\s+[“\"]|\s*[“\"]|,\s+(?:despite|although|while|but)\b")
OBJECT_VERB = re.compile(
    r"\b(?:insist(?:s|ed)? on|urg(?:es|ed|e)|call(?:s|ed)? (?:on|for)|demand(?:s|ed)?|"
    r"warn(?:s|ed)?|claim(?:s|ed)?|argu(?:es|ed)?|emphasi[sz](?:es|ed|e)|accus(?:es|ed))\b"
)
SUBORDINATOR = re.compile(
    r"\b(?:[Ww]hile|[Ww]hereas|[Aa]lthough|[Tt]hough|[Bb]ecause|[Ss]ince)\s+$"
)
FACT_THAT = re.compile(r"\bthe fact that\s+")
STANCE_MARKERS = re.compile(
    r"\b(?:clear(?:ly)?|obvious(?:ly)?|evident(?:ly)?|certainly|undoubtedly|indeed|of course|"
    r"in fact|the fact that|therefore|consequently|thus|hence|cannot|must|should|"
    r"demonstrat(?:es|ed)|illustrat(?:es|ed)|prov(?:es|ed)|unfortunately|surprisingly|"
    r"remarkably|staunchly)\b"
)


@dataclass(frozen=True)
class Report:
    begin: int
    end: int
    speaker: Speaker | None
    rule: str

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Every sentence as (begin, end), its final mark left out."""
    begin = 0
    for match in SENTENCE_END.finditer(text):
        if _abbreviation(text, match.start()):
            continue
        yield from _trimmed(text, begin, match.start())
        begin = match.end()
    yield from _trimmed(text, begin, len(text))


def _trimmed(text: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    while begin < end and text[begin] in ' \n“"”’‘':
        begin += 1
    while end > begin and text[end - 1] in " \n,;:.!?":
        end -= 1
    if end > begin:
        yield begin, end


def _clause_end(text: str, start: int, end: int, subject_at: int | None = None) -> int:
    """Where the reported clause ends: at a quotation, a contrast ("…, despite"), or, in a
    subordinate clause ("While X insists …, Y …"), at its first comma."""
    stop = CLAUSE_STOP.search(text, start, end)
    end = stop.start() if stop else end
    if subject_at is not None and SUBORDINATOR.search(text[max(0, subject_at - 12) : subject_at]):
        comma = text.find(", ", start, end)
        end = comma if comma != -1 else end
    return end


def _named(cast: Cast, who: Speaker | None, at: int, inside: bool) -> Speaker | None:
    """Inside a quotation, only a speaker named there in full (not a pronoun) counts."""
    if who is None or not inside:
        return who
    mention = cast.at(at, at + len(who.label) + 1)
    return who if mention and mention.speaker == who else None


def in_sentence(cast: Cast, begin: int, end: int, used: set[int], inside: bool) -> list[Report]:
    """The reported statements of one sentence (``used``: verbs that attribute quotations)."""
    text = cast.text
    sentence = text[begin:end]
    found: list[Report] = []
    opinion = re.match(r"In (his|her|their) (?:opinion|view|words),", sentence)
    if opinion and not inside:
        found.append(Report(begin, end, cast.last_person(begin), "in-their-opinion"))
    according = re.search(r"\b[Aa]ccording to\b", sentence)
    if according:
        named = cast.named_after(begin + according.end(), begin + according.end() + 40)
        if named and not re.match(
            r"\s+(?:this|that|these|their|the)\b", sentence[according.end() :]
        ):
            who: Speaker | None = _named(cast, named[0], begin + according.end() + 1, inside)
            named_end = named[1]
            start = begin + according.start()
            if who is None:
                pass
            elif not text[named_end:end].strip(" ,.") and start - begin > 30:
                found.append(Report(begin, named_end, who, "according-to"))
            else:
                found.append(Report(start, _clause_end(text, start, end), who, "according-to"))
    for verb in verbs(text, begin, end):
        if verb.begin in used or _in_name(cast, verb):
            continue
        report = _that_clause(cast, begin, end, verb, inside) or _trailing(
            cast, begin, end, verb, inside
        )
        if report:
            found.append(report)
    if not any(r.rule in ("reported-that-clause", "clause-then-name-verb") for r in found):
        found.extend(_object_clauses(cast, begin, end, used, inside))
    return [r for r in found if len(text[r.begin : r.end].split()) >= MIN_WORDS]


def _in_name(cast: Cast, verb: Verb) -> bool:
    """A verb's word inside a name ("NATO member states") is no verb."""
    return any(m.begin <= verb.begin < m.end for m in cast.mentions)


def _that_clause(cast: Cast, begin: int, end: int, verb: Verb, inside: bool) -> Report | None:
    text = cast.text
    that = re.match(r"[^.;:“\"]{0," + str(THAT_WITHIN) + r"}?\bthat\b", text[verb.end : end])
    if not that:
        return None
    who, at = subject(cast, begin, verb)
    who = _named(cast, who, at, inside)
    if who is None:
        return None
    start = at if text[at : verb.begin].count(",") == 0 else verb.begin
    return Report(start, _clause_end(text, verb.end, end), who, "reported-that-clause")


def _trailing(cast: Cast, begin: int, end: int, verb: Verb, inside: bool) -> Report | None:
    """…, military analyst X says. — the attribution closes a sentence with no quotation marks."""
    text = cast.text
    if inside or text[verb.end : end].strip() or any(m in text[begin:end] for m in '“”"'):
        return None
    comma = text.rfind(",", begin, verb.begin)
    if comma == -1:
        return None
    who, _ = subject(cast, comma + 1, verb)
    if who is None:
        return None
    return Report(begin, end, who, "clause-then-name-verb")


def _object_clauses(cast: Cast, begin: int, end: int, used: set[int], inside: bool) -> list[Report]:
    text = cast.text
    found = []
    for match in OBJECT_VERB.finditer(text, begin, end):
        verb = Verb(match.start(), match.end(), match.group())
        if verb.begin in used or _in_name(cast, verb):
            continue
        who, at = subject(cast, begin, verb)
        who = _named(cast, who, at, inside)
        if who is None:
            continue
        start = at if text[at : verb.begin].count(",") == 0 else verb.begin
        clause_end = _clause_end(text, verb.end, end, at)
        found.append(Report(start, clause_end, who, "subject-verb-object"))
    return found


def publisher_claim(cast: Cast, begin: int, end: int, publisher: Speaker) -> Report | None:
    """A sentence in the article's own voice that commits to a view, as the publisher's claim.

    The caller passes only sentences outside quotations in which no other report was found.
    """
    sentence = cast.text[begin:end]
    if len(sentence.split()) < 8 or STANCE_MARKERS.search(sentence) is None:
        return None
    fact = FACT_THAT.search(sentence)  # "… is shown by the fact that X": the claim is X
    if fact and len(sentence[fact.end() :].split()) >= MIN_WORDS:
        begin += fact.end()
    return Report(begin, end, publisher, "publisher-stance-marker")
