"""Writing a build to disk: deterministic dumps, swapped into place all at once.

Every dump is serialised into a fresh sibling folder, then that folder replaces the output
folder by rename, so a reader (or a crash) never sees a mix of two builds, and a failed build
leaves the last good output untouched.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Dataset, Graph

from ontology import CONTEXT_JSONLD, PREFIXES


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
    """Compacted JSON-LD with the project context, in a canonical order."""
    context = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))["@context"]
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_canonical(data), ensure_ascii=False, indent=2) + "\n"


def trig(nquads: bytes) -> bytes:
    """TriG grouped by graph, then subject, in sorted order (rdflib's TriG order varies by run)."""
    quads = sorted(
        pyoxigraph.parse(nquads, pyoxigraph.RdfFormat.N_QUADS),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


def dumps(dataset: Dataset) -> dict[str, Callable[[], bytes]]:
    """Every dump file of a build, by file name, as a function producing its bytes."""
    union = union_graph(dataset)

    def nquads() -> bytes:
        return sorted_lines(dataset.serialize(format="nquads")).encode("utf-8")

    return {
        "dataset.nq": nquads,
        "dataset.nq.gz": lambda: gzip.compress(nquads(), mtime=0),
        "dataset.trig": lambda: trig(nquads()),
        "dataset.ttl": lambda: union.serialize(format="turtle").encode("utf-8"),
        "dataset.nt": lambda: sorted_lines(union.serialize(format="nt11")).encode("utf-8"),
        "dataset.jsonld": lambda: jsonld(union).encode("utf-8"),
    }


def write_atomically(out_dir: Path, files: dict[str, Callable[[], bytes]]) -> None:
    """Write ``files`` into a new sibling folder, then swap it in place of ``out_dir``."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for name, produce in files.items():
            (staging / name).write_bytes(produce())
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` where ``out_dir`` is, keeping the old folder until the new one is there."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rename(out_dir, retired / out_dir.name)
    try:
        os.rename(staging, out_dir)
    except OSError:
        os.rename(retired / out_dir.name, out_dir)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
