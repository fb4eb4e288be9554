"""The SPARQL queries that read the page index, one per table, and their rows as records.

Multi-valued properties come back through ``GROUP_CONCAT``. The queries carry their own
prefixes, so any store of :mod:`stancegraph.stores.store` answers them. What the model lets a
node lack is read with ``OPTIONAL`` and becomes None (or an empty tuple).
"""

from __future__ import annotations

from collections.abc import Iterator

from stancegraph.catalog.records import (
    Activity,
    Actor,
    Article,
    Issue,
    Membership,
    Position,
    Statement,
)
from stancegraph.stores.store import Queryable
from stancegraph.vocabulary import PREFIXES

_SEP = "\u001f"  # unit separator: joins multi-valued text that may contain any printable char
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())

_ARTICLES = """
SELECT ?iri ?headline ?text ?publisher ?editor ?language WHERE {
  ?iri a sg:Article ; schema:headline ?headline ; nif:isString ?text ; schema:publisher ?publisher .
  OPTIONAL { ?iri schema:editor ?editor } OPTIONAL { ?iri schema:inLanguage ?language }
} ORDER BY ?iri"""

_ACTIVITIES = """
SELECT ?iri ?article ?agent ?agent_label ?date ?method WHERE {
  ?iri a sg:AnnotationActivity .
  OPTIONAL { ?iri prov:used ?article } OPTIONAL { ?iri dcterms:date ?date }
  OPTIONAL { ?iri sg:method ?method }
  OPTIONAL { ?iri prov:wasAssociatedWith ?agent OPTIONAL { ?agent rdfs:label ?agent_label } }
} ORDER BY ?iri"""

# The words around a statement (prefix, suffix) are on the text quote selector of its Web
# Annotation: {statement}#annotation → #target → #quote.
_STATEMENTS = """
SELECT ?iri ?quote ?text ?speaker ?article ?span ?begin ?end ?prefix ?suffix ?note ?basis
       ?activity ?reported_in
       (GROUP_CONCAT(DISTINCT STR(?issue); SEPARATOR=" ") AS ?about)
       (GROUP_CONCAT(DISTINCT STR(?mentioned); SEPARATOR=" ") AS ?mentions)
       (GROUP_CONCAT(DISTINCT STR(?repeated); SEPARATOR=" ") AS ?repeats) WHERE {
  ?iri a sg:Statement ; sg:text ?text ; prov:wasAttributedTo ?speaker ; sg:article ?article ;
       sg:span ?span .
  ?span nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL {
    ?annotation oa:hasBody ?iri ; oa:hasTarget/oa:hasSelector ?selector .
    ?selector a oa:TextQuoteSelector .
    OPTIONAL { ?selector oa:prefix ?prefix } OPTIONAL { ?selector oa:suffix ?suffix }
  }
  OPTIONAL { ?iri rdfs:comment ?note } OPTIONAL { ?iri sg:about ?issue }
  OPTIONAL { ?iri schema:mentions ?mentioned } OPTIONAL { ?iri sg:basis ?basis }
  OPTIONAL { ?iri prov:wasGeneratedBy ?activity } OPTIONAL { ?iri sg:reportedIn ?reported_in }
  OPTIONAL { ?iri sg:repeats ?repeated }
  BIND(EXISTS { ?iri a sg:DirectQuote } AS ?quote)
} GROUP BY ?iri ?quote ?text ?speaker ?article ?span ?begin ?end ?prefix ?suffix ?note ?basis
           ?activity ?reported_in
ORDER BY ?article ?begin DESC(?end) ?iri"""

_POSITIONS = """
SELECT ?iri ?holder ?issue ?stance ?comment ?basis ?activity ?ascribed_by
       (GROUP_CONCAT(DISTINCT STR(?statement); SEPARATOR=" ") AS ?evidence) WHERE {
  ?iri a sg:Position ; sg:holder ?holder ; sg:issue ?issue ; sg:stance ?stance ;
       sg:evidence ?statement .
  OPTIONAL { ?iri rdfs:comment ?comment } OPTIONAL { ?iri sg:basis ?basis }
  OPTIONAL { ?iri prov:wasGeneratedBy ?activity } OPTIONAL { ?iri sg:ascribedBy ?ascribed_by }
} GROUP BY ?iri ?holder ?issue ?stance ?comment ?basis ?activity ?ascribed_by ORDER BY ?iri"""

_ACTORS = """
SELECT ?iri ?label ?description
       (GROUP_CONCAT(DISTINCT STR(?type); SEPARATOR=" ") AS ?types)
       (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\u001f") AS ?alt_labels)
       (GROUP_CONCAT(DISTINCT STR(?match); SEPARATOR=" ") AS ?exact_match) WHERE {
  ?iri a sg:Actor ; rdfs:label ?label ; a ?type .
  OPTIONAL { ?iri schema:description ?description } OPTIONAL { ?iri schema:alternateName ?alt }
  OPTIONAL { ?iri skos:exactMatch ?match }
} GROUP BY ?iri ?label ?description ORDER BY ?iri"""

# A membership whose period has an end (time:hasEnd, dated or not) is a former one.
_MEMBERSHIPS = """
SELECT ?iri ?member ?organization ?role ?ended ?since ?until ?source WHERE {
  ?iri a org:Membership ; org:member ?member ; org:organization ?organization .
  OPTIONAL { ?iri org:role/rdfs:label ?role } OPTIONAL { ?iri dcterms:source ?source }
  OPTIONAL { ?iri org:memberDuring/time:hasBeginning/time:inXSDDate ?since }
  OPTIONAL { ?iri org:memberDuring/time:hasEnd/time:inXSDDate ?until }
  BIND(EXISTS { ?iri org:memberDuring/time:hasEnd ?end } AS ?ended)
} ORDER BY ?member ?organization ?role ?iri"""

_ISSUES = """
SELECT ?iri ?label ?definition ?topic ?kind
       (GROUP_CONCAT(DISTINCT STR(?up); SEPARATOR=" ") AS ?broader)
       (GROUP_CONCAT(DISTINCT STR(?other); SEPARATOR=" ") AS ?related) WHERE {
  VALUES ?class { sg:Issue sg:Topic }
  ?iri a ?class ; skos:prefLabel ?label .
  OPTIONAL { ?iri skos:definition ?definition } OPTIONAL { ?iri sg:propositionKind ?kind }
  OPTIONAL { ?iri skos:broader ?up } OPTIONAL { ?iri skos:related ?other }
  BIND(EXISTS { ?iri a sg:Topic } AS ?topic)
} GROUP BY ?iri ?label ?definition ?topic ?kind ORDER BY ?iri"""


def _rows(store: Queryable, query: str) -> Iterator[dict[str, str]]:
    """SELECT solutions as dicts of lexical values; unbound variables are left out."""
    solutions = store.select(_PROLOGUE + query)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def _split(value: str | None, sep: str = " ") -> tuple[str, ...]:
    return tuple(sorted(v for v in (value or "").split(sep) if v))


def articles(store: Queryable) -> dict[str, Article]:
    return {
        r["iri"]: Article(
            r["iri"], r["headline"], r["text"], r["publisher"], r.get("editor"), r.get("language")
        )
        for r in _rows(store, _ARTICLES)
    }


def activities(store: Queryable) -> dict[str, Activity]:
    return {
        r["iri"]: Activity(
            r["iri"],
            r.get("article"),
            r.get("agent"),
            r.get("agent_label"),
            r.get("date"),
            r.get("method"),
        )
        for r in _rows(store, _ACTIVITIES)
    }


def _true(value: str) -> bool:
    """Whether a boolean's value is true: ``true`` or ``1``, xsd:boolean's two spellings of it
    (Virtuoso, which has no boolean type, answers ``EXISTS`` with the integer 1)."""
    return value in ("true", "1")


def _statement(row: dict[str, str]) -> Statement:
    return Statement(
        row["iri"],
        _true(row["quote"]),
        row["text"],
        row["speaker"],
        row["article"],
        row["span"],
        int(row["begin"]),
        int(row["end"]),
        row.get("prefix", ""),
        row.get("suffix", ""),
        _split(row.get("about")),
        _split(row.get("mentions")),
        row.get("note"),
        row.get("basis"),
        row.get("activity"),
        row.get("reported_in"),
        _split(row.get("repeats")),
    )


def statements(store: Queryable) -> dict[str, Statement]:
    return {r["iri"]: _statement(r) for r in _rows(store, _STATEMENTS)}


def positions(store: Queryable) -> dict[str, Position]:
    return {
        r["iri"]: Position(
            r["iri"],
            r["holder"],
            r["issue"],
            r["stance"],
            _split(r["evidence"]),
            r.get("comment"),
            r.get("basis"),
            r.get("activity"),
            r.get("ascribed_by"),
        )
        for r in _rows(store, _POSITIONS)
    }


def actors(store: Queryable) -> dict[str, Actor]:
    return {
        r["iri"]: Actor(
            r["iri"],
            r["label"],
            _split(r.get("types")),
            _split(r.get("alt_labels"), _SEP),
            r.get("description"),
            _split(r.get("exact_match")),
        )
        for r in _rows(store, _ACTORS)
    }


def memberships(store: Queryable) -> tuple[Membership, ...]:
    return tuple(
        Membership(
            r["iri"],
            r["member"],
            r["organization"],
            r.get("role"),
            _true(r["ended"]),
            r.get("since"),
            r.get("until"),
            r.get("source"),
        )
        for r in _rows(store, _MEMBERSHIPS)
    )


def issues(store: Queryable) -> dict[str, Issue]:
    return {
        r["iri"]: Issue(
            r["iri"],
            r["label"],
            r.get("definition"),
            _true(r["topic"]),
            r.get("kind"),
            _split(r.get("broader")),
            _split(r.get("related")),
        )
        for r in _rows(store, _ISSUES)
    }
