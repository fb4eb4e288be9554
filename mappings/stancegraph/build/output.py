"""The dump files of a build, deterministic and sorted, written from the mapped triples.

N-Quads and N-Triples lines are written in sorted order, so the same inputs give the same bytes
whatever the hash seed, and the dumps diff cleanly. TriG and Turtle are Oxigraph's, fed in that
order; JSON-LD is compacted with the project context by :mod:`stancegraph.terms.jsonld`. The
dumps never go through rdflib graphs, which at a million triples cost minutes and gigabytes;
:mod:`stancegraph.terms.documents` writes the small documents of single resources the same way.
"""

from __future__ import annotations

import bisect
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from stancegraph.terms.jsonld import BlankNodes
from stancegraph.terms.jsonld import write as write_jsonld_triples
from stancegraph.terms.ntriples import Triple
from stancegraph.vocabulary import PREFIXES

#: Lines per write, and quads per parse when writing TriG.
CHUNK = 20_000


Quad = tuple[str, str, str, str]


@dataclass
class Quads:
    """The quads of a dataset, sorted and unique, as tuples of N-Triples terms.

    Tuples sort exactly as their N-Quads lines do (no term holds a character below the space
    that separates them, and no term is the start of another but at a character above it), and
    hold no more than references to the mapped terms, where lines would copy them all.
    """

    quads: list[Quad]  # (subject, predicate, object, graph)
    by_graph: dict[str, list[Triple]]  # "<graph IRI>" → its triples, sorted

    @classmethod
    def of(cls, graphs: Mapping[str, Iterable[Triple]]) -> Quads:
        by_graph = {f"<{name}>": sorted(set(triples)) for name, triples in graphs.items()}
        quads = [(s, p, o, g) for g, triples in by_graph.items() for s, p, o in triples]
        quads.sort()  # runs already sorted per graph: Timsort merges them
        return cls(quads, by_graph)

    def nquads_lines(self) -> Iterator[str]:
        return (f"{s} {p} {o} {g} ." for s, p, o, g in self.quads)

    def triples(self) -> Iterator[Triple]:
        """The union's triples, sorted and unique (quads sort by triple first)."""
        previous = ("", "", "")
        for s, p, o, _ in self.quads:
            if (s, p, o) != previous:
                previous = (s, p, o)
                yield previous

    def triple_lines(self) -> Iterator[str]:
        """The union's N-Triples lines, sorted and unique."""
        return (f"{s} {p} {o} ." for s, p, o in self.triples())

    def blank_nodes(self) -> BlankNodes:
        """What the blank nodes say, and which are objects: for the JSON-LD dump."""
        start = bisect.bisect_left(self.quads, ("_:",))
        said = sorted({(s, p, o) for s, p, o, _ in self.quads[start:]})
        referenced = {o for _, _, o, _ in self.quads if o[0] == "_"}
        return BlankNodes(said, referenced)


def _write_lines(lines: Iterable[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) == CHUNK:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")


def _gzip(source: Path, target: Path) -> None:
    """The bytes of ``gzip.compress(data, mtime=0)``, streamed; zlib runs without the GIL."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header with mtime 0
    with source.open("rb") as data, target.open("wb") as packed:
        for block in iter(lambda: data.read(1 << 20), b""):
            packed.write(packer.compress(block))
        packed.write(packer.flush())


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def write_ntriples(quads: Quads, folder: Path) -> int:
    """Write ``dataset.nt``, the union; return its number of triples."""
    count = 0

    def counted() -> Iterator[str]:
        nonlocal count
        for line in quads.triple_lines():
            count += 1
            yield line

    _write_lines(counted(), folder / "dataset.nt")
    return count


def write_nquads(quads: Quads, folder: Path) -> None:
    """Write ``dataset.nq``, the named graphs."""
    _write_lines(quads.nquads_lines(), folder / "dataset.nq")


def start_gzip(folder: Path) -> threading.Thread:
    """Start packing ``dataset.nq`` into ``dataset.nq.gz`` in a thread; join it when done."""
    packing = threading.Thread(
        target=_gzip, args=(folder / "dataset.nq", folder / "dataset.nq.gz"), daemon=True
    )
    packing.start()
    return packing


def write_trig(quads: Quads, folder: Path) -> None:
    """``dataset.trig``: grouped by graph, then subject, in sorted order."""

    def parsed() -> Iterator[ox.Quad]:
        for g in sorted(quads.by_graph):
            triples = quads.by_graph[g]
            for start in range(0, len(triples), CHUNK):
                lines = [f"{s} {p} {o} {g} .\n" for s, p, o in triples[start : start + CHUNK]]
                yield from ox.parse("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)

    ox.serialize(parsed(), str(folder / "dataset.trig"), ox.RdfFormat.TRIG, prefixes=_prefixes())


def write_turtle(folder: Path) -> None:
    """``dataset.ttl``: the union, in the order of ``dataset.nt``."""
    triples = ox.parse(path=str(folder / "dataset.nt"), format=ox.RdfFormat.N_TRIPLES)
    path = str(folder / "dataset.ttl")
    ox.serialize(triples, path, ox.RdfFormat.TURTLE, prefixes=_prefixes())


def write_jsonld(quads: Quads, folder: Path) -> None:
    """``dataset.jsonld``: the union, compacted."""
    with (folder / "dataset.jsonld").open("w", encoding="utf-8") as out:
        write_jsonld_triples(quads.triples(), quads.blank_nodes(), out)
