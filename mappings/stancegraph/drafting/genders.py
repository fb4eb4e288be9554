"""What a text says of a person's sex, so that "she" is never read as the man named last.

A person's sex is read, first that applies, from a title before the name ("Mrs", "Sir"), a role
or family noun given to them ("spokeswoman", "the mother of"), or their first name, where the US
Census Bureau's 1990 name frequencies (``given_names.tsv``) show one sex bearing it at least five
times as often as the other. Anything else is unknown, and unknown agrees with both pronouns.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from stancegraph.drafting.lexicon import NOT_GIVEN_NAMES, words

#: Pronouns and the sex they refer to.
PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
#: Titles, roles and family nouns that say a person's sex.
SEXED_WORDS = dict.fromkeys(
    words(
        """
        mrs ms miss madam madame dame lady queen princess duchess baroness sister mother
        daughter wife widow girlfriend fiancée grandmother aunt niece actress spokeswoman
        chairwoman congresswoman councilwoman businesswoman sportswoman policewoman stateswoman
        headmistress
        """
    ),
    "f",
) | dict.fromkeys(
    words(
        """
        mr sir lord king prince duke baron brother father son husband widower boyfriend fiancé
        grandfather uncle nephew actor spokesman congressman councilman businessman sportsman
        policeman statesman headmaster
        """
    ),
    "m",
)


@cache
def given_names() -> dict[str, str]:
    """First name -> ``f`` or ``m``, from the package's ``given_names.tsv``."""
    table = resources.files("stancegraph.drafting").joinpath("given_names.tsv")
    pairs = (line.split("\t") for line in table.read_text(encoding="utf-8").splitlines())
    names = (p for p in pairs if len(p) == 2 and p[0][:1] != "#")
    return {name: sex for name, sex in names if name.lower() not in NOT_GIVEN_NAMES}


def of_words(titles: list[str]) -> str | None:
    """The sex the first sexed title or noun of ``titles`` says, if any ("Mrs", "the mother of
    a young son": the head noun, not a word of what follows it)."""
    for word in titles:
        sex = SEXED_WORDS.get(word.lower().strip(".,’'"))
        if sex is not None:
            return sex
    return None


def of_name(label: str) -> str | None:
    """The sex a full name's first word says, if it is a given name ("Jane Doe"); a surname
    alone ("Warren") says none."""
    words = label.split()
    return given_names().get(words[0]) if len(words) >= 2 else None


def agrees(pronoun: str, sex: str | None) -> bool:
    """Whether ``pronoun`` may refer to a person of ``sex`` (unknown agrees with both)."""
    wanted = PRONOUN_SEX.get(pronoun.lower())
    return wanted is None or sex is None or sex == wanted
