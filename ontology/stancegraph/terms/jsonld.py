"""Compacted JSON-LD of a graph, written from its sorted triples.

The dump is what rdflib's JSON-LD serializer gives with the project context, put in canonical
order (nodes by ``@id``, keys sorted, values of a property sorted, ``@list`` in list order) and
indented by two spaces. rdflib needs minutes and gigabytes at a million triples; this reads the
lines once, one subject at a time, and writes each node as it is complete. It differs from
rdflib in one way: typed literals always keep their datatype (``{"@type": "xsd:integer",
"@value": "5"}``), where rdflib writes some as JSON numbers or booleans and so loses their
lexical form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import IO, Any

from stancegraph.terms.ntriples import XSD_STRING, Triple, literal_parts
from stancegraph.vocabulary import CONTEXT_JSONLD

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE = f"<{RDF}type>"
FIRST, REST, NIL = f"<{RDF}first>", f"<{RDF}rest>", f"<{RDF}nil>"


def context() -> dict[str, str]:
    """The project's JSON-LD context: prefix → namespace."""
    found: dict[str, str] = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    return found


class Compactor:
    """IRIs as compact IRIs (``sg:Article``) wherever a prefix of the context is their namespace."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = {namespace: prefix for prefix, namespace in prefixes.items()}
        self.terms = {namespace: prefix for prefix, namespace in prefixes.items()}

    def iri(self, iri: str) -> str:
        """rdflib's ``shrink_iri``: split at the last ``#``, else ``/``, else ``:``."""
        for delimiter in "#/:":
            at = iri.rfind(delimiter)
            if at > -1:
                prefix = self.prefixes.get(iri[: at + 1])
                return f"{prefix}:{iri[at + 1 :]}" if prefix else iri
        return iri

    def key(self, iri: str) -> str:
        """rdflib's ``to_symbol``: a term of the context by name, else a compact IRI."""
        return self.terms.get(iri) or self.iri(iri)


class BlankNodes:
    """The blank nodes of a graph: what each says, and which are the object of some triple.

    A referenced blank node that heads a well-formed RDF list (``rdf:first``, ``rdf:rest``, down
    to ``rdf:nil``) is written as ``@list`` where it is an object, and not as a node of its own.
    """

    def __init__(self, triples: Iterable[Triple], referenced: set[str]) -> None:
        self.properties: dict[str, list[tuple[str, str]]] = {}
        for s, p, o in triples:
            self.properties.setdefault(s, []).append((p, o))
        self.referenced = referenced

    def items(self, term: str) -> list[str] | None:
        """The members of the list ``term`` heads (rdflib's ``to_collection``); None if none."""
        found: list[str] = []
        seen: set[str] = set()
        while term != NIL:
            if term[0] != "_" or term in seen:
                return None
            seen.add(term)
            first = rest = None
            for p, o in self.properties.get(term, ()):
                if p == FIRST and first is None:
                    first = o
                elif p == REST and rest is None:
                    rest = o
                elif p != TYPE or o != f"<{RDF}List>":
                    return None
            if first is None or rest is None:
                return None
            found.append(first)
            term = rest
        return found

    def written_as_node(self, term: str) -> bool:
        return term not in self.referenced or self.items(term) is None


def write(triples: Iterable[Triple], blank: BlankNodes, out: IO[str]) -> None:
    """Write the JSON-LD document of ``triples`` (sorted, unique; N-Triples terms) to ``out``."""
    render = _Renderer(Compactor(context()), blank)
    out.write('{\n  "@context": ')
    out.write(_json(dict(sorted(context().items())), "  "))
    nodes = sorted(_nodes(triples, render), key=lambda node: json.dumps(node[0]))
    if len(nodes) == 1:  # rdflib puts a lone node at the top level
        out.write("".join(f",\n  {text}" for text in nodes[0][1]).replace("\n    ", "\n"))
        out.write("\n}\n")
        return
    out.write(',\n  "@graph": [')
    for n, (_, members) in enumerate(nodes):
        out.write(",\n    {\n      " if n else "\n    {\n      ")
        out.write(",\n      ".join(members))
        out.write("\n    }")
    out.write("\n  ]\n}\n")


def _nodes(triples: Iterable[Triple], render: _Renderer) -> Iterator[tuple[str, list[str]]]:
    """(``@id``, its ``"key": value`` texts in key order) of each node, in subject order."""
    subject, properties = "", dict[str, list[str]]()
    for s, p, o in triples:
        if s != subject:
            if properties and (subject[0] == "<" or render.blank.written_as_node(subject)):
                yield render.node(subject, properties)
            subject, properties = s, {}
        properties.setdefault(p, []).append(o)
    if properties and (subject[0] == "<" or render.blank.written_as_node(subject)):
        yield render.node(subject, properties)


class _Renderer:
    """Nodes as JSON text, indented as in ``@graph``; the text of each IRI is made once."""

    def __init__(self, compact: Compactor, blank: BlankNodes) -> None:
        self.compact = compact
        self.blank = blank
        self.iris: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def iri(self, term: str) -> str:
        found = self.iris.get(term)
        if found is None:
            found = self.iris[term] = self.compact.iri(term[1:-1])
        return found

    def key(self, term: str) -> str:
        """The key (or ``@type`` value) of an IRI, as it stands in the node."""
        found = self.keys.get(term)
        if found is None:
            found = self.keys[term] = self.compact.key(term[1:-1])
        return found

    def node(self, subject: str, properties: dict[str, list[str]]) -> tuple[str, list[str]]:
        node_id = self.iri(subject) if subject[0] == "<" else subject
        members = [("@id", f'"@id": {encode_basestring(node_id)}')]
        types = properties.pop(TYPE, None)
        if types is not None:
            symbols = [self.key(t) for t in types if t[0] == "<"]
            if symbols:
                members.append(("@type", f'"@type": {_json(_one_or_sorted(symbols), INDENT)}'))
            rest = [t for t in types if t[0] != "<"]
            if rest:
                properties[TYPE] = rest
        for predicate, objects in properties.items():
            key = self.key(predicate)
            if len(objects) == 1:
                text = self.single(objects[0])
            else:
                text = _json(_one_or_sorted([self.value(o) for o in objects]), INDENT)
            members.append((key, f"{encode_basestring(key)}: {text}"))
        members.sort(key=lambda member: member[0])
        return node_id, [text for _, text in members]

    def single(self, term: str) -> str:
        """The JSON text of the one value of a property (the commonest case, made fast)."""
        if term[0] == '"' and term[-1] == '"' and "\\" not in term:
            return str(encode_basestring(term[1:-1]))  # a plain string without escapes
        found = self.texts.get(term)
        if found is None:
            found = _json(self.value(term), INDENT)
            if term[0] == "<" or term[-1] == ">":  # IRIs and typed literals recur
                self.texts[term] = found
        return found

    def value(self, term: str) -> Any:
        if term == NIL:
            return {"@list": []}
        if term[0] == "<":
            return {"@id": self.iri(term)}
        if term[0] == "_":
            items = self.blank.items(term)
            if items is None:
                return {"@id": term}
            return {"@list": [self.value(item) for item in items]}
        lexical, language, datatype = literal_parts(term)
        if language:
            return {"@language": language, "@value": lexical}
        if datatype == XSD_STRING:
            return lexical
        return {"@type": self.compact.key(datatype), "@value": lexical}


INDENT = "      "  # of a node's members in "@graph"


def _one_or_sorted(values: list[Any]) -> Any:
    """One value as is, several as a list in canonical order."""
    if len(values) == 1:
        return values[0]
    return sorted(values, key=lambda value: json.dumps(value, sort_keys=True))


def _json(value: Any, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` at ``indent``, for dicts in order."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    inner = indent + "  "
    if isinstance(value, dict):
        if len(value) == 1 and "@id" in value:
            return f'{{\n{inner}"@id": {encode_basestring(value["@id"])}\n{indent}}}'
        items = [f"{encode_basestring(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + inner + f",\n{inner}".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list):
        items = [_json(v, inner) for v in value]
        return "[\n" + inner + f",\n{inner}".join(items) + "\n" + indent + "]" if items else "[]"
    return json.dumps(value)
