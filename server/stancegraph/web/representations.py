"""RDF representations of a description, in any graph format of the registry, byte-stable.

JSON-LD is compacted with ``ontology/context.jsonld`` and N-Triples sorted, exactly as the
dumps are written (:mod:`stancegraph.terms.documents`), so a resource's document and the dumps agree.
"""

from __future__ import annotations

from rdflib import Graph

from stancegraph.core.formats import BY_NAME, Format, Kind
from stancegraph.terms.documents import jsonld, sorted_lines


def serialize(graph: Graph, fmt: Format) -> bytes:
    """``graph`` in ``fmt`` (a graph format of :data:`stancegraph.core.formats.FORMATS`), UTF-8."""
    if fmt.kind is not Kind.GRAPH or fmt.rdflib is None:
        raise ValueError(f"{fmt.name} is not an RDF graph format")
    if fmt is BY_NAME["jsonld"]:
        return jsonld(graph).encode("utf-8")
    text = graph.serialize(format=fmt.rdflib)
    if fmt is BY_NAME["ntriples"]:
        text = sorted_lines(text) if text.strip() else ""
    return text.encode("utf-8")
