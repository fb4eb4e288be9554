"""The example research queries: shown on the query page, run by the tests, kept only here.

Each query declares the prefixes it uses; data IRIs are written with the ``actor:`` and ``issue:``
prefixes, bound under the configured base IRI by :func:`examples`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from stancegraph.vocabulary import PREFIXES


@dataclass(frozen=True)
class Example:
    """One research question and the SPARQL query that answers it."""

    slug: str
    title: str
    query: str


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
    ),
    (
        "stances",
        "The stance of every actor on every issue, with the number of statements it rests on",
        """SELECT ?actor ?name ?issue ?question ?stance (COUNT(DISTINCT ?evidence) AS ?statements)
WHERE {
  ?position a sg:Position ;
            sg:holder ?actor ;
            sg:issue ?issue ;
            sg:stance ?stance ;
            sg:evidence ?evidence .
  ?actor rdfs:label ?name .
  ?issue skos:prefLabel ?question .
}
GROUP BY ?actor ?name ?issue ?question ?stance
ORDER BY ?name ?question""",
    ),
    (
        "analyst-quotes",
        "Vlade Radulovic's direct quotes, in order of appearance",
        """SELECT ?quote ?begin ?end
WHERE {
  ?statement a sg:DirectQuote ;
             prov:wasAttributedTo actor:vlade-radulovic ;
             sg:text ?quote ;
             sg:span ?span .
  ?span nif:beginIndex ?begin ;
        nif:endIndex ?end .
}
ORDER BY ?begin""",
    ),
    (
        "non-recognising-nato-members",
        "The NATO members that do not recognise Kosovo",
        """SELECT DISTINCT ?state ?name
WHERE {
  ?position sg:issue issue:recognition-of-kosovo ;
            sg:stance sg:Against ;
            sg:holder ?state ;
            sg:evidence ?statement .
  ?state a sg:Polity ;
         rdfs:label ?name .
  # the evidence names the state together with NATO
  ?statement schema:mentions ?state, actor:nato .
}
ORDER BY ?name""",
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
    ),
)


def examples(base_uri: str) -> tuple[Example, ...]:
    """The example queries, their data prefixes bound under ``base_uri``."""
    namespaces = {name: str(iri) for name, iri in PREFIXES.items()}
    namespaces["actor"] = f"{base_uri}id/actor/"
    namespaces["issue"] = f"{base_uri}id/issue/"
    return tuple(
        Example(slug, title, _prologue(body, namespaces) + body) for slug, title, body in _BODIES
    )


def _prologue(body: str, namespaces: dict[str, str]) -> str:
    """``PREFIX`` lines for the prefixes ``body`` uses."""
    used = [name for name in namespaces if re.search(rf"(?<![\w-]){name}:", body)]
    return "".join(f"PREFIX {name}: <{namespaces[name]}>\n" for name in used)
