"""Small RDF documents (one resource's description) written exactly as the dumps are.

N-Triples lines sorted and deduplicated, JSON-LD compacted with the project context in canonical
order: a resource's document and the dumps of the build (:mod:`stancegraph.build.output`) agree,
byte for byte, whatever the hash seed.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Dataset, Graph

from stancegraph.vocabulary import CONTEXT_JSONLD, PREFIXES


def sorted_lines(data: str) -> str:
    """N-Triples/N-Quads with lines sorted and deduplicated, so dumps diff cleanly."""
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _canonical(value: Any, in_list: bool = False) -> Any:
    """JSON with keys sorted and unordered arrays sorted (``@list`` arrays keep their order)."""
    if isinstance(value, dict):
        return {k: _canonical(v, k == "@list") for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs in one graph, with the project's prefixes bound."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    union.addN((s, p, o, union) for s, p, o, _ in dataset.quads())
    return union


def jsonld(graph: Graph) -> str:
    """Compacted JSON-LD of a small rdflib graph with the project context, in canonical order."""
    context = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_canonical(data), ensure_ascii=False, indent=2) + "\n"
