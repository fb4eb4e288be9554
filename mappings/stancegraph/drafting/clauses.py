"""Sentences, reporting verbs and the subject of a reporting verb."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancegraph.drafting.lexicon import (
    ABBREVIATIONS,
    ORGANIZATION_NOUNS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    TITLES,
    US_STATES,
)
from stancegraph.drafting.mentions import PRONOUNS, Cast, Speaker, slug
from stancegraph.drafting.names import JUDICIAL

_REGULAR = [
    "add",
    "explain",
    "emphasize",
    "emphasise",
    "stress",
    "note",
    "warn",
    "believe",
    "argue",
    "claim",
    "insist",
    "assert",
    "reiterate",
    "announce",
    "declare",
    "suggest",
    "predict",
    "acknowledge",
    "admit",
    "concede",
    "confirm",
    "urge",
    "demand",
    "tweet",
    "post",
    "recall",
    "conclude",
    "continue",
    "respond",
    "answer",
    "ask",
    "observe",
    "remark",
    "comment",
    "estimate",
    "expect",
    "hope",
    "fear",
    "state",
    "maintain",
    "contend",
    "allege",
    "underline",
    "underscore",
    "highlight",
    "mention",
    "report",
    "agree",
    "disagree",
    "caution",
    "complain",
    "propose",
    "recommend",
    "point",
    "reaffirm",
    "remind",
    "joke",
    "quip",
    "probe",
    "mouth",
    "quote",
    "praise",
    "describe",
    "hint",
    "reveal",
    "disclose",
    "assure",
    "denounce",
    "criticise",
    "criticize",
    "accuse",
    "condemn",
    "decry",
    "vent",
    "cite",
    "sob",
    "vow",
    "pledge",
    "promise",
    "boast",
    "lament",
    "scoff",
    "shout",
    "exclaim",
]
_IRREGULAR = [
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "think",
    "thinks",
    "thought",
    "thinking",
    "write",
    "writes",
    "wrote",
    "writing",
    "feel",
    "feels",
    "felt",
    "feeling",
    "deny",
    "denies",
    "denied",
    "denying",
    "reply",
    "replies",
    "replied",
    "replying",
    "testify",
    "testifies",
    "testified",
    "reads",
    "put it",
    "spoke",
    "quipped",
    "quipping",
    "speaks",
]


def _forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    third = verb + ("es" if verb.endswith(("s", "sh", "ch")) else "s")
    forms = {verb, third, stem + "ed", stem + "ing"}
    if re.search(r"[^aeiou][aeiou][bdgkmnprt]$", verb):  # admit: admitted, quip: quipped
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


#: Every form of a reporting verb ("point" counts only as "point(s/ed) out").
VERB_FORMS = frozenset(f for v in _REGULAR for f in _forms(v)) | frozenset(_IRREGULAR)
VERB = re.compile(r"\b(" + "|".join(sorted(VERB_FORMS, key=len, reverse=True)) + r")\b")
APPOSITION = re.compile(
    r",\s+(?:a|an|the|who|which|whose|also|both|(?:[a-z\-]+\s+){1,4}(?:of|for|at|to|with)"
    r"|[a-z]+ing|\d+)\b[^,]*(?:,\s+[a-z][^,]*)*,\s*$"
    r"|,\s+\(?[RDI]-[A-Za-z.]+\)?,\s*$"  # a party and state: ", R-Pa.,"
    r"|,\s+(?:of|from|at|for|with)\s+[^,]*,\s*$"  # ", of Northumbria Police,"
    r"|,\s+(?:[A-Z][\w’'-]*[’']s|his|her|its|their|our)\s+[a-z][^,]*,\s*$"  # ", its manager,"
    r"|,\s+(?:who|which|whose|including|such as)\b.*,\s*$"  # a relative clause, lists and all
)
#: An epithet for the person just named: "the 37-year-old", "the Portuguese", "the Scot".
EPITHET = re.compile(
    r"\d+-year-old|[A-Z][a-z]+(?:an|ese|ish|i|ch|ot|ard)"
    r"|teenager|youngster|pensioner|singer|rapper|actor|actress|musician|employee|retiree"
)
#: What stands before a noun, not a verb: a possessive or a determiner ("Mr Nicoll’s comments").
NOUN_BEFORE = re.compile(
    r"(?:(?<!\bhe)(?<!\bshe)(?<!\bit)(?<!\bthat)(?<!\bthere)[\w][’']s"
    r"|\b(?:the|a|an|his|her|its|their|our|my|your|these|those|this|that))[ \t]+$",
    re.I,
)
#: A person the text names by what they are called: "a woman called Suryani".
NAMED_AS = re.compile(
    r"\b(?:called|named|identified(?:\s+only)?\s+as|known\s+as)\s+"
    r"([A-Z][\w’'-]+(?:[ \t]+[A-Z][\w’'-]+){0,2})(?=[,.\s])(?![^,]*\b(?:said|says|told)\b[^,]*,)"
)
#: A verb that shares the subject of the clause before it ("X reviewed …, but also emphasized").
SHARED_SUBJECT = re.compile(r"\b(?:and|but)(?:\s+(?:also|then|later))?\s*$")
SENTENCE_END = re.compile(r"[.!?][”\"’)]?(?=\s+[“\"‘(]?[A-Z0-9])|\n")


@dataclass(frozen=True)
class Verb:
    begin: int
    end: int
    word: str


def sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """The sentence around offset ``at``: from after the previous end to its own end."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, at):
        if not _abbreviation(text, match.start()):
            begin = match.end()
    end = len(text)
    for match in SENTENCE_END.finditer(text, at):
        if not _abbreviation(text, match.start()):
            end = match.start() + (1 if text[match.start()] in ".!?" else 0)
            break
    while begin < at and text[begin].isspace():
        begin += 1
    return begin, end


def _abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, dot - 6) : dot])
    if word is None:
        return False
    found = word.group(1)
    state = found[:1].isupper() and found.lower() in US_STATES  # "Mass.", not "felt ill."
    return found.lower() in ABBREVIATIONS or state or len(found) == 1


def verbs(text: str, begin: int, end: int) -> list[Verb]:
    """The reporting verbs between ``begin`` and ``end``; "point" only as "point(s/ed) out"."""
    found = []
    for match in VERB.finditer(text, begin, end):
        word = match.group(1)
        if word.startswith("point") and not text.startswith(" out", match.end()):
            continue
        if word == "state" or NOUN_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # "Mr Nicoll’s comments", "the reports", "his answer": nouns
        found.append(Verb(match.start(), match.end(), word))
    return found


def subject(cast: Cast, begin: int, verb: Verb) -> tuple[Speaker | None, int]:
    """Who does the reporting verb at ``verb``, looking back to ``begin``; and where it starts.

    A participle after a comma (", emphasizing that") has the sentence's subject; otherwise the
    subject is the name, surname, pronoun or role noun that stands right before the verb, past
    an apposition (", a former minister,") and an adverb or auxiliary or two; an epithet ("the
    Spaniard", "the 36-year-old") means the person just named. Where none does,
    a verb sharing its subject with the clause before has the sentence's subject: a participle
    ("issued a statement saying", "was quoted as saying") or a verb after "and"/"but (also)".
    """
    text = cast.text
    region = text[begin : verb.begin]
    quoted_by = re.search(
        r"\s(?:was|were|is|has been)\s+quoted\s+by\s+[^,.]{1,40}?\s+as\s*$", region
    )
    if verb.word == "saying" and quoted_by:  # "X was quoted by NPR as saying": X
        return subject(cast, begin, Verb(begin + quoted_by.start(), verb.begin, "quoted"))
    named = NAMED_AS.search(region)
    if named:  # "a woman called Suryani, who …, told AFP"; "the resident, identified as Jean-Marc,"
        label = named.group(1)
        known = [m for m in cast.mentions if m.begin == begin + named.start(1)]
        return (
            known[0].speaker if known else Speaker(label, "person", slug(label), False)
        ), verb.begin
    if verb.word.endswith("ing") and region.rstrip().endswith(","):
        found = _sentence_subject(cast, begin, verb.begin)
        return found if found[0] is not None else _first_person(cast, begin, verb.begin)
    if SHARED_SUBJECT.search(region):  # "NASA has been downplaying X's statement and said"
        earlier = [v for v in verbs(text, begin, verb.begin) if v != verb]
        found = subject(cast, begin, earlier[-1]) if earlier else (None, verb.begin)
        if found[0] is None:  # "… in which X accused the ANC of … and said": X
            found = _sentence_subject(cast, begin, verb.begin)
        if found[0] is not None:
            return found
    auxiliary = re.search(r"(?<=,)\s+(?:had|has|have|was|is|would|will)\s+$", region)
    core = region[: auxiliary.start()] if auxiliary else region  # "…, the investigator, had said"
    apposition = APPOSITION.search(core)
    stop = begin + (apposition.start() if apposition else len(core.rstrip(", ")))
    words = list(re.finditer(r"[\w’'.\-]+", text[begin:stop]))
    for back in range(1, min(len(words), 4) + 1):
        word = words[-back]
        at = begin + word.start()
        if back == 1 and word.group() in JUDICIAL and len(words) > 1:
            continue  # "Jane Farrow J said": the judge's suffix
        found = _who(cast, text[begin:stop], words, len(words) - back, at)
        noun = words[-1].group()
        modified = back > 1 and noun.islower() and not re.match(r"spokes|statement", noun)
        if found[0] is not None and found[0].type == "organization" and modified:
            break  # "the NASA engineers said": the engineers, unnamed
        if found[0] is not None and found[0].type == "organization":
            object_of = re.search(
                r"\b(?:of|at|for|from|with)(?:\s+the)?\s+$", text[begin : found[1]]
            )
            owner = _unclosed_apposition(cast, begin, verb.begin) if object_of else (None, 0)
            if owner[0] is not None:
                return owner  # "Jo Bell, one of the owners at Dynamite Coffee said"
        if found[0] is not None:
            return found
        if back >= 3 or word.group()[:1].isupper():
            break
    if verb.word.endswith("ing") or SHARED_SUBJECT.search(region):
        return _sentence_subject(cast, begin, verb.begin)
    found = _unclosed_apposition(cast, begin, verb.begin)
    if found[0] is None:  # "President Lula during a meeting at the embassy in Tokyo said"
        lead = re.match(r"\s*(?:[A-Z]\w+ly,\s*)?", region)
        start = begin + (lead.end() if lead else 0)
        first = cast.at(start, start + 40)
        adverbial = first is not None and re.match(
            r"\s+(?:during|in|at|on|after|before|while|when)\b", text[first.end : verb.begin]
        )
        opens = first is not None and not text[start : first.run_begin].strip()
        if first is not None and adverbial and opens and first.speaker.type == "person":
            return first.speaker, first.begin
    return found


def _unclosed_apposition(cast: Cast, begin: int, end: int) -> tuple[Speaker | None, int]:
    """ "Jane Doe, director of the CVB wrote …": a person named before an apposition the text did
    not close with a comma is the subject."""
    comma = cast.text.rfind(", ", begin, end)
    rest = cast.text[comma + 2 : end]
    if comma == -1 or not re.match(r"(?:an?|the)?\s*[a-z]", rest) or "," in rest:
        return None, end
    clause = re.search(
        r"\b(?:is|was|are|were|will|won’t|won't|would|has|had|did|does|can|could)\b", rest
    )
    if len(rest.split()) > 12 or clause or verbs(cast.text, comma, end):
        return None, end  # a clause of its own, no apposition
    for mention in reversed(cast.mentions):
        if begin <= mention.begin and mention.end <= comma:
            close = not cast.text[mention.end : comma].strip()
            person = mention.speaker.type == "person"
            return (mention.speaker, mention.begin) if close and person else (None, end)
    return None, end


def _who(
    cast: Cast, region: str, words: list[re.Match[str]], index: int, at: int
) -> tuple[Speaker | None, int]:
    word = words[index].group()
    base = at - words[index].start()
    for mention in cast.mentions:
        if mention.begin <= at < mention.end:
            return mention.speaker, mention.begin
    lower = word.lower()
    if lower in PRONOUNS and lower not in ("his", "her", "him"):
        return cast.last_person(at, lower), at
    if lower == "it" and index == len(words) - 1:
        return cast.last_organization(at), at
    the = index > 0 and words[index - 1].group().lower() == "the"
    if lower.strip(".,") in ORGANIZATION_NOUNS and the:
        return cast.last_organization(at), base + words[index - 1].start()
    if ROLE_SYNONYMS.get(lower.strip(".,"), lower.strip(".,")) in ROLE_NOUNS and index > 0:
        start = index - 1
        while start > 0 and words[start].group()[:1].isupper():
            start -= 1  # "the Regional Minister"
        while start > max(0, index - 3) and words[start].group().lower() != "the":
            start -= 1  # "the head coach", "the Russian presidential spokesman"
        if words[start].group().lower() == "the":
            phrase = region[words[start].start() : words[index].end()]
            return cast.by_role(lower.strip(".,"), at, phrase), base + words[start].start()
    if word[:1].isupper() and index == len(words) - 1:
        found = cast.by_surname(word.strip(".,’'"), at)
        if found is not None or not the:
            return found, at
    near = [w for w in words[max(0, index - 3) : index] if w.group().lower() == "the"]
    if near and index == len(words) - 1 and EPITHET.fullmatch(word.strip(".,")):
        sex = {"actress": "she", "actor": "he"}.get(word.strip(".,").lower(), "")
        return cast.last_person(at, sex), base + near[-1].start()  # "the private sector employee"
    return None, at


def _first_person(cast: Cast, begin: int, end: int) -> tuple[Speaker | None, int]:
    for mention in cast.mentions:
        if begin <= mention.begin < end and mention.speaker.type == "person":
            return mention.speaker, mention.begin
    return None, end


def _sentence_subject(cast: Cast, begin: int, end: int) -> tuple[Speaker | None, int]:
    """The subject at the start of the sentence from ``begin``: a name, pronoun or noun phrase."""
    text = cast.text
    lead = re.match(r"\s*(?:(?:In|On|At|After|Later|Then|Also)\b[^,]{0,30},\s*)?", text[begin:end])
    start = begin + (lead.end() if lead else 0)
    mention = cast.at(start, min(end, start + 60))
    phrase = re.match(r"([A-Za-z’']+)((?:[ \t]+[A-Za-z’']+){0,3})", text[start:end])
    if phrase:
        first = phrase.group(1).lower()
        if first in PRONOUNS or first == "it":
            return cast.resolve(first, start), start
        rest = phrase.group(2).split()
        for size in range(1, len(rest) + 1) if first == "the" else ():
            who = cast.resolve(" ".join(["the", *rest[:size]]), start)
            if who is not None:
                return who, start
    if mention is not None:
        following = cast.at(mention.end, min(end, mention.end + 40))
        between = text[mention.end : following.begin].split() if following else ["-"]
        if following is not None and all(w.lower() in TITLES for w in between):
            mention = following  # "Indianapolis Colts owner Jim Irsay …, and stated"
    if mention is not None and not text[start : mention.run_begin].strip(" ,"):
        return mention.speaker, mention.begin
    if mention is not None and mention.speaker.id in cast.people:
        return mention.speaker, mention.begin
    return None, end
