"""The example research queries: shown on the query page, run by the tests, kept only here.

Each example is a question a political scientist asks of the data, the SPARQL query that answers
it and, in prose, the answer the seed article supports (``docs/research-questions.md`` shows all
three, with the table the query returns; ``docs/research_questions.py`` writes that file and the
README's list of queries from this module).

Each query declares the prefixes it uses; data IRIs are written with the ``actor:`` and ``issue:``
prefixes, bound under the configured base IRI by :func:`examples`. Every ``ORDER BY`` is total, so
that every store returns the same rows in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from stancegraph.vocabulary import KINDS, PREFIXES
from stancegraph.vocabulary.iris import kind_space


@dataclass(frozen=True)
class Example:
    """One research question, the SPARQL query that answers it, and the answer in prose."""

    slug: str
    title: str
    query: str
    answer: str


_BODIES: Final = (
    (
        "who-said-what",
        "Who said what about Kosovo's NATO membership, in order of appearance",
        """SELECT ?speaker ?name ?kind ?text ?begin
WHERE {
  ?statement sg:about issue:kosovo-nato-membership ;
             prov:wasAttributedTo ?speaker ;
             a ?kind ;
             sg:text ?text ;
             sg:span/nif:beginIndex ?begin .
  ?speaker rdfs:label ?name .
  FILTER (?kind IN (sg:DirectQuote, sg:ReportedStatement))
}
ORDER BY ?begin""",
        "Ten statements address the proposition itself: the Albanian politicians in Pristina, "
        "Ramush Haradinaj (twice), the political circles in the West, Kosovo Online, Vlade "
        "Radulovic, the Kosovo Albanians (inside Radulovic's quote), Sinisa Ljepojevic (twice) "
        "and Darko Obradovic. The narrower propositions (near-term prospects, harm to Serbia) "
        "are not included: see the question on the hierarchy below.",
    ),
    (
        "stances",
        "The stance of every actor on every issue, with the number of statements it rests on "
        "(a repeat counted once)",
        """SELECT ?actor ?name ?issue ?question ?stance (COUNT(DISTINCT ?statement) AS ?statements)
WHERE {
  ?position a sg:Position ;
            sg:holder ?actor ;
            sg:issue ?issue ;
            sg:stance ?stance ;
            sg:evidence ?evidence .
  ?actor rdfs:label ?name .
  ?issue skos:prefLabel ?question .
  # a pull-quote that repeats a statement counts as the statement it repeats
  OPTIONAL { ?evidence sg:repeats ?repeated }
  BIND (COALESCE(?repeated, ?evidence) AS ?statement)
}
GROUP BY ?actor ?name ?issue ?question ?stance
ORDER BY ?name ?question""",
        "30 positions of 17 actors on 8 propositions. Darko Obradovic's prediction that Kosovo "
        "will not join NATO soon rests on the most statements (4); Vlade Radulovic's view that "
        "membership would harm Serbia rests on one, since the lede pull-quote repeats his "
        "later quote.",
    ),
    (
        "analyst-quotes",
        "Vlade Radulovic's direct quotes, in order of appearance",
        """SELECT ?quote ?begin ?end ?repeats
WHERE {
  ?statement a sg:DirectQuote ;
             prov:wasAttributedTo actor:vlade-radulovic ;
             sg:text ?quote ;
             sg:span ?span .
  ?span nif:beginIndex ?begin ;
        nif:endIndex ?end .
  OPTIONAL { ?statement sg:repeats ?repeats }
}
ORDER BY ?begin""",
        "Four quotes: the unattributed lede pull-quote (attributed to him by the annotators, "
        "as it repeats his fourth quote), then his quotes on Albanian politicians' use of the "
        "membership topic, on NATO's commitment to KFOR and the missing consensus, and on the "
        "consequences for Serbia and the region.",
    ),
    (
        "non-recognising-nato-members",
        "The NATO members that do not recognise Kosovo",
        """SELECT DISTINCT ?state ?name ?since ?source
WHERE {
  # a current membership of NATO: one without an end
  ?membership a org:Membership ;
              org:organization actor:nato ;
              org:member ?state .
  FILTER NOT EXISTS { ?membership org:memberDuring/time:hasEnd ?end }
  OPTIONAL { ?membership org:memberDuring/time:hasBeginning/time:inXSDDate ?since }
  OPTIONAL { ?membership dcterms:source ?source }
  ?state a sg:Polity ;
         rdfs:label ?name .
  ?position sg:holder ?state ;
            sg:issue issue:recognition-of-kosovo ;
            sg:stance sg:Against .
}
ORDER BY ?name""",
        "Greece (a member since 1952), Romania (2004), Slovakia (2004) and Spain (1982): the "
        'four the article names ("Kosovo is not a recognized state by Spain, Greece, Romania, '
        'and Slovakia"). Serbia is also against recognition, but is no member of NATO.',
    ),
    (
        "analyst-affiliations",
        "Affiliations and roles of the quoted analysts",
        """SELECT ?analyst ?name ?organization ?organizationName ?role
WHERE {
  {
    SELECT DISTINCT ?analyst
    WHERE { ?quote a sg:DirectQuote ; prov:wasAttributedTo ?analyst . }
  }
  ?analyst a sg:Person ;
           rdfs:label ?name ;
           schema:description ?description .
  FILTER (CONTAINS(LCASE(STR(?description)), "analyst"))
  ?membership org:member ?analyst ;
              org:organization ?organization ;
              org:role/rdfs:label ?role .
  ?organization rdfs:label ?organizationName .
}
ORDER BY ?name ?organizationName""",
        "Darko Obradovic, Program Director of the Center for Strategic Analysis, and Vlade "
        "Radulovic, President of the Center for Geostrategic Research and Terrorism.",
    ),
    (
        "offset-check",
        "Statements whose text does not match the article at their offsets (expect none)",
        """SELECT ?statement ?begin ?end ?text ?found
WHERE {
  ?statement sg:text ?text ;
             sg:article ?article ;
             sg:span ?span .
  ?span nif:beginIndex ?begin ;
        nif:endIndex ?end .
  ?article nif:isString ?full .
  BIND (SUBSTR(?full, ?begin + 1, ?end - ?begin) AS ?found)
  FILTER (?found != STR(?text))
}
ORDER BY ?statement""",
        "None: every statement's text stands in the article at its offsets.",
    ),
    (
        "stances-under-kosovo-nato-membership",
        "Everyone who takes any stance on any proposition under Kosovo's NATO membership, "
        "with the proposition, stance and evidence",
        """SELECT ?holder ?name ?proposition ?kind ?stance ?evidence
WHERE {
  ?issue skos:broader* issue:kosovo-nato-membership ;
         skos:prefLabel ?proposition ;
         sg:propositionKind ?kind .
  ?position sg:issue ?issue ;
            sg:holder ?holder ;
            sg:stance ?stance ;
            sg:evidence ?evidence .
  ?holder rdfs:label ?name .
}
ORDER BY ?name ?proposition ?evidence""",
        "Nine actors: Ramush Haradinaj, the Albanian politicians in Pristina, the Kosovo "
        "Albanians and NATO favour membership itself; Vlade Radulovic, Darko Obradovic, Branko "
        "Brankovic and Kosovo Online predict it will not happen soon (Sinisa Ljepojevic leaves "
        "that open); Radulovic, Obradovic, Brankovic and Ljepojevic hold that it would harm "
        "Serbia, and Radulovic denies that it would harm security in the region.",
    ),
    (
        "kosovo-nato-membership-itself",
        "Who favours and who opposes Kosovo's NATO membership itself, and on whose word",
        """SELECT ?holder ?name ?stance ?basis ?ascribedBy
WHERE {
  ?position sg:issue issue:kosovo-nato-membership ;
            sg:holder ?holder ;
            sg:stance ?stance ;
            sg:basis ?basis .
  ?holder rdfs:label ?name .
  OPTIONAL { ?position sg:ascribedBy/rdfs:label ?ascribedBy }
}
ORDER BY ?stance ?name""",
        "In favour: the Albanian politicians in Pristina and Ramush Haradinaj, in their own "
        "words; the Kosovo Albanians, as Vlade Radulovic ascribes it to them; and NATO, as "
        "Sinisa Ljepojevic ascribes it. No one is against it as such: Darko Obradovic weighs it "
        'on conditions (neutral: "not needed for NATO at this time", a catastrophe "with Serbia '
        "outside NATO\"), and the other analysts' scepticism is about its prospects and its "
        "consequences (the question above). Note that a stance on a narrower proposition does "
        "not carry over to the broader one with the same sign: agreeing that membership would "
        "harm Serbia is an argument against membership.",
    ),
    (
        "positions-by-proposition-kind",
        "Positions by kind of proposition (normative, predictive, consequence) and stance",
        """SELECT ?kind ?stance (COUNT(?position) AS ?positions) (COUNT(DISTINCT ?holder) AS ?holders)
WHERE {
  ?position sg:issue ?issue ;
            sg:stance ?stance ;
            sg:holder ?holder .
  ?issue sg:propositionKind ?kind .
}
GROUP BY ?kind ?stance
ORDER BY ?kind ?stance""",
        "Normative propositions (what should be) draw 20 positions: 11 in favour, 7 against, "
        "2 neutral. The one predictive proposition (Kosovo will join NATO soon) draws 4 against "
        "and 1 neutral; the consequences 4 in favour (membership would harm Serbia) and 1 "
        "against (it would not harm regional security).",
    ),
    (
        "nato-first-hand-and-reported",
        "What NATO and its Secretary General say in the article's own report, and what only "
        "as another speaker reports it",
        """SELECT ?statement ?speaker ?kind ?basis ?reportedBy ?text
WHERE {
  { BIND (actor:nato AS ?actor) }
  UNION
  {
    ?membership org:organization actor:nato ;
                org:member ?actor .
    ?actor a sg:Person .
  }
  ?statement prov:wasAttributedTo ?actor ;
             a ?kind ;
             sg:basis ?basis ;
             sg:text ?text ;
             sg:span/nif:beginIndex ?begin .
  FILTER (?kind IN (sg:DirectQuote, sg:ReportedStatement))
  ?actor rdfs:label ?speaker .
  OPTIONAL { ?statement sg:reportedIn/prov:wasAttributedTo/rdfs:label ?reportedBy }
}
ORDER BY ?begin""",
        "In the article's own report: the assessment by NATO's leadership that KFOR needed "
        "reinforcing, and the item on NATO's website about Vjosa Osmani's visit (a direct "
        "quote). Only inside Vlade Radulovic's quote: that NATO \"remains fully committed to "
        "the KFOR mission\" (attributed to NATO by inference) and Jens Stoltenberg's "
        "reiteration of NATO's priorities in the Balkans.",
    ),
    (
        "voices-without-repeats",
        "Whose voice dominates: statements, quotes and characters per speaker, not counting "
        "statements that repeat another",
        """SELECT ?speaker ?name (COUNT(?statement) AS ?statements) (SUM(?quote) AS ?quotes)
       (SUM(?length) AS ?characters) (SUM(?nested) AS ?insideOthers)
WHERE {
  ?statement a sg:Statement ;
             prov:wasAttributedTo ?speaker ;
             sg:span ?span .
  ?span nif:beginIndex ?begin ;
        nif:endIndex ?end .
  FILTER NOT EXISTS { ?statement sg:repeats ?original }
  BIND (IF(EXISTS { ?statement a sg:DirectQuote }, 1, 0) AS ?quote)
  # words reported inside another speaker's statement are also that speaker's characters
  BIND (IF(EXISTS { ?statement sg:reportedIn ?outer }, 1, 0) AS ?nested)
  BIND (?end - ?begin AS ?length)
  ?speaker rdfs:label ?name .
}
GROUP BY ?speaker ?name
ORDER BY DESC(?characters) ?name""",
        "The analysts: Darko Obradovic (7 statements, 3,436 characters), Vlade Radulovic (5; "
        "2,448, without the pull-quote that repeats him), Sinisa Ljepojevic (4; 2,181) and Branko "
        "Brankovic (4; 1,048), ahead of the article's own voice, Kosovo Online (7; 995). The "
        "Kosovo Albanians, Ramush Haradinaj, the Albanian politicians in Pristina and Serbia "
        "are heard in a few hundred characters at most.",
    ),
    (
        "ascribed-positions",
        "Positions ascribed to their holder by someone else, and by whom",
        """SELECT ?ascribedBy ?holder ?proposition ?stance ?basis
WHERE {
  ?position sg:ascribedBy/rdfs:label ?ascribedBy ;
            sg:holder/rdfs:label ?holder ;
            sg:issue/skos:prefLabel ?proposition ;
            sg:stance ?stance ;
            sg:basis ?basis .
}
ORDER BY ?ascribedBy ?holder ?proposition""",
        "Ten. Kosovo Online ascribes opposition to recognising Kosovo to Greece, Romania, "
        "Serbia, Slovakia and Spain, and neutrality on it to NATO. Sinisa Ljepojevic ascribes "
        "to NATO support for Kosovo's membership, and to the NATO member states and the United "
        "States support for recognising Kosovo. Vlade Radulovic ascribes to the Kosovo "
        "Albanians support for membership.",
    ),
    (
        "inferred-statements-and-positions",
        "Statements and positions that rest on an annotator's judgement rather than the text, "
        "and why",
        """SELECT ?thing ?class ?who ?stance ?proposition ?reason
WHERE {
  ?thing sg:basis sg:Inferred ;
         a ?class .
  FILTER (?class IN (sg:DirectQuote, sg:ReportedStatement, sg:Position))
  OPTIONAL { ?thing prov:wasAttributedTo/rdfs:label ?speaker }
  OPTIONAL {
    ?thing sg:holder/rdfs:label ?holder ;
           sg:stance ?stance ;
           sg:issue/skos:prefLabel ?proposition .
  }
  BIND (COALESCE(?speaker, ?holder) AS ?who)
  OPTIONAL { ?thing rdfs:comment ?reason }
}
ORDER BY ?class ?thing""",
        'Two attributions: the unattributed lede pull-quote (to Vlade Radulovic) and "It has '
        'been emphasized multiple times" (to NATO). Fourteen positions: those of Kosovo Online on '
        "a Kosovo army, on recognition and on near-term membership, of NATO on membership, recognition and KFOR, "
        "of the United States, the NATO member states and the political circles in the West on "
        "recognition, of the Kosovo Albanians on membership, of Sinisa Ljepojevic on harm to "
        "Serbia and near-term membership, and of Darko Obradovic on Kosovo's and on Serbia's "
        "membership.",
    ),
    (
        "affiliations-current-and-former",
        "People's affiliations: organization, role, and whether current or former",
        """SELECT ?person ?name ?organization ?role ?status
WHERE {
  ?membership a org:Membership ;
              org:member ?person ;
              org:organization/rdfs:label ?organization ;
              org:role/rdfs:label ?role .
  ?person a sg:Person ;
          rdfs:label ?name .
  OPTIONAL { ?membership org:memberDuring/time:hasEnd ?end }
  BIND (IF(BOUND(?end), "former", "current") AS ?status)
}
ORDER BY ?name ?organization""",
        "Darko Obradovic, Program Director of the Center for Strategic Analysis; Jens "
        "Stoltenberg, Secretary General of NATO until 1 October 2024 (former); Milos Garic, "
        "editor at Kosovo Online; Ramush "
        "Haradinaj, President of the Alliance for the Future of Kosovo and a former member of "
        "the Kosovo Liberation Army; Vlade Radulovic, President of the Center for Geostrategic "
        "Research and Terrorism.",
    ),
    (
        "publisher-claims",
        "What the article claims in its own voice, and the positions each claim evidences",
        """SELECT ?claim ?holder ?stance ?proposition ?ascribedBy ?text
WHERE {
  ?article schema:publisher ?publisher .
  ?claim sg:article ?article ;
         prov:wasAttributedTo ?publisher ;
         sg:text ?text ;
         sg:span/nif:beginIndex ?begin .
  OPTIONAL {
    ?position sg:evidence ?claim ;
              sg:holder/rdfs:label ?holder ;
              sg:stance ?stance ;
              sg:issue/skos:prefLabel ?proposition .
    OPTIONAL { ?position sg:ascribedBy/rdfs:label ?ascribedBy }
  }
}
ORDER BY ?begin ?holder""",
        "Seven claims of Kosovo Online. They evidence its own opposition to a Kosovo army and to "
        "recognising Kosovo, and its view that Kosovo will not join NATO soon; the opposition to "
        "recognition it ascribes to Serbia, Spain, Greece, Romania and Slovakia, and the "
        "neutrality it ascribes to NATO; "
        "and, with their own words, the Albanian politicians' support for membership.",
    ),
    (
        "stance-takers-on-wikidata",
        "The actors who take a stance, with their Wikidata item where it is known",
        """SELECT ?actor ?name ?wikidata
WHERE {
  { SELECT DISTINCT ?actor WHERE { ?position sg:holder ?actor } }
  ?actor rdfs:label ?name .
  OPTIONAL { ?actor skos:exactMatch ?wikidata }
}
ORDER BY ?name""",
        "17 actors; seven can be joined with Wikidata: Greece (Q41), NATO (Q7184), Romania "
        "(Q218), Serbia (Q403), Slovakia (Q214), Spain (Q29) and the United States (Q30).",
    ),
    (
        "positions-per-topic",
        "How many positions and holders each topic gathers, through the issue hierarchy",
        """SELECT ?topic ?label (COUNT(DISTINCT ?position) AS ?positions)
       (COUNT(DISTINCT ?holder) AS ?holders)
WHERE {
  ?topic a sg:Topic ;
         skos:prefLabel ?label .
  ?issue skos:broader+ ?topic .
  ?position sg:issue ?issue ;
            sg:holder ?holder .
}
GROUP BY ?topic ?label
ORDER BY DESC(?positions) ?label""",
        "Kosovo and NATO: 17 positions of 10 actors; the status of Kosovo: 12 positions of 11 "
        "actors; Serbia and NATO: 1 position (Darko Obradovic's).",
    ),
    (
        "contested-propositions",
        "The propositions that divide the actors: someone in favour and someone against",
        """SELECT ?issue ?proposition (COUNT(DISTINCT ?inFavour) AS ?favour)
       (COUNT(DISTINCT ?opposed) AS ?against)
WHERE {
  ?issue a sg:Issue ;
         skos:prefLabel ?proposition .
  ?for sg:issue ?issue ;
       sg:stance sg:Favor ;
       sg:holder ?inFavour .
  ?contra sg:issue ?issue ;
          sg:stance sg:Against ;
          sg:holder ?opposed .
}
GROUP BY ?issue ?proposition
ORDER BY ?proposition""",
        "Two: recognising Kosovo (3 in favour, all by ascription or inference: the United "
        "States, the NATO member states, the political circles in the West; 6 against: Serbia, "
        "the four NATO members and Kosovo Online itself) and a Kosovo army (the Albanian politicians in Pristina for, "
        "Kosovo Online against).",
    ),
)


def namespaces(base_uri: str) -> dict[str, str]:
    """The prefixes a query may want: the vocabularies', and one per kind of data resource
    (``actor:`` for ``{base}id/actor/``, …), as the query page predeclares them."""
    found = {name: str(iri) for name, iri in PREFIXES.items()}
    found.update({kind: kind_space(base_uri, kind) for kind in KINDS})
    return found


def examples(base_uri: str) -> tuple[Example, ...]:
    """The example queries, their data prefixes bound under ``base_uri``."""
    namespaces = {name: str(iri) for name, iri in PREFIXES.items()}
    namespaces["actor"] = f"{base_uri}id/actor/"
    namespaces["issue"] = f"{base_uri}id/issue/"
    return tuple(
        Example(slug, title, _prologue(body, namespaces) + body, answer)
        for slug, title, body, answer in _BODIES
    )


def _prologue(body: str, namespaces: dict[str, str]) -> str:
    """``PREFIX`` lines for the prefixes ``body`` uses."""
    used = [name for name in namespaces if re.search(rf"(?<![\w-]){name}:", body)]
    return "".join(f"PREFIX {name}: <{namespaces[name]}>\n" for name in used)
