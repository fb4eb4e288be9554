"""The drafting rules, one pattern each, and the mapping terms of drafted statements."""

from __future__ import annotations

import pytest

from stancegraph.drafting.draft import draft
from stancegraph.drafting.quotes import quotations, scan
from stancegraph.mapping.errors import MappingError
from stancegraph.mapping.spec import Registry, parse_article, parse_registry
from stancegraph.mapping.yamlsource import load

Q = "“"
E = "”"
LEDE = "Headline of the story\n\n"


def found(text: str) -> list[str]:
    return [q.text(text) for q in quotations(text)]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # typographic marks
        ("“We will sign the pact this month,” she said.", ["We will sign the pact this month,"]),
        # straight marks, and mixed
        ('"We will sign the pact this month," she said.', ["We will sign the pact this month,"]),
        ('“We will sign the pact this month," she said.', ["We will sign the pact this month,"]),
        # a quotation over two paragraphs, the second reopening the mark: one quote per paragraph
        (
            "“The first paragraph of the quote goes on.\n\n“And the second one ends it,” he said.",
            ["The first paragraph of the quote goes on.", "And the second one ends it,"],
        ),
        # …and where the second paragraph only closes it
        (
            "She said: “The first part runs on.\n\nAnd the second one ends it,” she said.",
            ["The first part runs on.", "And the second one ends it,"],
        ),
        # a closing mark whose opening mark was lost, with its attribution after it
        (
            "The whole team kept on pushing until the very end,” he said.",
            ["The whole team kept on pushing until the very end,"],
        ),
        # …or after an attributed quotation in the same paragraph
        (
            "“We packed up the car,” Jo Bell said. I am going to stay here until the end.”",
            ["We packed up the car,", "I am going to stay here until the end."],
        ),
        # two apostrophes for each mark, and an opening mark typed to close
        (
            "He said: ''We will sign the pact this month.'' Then he left.",
            ["We will sign the pact this month."],
        ),
        (
            "“We will sign the pact this month, it is disgusting.“ Then he left.",
            ["We will sign the pact this month, it is disgusting."],
        ),
        # a closing mark typed to open, after a colon
        (
            "He said: ” We will sign the pact this month.” Then he left.",
            ["We will sign the pact this month."],
        ),
        # a paragraph that opens a quotation and never closes it
        (
            'Pellegrini spoke.\n\n"In the first half we played well, we did not feel the danger.',
            ["In the first half we played well, we did not feel the danger."],
        ),
        # two backticks open, two closing marks close (The Korea Times)
        (
            "He said: ``The government is trying to shout down the opposition,’’ and left.",
            ["The government is trying to shout down the opposition,"],
        ),
        # an apostrophe before digits opens nothing
        (
            "The band’s ’90s hits were played, and the players’ union said ‘we will fight this "
            "decision in court’.",
            ["we will fight this decision in court"],
        ),
        # one word standing as direct speech, attributed at its mark
        ('"Devastating," said Attorney General Maura Healey.', ["Devastating,"]),
        # three words quoted in a headline
        (
            "Shoppers 'happy about prices' says survey\n\nMost shoppers are happy.",
            ["happy about prices"],
        ),
        # a quotation in a headline written in title case, which a title would not be
        (
            "Survivor Calls Trooper Crash ‘Scariest Thing of My Life'\n\nThe crash was on Friday.",
            ["Scariest Thing of My Life"],
        ),
        # a blank after an opening mark that follows a comma
        (
            "Adding, “ With the wind behind it nobody can run,” she left.",
            ["With the wind behind it nobody can run,"],
        ),
        # fragments of three words inside reported speech; a quoted sentence of its own
        ("He said it would be “an absolute record” this year.", ["an absolute record"]),
        ("It was an “absolute record” and a “total success story” for them.", []),
        (
            '"We never have trouble here," she said. "Never."',
            ["We never have trouble here,", "Never."],
        ),
        # straight single marks in an article without double ones; apostrophes never count
        (
            "The minister's aide said 'We will not give up on this at all' on Monday.",
            ["We will not give up on this at all"],
        ),
        # a quotation nested in another stays part of it
        (
            "“It is not “on the table” at all for us now,” he said.",
            ["It is not “on the table” at all for us now,"],
        ),
        # scare quotes, a one-word term and a title are left out
        ("The “president” visited the so-called “reform” plan.", []),
        ("He starred in “The Art of the Deal” last year.", []),
        # an apostrophe never closes, a lone mark costs one quote only
        (
            "Kosovo’s “membership is not on the agenda now,” he said.",
            ["membership is not on the agenda now,"],
        ),
        (
            "An odd “ mark here.\n“But this is a quote of many words,” she said.",
            ["But this is a quote of many words,"],
        ),
        # British single marks, where an article has no double ones
        (
            "‘We will not give up on this at all,’ she said.",
            ["We will not give up on this at all,"],
        ),
        # a short quote counts when attributed at its mark
        ("“No comment,” he said.", ["No comment,"]),
    ],
)
def test_quotation_marks(text: str, quotes: list[str]) -> None:
    assert found(text) == quotes


def test_an_unbalanced_mark_does_not_end_the_scan() -> None:
    text = "He said “this never closes.\n\nShe said: “But this one does close here.”"
    assert [q.text(text) for q in scan(text)] == ["But this one does close here."]


@pytest.fixture(scope="module")
def registry() -> Registry:
    actors = load(
        "actors.yaml",
        "actors:\n"
        "  - {id: nato, type: organization, label: NATO}\n"
        "  - {id: daily, type: organization, label: Daily News}\n",
    )
    return parse_registry(actors, load("issues.yaml", "issues: []\n"))


def attributed(text: str, registry: Registry) -> list[tuple[str, str, str | None]]:
    result = draft(LEDE + text, "x", registry.actors.values(), "daily")
    return [
        (s.kind, s.rule, s.speaker.label if s.speaker else None)
        for s in result.statements
        if s.kind == "quote" or s.rule != "publisher-stance-marker"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ana Kovač spoke first. “We are ready to sign the agreement,” Kovač told reporters.",
            ("quote", "quote-then-name-verb", "Ana Kovač"),
        ),
        (
            "“We are ready to sign the agreement,” said Foreign Minister Ana Kovač.",
            ("quote", "quote-then-verb-name", "Ana Kovač"),
        ),
        (
            "“We are ready to sign the agreement,” reads a statement on the NATO website.",
            ("quote", "quote-then-verb-name", "NATO"),
        ),
        (
            "Ana Kovač told reporters: “We are ready to sign the agreement.”",
            ("quote", "name-verb-colon-quote", "Ana Kovač"),
        ),
        (
            "Ana Kovač arrived. According to Kovač, “the agreement is ready to be signed.”",
            ("quote", "according-to-quote", "Ana Kovač"),
        ),
        (
            "Marko Horvat arrived late. “The pact was negotiated entirely in secret,” he said.",
            ("quote", "quote-then-name-verb", "Marko Horvat"),
        ),
        (
            "Marko Horvat, the opposition leader, arrived. Horvat was angry. "
            "“The pact was negotiated entirely in secret,” the leader said.",
            ("quote", "quote-then-name-verb", "Marko Horvat"),
        ),
        # names span spaces within a line only; titles and roles are not part of a name
        (
            "Interview with the Evening Show\n\nAna Kovač spoke. "
            "“We are ready to sign the agreement,” she said.",
            ("quote", "quote-then-name-verb", "Ana Kovač"),
        ),
        (
            "“We are ready to sign the agreement,” said Minister of Foreign Affairs Ana Kovač.",
            ("quote", "quote-then-verb-name", "Ana Kovač"),
        ),
        (
            "“The flames came within feet of the homes,” said Fire Battalion Chief Ana Kovač.",
            ("quote", "quote-then-verb-name", "Ana Kovač"),
        ),
        # places and objects are no antecedent of a pronoun
        (
            "Ana Kovač spoke at a meeting held in Santa Rosa on Monday. "
            "“We are ready to sign the agreement,” she said.",
            ("quote", "quote-then-name-verb", "Ana Kovač"),
        ),
        # a pronoun after the addressee means the last speaker, not the addressee
        (
            "Ana Kovač spoke. “We are ready to sign the agreement,” she told host Mia Berg. "
            "“We have waited long enough for it,” she said.",
            ("quote", "quote-then-name-verb", "Ana Kovač"),
        ),
        # a name given alone, and a first name referring back
        (
            "“We heard two shots in the night,” said Hannah, a neighbour.",
            ("quote", "quote-then-verb-name", "Hannah"),
        ),
        (
            "Fire official Sean Doyle arrived. Sean said “People were calling us all night long.”",
            ("quote", "name-verb-quote", "Sean Doyle"),
        ),
        # an organisation, and "the company" referring back to it
        (
            "Zentrix cut its forecast. The company later issued a statement saying: "
            "“We do not comment on market rumours.”",
            ("quote", "name-verb-colon-quote", "Zentrix"),
        ),
        # a source the text does not name
        (
            "“We never heard a thing last night,” said one neighbor.",
            ("quote", "unnamed-source", None),
        ),
        # the second part of a split quotation
        (
            "“We are ready,” said Ana Kovač, who chairs the committee. “We will sign it today.”",
            ("quote", "split-quote", "Ana Kovač"),
        ),
        # "X was quoted as saying"
        (
            "The report named Ana Kovač. In it, Kovač was quoted as saying: "
            "“We will sign the agreement today.”",
            ("quote", "name-verb-colon-quote", "Ana Kovač"),
        ),
        # a role with no named holder: the article's principal person
        (
            "Ana Kovač gave an interview. Kovač spoke at length. "
            "The Prime Minister added he “did not envisage” any delay.",
            ("quote", "name-verb-quote", "Ana Kovač"),
        ),
        # an epithet for the person just named
        (
            "Rafael Mora won on Sunday. “It was one of the best matches of my life,” "
            "the Spaniard said.",
            ("quote", "quote-then-name-verb", "Rafael Mora"),
        ),
        # "she" agrees with the woman named, not the man named after her (by first name, by
        # title, by a role noun)
        (
            "Ana Kovač met Mark Horvat on Monday. Horvat said little. "
            "“We are ready to sign the agreement,” she said.",
            ("quote", "quote-then-name-verb", "Ana Kovač"),
        ),
        (
            "Mrs Bell met Mark Horvat. Horvat said little. “We are ready to sign it,” she said.",
            ("quote", "quote-then-name-verb", "Bell"),
        ),
        (
            "Council spokeswoman Jo Bell met Mark Horvat. Horvat said little. "
            "“We are ready to sign the agreement,” she said.",
            ("quote", "quote-then-name-verb", "Jo Bell"),
        ),
        # an unnamed spokesperson speaks for the organisation named with them…
        (
            "“We are ready to sign the agreement,” said a spokeswoman for Zentrix Holdings.",
            ("quote", "quote-then-verb-name", "Zentrix Holdings"),
        ),
        # …or for the organisation the text named last
        (
            "Zentrix Holdings cut its forecast. “We do not comment on rumours,” a spokesman said.",
            ("quote", "spokesperson-organization", "Zentrix Holdings"),
        ),
        # …and an unnamed official is no spokesperson
        (
            "Zentrix Holdings cut its forecast. “We do not comment on rumours,” one official said.",
            ("quote", "unnamed-source", None),
        ),
        # a fragment joined to an attributed one by "but"
        (
            "Ana Kovač insisted the pact “can still be signed this month” but “if we fall "
            "short, we will try again next year”.",
            ("quote", "split-quote", "Ana Kovač"),
        ),
        # a role given in a clause after a name is no apposition of that name
        (
            "Ana Kovač met Mark Horvat. Kovač spoke first. Kovač was firm. In response to the "
            "demands of Mr Horvat, the Prime Minister said: “We will not sign this agreement.”",
            ("quote", "name-verb-colon-quote", "Ana Kovač"),
        ),
        # a title and a surname two people share: the one given that title
        (
            "Trade Minister Chamal Perera met President Gota Perera. Minister Perera said the "
            "talks went well. “We agreed on every single point,” he said.",
            ("quote", "quote-then-name-verb", "Chamal Perera"),
        ),
        # a statement as the subject, past a relative clause: the organisation that announced
        (
            "Zentrix Holdings announced a deal with its lenders. “We will repay every loan on "
            "time,” the statement, which was signed by the whole board, said.",
            ("quote", "spokesperson-organization", "Zentrix Holdings"),
        ),
        # …and no one where no organisation announced anything
        (
            "Zentrix Holdings met its lenders in Iran. “The ministry summoned the ambassador "
            "today,” a statement said.",
            ("quote", "unnamed-source", None),
        ),
        # a caption naming the speaker after a quotation that opens its paragraph
        (
            "“I know what my legacy is, it is never going to be defined by one result.” "
            "Australia coach Ange Postecoglou on his national team tenure ahead of the play-off",
            ("quote", "caption-name", "Ange Postecoglou"),
        ),
        # a position before a name, and a state before a title
        (
            "“Appalled and saddened by the terrible news from Texas,” said Mass. Gov. Charlie "
            "Baker.",
            ("quote", "quote-then-verb-name", "Charlie Baker"),
        ),
        (
            "“It's big for this team to win at home,” said QB David Carr.",
            ("quote", "quote-then-verb-name", "David Carr"),
        ),
        # a nationality before a name is no part of it, as a department's words are not
        (
            "“People used to stare at me in the street,” said Australian Dylan Alcott.",
            ("quote", "quote-then-verb-name", "Dylan Alcott"),
        ),
        (
            "“We have identified the bomber,” said Barrister Muhammad Ali Saif.",
            ("quote", "quote-then-verb-name", "Muhammad Ali Saif"),
        ),
        # verbs of criticism report words too
        (
            "Jean-Luc Mélenchon denounced the “traditional marks of contempt” of the president.",
            ("quote", "name-verb-quote", "Jean-Luc Mélenchon"),
        ),
        # "said the leader of …": a role after the verb
        (
            "Jean-Luc Mélenchon spoke in Toulouse. “The crowd is to the people what the cry is "
            "to the voice,” said the leader of the Insoumise.",
            ("quote", "quote-then-verb-name", "Jean-Luc Mélenchon"),
        ),
        # a person named by what they are called, in the subject
        (
            "“We all rushed to the hill,” a 30-year-old woman called Suryani, who lost her "
            "children, told AFP.",
            ("quote", "quote-then-name-verb", "Suryani"),
        ),
        (
            "“It was raining all night,” the resident, who was identified only as Jean-Marc, "
            "told the broadcaster.",
            ("quote", "quote-then-name-verb", "Jean-Marc"),
        ),
        # "Name, apposition: “…”" opening a paragraph
        (
            "Simon Kirby, research fellow at the National Institute: “The governor will need to "
            "explain the rise.”",
            ("quote", "roundup-name-colon", "Simon Kirby"),
        ),
        # an epithet for the person just named: "the teenager"
        (
            "Prime Minister Edouard Philippe visited the town. In Villegailhenc, resident Ines "
            "Siguet said the water rose quickly.\n\n“There’s nothing left. There’s just a hole,” "
            "the teenager, whose school was closed, told The Associated Press.",
            ("quote", "quote-then-name-verb", "Ines Siguet"),
        ),
        # a leading role with no holder: the person just named, before the article's principal
        (
            "Emmanuel Macron spoke on Wednesday. Macron defended the reform. Macron would not "
            "yield.\n\nJean-Luc Mélenchon denounced the speech. “The crowd is to the people "
            "what the cry is to the voice,” said the leader of the Insoumise.",
            ("quote", "quote-then-verb-name", "Jean-Luc Mélenchon"),
        ),
        # "and said" shares the subject of its own clause, not the sentence's
        (
            "ANC spokesperson Zizi Kodwa was responding to a report in which DA leader John "
            "Moodey accused the ANC of violence and said “it’s time the ANC accepts they have "
            "lost”.",
            ("quote", "name-verb-quote", "John Moodey"),
        ),
        # a subject kept from its verb by where and when
        (
            "Apparently, President Lula da Silva during a meeting at the embassy in Tokyo said "
            "that “you need a lot of patience to endure them”.",
            ("quote", "name-verb-quote", "Lula da Silva"),
        ),
        # an epithet of what the person just named does: "the private sector employee"
        (
            "AMMAN — Amani Ammoura has a passion for jogging.\n\n“Walking on the pavement is "
            "difficult in Amman,” the private sector employee told The Jordan Times.",
            ("quote", "quote-then-name-verb", "Amani Ammoura"),
        ),
        # an apposition of "its", "his", "her"
        (
            "Ian Wood, its general manager, said: “We have existed for 27 years and were shocked.”",
            ("quote", "name-verb-colon-quote", "Ian Wood"),
        ),
        # "Name at Organisation: “…”"
        (
            "Howard Archer at Global Insight: “Mr King will probably acknowledge slower growth.”",
            ("quote", "roundup-name-colon", "Howard Archer"),
        ),
        # doubled closing marks before the verb
        (
            "``It is outrageous for the party to lean that way,’’ said GNP spokesman Yim Tae-hee.",
            ("quote", "quote-then-verb-name", "Yim Tae-hee"),
        ),
        # a verb's form after a possessive or a determiner is a noun ("Mr Nicoll’s comments")
        (
            "Jenny Laing spoke after Alex Nicoll. She described Mr Nicoll’s comments as "
            "“disparaging and extremely disappointing”.",
            ("quote", "name-verb-quote", "Jenny Laing"),
        ),
        # "Cllr" is a title
        (
            "Graham Leadbitter leads the group. Cllr Leadbitter said: “At no point was there an "
            "agreement.”",
            ("quote", "name-verb-colon-quote", "Graham Leadbitter"),
        ),
        # capitals with accents start names too
        (
            "“Will keep defending the cause, even if alone,” said Mevlüt Çavuşoğlu.",
            ("quote", "quote-then-verb-name", "Mevlüt Çavuşoğlu"),
        ),
        # "he" after "X announced that Y had …" is Y, the subject named last (a reader may
        # think otherwise; the drafter does not guess past the clause)
        (
            "Coach Mike Smith announced that striker Tom Jones had signed for two more years. "
            "“I am delighted to stay at this club,” he said.",
            ("quote", "quote-then-name-verb", "Tom Jones"),
        ),
        # an epithet that names no one: "the man" is unnamed, not the woman named before
        (
            "Mayor Jane Doe visited the scene. “I saw the car hit the wall,” the man said.",
            ("quote", "unnamed-source", None),
        ),
        # a place with a given name's first word is no person
        (
            "Long Beach officials closed the pier. “We had no choice,” said Long Beach Mayor Rex "
            "Richardson.",
            ("quote", "quote-then-verb-name", "Rex Richardson"),
        ),
        # a title word after a given name is a surname
        (
            "“We will hold them to account,” said Sarah Champion, the Labour MP.",
            ("quote", "quote-then-verb-name", "Sarah Champion"),
        ),
        # "quoted by state media as saying": state is no verb
        (
            "“We will not yield to pressure,” Minister Ali Khan was quoted by state media as "
            "saying.",
            ("quote", "quote-then-name-verb", "Ali Khan"),
        ),
        # a name given alone at the very start of the text
        (
            'Win\n\n"We won the match in the end," said Hannah.',
            ("quote", "quote-then-verb-name", "Hannah"),
        ),
        # an organisation's statement reported before a quotation standing alone
        (
            "“We pay high rates,” Audrey Cox said.\n\nIn a statement, Waikato Regional Council "
            "says it is hard to prevent all flooding.\n\n“It has not really come to our "
            "attention.”",
            ("quote", "reported-then-quote", "Waikato Regional Council"),
        ),
        # "<Title> of the <Organisation> <Name>": the name after the organisation's words
        (
            "Secretary of the National Principals Union Parakrama Weerasinghe said students "
            "stay home. “Only teachers are even aware of this problem,” Weerasinghe said.",
            ("quote", "quote-then-name-verb", "Parakrama Weerasinghe"),
        ),
        # a participle opening a sentence is no part of a name
        (
            "Terming Al Jazeera's report false, Asaduzzaman Khan said: “Our ministry has already "
            "rejected it.”",
            ("quote", "name-verb-colon-quote", "Asaduzzaman Khan"),
        ),
        # a nationality or an occupation before a name is no part of it
        (
            "“I guess I will be known for the finish,” said American Meb Kelefa.",
            ("quote", "quote-then-verb-name", "Meb Kelefa"),
        ),
        (
            "“She has put so much of herself in this film,” filmmaker Atom Egan said.",
            ("quote", "quote-then-name-verb", "Atom Egan"),
        ),
        # a judge's suffix in law reports
        (
            "Jane Farrow J said the conduct “does not justify the way he conducted the case”.",
            ("quote", "name-verb-quote", "Jane Farrow"),
        ),
        # a family name first, before a hyphened given name
        (
            "Police spokesman Kong Wing-chung spoke to reporters. “His verbal abuse was likely to "
            "cause a breach of the peace,” Kong said.",
            ("quote", "quote-then-name-verb", "Kong Wing-chung"),
        ),
        # a given name with a title, for a full name given elsewhere
        (
            "Minister Yacoub Ibrahim spoke at the event. “The Government wants more of such "
            "events,” said Dr Yacoub.",
            ("quote", "quote-then-verb-name", "Yacoub Ibrahim"),
        ),
        # "said the Army skipper": the captain named before, the organisation a modifier
        (
            "Army team captain Lieutenant Connie Carter praised her side. “That is what I came "
            "into this season wanting,” said the Army skipper.",
            ("quote", "quote-then-verb-name", "Connie Carter"),
        ),
        # an apposition of "of <Organisation>", and "had said" after an apposition
        (
            "Detective Inspector Jude Scotter, of Northumbria Police, said: “Burglary is an "
            "invasive crime.”",
            ("quote", "name-verb-colon-quote", "Jude Scotter"),
        ),
        (
            "“We only get one shot at it,” S. Alan Stein, the mission’s principal investigator, "
            "had said.",
            ("quote", "quote-then-name-verb", "S. Alan Stein"),
        ),
        # an honorific before a name, and a portfolio of several words
        (
            "“Flood victims are housed at the mosque,” said Libaran MP Datuk Zakaria Mohd Idris.",
            ("quote", "quote-then-verb-name", "Zakaria Mohd Idris"),
        ),
        (
            "Minister of Environmental Affairs Edna Molefe said: “The work of a ranger is a "
            "complex one.”",
            ("quote", "name-verb-colon-quote", "Edna Molefe"),
        ),
        # "a spokesman for <Organisation>", the organisation one capitalised word
        (
            "Isaac Newton Primary School got its report. “We take complaints very seriously,” a "
            "spokesman for Ofsted said.",
            ("quote", "spokesperson-organization", "Ofsted"),
        ),
        # "the agency quoted minister X as saying"
        (
            "“The statements are not precise,” the official WAM news agency quoted deputy "
            "foreign minister Tareq al-Haidan as saying.",
            ("quote", "quote-then-name-verb", "Tareq al-Haidan"),
        ),
        # an acronym of an organisation named before in full
        (
            "The UAE Federal National Council met. The FNC said the “visit is a flagrant "
            "violation of our sovereignty.”",
            ("quote", "name-verb-quote", "UAE Federal National Council"),
        ),
        # a possessive apposition
        (
            "“I heard my son screaming,” Sybrina Fulton, Martin's mother, answered firmly.",
            ("quote", "quote-then-name-verb", "Sybrina Fulton"),
        ),
        # a department after "<Title> of" is no organisation
        (
            "“Two of the men were hit,” Deputy Superintendent of Police Oniel Thompson said.",
            ("quote", "quote-then-name-verb", "Oniel Thompson"),
        ),
        # a role noun after a modifier: "the head coach"
        (
            "Coach Tom Reid spoke after the game. “We defended very well tonight,” the head "
            "coach said.",
            ("quote", "quote-then-name-verb", "Tom Reid"),
        ),
        # an apposition the text did not close with a comma
        (
            "“We are ready to sign the agreement,” Jo Bell, executive director of the CVB told "
            "reporters.",
            ("quote", "quote-then-name-verb", "Jo Bell"),
        ),
        # a sentence of its own that ends in its verb of saying
        (
            '"We love the downtown community." Katie Britt, one of the owners at Dynamite '
            "Coffee, said.",
            ("quote", "quote-then-name-verb", "Katie Britt"),
        ),
        # no verb of saying, but a person named right after a quotation ending in a comma
        (
            "Virat Kohli spoke. “Everything happened so quickly,” Kohli was unable to explain "
            "what hit his team.",
            ("quote", "quote-then-name", "Virat Kohli"),
        ),
        # a dateline is no organisation a spokesperson could speak for
        (
            "ST. PETERSBURG, June 7. Talks went on. “We will see what happens next,” a "
            "spokesman said.",
            ("quote", "unnamed-source", None),
        ),
        # "analysts at X" speak for X
        (
            "In a note, analysts at Morgan Stanley said the firm “can still meet its targets "
            "this year.”",
            ("quote", "name-verb-quote", "Morgan Stanley"),
        ),
        # a capitalised word after an adjective is no name given alone
        (
            "Mark Horvat and another good Samaritan told the driver to wait. “She was trying to "
            "get out of the car,” he said.",
            ("quote", "quote-then-name-verb", "Mark Horvat"),
        ),
        # a name that ends a name given before refers back to it
        (
            "Enrique Pena Nieto won the vote. “Mexicans have given us another chance,” Pena "
            "Nieto told supporters.",
            ("quote", "quote-then-name-verb", "Enrique Pena Nieto"),
        ),
        # a title in quotation marks is no speaker
        (
            "Gustavo Petro spoke. Later he quoted the encyclical “Fratelli Tutti” and said there "
            "is “love for the poor, love for the weakest person”.",
            ("quote", "name-verb-quote", "Gustavo Petro"),
        ),
        # a title that is also a given name, before a surname alone
        (
            "“Did he pick up the phone at all last week?” Major Garrett asked.",
            ("quote", "quote-then-name-verb", "Major Garrett"),
        ),
        # a department's name before the person's
        (
            "“We are working day and night on this,” said Chief of Human Resources Paul Idsvoog.",
            ("quote", "quote-then-verb-name", "Paul Idsvoog"),
        ),
        # titles are no part of a name, a peer's neither
        (
            "Lord Hanningfield said: “We feel that it is vitally important for the region.”",
            ("quote", "name-verb-colon-quote", "Hanningfield"),
        ),
        # name particles joined by a hyphen, and initials as a given name
        (
            "“I do not influence prices,” Khalid al-Falih told reporters.",
            ("quote", "quote-then-name-verb", "Khalid al-Falih"),
        ),
        (
            "“If we get another partnership going they are in trouble,” said AB de Villiers.",
            ("quote", "quote-then-verb-name", "AB de Villiers"),
        ),
        # an official of another kind than the one named stays unnamed
        (
            "“It went well,” said a senior administration official. Sen. John McCain, R-Ariz., "
            "an official of the party, spoke first. “The president greatly enjoyed the dinner,” "
            "the administration official said.",
            ("quote", "unnamed-source", None),
        ),
        # appositions: a participle, a party and state
        (
            "Mr Justice Maurice Kay, sitting in London, said: “The applicants have succeeded.”",
            ("quote", "name-verb-colon-quote", "Maurice Kay"),
        ),
        (
            "Sen. Pat Toomey, R-Pa., described it as a “good, constructive conversation.”",
            ("quote", "name-verb-quote", "Pat Toomey"),
        ),
        # a doubled consonant: "admitted"
        (
            "Bowler Neil Wagner, who was born in Durban, admitted: “It was a very tough day.”",
            ("quote", "name-verb-colon-quote", "Neil Wagner"),
        ),
        # a name alone opening a sentence, as the subject of a verb of saying
        (
            "Netanyahu stated that he told the delegation to “remain steadfast on every "
            "condition”.",
            ("quote", "name-verb-quote", "Netanyahu"),
        ),
        # "the statement", "it": the organisation that announced it
        (
            "Jane Doe will travel, Pakistan's Foreign Ministry announced. She will meet the "
            "United Nations leadership. “The objective is to support de-escalation,” the "
            "statement said. “The visit is part of these endeavours,” it said.",
            ("quote", "spokesperson-organization", "Pakistan's Foreign Ministry"),
        ),
        (
            "Jane Doe will travel, Pakistan's Foreign Ministry announced. She will meet the "
            "United Nations leadership. “The objective is to support de-escalation,” the "
            "statement said. “The visit is part of these endeavours,” it said.",
            ("quote", "quote-then-name-verb", "Pakistan's Foreign Ministry"),
        ),
        # a person named with a given name before a verb is the antecedent of "he"
        (
            "Felipe Calderon congratulated him, but the leftist challenger Andres Manuel Lopez "
            "Obrador refused to concede. “The last word has not yet been spoken,” he told "
            "supporters.",
            ("quote", "quote-then-name-verb", "Andres Manuel Lopez Obrador"),
        ),
        # a short quotation attributed past an apposition
        (
            "“We’ll see,” Sen. Tom Coburn, R-Okla., told reporters.",
            ("quote", "quote-then-name-verb", "Tom Coburn"),
        ),
        # single marks in an article that also uses double ones
        (
            "“We will file today,” Sara Duterte said.\n\n"
            "‘I don’t know, did she file? Did my daughter file?’ said Pres. Rodrigo Duterte.",
            ("quote", "quote-then-verb-name", "Rodrigo Duterte"),
        ),
        # "she", with no subject before it, is the last woman named
        (
            "MEPs narrowly backed Ursula von der Leyen on Tuesday.\n\n"
            "“The task ahead humbles me,” she said.",
            ("quote", "quote-then-name-verb", "Ursula von der Leyen"),
        ),
        # a family noun as a role: "the presidential sister"
        (
            "Sen. Imee Marcos, sister of President Ferdinand Marcos, quit the slate. “I cannot "
            "stand on the same platform,” the presidential sister said.",
            ("quote", "quote-then-name-verb", "Imee Marcos"),
        ),
        # "<Organisation> <role> <Name> …, and stated"
        (
            "Indianapolis Colts owner Jim Irsay defended the choice and stated “I'm glad he "
            "doesn't have any experience.”",
            ("quote", "name-verb-quote", "Jim Irsay"),
        ),
        # "X was quoted by Y as saying"
        (
            "Chief scientist John Grotzinger was quoted by NPR as saying it would be something "
            "“for the history books.”",
            ("quote", "name-verb-quote", "John Grotzinger"),
        ),
        # a place word that is a surname, after a given name or a title
        (
            "“We don’t launch until it’s right,” said NASA chief Bill Nelson.",
            ("quote", "quote-then-verb-name", "Bill Nelson"),
        ),
        (
            "“We are seeing a good immune response,” said Dr. Adrian Hill, director of the "
            "Jenner Institute.",
            ("quote", "quote-then-verb-name", "Adrian Hill"),
        ),
        # a peerage title is a title
        (
            "Baroness Thornton said: “The UK retail trade is world-class in productivity.”",
            ("quote", "name-verb-colon-quote", "Thornton"),
        ),
        # an acronym names an organisation, which can share a subject after "and"
        (
            "NASA has been downplaying the report and said today that “there is more work to do.”",
            ("quote", "name-verb-quote", "NASA"),
        ),
        # a source named after the attribution ("according to broadcaster X") is no speaker
        (
            "“I tried to find a way,” said Saad Hariri, according to broadcaster MTV. “Today, I "
            "have reached a dead end.”",
            ("quote", "split-quote", "Saad Hariri"),
        ),
        # a round-up line: "<Name> on <topic>: “…”"
        (
            "Rep. Ana Kovač (D-MD) on the budget: “They have to share the responsibility.”",
            ("quote", "roundup-name-colon", "Ana Kovač"),
        ),
    ],
)
def test_quote_attribution_rules(
    text: str, expected: tuple[str, str, str], registry: Registry
) -> None:
    assert expected in attributed(text, registry)


def test_a_speaker_known_by_surname_is_named_as_the_article_names_them_in_full(
    registry: Registry,
) -> None:
    text = (
        "“We will keep on patrolling the area,” Thompson said.\n\n"
        "Deputy Superintendent Oniel Thompson later met residents."
    )
    assert attributed(text, registry)[0] == ("quote", "quote-then-name-verb", "Oniel Thompson")


def test_a_person_reported_before_a_quote_alone_speaks_it(registry: Registry) -> None:
    text = (
        "“The officers did a pretty good job,” Detective Paul Nagata said.\n\n"
        "They detain him. Witness John Kitin says he identified the suspect.\n\n"
        "“Yeah I feel so happy but I miss my friend.”"
    )
    assert attributed(text, registry)[-1] == ("quote", "reported-then-quote", "John Kitin")


def test_an_unattributed_quote_goes_on_in_its_speaker_s_paragraph(registry: Registry) -> None:
    text = (
        "“It was scary,” said Irma Gonzalez, 59. She was awakened by police pounding on her "
        "door. “They were like, hurry up and go, move it!”"
    )
    assert attributed(text, registry)[-1] == ("quote", "paragraph-continuation", "Irma Gonzalez")


def test_repeated_quote_and_paragraph_continuation(registry: Registry) -> None:
    text = (
        "“Nobody has read the final text of this pact.”\n\n"
        "“Nobody has read the final text of this pact. We will vote against it,” "
        "Marko Horvat said.\n\n"
        "“It was negotiated in secret, without parliament.”\n\n"
        "“Unattributed words stand here alone.”"
    )
    rules = attributed(text, registry)
    assert rules[0] == ("quote", "repeated-quote", "Marko Horvat")
    assert rules[2] == ("quote", "paragraph-continuation", "Marko Horvat")
    assert rules[3] == ("quote", "paragraph-continuation", "Marko Horvat")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # a heading line naming the speaker of the quotations under it
        ("Council Chair Ana Kovač\n\n“We are ready to sign the agreement today.”", "heading-name"),
        # a dash line naming the speaker of the quotations above it
        (
            "“We are ready to sign the agreement today.”\n\n—Sen. Ana Kovač, D-Ohio",
            "dash-line-name",
        ),
        # an introduction handing the article to one speaker
        (
            "Head Coach Ana Kovač spoke to the media after the match.\n\n"
            "“We are ready to sign the agreement today.”",
            "introduced-speaker",
        ),
        # a Q&A layout: the answers are the interviewee's
        (
            "Ana Kovač spoke to us at home.\n\nQ: What comes next?\n\n"
            "A: “We are ready to sign the agreement today.”",
            "interview-answer",
        ),
        # a quotation's first paragraph, by the speaker named after its last one
        (
            "The rally went on. “We are ready to sign the agreement today.\n\n"
            "And we will do it before the summer,” said Ana Kovač.",
            "run-on-quote",
        ),
    ],
)
def test_layout_rules(text: str, rule: str, registry: Registry) -> None:
    assert ("quote", rule, "Ana Kovač") in attributed(text, registry)


def test_a_headline_names_its_speaker_after_a_dash(registry: Registry) -> None:
    text = (
        "“Tony Yengeni acted alone asking Ramaphosa to step down” – Mantashe\n\n"
        "Gwede Mantashe spoke to reporters on Sunday."
    )
    result = draft(text, "x", registry.actors.values(), "daily")
    first = result.statements[0]
    assert (first.rule, first.speaker and first.speaker.label) == (
        "headline-colon-name",
        "Gwede Mantashe",
    )


def test_headline_names_its_speaker(registry: Registry) -> None:
    text = "Plan is 'a bold and timely step': Ana Kovač\n\nThe plan was presented on Monday."
    result = draft(text, "x", registry.actors.values(), "daily")
    quotes = [
        (text[s.begin : s.end], s.rule, s.speaker and s.speaker.label)
        for s in result.statements
        if s.kind == "quote"
    ]
    assert quotes == [("a bold and timely step", "headline-colon-name", "Ana Kovač")]


def test_no_speaker_is_left_unknown(registry: Registry) -> None:
    rules = attributed("“Unattributed words stand here alone in the lede.”", registry)
    assert rules == [("quote", "no-speaker", None)]


@pytest.mark.parametrize(
    ("text", "words", "rule", "speaker"),
    [
        (
            "Marko Horvat warned that the pact had been negotiated in secret.",
            "Marko Horvat warned that the pact had been negotiated in secret",
            "reported-that-clause",
            "Marko Horvat",
        ),
        (
            "Marko Horvat spoke. He believes that the vote will fail next week.",
            "He believes that the vote will fail next week",
            "reported-that-clause",
            "Marko Horvat",
        ),
        (
            "Marko Horvat spoke. According to Horvat, the vote will fail next week.",
            "According to Horvat, the vote will fail next week",
            "according-to",
            "Marko Horvat",
        ),
        (
            "Marko Horvat spoke. In his opinion, the vote will fail next week.",
            "In his opinion, the vote will fail next week",
            "in-their-opinion",
            "Marko Horvat",
        ),
        (
            "The vote will fail next week, opposition leader Marko Horvat says.",
            "The vote will fail next week, opposition leader Marko Horvat says",
            "clause-then-name-verb",
            "Marko Horvat",
        ),
        (
            "While NATO insists on a larger force in the region, others disagree.",
            "NATO insists on a larger force in the region",
            "subject-verb-object",
            "NATO",
        ),
        (
            "The delay is best explained by the fact that the ministers cannot agree.",
            "the ministers cannot agree",
            "publisher-stance-marker",
            "Daily News",
        ),
    ],
)
def test_reported_statement_rules(
    text: str, words: str, rule: str, speaker: str, registry: Registry
) -> None:
    full = LEDE + text
    result = draft(full, "x", registry.actors.values(), "daily")
    reports = {
        (full[s.begin : s.end], s.rule, s.speaker.label if s.speaker else None)
        for s in result.statements
        if s.kind == "reported"
    }
    assert (words, rule, speaker) in reports


def test_a_quoted_person_s_own_opinion_is_no_report(registry: Registry) -> None:
    text = LEDE + "“I think that the vote will fail next week,” Marko Horvat said."
    result = draft(text, "x", registry.actors.values(), "daily")
    assert [s.kind for s in result.statements] == ["quote"]


# ---------------------------------------------------------------- the mapping terms

ARTICLE = """\
article:
  seed: x.txt
  sha256: ab
  headline: Headline
  publisher: daily
  language: en
  annotation: {by: stancegraph draft 0.1.0, date: 2026-12-03, method: drafted}
"""


def parse(statements: str, actors: str = "", registry: Registry | None = None) -> object:
    text = ARTICLE + actors + "statements:\n" + statements
    assert registry is not None
    return parse_article(load("mappings/x.yaml", text), "x", registry)


def test_a_drafted_statement_is_read(registry: Registry) -> None:
    article = parse(
        "  - id: q1\n    kind: quote\n    speaker: null\n    text: Words\n"
        "    drafted: {by: stancegraph draft 0.1.0, rule: no-speaker, confidence: 0.3}\n",
        registry=registry,
    )
    (statement,) = article.statements  # type: ignore[attr-defined]
    assert statement.speaker is None
    assert (statement.drafted.rule, statement.drafted.confidence) == ("no-speaker", "0.3")


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "    speaker: null\n",
            "mappings/x.yaml:12: statement q1: speaker is null (unknown); only a drafted "
            "statement not yet reviewed may leave it so: name the actor who speaks",
        ),
        (
            "    speaker: null\n    drafted: {by: t, rule: r, confidence: 0.5}\n"
            "    reviewed_by: Jana Novak\n",
            "mappings/x.yaml:12: statement q1: speaker is null (unknown); only a drafted "
            "statement not yet reviewed may leave it so: name the actor who speaks",
        ),
        (
            "    speaker: nato\n    drafted: {by: t, rule: r, confidence: 1.5}\n",
            "mappings/x.yaml:13: statement q1 drafted: confidence 1.5 must be a number from 0 "
            "to 1, like 0.8",
        ),
        (
            "    speaker: nato\n    drafted: {by: t, rule: r}\n",
            "mappings/x.yaml:13: statement q1 drafted: missing required key 'confidence'",
        ),
        (
            "    speaker: nato\n    drafted: quote-then-name-verb\n",
            "mappings/x.yaml:13: statement q1: drafted must be a mapping: {by: tool and "
            "version, rule: name, confidence: 0 to 1}, not 'quote-then-name-verb'",
        ),
    ],
)
def test_bad_drafting_terms_say_where(registry: Registry, statement: str, message: str) -> None:
    with pytest.raises(MappingError) as error:
        parse("  - id: q1\n    kind: quote\n    text: Words\n" + statement, registry=registry)
    assert str(error.value) == message


def test_a_proposed_actor_is_read_and_may_speak(registry: Registry) -> None:
    article = parse(
        "  - id: q1\n    kind: quote\n    speaker: ana-kovac\n    text: Words\n",
        actors="actors:\n  - {id: ana-kovac, type: person, label: Ana Kovač}\n",
        registry=registry,
    )
    assert [a.label for a in article.actors] == ["Ana Kovač"]  # type: ignore[attr-defined]


def test_a_proposed_actor_already_in_the_registry_is_refused(registry: Registry) -> None:
    with pytest.raises(MappingError) as error:
        parse(
            "  - id: q1\n    kind: quote\n    speaker: nato\n    text: Words\n",
            actors="actors:\n  - {id: nato, type: organization, label: NATO}\n",
            registry=registry,
        )
    assert str(error.value) == (
        "mappings/x.yaml:9: actor 'nato' is in the registry already (actors.yaml:2); use its "
        "id and remove it here"
    )
