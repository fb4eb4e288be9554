"""RDF terms as canonical N-Triples text: the form the build maps, validates and writes.

A term is a ``str``: ``<iri>``, ``_:label`` or a literal ``"lexical"``, ``"lexical"@lang`` or
``"lexical"^^<datatype>``, written exactly as Oxigraph prints it (canonical N-Triples: plain
``xsd:string``, the same escapes). Such strings are hashable, compare by RDF term equality,
keep every literal as written (an in-memory Oxigraph store turns ``"20"^^xsd:nonNegativeInteger``
into ``"20"^^xsd:integer``), sort into the order of the sorted dumps, and join into N-Triples
and N-Quads lines without a serializer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef

#: A triple of terms: subject, predicate, object.
Triple = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    **{
        chr(c): f"\\u{c:04X}"
        for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)
        if chr(c) not in "\n\r\t\b\f"
    },
}
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def iri(value: str) -> str:
    """The term of an IRI the caller knows to be valid (built from checked parts)."""
    return f"<{value}>"


def literal(lexical: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal term: plain (``xsd:string``), language-tagged or typed."""
    if _NEEDS_ESCAPE.search(lexical):
        lexical = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], lexical)
    if language:
        return f'"{lexical}"@{language.lower()}'
    if datatype and datatype != XSD_STRING:
        return f'"{lexical}"^^<{datatype}>'
    return f'"{lexical}"'


def is_iri(term: str) -> bool:
    return term[0] == "<"


def is_blank(term: str) -> bool:
    return term[0] == "_"


def is_literal(term: str) -> bool:
    return term[0] == '"'


def iri_value(term: str) -> str:
    """The IRI of an IRI term."""
    return term[1:-1]


def literal_parts(term: str) -> tuple[str, str | None, str]:
    """(lexical form, language or None, datatype IRI) of a literal term."""
    end = term.rindex('"')
    lexical = term[1:end]
    if "\\" in lexical:
        lexical = _UNESCAPE.sub(_unescape, lexical)
    suffix = term[end + 1 :]
    if not suffix:
        return lexical, None, XSD_STRING
    if suffix[0] == "@":
        return lexical, suffix[1:], RDF_LANG_STRING
    return lexical, None, suffix[3:-1]


def _unescape(match: re.Match[str]) -> str:
    short, long, char = match.groups()
    if short or long:
        return chr(int(short or long, 16))
    return _SIMPLE.get(char, char)


def lexical_form(term: str) -> str:
    """What SPARQL's STR gives: the IRI of an IRI, the lexical form of a literal."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"':
        return literal_parts(term)[0]
    return term[2:]


# ---------------------------------------------------------------- conversions


def from_rdflib(term: Node) -> str:
    """The canonical N-Triples form of an rdflib term."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return literal(str(term), term.language, datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: str) -> Node:
    """The rdflib term of a canonical N-Triples term."""
    if term[0] == "<":
        return URIRef(term[1:-1])
    if term[0] == "_":
        return BNode(term[2:])
    lexical, language, datatype = literal_parts(term)
    if language:
        return Literal(lexical, lang=language)
    if datatype == XSD_STRING:
        return Literal(lexical)
    return Literal(lexical, datatype=URIRef(datatype))


def from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The canonical N-Triples form of an Oxigraph term (Oxigraph prints it so)."""
    return str(term)


def triples_of_rdflib(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[Triple]:
    """rdflib triples as N-Triples terms, converting each distinct term once."""
    convert = cache(from_rdflib)
    for s, p, o in triples:
        yield convert(s), convert(p), convert(o)


def add_to_rdflib(graph: Graph, triples: Iterable[Triple]) -> Graph:
    """``graph`` with ``triples`` (N-Triples terms) added, each distinct term converted once."""
    convert = cache(to_rdflib)
    graph.addN((convert(s), convert(p), convert(o), graph) for s, p, o in triples)
    return graph


def ntriples(triples: Iterable[Triple]) -> bytes:
    """N-Triples text of ``triples``, in the given order."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")


def chunks(triples: Iterable[Triple], size: int = 50_000) -> Iterator[bytes]:
    """N-Triples text of ``triples`` in pieces of ``size`` triples, to load without one big copy."""
    batch: list[str] = []
    for s, p, o in triples:
        batch.append(f"{s} {p} {o} .\n")
        if len(batch) == size:
            yield "".join(batch).encode("utf-8")
            batch.clear()
    if batch:
        yield "".join(batch).encode("utf-8")
