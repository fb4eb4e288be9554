"""Who the text names, and where: registry actors, people, organisations, and what refers back.

A :class:`Cast` reads an article once and answers "who is meant here?" for a word of it: a
registry label or alternative label (longest first), a name read from a run of capitalised words
(:mod:`stancegraph.drafting.names`), a surname, first name or title with a surname referring back
to a name given in full, a name given alone as a speaker ("said Hannah, a neighbor"), a pronoun
referring back to the last person in subject position or the last speaker, "the company" or "it"
referring back to the last organisation, and a role ("the minister") referring back to the last
person given that role.

A name counts as a person only with a person cue somewhere in the article: a title or role before
it, an apposition after it (", the director of", ", 48,"), a verb of saying of which it is the
subject ("X said", "said X."), or a given name before a verb ("Andres Lopez refused"). Names
without one (places, events, things) are never the antecedent of a pronoun.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from stancegraph.drafting import cues, genders, names
from stancegraph.drafting.lexicon import (
    INDEFINITE,
    LEADER_ROLES,
    NOT_ORGANIZATIONS,
    ORGANIZATION_NOUNS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    STARTERS,
    TITLES,
)
from stancegraph.mapping.spec import Actor

__all__ = ["PRONOUNS", "ROLE_NOUNS", "Cast", "Mention", "Speaker", "slug"]

PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "his": "person"}


def surnames(label: list[str]) -> set[str]:
    """The words of a full name that may stand for it alone: the last ("Doe"), without a
    hyphened particle ("al-Haidan": "Haidan"), or the first before a hyphened given name, as
    Cantonese and Korean names are written ("Kong Wing-cheung": "Kong")."""
    found = {label[-1], re.sub(rf"^{names.HYPHENED}-", "", label[-1])}
    if len(label) == 2 and "-" in label[1] and label[1][:1].isupper():
        found.add(label[0])
    return found


def slug(label: str) -> str:
    """An actor id from a name: "Miloš Garić" is ``milos-garic``."""
    folded = unicodedata.normalize("NFKD", label.lower().replace("đ", "d").replace("ł", "l"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "actor"


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to: a registry actor, or a new actor to propose."""

    label: str
    type: str  # person | organization | polity | group
    id: str
    known: bool  # in the registry


@dataclass
class Mention:
    begin: int
    end: int
    speaker: Speaker
    how: str  # registry | name | surname | first-name | title-surname | single
    run_begin: int = -1  # where the words naming it start, titles included


@dataclass
class Cast:
    """The actors of one article: the registry's, and the people its text names."""

    text: str
    registry: dict[str, Actor]
    outside: list[tuple[int, int]]  # the spans of text outside quotations
    mentions: list[Mention] = field(default_factory=list)
    roles: dict[str, list[tuple[int, Speaker, str]]] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)  # ids of speakers with a person cue
    speakers: list[tuple[int, Speaker | None]] = field(default_factory=list)  # attributed
    sexes: dict[str, str] = field(default_factory=dict)  # person id -> f | m, where the text says

    @classmethod
    def read(cls, text: str, registry: Iterable[Actor], quoted: list[tuple[int, int]]) -> Cast:
        outside, last = [], 0
        for begin, end in quoted:
            outside.append((last, begin))
            last = end
        outside.append((last, len(text)))
        cast = cls(text, {a.id: a for a in registry}, outside)
        cast._find()
        return cast

    # ------------------------------------------------------------------ finding names

    def _registry_names(self) -> list[tuple[str, Actor]]:
        pairs = [(a.label, a) for a in self.registry.values()]
        pairs += [(alt, a) for a in self.registry.values() for alt in a.alt_labels]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def _taken(self, begin: int, end: int) -> bool:
        return any(m.begin < end and begin < m.end for m in self.mentions)

    def _find(self) -> None:
        for label, actor in self._registry_names():
            for match in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", self.text):
                if not self._taken(*match.span()):
                    speaker = Speaker(actor.label, actor.type, actor.id, True)
                    self.mentions.append(Mention(*match.span(), speaker, "registry", match.start()))
                    if actor.type == "person":
                        self.people.add(actor.id)
        for run in names.runs(self.text):
            name = names.read(self.text, run)
            free = name is not None and not self._taken(name.begin, name.end)
            if name is not None and free and not self._marked(name):
                self._add_name(name)
        self.mentions.sort(key=lambda m: m.begin)
        self._note_people()
        self._add_single_words()
        self.mentions.sort(key=lambda m: m.begin)
        self._note_people()
        self._note_sexes()

    def _note_sexes(self) -> None:
        """Each person's sex, where a title or role noun given to them, else their first name,
        says it (:mod:`stancegraph.drafting.genders`)."""
        for mention in self.mentions:
            if mention.speaker.type != "person" or mention.speaker.id in self.sexes:
                continue
            titles = self.text[mention.run_begin : mention.begin]  # "Mrs", "spokeswoman"
            after = re.match(  # an apposition, not a relative clause ("whose wife …")
                r",\s+(?:(?:a|an|the)\s+)?(?!who|whose|which)([a-z][^,.]{0,40})",
                self.text[mention.end :],
            )
            words = re.findall(r"[\w’'\-]+", titles)
            sex = genders.of_words(words + (after.group(1).split() if after else []))
            if sex is not None:
                self.sexes[mention.speaker.id] = sex
        for mention in self.mentions:
            sex = genders.of_name(mention.speaker.label)
            if mention.speaker.type == "person" and sex is not None:
                self.sexes.setdefault(mention.speaker.id, sex)

    def _marked(self, name: names.Name) -> bool:
        """A name that fills a pair of quotation marks is a title or a term (“Fratelli Tutti”)."""
        before = self.text[name.run_begin - 1 : name.run_begin]
        after = self.text[name.end : name.end + 1]
        return before in ("“", '"', "‘") and after in ("”", '"', "’")

    def _note_people(self) -> None:
        for mention in self.mentions:
            person = mention.speaker.type == "person"
            cue = cues.person_cue(self.text, mention.run_begin, mention.end)
            given = (  # a given name, before a verb: "… challenger Andres Lopez refused"
                mention.how == "name"
                and genders.of_name(mention.speaker.label) is not None
                and re.match(r"[ \t]+[a-z]", self.text[mention.end : mention.end + 3]) is not None
            )
            if mention.speaker.id not in self.people and person and (cue or given):
                self.people.add(mention.speaker.id)

    def _add_name(self, name: names.Name) -> None:
        words = name.label.split()
        if (
            len(words) == 1 and name.kind == "person"
        ):  # a title and a surname: "Mr Johnson", "Chairwoman McDaniel"
            title = self.text[name.run_begin : name.begin].lower().split()
            earlier = self.by_surname(words[0], name.begin, title[-1] if title else "")
            who = earlier or Speaker(name.label, "person", slug(name.label), False)
            self.mentions.append(
                Mention(name.begin, name.end, who, "title-surname", name.run_begin)
            )
            self.people.add(who.id)
            self._note_role(name, who)
            return
        who = (
            self._known(name.label)
            or (self._by_last_words(name.label, name.begin) if name.kind == "person" else None)
            or Speaker(name.label, name.kind, slug(name.label), False)
        )
        self.mentions.append(Mention(name.begin, name.end, who, "name", name.run_begin))
        if name.titled and name.kind == "person":
            self.people.add(who.id)
        self._note_role(name, who)

    def _add_single_words(self) -> None:
        """Surnames and first names referring back, and names given alone as a speaker."""
        alone: dict[str, Speaker] = {}
        for token in names.TOKEN.finditer(self.text):
            word = names.bare_word(token.group())
            begin, end = token.start(), token.start() + len(word)
            if self._taken(begin, end) or word.lower() in STARTERS | TITLES:
                continue
            who, how = self._refers_back(word, begin), "surname"
            if who is None and word.isupper() and len(word) >= 2:
                who, how = self._initials_of(word, begin), "acronym"
            if who is None and word in alone:
                who, how = alone[word], "single"
            if who is None:
                who = self._given_alone(word, begin, end) or self._organization(word, begin, end)
                how = "single"
                if who is not None:
                    alone[word] = who
            if who is not None:
                self.mentions.append(Mention(begin, end, who, how, begin))
                self.mentions.sort(key=lambda m: m.begin)

    def _refers_back(self, word: str, before: int) -> Speaker | None:
        for mention in reversed(self.mentions):
            label = mention.speaker.label.split()
            if mention.begin >= before or len(label) < 2 or mention.speaker.type != "person":
                continue
            if word in surnames(label) or word in self._alt_labels(mention.speaker):
                return mention.speaker
            if label[0] == word and mention.speaker.id in self.people:
                return mention.speaker
        return None

    def in_full(self, who: Speaker | None) -> Speaker | None:
        """A speaker known by one word ("Thompson", "FNC"), as the one person (or organisation)
        the article names in full anywhere with that surname (or those initials); else as is."""
        if who is None or who.known or len(who.label.split()) > 1:
            return who
        word = who.label
        fuller: set[Speaker] = set()
        given: set[Speaker] = set()
        for mention in self.mentions:
            label = mention.speaker.label.split()
            if mention.speaker.known or len(label) < 2 or mention.speaker.type != who.type:
                continue
            initials = "".join(w[0] for w in label if w[:1].isupper())
            if word in surnames(label) or (word.isupper() and initials.endswith(word)):
                fuller.add(mention.speaker)
            elif word == label[0] and who.type == "person":
                given.add(mention.speaker)  # "Dr Yaacob" for Yaacob Ibrahim
        fuller = fuller or given
        return fuller.pop() if len(fuller) == 1 else who

    def _initials_of(self, word: str, before: int) -> Speaker | None:
        """An organisation named before in full whose initials an acronym spells ("FNC" after
        "UAE Federal National Council")."""
        for mention in reversed(self.mentions):
            if mention.begin >= before or mention.speaker.type != "organization":
                continue
            capitals = "".join(w[0] for w in mention.speaker.label.split() if w[:1].isupper())
            if capitals.endswith(word):
                return mention.speaker
        return None

    def _by_last_words(self, label: str, before: int) -> Speaker | None:
        """A person named before in full whose name ends in these words ("Pena Nieto" after
        "Enrique Pena Nieto")."""
        for mention in reversed(self.mentions):
            full = mention.speaker.label.lower()
            person = mention.begin < before and mention.speaker.type == "person"
            if person and len(full) > len(label) and full.endswith(" " + label.lower()):
                return mention.speaker
        return None

    def _given_alone(self, word: str, begin: int, end: int) -> Speaker | None:
        """A single name as the subject of a verb of saying ("Cassandra said", "said Hannah,")."""
        after = self.text[end : end + 80]
        speaks = cues.SPEAKS_AFTER.match(after) or (
            cues.SAID_BEFORE.search(self.text[max(0, begin - 12) : begin])
            and re.match(r"^(?:,|\.|\s+(?:who|at|in|on)\b)", after)
        )
        if not speaks or not self.is_outside(begin) or "." in word:
            return None
        if re.match(r"\.[ \t]+[A-Z][\w]*\.?[ \t]+[A-Z]", after):
            return None  # "said Mass. Gov. Charlie Baker": an abbreviation before a title
        plural = word.endswith("s") or word.lower() in INDEFINITE
        if cues.sentence_start(self.text, begin) and plural and not self._named_mid_sentence(word):
            return None  # "Prosecutors said": a sentence's first word, not a name
        if re.search(r"\b(?:the|a|an)[ \t]+$", self.text[max(0, begin - 5) : begin], re.I):
            return None  # "the Spaniard said": an epithet, not a name
        previous = re.search(r"([\w’'\-]+)[ \t]+$", self.text[max(0, begin - 30) : begin])
        if previous is not None and not cues.SAID_BEFORE.search(
            self.text[max(0, begin - 20) : begin]
        ):
            word_before = previous.group(1)
            if word_before[:1].isupper() or (
                word_before.lower() not in TITLES | cues.SUBJECT_BEFORE
            ):
                return None  # "at Dynamite Coffee said", "another good Samaritan told"
        if cues.ORG_CUE.match(after):
            return Speaker(word, "organization", slug(word), False)
        return Speaker(word, "person", slug(word), False)

    def _named_mid_sentence(self, word: str) -> bool:
        """The word stands capitalised within a sentence somewhere, and never in lower case."""
        if re.search(rf"(?<![\w’'-]){re.escape(word.lower())}(?![\w’'-])", self.text):
            return False
        for match in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w-])", self.text):
            if not cues.sentence_start(self.text, match.start()):
                return True
        return False

    def _organization(self, word: str, begin: int, end: int) -> Speaker | None:
        """A single name an organisation is known by: "X’s shares", "X … its chief", or an
        acronym of three letters or more that is no common abbreviation ("NASA said")."""
        if len(word) < 3 or not self.is_outside(begin):
            return None
        acronym = word.isupper() and word.isalpha() and word.lower() not in NOT_ORGANIZATIONS
        line = self.text[self.text.rfind("\n", 0, begin) + 1 : begin]
        dateline = re.fullmatch(r"[A-Z.\s]*", line) is not None and re.match(
            r"\s*(?:,|\(|[–—-])", self.text[end : end + 3]
        )  # "DETROIT (AP) —", "ST. PAUL, Minn."
        acronym = acronym and not dateline
        if not acronym and not cues.ORG_CUE.match(self.text[end : end + 80]):
            return None
        return Speaker(word, "organization", slug(word), False)

    def _known(self, label: str) -> Speaker | None:
        for actor in self.registry.values():
            if label == actor.label or label in actor.alt_labels:
                return Speaker(actor.label, actor.type, actor.id, True)
        return None

    def _note_role(self, name: names.Name, who: Speaker) -> None:
        """Remember the roles given to a person: before the name, or in an apposition after."""
        earlier = max((m.end for m in self.mentions if m.end <= name.run_begin), default=0)
        window = max(0, name.run_begin - 60, earlier)
        sentence = list(re.finditer(r"[.!?][”\"’]?\s+|\n", self.text[window : name.run_begin]))
        start = window + sentence[-1].end() if sentence else window
        owned = list(
            re.finditer(r"\b(?:of|for|to|with|at|by)\s", self.text[start : name.run_begin])
        )
        start += owned[-1].end() if owned else 0  # "X, sister of President Y": Y's is "President"
        before = self.text[start : name.begin].lower()  # this sentence's words, and the titles
        holder_of = [
            m for m in self.mentions if m.speaker.type == "organization" and m.end == earlier
        ]
        if holder_of and re.fullmatch(r",\s*", self.text[earlier : name.run_begin]):
            lead = self.text[max(0, holder_of[0].run_begin - 40) : holder_of[0].run_begin]
            role = re.search(r"([\w’'\-]+)\s+(?:of|at|for)(?:\s+the)?\s+$", lead)
            before = role.group(1).lower() if role else before  # "The Chairman of INEC, X"
        after = re.match(r",\s+(?:a|an|the)?\s*([^,.]{0,80})", self.text[name.end : name.end + 100])
        if after and re.search(r"[:“\"]|\b(?:said|says|told|added)\b", after.group(1)):
            after = (
                None  # a clause of its own ("…by Mr X, the Prime Minister said:"), no apposition
            )
        words = re.findall(r"[\w’'\-]+", before)[-6:]
        context = words + (after.group(1).lower().split() if after else [])
        phrase = " ".join(context)
        for word in context if who.type == "person" else ():
            noun = word.strip(",.’'")
            if noun in ROLE_NOUNS:
                self.roles.setdefault(noun, []).append((name.begin, who, phrase))

    # ------------------------------------------------------------------ resolving

    def is_outside(self, at: int) -> bool:
        return any(b <= at < e for b, e in self.outside)

    def note_speaker(self, at: int, who: Speaker | None) -> None:
        """Record a quotation's attributed speaker (None: an unnamed source) at offset ``at``."""
        self.speakers.append((at, who))

    def agrees(self, pronoun: str, who: Speaker | None) -> bool:
        """Whether ``pronoun`` may refer to ``who`` (an unnamed source agrees with any)."""
        return who is None or genders.agrees(pronoun, self.sexes.get(who.id))

    def last_person(self, before: int, pronoun: str = "") -> Speaker | None:
        """Who "he" or "she" at ``before`` means: the latest of the last person named in subject
        position outside quotations and the last speaker attributed (None if an unnamed one),
        of those the pronoun agrees with."""
        named = None
        for mention in reversed(self.mentions):
            if (
                mention.begin < before
                and self.agrees(pronoun, mention.speaker)
                and self._may_be_meant(mention)
                and self.is_outside(mention.begin)
                and cues.subject_position(self.text, mention.run_begin, mention.end)
            ):
                named = mention
                break
        spoke = [
            (at, who) for at, who in self.speakers if at < before and self.agrees(pronoun, who)
        ]
        if spoke and (named is None or spoke[-1][0] > named.begin):
            return spoke[-1][1]
        if named is None and pronoun in genders.PRONOUN_SEX:
            return self._last_of_sex(before, genders.PRONOUN_SEX[pronoun])
        return named.speaker if named else None

    def _last_of_sex(self, before: int, sex: str) -> Speaker | None:
        """With no subject before it, "she" is the last woman named anywhere outside quotations
        ("MEPs backed Ursula von der Leyen …" ⏎ “…,” she said), "he" the last man."""
        for mention in reversed(self.mentions):
            named = mention.begin < before and self.is_outside(mention.begin)
            if (
                named
                and mention.speaker.id in self.people
                and self.sexes.get(mention.speaker.id) == sex
            ):
                return mention.speaker
        return None

    def _may_be_meant(self, mention: Mention) -> bool:
        """A person, or a name without a cue that opens a sentence as its subject ("Jane Doe
        arrived late.")."""
        if mention.speaker.id in self.people:
            return True
        verb_follows = re.match(r"[ \t]+[a-z]+\b", self.text[mention.end : mention.end + 20])
        return (
            mention.how == "name"
            and mention.speaker.type == "person"
            and cues.sentence_start(self.text, mention.run_begin)
            and verb_follows is not None
        )

    def last_organization(self, before: int) -> Speaker | None:
        """Who "the company" or "it" at ``before`` means: the last organisation named, or the
        organisation whose quotation came last if it spoke after that ("…,” it said")."""
        named = None
        for mention in reversed(self.mentions):
            is_org = mention.speaker.type == "organization"
            if mention.begin < before and is_org and self.is_outside(mention.begin):
                named = mention
                break
        spoke = [(at, who) for at, who in self.speakers if at < before]
        last = spoke[-1] if spoke else (0, None)
        later = named is None or last[0] > named.begin
        if last[1] is not None and last[1].type == "organization" and later:
            return last[1]
        return named.speaker if named else None

    def issuer(self, before: int, strict: bool = False) -> Speaker | None:
        """Whose statement "the statement" at ``before`` is: the last organisation the text
        gives as announcing or stating something, else (unless ``strict``) the last
        organisation named."""
        for mention in reversed(self.mentions):
            if mention.begin >= before or mention.speaker.type != "organization":
                continue
            after = self.text[mention.end : mention.end + 40]
            if re.match(r"^(?:’s|'s)?\s+(?:\w+ly\s+)?(?:announced|stated|said|issued)\b", after):
                return mention.speaker
        return None if strict else self.last_organization(before)

    def by_surname(self, word: str, before: int, title: str = "") -> Speaker | None:
        """The last person named before ``before`` whose name ends in ``word`` (or is it); of
        several, the one the text gave ``title`` ("Minister Rajapaksa": the minister)."""
        found: list[Speaker] = []
        for mention in reversed(self.mentions):
            if mention.begin < before and mention.speaker.type == "person":
                label = mention.speaker.label.split()
                if word in surnames(label) or word in self._alt_labels(mention.speaker):
                    found.append(mention.speaker)
        holders = {who for at, who, _ in self.roles.get(title.strip(".,"), []) if at < before}
        return next((who for who in found if who in holders), found[0] if found else None)

    def _alt_labels(self, speaker: Speaker) -> tuple[str, ...]:
        actor = self.registry.get(speaker.id)
        return actor.alt_labels if actor and speaker.known else ()

    def by_role(self, noun: str, before: int, phrase: str = "") -> Speaker | None:
        """The last person given the role ``noun`` before ``before`` (preferring one whose role
        has every word of ``phrase``: "the Regional Minister"); else, for a leading role, the
        article's principal person; None if neither."""
        noun = ROLE_SYNONYMS.get(noun, noun)  # "the skipper": the captain
        holders = [(who, said) for at, who, said in self.roles.get(noun, []) if at < before]
        wanted = [w for w in phrase.lower().split() if w not in ("the", noun)]
        exact = [who for who, said in holders if all(w in said.split() for w in wanted)]
        if exact:
            return exact[-1]
        if holders and (not wanted or len({who for who, _ in holders}) == 1):
            return holders[-1][0]  # "the official": the last; "the Kremlin spokesman": the one
        if holders and noun not in LEADER_ROLES:
            return None  # "the administration official", where no official of it was named
        if noun not in LEADER_ROLES:
            return None
        recent = self.last_person(before)
        if recent is not None and self._named_lately(recent, before):
            return recent  # "the leader of the Insoumise", just after "Mélenchon denounced …"
        return self.principal(before)

    def _named_lately(self, who: Speaker, before: int) -> bool:
        """Whether ``who`` is named in the paragraph of ``before`` or the one before it."""
        start = self.text.rfind("\n", 0, self.text.rfind("\n", 0, before)) + 1
        start = self.text.rfind("\n", 0, max(start - 2, 0)) + 1
        return any(start <= m.begin < before and m.speaker == who for m in self.mentions)

    def principal(self, before: int) -> Speaker | None:
        """The person named most often before ``before`` (the first of equals)."""
        counts = Counter(
            m.speaker for m in self.mentions if m.begin < before and m.speaker.id in self.people
        )
        return counts.most_common(1)[0][0] if counts else None

    def at(self, begin: int, end: int) -> Mention | None:
        """The first mention that starts within ``begin``–``end``."""
        for mention in self.mentions:
            if begin <= mention.begin < end:
                return mention
        return None

    def named_after(self, begin: int, end: int) -> tuple[Speaker, int] | None:
        """Who the words from ``begin`` name first ("according to Horvat, …"), and where that
        ends: a mention, or a surname or pronoun referring back."""
        mention = self.at(begin, end)
        word = re.match(r"\s*([\w’'\-]+)", self.text[begin:end])
        if word and (mention is None or mention.begin > begin + word.end()):
            who = self.resolve(word.group(1), begin)
            if who is not None:
                return who, begin + word.end()
        return (mention.speaker, mention.end) if mention else None

    def resolve(self, phrase: str, at: int) -> Speaker | None:
        """Who a subject phrase at ``at`` refers to: a name, surname, pronoun, role or "it"."""
        words = phrase.split()
        if not words:
            return None
        head, last = words[0].lower(), words[-1].lower().strip(",.’'")
        last = ROLE_SYNONYMS.get(last, last)  # "the skipper": the captain
        if head in PRONOUNS and len(words) == 1:
            return self.last_person(at, head)
        if head == "it" and len(words) == 1:
            return self.last_organization(at)
        if head == "the" and len(words) >= 2 and last in ORGANIZATION_NOUNS:
            return self.last_organization(at)
        if head == "the" and len(words) >= 2 and last in ROLE_NOUNS:
            return self.by_role(last, at, phrase)
        word = words[-1].strip(",.’'")
        if word[:1].isupper():
            return self.by_surname(word, at)
        return None
