"""Who speaks a quotation: the rules that attribute a direct quotation, each named.

Rules, tried in this order, each with the confidence a reviewer can expect of it:

- ``quote-then-name-verb``: “…,” Radulovic explains. / “…”, military analyst X says.
- ``quote-then-verb-name``: “…,” said X. / “…”, reads a statement on the NATO website.
- ``caption-name``: “….” Australia coach Ange Postecoglou on his tenure — a caption after a
  quotation that opens its paragraph, naming the speaker after descriptions only.
- ``quote-then-name``: “…,” X was unable to … — no verb of saying, but a person named as the
  subject right after a quotation that ends in a comma.
- ``spokesperson-organization``: “…,” a spokeswoman for the council said. / A Samsung spokesman
  said: “…” — an unnamed spokesperson speaks for the organisation named with them, else for the
  last organisation the text named; ``null`` if it named none.
- ``unnamed-source``: “…,” said one neighbor. / A local resident said, “…” — a source the text
  does not name: ``null``, and no later quotation continues with an earlier speaker.
- ``split-quote``: “…,” she said. “…” — the second part of a quotation split by its attribution,
  or a fragment joined to an attributed one ("X insisted it “…” but “…”").
- ``roundup-name-colon``, ``heading-name``, ``dash-line-name``, ``interview-answer``,
  ``interview-question``, ``headline-colon-name``: the layout names the speaker (:mod:`stancegraph.drafting.layout`).
- ``name-verb-colon-quote``: X said: “…” / X told reporters: “…” (also at the end of the
  paragraph before a quotation that opens its own).
- ``according-to-quote``: According to X, “…”
- ``name-verb-quote``: X said that the plan was “…” (a fragment inside reported speech).
- ``run-on-quote``: a quotation's first paragraph, by the speaker its last paragraph names.
- ``repeated-quote``: a pull-quote without attribution that repeats an attributed quotation.
- ``paragraph-continuation``: a quotation alone in its paragraph, by whoever spoke last in
  the paragraph before or earlier in this one (``null`` after an unnamed source); or one later
  in the paragraph of an attributed quotation, with nobody else named between them.
- ``reported-then-quote``: a quotation alone in its paragraph, by the person the paragraph
  before reports as saying something after the last quotation ("X says he saw him." ⏎ “…”).
- ``introduced-speaker``: a quotation alone in its paragraph before anyone has spoken, by the
  person the text last named ("Coach X spoke to the media after the match." then quotations).
- ``no-speaker``: none of the above; the speaker is left unknown (``null``), not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from stancegraph.drafting import layout
from stancegraph.drafting.clauses import (
    SENTENCE_END,
    Verb,
    _abbreviation,
    sentence_bounds,
    subject,
    verbs,
)
from stancegraph.drafting.lexicon import (
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    SPEAKING,
    STARTERS,
    TITLES,
)
from stancegraph.drafting.mentions import Cast, Speaker, slug
from stancegraph.drafting.quotes import Quotation

#: Words after a quotation within which its reporting verb must stand.
TAIL_WORDS = 30
CONFIDENCE = {
    "quote-then-name-verb": 0.9,
    "quote-then-verb-name": 0.9,
    "quote-then-name": 0.6,
    "spokesperson-organization": 0.6,
    "unnamed-source": 0.7,
    "split-quote": 0.85,
    "roundup-name-colon": 0.8,
    "heading-name": 0.7,
    "dash-line-name": 0.75,
    "headline-colon-name": 0.6,
    "interview-answer": 0.6,
    "interview-question": 0.5,
    "name-verb-colon-quote": 0.85,
    "according-to-quote": 0.85,
    "name-verb-quote": 0.75,
    "run-on-quote": 0.75,
    "repeated-quote": 0.6,
    "paragraph-continuation": 0.5,
    "caption-name": 0.5,
    "reported-then-quote": 0.5,
    "introduced-speaker": 0.4,
    "no-speaker": 0.3,
}
OPENING = '“"‘„«'
#: A sentence that opens with a participle of saying continues the one before ("Adding, “…”").
PARTICIPLE_LEAD = re.compile(r"^(?:Adding|Saying|Noting|Explaining|Insisting|Stressing|Warning)\b")
#: A source the text does not name: "one neighbor", "a local resident", "the witness".
UNNAMED = re.compile(
    r"^\s*(?:a|an|one|another|the|some|several|many|two|three)\s+(?:[a-z\-]+\s+){0,3}?"
    r"(?:[a-z\-]+)(?:\s+(?:who|which|that|from|in|at|on|of|near|outside)\b.*)?\s*$",
    re.DOTALL,
)

#: An unnamed spokesperson or a statement, whose words are an organisation's.
SPOKESPERSON = re.compile(r"\b(?:spokes(?:man|woman|person)|statement|press office)\b", re.I)
#: …standing as the subject: "The statement, which …, said", "A company spokesman said".
SPOKESPERSON_LEAD = re.compile(
    r"^\s*(?:a|an|the|one|in\s+a)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:spokes(?:man|woman|person)|statement|press office)\b",
    re.I,
)


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker | None
    rule: str
    verb: Verb | None = None  # the reporting verb used, so it is not read as a report again

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]


def _tail_end(text: str, start: int) -> int:
    end = len(text)
    for match in SENTENCE_END.finditer(text, start):
        if text[match.start()] == "\n" or not _abbreviation(text, match.start()):
            end = match.start()
            break
    for mark in OPENING:
        at = text.find(mark, start, end)
        if at != -1:
            end = at
    return end


def after(cast: Cast, quote: Quotation) -> Attribution | None:
    """The attribution in the words after the closing mark, up to the sentence's end."""
    text = cast.text
    start = quote.end + 1
    inner = text[quote.begin : quote.end].rstrip()
    following = text[start : start + 3].lstrip(" ")
    if inner[-1:] in ".!?" and following[:1].isupper():
        end = _tail_end(text, start)
        at_sentence_end = end >= len(text) or text[end] in ".!?\n"  # not cut at a mark
        ends_in_verb = at_sentence_end and verbs(text, max(start, end - 25), end)
        lead = re.match(r"\s*(?:\S+\s+){0,4}", text[start:end])
        opening = verbs(text, start, start + (lead.end() if lead else 0))
        # "Vaa'i joked, in reference to …" (the verb ends its clause), not "X claims that …"
        ends_clause = opening and re.match(
            r"\s*(?:\w+ly\s*)?(?:[,.;]|$)", text[opening[0].end : end]
        )
        attributed_after = bool(ends_clause)
        speaking = [v for v in verbs(text, start, end) if v.word in SPEAKING]
        if speaking and not attributed_after and not ends_in_verb:
            who, _ = subject(cast, start, speaking[0])  # "… forward Rhian Brewster speaks with"
            attributed_after = who is not None and who.type == "person"
        if len(text[start:end].split()) > 8 and not ends_in_verb and not attributed_after:
            captioned = _caption(cast, quote, start)
            return Attribution(captioned, "caption-name") if captioned else None
    else:
        end = _tail_end(text, start)
    words = list(re.finditer(r"\S+", text[start:end]))[:TAIL_WORDS]
    if not words:
        return None
    end = start + words[-1].end()
    found = verbs(text, start, end)
    if any(v.word == "quoted" for v in found) and any(v.word == "saying" for v in found):
        found = [v for v in found if v.word == "saying"]  # "…,” the agency quoted X as saying.
    for verb in found:
        who, _ = subject(cast, start, verb)
        if who is not None:
            return Attribution(who, "quote-then-name-verb", verb)
        region = text[start : verb.begin].strip(" ,–—-\n’'”\"")
        if UNNAMED.match(region) or SPOKESPERSON_LEAD.match(region):
            return _unnamed(cast, start, verb.begin, verb)
        if not region:  # "…,” said X" (’’ said X: doubled marks too)
            who = _first_after(cast, verb.end, end)
            if who is not None:
                return Attribution(who, "quote-then-verb-name", verb)
            phrase = re.split(r"[,.;]", text[verb.end : end])[0]
            if UNNAMED.match(phrase):
                return _unnamed(cast, verb.end, verb.end + len(phrase), verb)
        break
    return _name_after_comma(cast, quote, start, end)


def _caption(cast: Cast, quote: Quotation, start: int) -> Speaker | None:
    """A quotation opening its paragraph, then a caption naming who said it ("…." Australia
    coach Ange Postecoglou on his team's tenure): only descriptions stand before the name."""
    text = cast.text
    if not alone_in_paragraph(text, quote):
        return None
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    person = next(
        (m for m in cast.mentions if start <= m.begin < line_end and m.speaker.id in cast.people),
        None,
    )
    if person is None:
        return None
    if re.match(r"\s+(?:\w+ed|has|had|was|is|will)\b", text[person.end : person.end + 15]):
        return None  # "… Governor Kathy Hochul declared a state of emergency": a sentence
    lead = text[start : person.run_begin].split()
    descriptive = all(
        w[:1].isupper() or w.lower() in TITLES or w.lower() in ("and", "of", "the") for w in lead
    )
    return person.speaker if descriptive and len(lead) <= 8 else None


def _name_after_comma(cast: Cast, quote: Quotation, start: int, end: int) -> Attribution | None:
    """“…,” Kohli was unable to …: with no verb of saying, a person named (or "he", "she") right
    after a quotation that ends in a comma, as the subject of the clause, is its speaker."""
    text = cast.text
    if text[quote.end - 1 : quote.end + 2].strip(' ”"’')[:1] != ",":
        return None
    lead = re.match(r"\s*(he|she)\s+[a-z]", text[start:end])
    if lead:
        who = cast.last_person(start, lead.group(1))
        return Attribution(who, "quote-then-name") if who is not None else None
    mention = cast.at(start, start + 3)
    if mention is None or mention.speaker.id not in cast.people:
        return None
    if not re.match(r"\s+[a-z]", text[mention.end : mention.end + 3]):
        return None
    return Attribution(mention.speaker, "quote-then-name")


def _unnamed(cast: Cast, begin: int, end: int, verb: Verb) -> Attribution:
    """A source the text does not name: ``null``, unless it is a spokesperson or a statement,
    whose words are the organisation's named with it, else the one the text gave as announcing
    something, else (a spokesperson's) the last one named."""
    if not SPOKESPERSON.search(cast.text, begin, end):
        return Attribution(None, "unnamed-source", verb)
    named = [m.speaker for m in cast.mentions if begin <= m.begin < end]
    organizations = [who for who in named if who.type == "organization"]
    lone = re.search(r"\b(?:for|of|from|at)\s+([A-Z][\w’'&-]+)\b(?!\s+[A-Z])", cast.text[begin:end])
    if not organizations and lone and lone.group(1).lower() not in STARTERS:
        label = lone.group(1)  # "a spokesman for Ofsted"
        organizations = [Speaker(label, "organization", slug(label), False)]
    statement = not re.search(r"spokes|press office", cast.text[begin:end], re.I)
    who = organizations[0] if organizations else cast.issuer(begin, strict=statement)
    return Attribution(who, "spokesperson-organization" if who else "unnamed-source", verb)


def _first_after(cast: Cast, begin: int, end: int) -> Speaker | None:
    """Who stands after the verb: a pronoun, else the first person named before a clause ends
    ("said University of X climate scientist Jane Doe, …"), else the first name."""
    window = cast.text[begin:end]
    pronoun = re.match(r"\s+(he|she)\b", window)
    if pronoun:
        return cast.last_person(begin, pronoun.group(1))
    role = re.match(r"\s+(the(?:\s+[\w’'-]+){0,3}?\s+([a-z]+))\b", window)
    named = cast.at(begin, begin + role.end()) if role else None
    modifier = named is None or named.speaker.type == "organization"  # "the Army skipper"
    if role and re.match(r"[ \t]+[A-Z]", window[role.end() :]):
        role = None  # "the Congress legislator VD Satheeshan": the name follows
    if role and ROLE_SYNONYMS.get(role.group(2), role.group(2)) in ROLE_NOUNS and modifier:
        who = cast.resolve(role.group(1), begin)  # "said the leader of the Insoumise"
        if who is not None:
            return who
    stops = [m.start() for m in re.finditer(r",\s+(?:who|which|a|an|the)\b|[.;]", window)]
    stops = [at for at in stops if not _abbreviation(cast.text, begin + at)]
    limit = begin + (stops[0] if stops else len(window))
    mentions = [m for m in cast.mentions if begin <= m.begin < limit]
    people = [m for m in mentions if m.speaker.id in cast.people]
    chosen = people or mentions or [m for m in cast.mentions if begin <= m.begin < end]
    return chosen[0].speaker if chosen else None


def before(cast: Cast, quote: Quotation, previous: Quotation | None) -> Attribution | None:
    """The attribution in the words of the sentence before the opening mark (after the quotation
    before it, if that stands in the same sentence); for a quotation that opens its paragraph,
    a "X said:" ending the paragraph before."""
    text = cast.text
    mark = quote.begin - 1
    begin, _ = sentence_bounds(text, mark)
    if previous is not None and previous.end > begin:
        begin = previous.end + 1
    if not text[layout.paragraph(text, mark)[0] : mark].strip():
        colon = re.search(r"[^.!?\n]*:\s*\n+$", text[max(0, mark - 300) : mark])
        if colon is not None:
            begin = max(0, mark - 300) + colon.start()
    head = text[begin:mark]
    according = re.search(r"\b[Aa]ccording to\b", head)
    if according and verbs(text, begin, begin + according.start()):
        according = None  # "…,” said X, according to broadcaster Y. “…”: Y is the source only
    if according:
        named = cast.named_after(begin + according.end(), mark)
        if named is not None:
            return Attribution(named[0], "according-to-quote")
    ends_in_colon = head.rstrip().endswith(":")
    rule = "name-verb-colon-quote" if ends_in_colon else "name-verb-quote"
    found = verbs(text, begin, mark)
    for verb in reversed(found):
        who, _ = subject(cast, begin, verb)
        if who is not None:
            return Attribution(who, rule, verb)
    if found and (
        UNNAMED.match(text[begin : found[-1].begin])
        or SPOKESPERSON_LEAD.match(text[begin : found[-1].begin])
    ):
        return _unnamed(cast, begin, found[-1].begin, found[-1])
    if PARTICIPLE_LEAD.match(head):  # "Adding, “…”": the previous sentence's subject
        who, _ = subject(
            cast, sentence_bounds(text, max(begin - 2, 0))[0], Verb(begin, begin, "ing")
        )
        if who is not None:
            return Attribution(who, "name-verb-quote")
    return None


def repeated(
    text: str, quote: Quotation, known: dict[Quotation, Attribution]
) -> Attribution | None:
    """A pull-quote: its opening words recur in another quotation whose speaker is known."""
    words = quote.text(text)[:120].lower()
    for other, found in known.items():
        if other is quote or found.speaker is None:
            continue
        ratio = SequenceMatcher(None, words, other.text(text)[: len(words)].lower()).ratio()
        if ratio >= 0.8:
            return Attribution(found.speaker, "repeated-quote")
    return None


def alone_in_paragraph(text: str, quote: Quotation) -> bool:
    start = text.rfind("\n", 0, quote.begin) + 1
    return not text[start : quote.begin - 1].strip()


def split_quote(
    text: str, quote: Quotation, previous: Quotation | None, known: dict[Quotation, Attribution]
) -> Attribution | None:
    """The second part of a split quotation: the quotation before it in the same paragraph was
    attributed, and nothing but that attribution stands between them."""
    if previous is None or previous not in known or "\n" in text[previous.end : quote.begin]:
        return None
    between = text[previous.end + 1 : quote.begin - 1]
    attribution = known[previous]
    said = verbs(text, previous.end, quote.begin)
    only = attribution.verb is not None and said == [attribution.verb]
    participle = re.match(r"^[,\s]*\w+ing\b", between)  # "…,” pointing out that “…”
    joined = re.fullmatch(r"[,\s]*(?:[a-z]+\s+){0,2}[a-z]+[,\s]*", between) and not said
    inner = between.strip().rstrip(".!?")
    one_sentence = not any(
        not _abbreviation(text, previous.end + 1 + between.index(inner) + m.start())
        for m in SENTENCE_END.finditer(inner)
    )
    if not between.strip(" ,.;:–—-()") or participle or joined or (only and one_sentence):
        return Attribution(attribution.speaker, "split-quote")
    return None


def attribute(cast: Cast, found: list[Quotation]) -> dict[Quotation, Attribution]:
    """Every quotation's attribution, in order of the text, each by the first rule that applies."""
    text = cast.text
    known: dict[Quotation, Attribution] = {}
    previous: Quotation | None = None
    for quote in found:
        rule = _explicit(cast, quote, previous, known, found)
        if rule is not None:
            known[quote] = rule
            cast.note_speaker(quote.begin, rule.speaker)
        previous = quote
    for quote in found:
        if quote not in known:
            rule = repeated(text, quote, known)
            if rule is not None:
                known[quote] = rule
    for quote, following in pairwise(found):
        run_on = quote.runs_on and following in known and quote not in known
        if run_on and known[following].speaker is not None:
            known[quote] = Attribution(known[following].speaker, "run-on-quote")
    last: Attribution | None = None
    last_quote: Quotation | None = None
    for quote in found:
        if quote in known:
            last, last_quote = known[quote], quote
        elif alone_in_paragraph(text, quote) and last is not None:
            introduced = _reported_before(cast, quote, last_quote)
            if introduced is not None:
                known[quote] = Attribution(introduced, "reported-then-quote")
                last = known[quote]
            else:
                known[quote] = Attribution(last.speaker, "paragraph-continuation")
        elif (
            last is not None
            and last_quote is not None
            and _continues_in_paragraph(cast, last_quote, quote, last.speaker)
        ):
            known[quote] = Attribution(last.speaker, "paragraph-continuation")
        elif alone_in_paragraph(text, quote) and last is None:
            principal = cast.principal(quote.begin)
            introduced = _reported_before(cast, quote, None)
            who = introduced or principal
            how = "reported-then-quote" if who != principal else "introduced-speaker"
            known[quote] = Attribution(who, how if who else "no-speaker")
            last = known[quote] if who else None
        else:
            known[quote] = Attribution(None, "no-speaker")
    return known


def _reported_before(cast: Cast, quote: Quotation, last: Quotation | None) -> Speaker | None:
    """Who the paragraph before a quotation standing alone reports as saying something, after
    the last quotation ("Witness John Kitin says he identified the suspect." ⏎ “…”)."""
    text = cast.text
    begin, _ = layout.paragraph(text, max(0, text.rfind("\n", 0, quote.begin - 1) - 1))
    if last is not None:  # past the sentence of the last quotation, and its attribution
        begin = max(begin, sentence_bounds(text, last.end + 1)[1])
    found = [v for v in verbs(text, begin, quote.begin) if cast.is_outside(v.begin)]
    if not found:
        return None
    who, _ = subject(cast, sentence_bounds(text, found[-1].begin)[0], found[-1])
    return who


def _continues_in_paragraph(
    cast: Cast, last: Quotation, quote: Quotation, speaker: Speaker | None
) -> bool:
    """An unattributed quotation later in the paragraph of an attributed one, with no other
    person named between them, goes on with its speaker."""
    text = cast.text
    if speaker is None or "\n" in text[last.end : quote.begin]:
        return False
    said = sentence_bounds(text, last.end + 1)[1]  # past the last quotation's attribution
    reported = [v for v in verbs(text, said, quote.begin) if cast.is_outside(v.begin)]
    others = any(last.end < m.begin < quote.begin and m.speaker != speaker for m in cast.mentions)
    return not reported and not others  # "… the players’ union said ‘…’": the union's


def _explicit(
    cast: Cast,
    quote: Quotation,
    previous: Quotation | None,
    known: dict[Quotation, Attribution],
    found: list[Quotation],
) -> Attribution | None:
    roundup = layout.roundup_colon(cast, quote)
    if roundup is not None:
        return Attribution(roundup, "roundup-name-colon")
    answer = layout.interview(cast, quote)
    if answer is not None:
        return Attribution(*answer)
    rule = after(cast, quote) or before(cast, quote, previous)
    rule = rule or split_quote(cast.text, quote, previous, known)
    if rule is not None:
        return rule
    placed = layout.heading_or_dash(cast, quote, found)
    if placed is not None:
        return Attribution(*placed)
    headline = layout.headline_colon(cast, quote)
    return Attribution(headline, "headline-colon-name") if headline else None
