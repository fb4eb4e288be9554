"""What the server reads from its store once, at start-up, and how a store on disk keeps it.

The HTML pages need the page index (:mod:`stancegraph.catalog.index`), descriptions need the subjects of hash
IRIs (:mod:`stancegraph.catalog.describe`) and ``/dataset`` needs the counts of the dataset
(:mod:`stancegraph.catalog.dataset_description`). Read by query, they take tens of seconds at a million
triples from a store on disk, where every term is a lookup. So ``stancegraph build --store
oxigraph:DIR`` reads them from the fresh dump in memory, in a process of its own while the
store is being loaded, and keeps them in :data:`FACTS_FILE` inside ``DIR``, written before the
store is put in place: a server starting from the store reads one file. Other stores are read
at start-up, with the same queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stancegraph.catalog.dataset_description import Statistics, read_statistics
from stancegraph.catalog.describe import read_hash_subjects
from stancegraph.catalog.index import Index, read_index
from stancegraph.core.errors import InputError
from stancegraph.stores.store import Queryable, QueryStore
from stancegraph.terms.bulk import without_cycle_collection

#: The layout of the facts file; a file of another layout is refused.
FACTS_FORMAT = 2


@dataclass(frozen=True)
class Facts:
    index: Index
    hash_subjects: dict[str, tuple[str, ...]]
    statistics: Statistics


def read(store: Queryable) -> Facts:
    """The facts of a store, read by query."""
    return Facts(read_index(store), read_hash_subjects(store), read_statistics(store))


def of(store: QueryStore) -> Facts:
    """The facts a store keeps, or else read from it."""
    kept = store.kept_facts()
    return load(kept, store.version().digest) if kept is not None else read(store)


def write(facts: Facts, digest: str, path: Path) -> None:
    """Keep ``facts`` of the dump whose SHA-256 is ``digest`` in ``path`` (JSON; the same facts
    give the same bytes)."""
    record = {
        "format": FACTS_FORMAT,
        "digest": digest,
        "index": facts.index.records(),
        "hash_subjects": facts.hash_subjects,
        "statistics": facts.statistics.records(),
    }
    with path.open("w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load(path: Path, digest: str) -> Facts:
    """The facts :func:`write` kept in ``path`` for the dump whose SHA-256 is ``digest``."""
    try:
        with path.open(encoding="utf-8") as file, without_cycle_collection():
            record: dict[str, Any] = json.load(file)
            if record.get("format") != FACTS_FORMAT or record.get("digest") != digest:
                kept = f"format {record.get('format')}, dump {str(record.get('digest'))[:12]}"
                raise ValueError(
                    f"{kept}; the store holds format {FACTS_FORMAT}, dump {digest[:12]}"
                )
            return Facts(
                Index.from_records(record["index"]),
                {iri: tuple(nodes) for iri, nodes in record["hash_subjects"].items()},
                Statistics.from_records(record["statistics"]),
            )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"{path}: not the facts stancegraph build keeps ({error}); build the store again"
        ) from None
