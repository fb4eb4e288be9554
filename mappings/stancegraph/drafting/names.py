"""Capitalised sequences and the names in them: a person, an organisation, or nothing.

A *run* is a sequence of capitalised words separated by spaces within one line (name particles
such as "van" or "de" may stand between them); a line or paragraph break, a sentence end, a comma
or a possessive ’s ends it. In a run, the words up to the last title or role ("Assistant Police
Commissioner", "Battalion Chief") are not part of the name; an organisation word after them
("Systems Inc", "University") makes the run an organisation; a place, event or thing word
("Summit", "Road", "Lakes") makes it no speaker at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancegraph.drafting import genders
from stancegraph.drafting.lexicon import (
    ABBREVIATIONS,
    DETERMINERS,
    KIN,
    ORGANIZATION_WORDS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    PORTFOLIO,
    STARTERS,
    SURNAME_WORDS,
    TITLES,
)

#: What follows an English judge's surname in law reports: "Farbey J", "Denning MR".
JUDICIAL = frozenset(["J", "LJ", "CJ", "MR", "JJ", "LJJ"])
#: Particles joined to a surname by a hyphen: "al-Haidan", "bin-Salman".
HYPHENED = r"(?:al|el|ibn|bin|abu|ul)"
#: Capital letters of the Latin alphabets, accented ones too ("Çavuşoğlu", "İbrahim", "Émile").
CAPITAL = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
TOKEN = re.compile(rf"(?<![\w’'.])(?<!\w-)(?:{HYPHENED}-)?[{CAPITAL}][\w’'.]*(?:-[\w’'.]+)*")
PARTICLES = r"(?:de|van|von|der|den|bin|al|da|del|la|le|di|du|dos|das|ter|ten)"
#: People who speak for where they work: "analysts at Morgan Stanley" (an organisation, no place).
STAFF_AT = re.compile(
    r"\b(?:analysts|economists|researchers|scientists|strategists|experts|officials|executives|"
    r"engineers|staff|doctors|lawyers|spokesmen|spokeswomen|spokespeople)[ \t]+(?:at|from|with)[ \t]+$"
)
#: A nationality before a name: "Australian", "Japanese", "Swiss", "Scot".
NATIONALITY = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|ot|ss|i)")
GAP = re.compile(rf"[ \t]+(?:{PARTICLES}[ \t]+)*")
POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(frozen=True)
class Name:
    """A name found in a run: its span, its words as written, and what the run says of it."""

    begin: int
    end: int
    label: str
    kind: str  # person | organization
    titled: bool  # a title or role stands before it in the run
    run_begin: int  # where the run (with its titles) starts


def bare_word(token: str) -> str:
    """A token without a trailing dot (unless an initial) and without a possessive."""
    if token.endswith(".") and len(token) > 2:
        token = token.rstrip(".")
    return POSSESSIVE.sub("", token) if re.search(r"[a-z][’']s?$", token) else token


def _ends_run(token: str) -> bool:
    """A sentence end or a possessive after this token ends the run."""
    if re.search(r"[a-z][’']s?$", token):
        return True
    if not token.endswith("."):
        return False
    bare = token.rstrip(".").lower()
    return not (len(bare) == 1 or bare in ABBREVIATIONS or "." in bare)


def runs(text: str) -> list[list[re.Match[str]]]:
    """Every run of capitalised words, as the tokens' matches."""
    found: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for token in TOKEN.finditer(text):
        if current:
            gap = text[current[-1].end() : token.start()]
            if _ends_run(current[-1].group()) or not GAP.fullmatch(gap):
                found.append(current)
                current = []
        current.append(token)
    if current:
        found.append(current)
    return found


def _is_title(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return lower in TITLES or any(p in TITLES for p in re.split(r"[.\-]", lower) if len(p) > 1)


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _dateline(text: str, begin: int, end: int, words: list[str]) -> bool:
    """A dateline: a place in capitals opening a paragraph ("ST. PETERSBURG, June 7. –")."""
    capitals = all(w.rstrip(".").isupper() for w in words) and len(" ".join(words)) > 3
    opens = begin == 0 or text[begin - 1] == "\n"
    return capitals and opens and re.match(r"\s*(?:,|\(|[–—-])", text[end : end + 3]) is not None


def read(text: str, run: list[re.Match[str]]) -> Name | None:
    """The name a run holds, if any (see the module docstring)."""
    words = [bare_word(t.group()) for t in run]
    if len(words) >= 2 and words[-1] in JUDICIAL:  # "Farbey J", "Denning LJ": the judge
        run, words = run[:-1], words[:-1]
    lowers = [w.lower() for w in words]
    given = genders.given_names()
    titles = [i for i, w in enumerate(words) if _is_title(w)]
    if titles and titles[-1] == len(words) - 1 and len(words) > 1 and words[-2] in given:
        titles.pop()  # "Sarah Champion", "Jason Pitcher": a surname, no title
    last_title = max(titles, default=-1)
    org = max((i for i, w in enumerate(lowers) if w in ORGANIZATION_WORDS), default=-1)
    first = last_title + 1
    while first < len(words) and lowers[first] in STARTERS:
        first += 1
    if last_title >= 0 or _after_title_of(text, run[0].start()) is not None:
        while first < len(words) - 1 and lowers[first] in PORTFOLIO:
            first += 1
    if first >= len(words):
        return None
    first = _from_given_name(words, first, last_title)
    begin = run[first].start()
    end = run[-1].start() + len(words[-1])
    title_of = _after_title_of(text, run[0].start())
    run_begin = title_of if title_of is not None else run[0].start()
    label = text[begin:end]
    if _dateline(text, run[0].start(), end, words[first:]):
        return None
    if first == 0 and STAFF_AT.search(text[max(0, run[0].start() - 40) : run[0].start()]):
        return Name(begin, end, label, "organization", False, run_begin)
    if len(words) - first >= 3 and _acronym(words[first]) and words[first + 1] in given:
        first += 1  # "QB David Carr": a position, no initials
        begin = run[first].start()
        label = text[begin:end]
    initials = (  # "AB de Villiers", "TJ Watt"
        len(words) - first >= 2 and len(words[first]) <= 2 and words[first + 1] not in given
    )
    acronyms = [w for i, w in enumerate(words) if i >= first + initials and _acronym(w)]
    of_the = re.search(
        r"\b[A-Za-z]+[ \t]+of[ \t]+the[ \t]+$", text[max(0, run[0].start() - 30) : run[0].start()]
    )
    trailing = lowers[org + 1 :] if org >= 0 else []
    if (
        of_the
        and len(trailing) >= 2
        and not any(w in ORGANIZATION_WORDS | PLACE_WORDS for w in trailing)
    ):
        first = org + 1  # "Secretary of the National Principals Union Parakrama Weerasinghe"
        begin = run_begin = run[first].start()
        label = text[begin:end]
        org = -1
    if title_of is not None:  # "Superintendent of Police Jane Doe": the department is no org
        org = max(
            (i for i, w in enumerate(lowers) if i >= first and w in ORGANIZATION_WORDS), default=-1
        )
    if org > last_title or acronyms:
        if org < 0 and len(words) - first < 2:
            return None
        if org > last_title >= 0 and title_of is None:  # "Foreign Ministry": its words, all
            first = next(i for i, w in enumerate(lowers) if w not in STARTERS or i == org)
            begin = run_begin = run[first].start()
        owner = re.search(r"(?<![\w’'-])[A-Z][\w\-]+[’']s[ \t]+$", text[max(0, begin - 30) : begin])
        if owner and first == 0 and org >= 0:  # "Pakistan's Foreign Ministry"
            begin = run_begin = begin - len(owner.group())
        return Name(begin, end, text[begin:end], "organization", False, run_begin)
    lower_after = re.match(r"[ \t]+[a-z]", text[end : end + 3]) is not None  # "Beach officials"
    person_like = last_title >= 0 or (
        len(words) - first >= 2 and words[first] in given and not lower_after
    )
    exempt = [person_like and (i != first or w in given) for i, w in enumerate(words)]
    if any(_not_a_name(w, exempt[i]) for i, w in enumerate(lowers) if i >= first):
        return None
    count = len(words) - first
    titled = last_title >= 0 or title_of is not None
    if count > 4 or (count == 1 and last_title < 0):
        return None
    if not titled and _not_a_person_here(text, run[first].start() if first else run[0].start()):
        return None
    return Name(begin, end, label, "person", titled, run_begin)


def _not_a_name(word: str, surname_here: bool) -> bool:
    """A place, event or thing word, or a word that starts sentences, which no name holds, except
    as a surname after a title or a given name ("Bill Nelson", "Dr. Adrian Hill", "Theresa
    May")."""
    if word not in PLACE_WORDS and word not in STARTERS:
        return False
    return not (surname_here and word in SURNAME_WORDS)


def _from_given_name(words: list[str], first: int, last_title: int) -> int:
    """Where a person's name starts in a run: a title that is also a given name, before a
    surname alone, is the given name ("Major Garrett", "Dean Smith"); after a department's words
    or a nationality, the first given name starts the name ("Human Resources Paul Idsvoog",
    "Australian Dylan Alcott"; not "Muhammad Ali Saif")."""
    given = genders.given_names()
    title = words[last_title] if last_title >= 0 else ""
    if last_title >= 0 and first == len(words) - 1 and title in given and title[:1].isupper():
        return last_title
    nationality = NATIONALITY.fullmatch(words[first]) and words[first] not in given
    if len(words) - first >= 3 and nationality:
        return first + 1  # "American Meb Keflezighi"
    if len(words) - first >= 3 and words[first] not in given:
        for index in range(first + 1, len(words) - 1):
            lead = words[first:index]
            department = all(  # "Human Resources", or a nationality: "Australian Dylan Alcott"
                w.lower() in PORTFOLIO
                or w.lower() in ORGANIZATION_WORDS
                or NATIONALITY.fullmatch(w)
                for w in lead
            )
            if words[index] in given and department:
                return index  # "Human Resources Paul Idsvoog", not "Muhammad Ali Saif"
    return first


def _after_title_of(text: str, at: int) -> int | None:
    """Where "<Title> of" starts, if the run follows one ("Minister of Foreign Affairs X")."""
    start = max(0, at - 40)
    before = re.search(r"([A-Za-z.\-]+)[ \t]+(?:of|for)[ \t]+$", text[start:at])
    if before is None or not _is_title(before.group(1)) or before.group(1).lower() in KIN:
        return None  # "sister of President X" is the sister's apposition, no title of X
    return start + before.start()


def _not_a_person_here(text: str, at: int) -> bool:
    """After a preposition of place or a determiner a bare name is a place or a thing."""
    word = re.search(r"([\w’']+)[ \t]+$", text[max(0, at - 30) : at])
    return word is not None and word.group(1).lower() in PLACE_PREPOSITIONS | DETERMINERS
