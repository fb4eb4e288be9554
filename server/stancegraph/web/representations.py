"""RDF representations of a description, in any triple-carrying format of the registry, byte-stable.

JSON-LD is compacted with ``ontology/context.jsonld`` and N-Triples sorted, exactly as the
dumps are written (:mod:`stancegraph.terms.documents`), so a resource's document and the dumps agree.
A description is one graph, written as the default graph where the format has graphs: Turtle is
valid TriG (and N3), N-Triples valid N-Quads, so those are written as Turtle and N-Triples.

The JSON-LD an HTML page embeds (:func:`embedded_jsonld`) lists its nodes under ``@included``
rather than ``@graph``: a JSON-LD 1.1 processor reading a page's scripts wraps them in an array
(the API's HTML processing, ``extractAllScripts``), where a top-level ``@graph`` no longer means
the default graph but a graph named by a blank node (Comunica reads it so, and so does Oxigraph).
``@included`` puts its nodes in the default graph, wrapped or not.
"""

from __future__ import annotations

import json
from typing import Any, Final

from rdflib import Graph

from stancegraph.core.formats import BY_NAME, Format
from stancegraph.terms.documents import jsonld, sorted_lines

#: The format whose writer writes one graph in each format that is not written on its own.
_WRITTEN_AS: Final = {"trig": "turtle", "nquads": "ntriples"}


def serialize(graph: Graph, fmt: Format) -> bytes:
    """``graph`` in ``fmt``, a format of :data:`~stancegraph.core.formats.FORMATS` that carries
    triples, as UTF-8."""
    if not fmt.carries_triples:
        raise ValueError(f"{fmt.name} is not an RDF format")
    writer = BY_NAME[_WRITTEN_AS.get(fmt.name) or fmt.same_as or fmt.name]
    if writer is BY_NAME["jsonld"]:
        return jsonld(graph).encode("utf-8")
    assert writer.rdflib is not None, writer
    text = graph.serialize(format=writer.rdflib)
    if writer is BY_NAME["ntriples"]:
        text = sorted_lines(text) if text.strip() else ""
    return text.encode("utf-8")


def embedded_jsonld(graph: Graph) -> dict[str, Any]:
    """``graph`` as the JSON-LD an HTML page embeds: the compacted document, its top-level
    ``@graph`` (if any) renamed ``@included`` so that its triples stay in the default graph."""
    document: dict[str, Any] = json.loads(jsonld(graph))
    if "@graph" in document:
        document["@included"] = document.pop("@graph")
    return document
