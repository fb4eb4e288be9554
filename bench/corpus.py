"""The benchmark corpora: generated once per size under ``bench/out/``, and what they hold."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench import generate
from bench.processes import ROOT

OUT = ROOT / "bench" / "out"
ACTOR_BASE = "https://w3id.org/stancegraph/id/actor/"
QUOTED_ACTORS = """
PREFIX sg: <https://w3id.org/stancegraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?actor WHERE { ?quote a sg:DirectQuote ; prov:wasAttributedTo ?actor }
ORDER BY ?actor
"""


@dataclass(frozen=True)
class Corpus:
    """A synthetic corpus of about ``size`` triples and the folders built from it."""

    size: int

    @property
    def source(self) -> Path:
        return OUT / f"corpus-{self.size}"

    @property
    def dist(self) -> Path:
        return OUT / f"dist-{self.size}"

    @property
    def store(self) -> Path:
        """The project's ``oxigraph:DIR`` store."""
        return OUT / f"store-{self.size}"

    @property
    def peer_store(self) -> Path:
        """The store ``oxigraph load`` fills for ``oxigraph serve-read-only``."""
        return OUT / f"oxigraph-{self.size}"

    @property
    def dataset(self) -> Path:
        return self.dist / "dataset.nq"

    @property
    def env(self) -> dict[str, str]:
        """Settings that point the project at this corpus (so ``serve`` never builds the seed)."""
        return {
            "STANCEGRAPH_SEEDS_DIR": str(self.source / "seeds"),
            "STANCEGRAPH_MAPPINGS_DIR": str(self.source / "mappings"),
        }

    def source_args(self) -> list[str]:
        seeds, mappings = str(self.source / "seeds"), str(self.source / "mappings")
        return ["--seeds-dir", seeds, "--mappings-dir", mappings]

    def quads(self) -> int | None:
        """Quads in the built dataset (None before a successful build)."""
        if not self.dataset.is_file():
            return None
        with self.dataset.open("rb") as lines:
            return sum(1 for _ in lines)

    def articles(self) -> int:
        return len(list((self.source / "seeds").glob("*.txt")))


def label(size: int) -> str:
    """``1k``, ``100k``, ``1M``."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def ensure_generated(corpus: Corpus) -> None:
    """Generate the corpus unless the same generator already wrote it (output is deterministic)."""
    stamp = corpus.source / ".generator"
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return
    shutil.rmtree(corpus.source, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(corpus.source), "--triples", str(corpus.size)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(digest)


def quoted_actors(corpus: Corpus) -> list[str]:
    """IRIs of the actors with at least one direct quote, from the built dataset."""
    store = ox.Store()
    store.bulk_load(path=str(corpus.dataset), format=ox.RdfFormat.N_QUADS)
    solutions = store.query(QUOTED_ACTORS, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return [solution["actor"].value for solution in solutions]
