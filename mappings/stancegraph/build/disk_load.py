"""Loading a build into an ``oxigraph:DIR`` store on disk, for ``serve --store oxigraph:DIR``.

``stancegraph build --store oxigraph:DIR`` bulk-loads the N-Quads dump it has just written into
a fresh store beside ``DIR``, writes :data:`~stancegraph.stores.disk_store.VERSION_FILE` (the
dump's digest, modification time, quad count and graphs) and the facts start-up reads
(:mod:`stancegraph.catalog.store_facts`, :data:`~stancegraph.stores.disk_store.FACTS_FILE`)
into it, then puts it in place of ``DIR``. Serving it is :mod:`stancegraph.stores.disk_store`.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pyoxigraph as ox

from stancegraph.catalog import store_facts
from stancegraph.core.errors import StancegraphError, UsageError
from stancegraph.stores.disk_store import FACTS_FILE, VERSION_FILE
from stancegraph.stores.store import (
    GRAPH_COUNTS,
    EmbeddedStore,
    Version,
    file_version,
    graph_counts,
)


def replaceable(folder: Path) -> None:
    """Refuse a folder that is neither missing, empty, nor a store an earlier build loaded."""
    if not folder.exists() or (folder / VERSION_FILE).is_file():
        return
    if not folder.is_dir() or any(folder.iterdir()):
        raise UsageError(
            f"{folder}: exists and is not a store loaded by stancegraph build; not replacing it"
        )


def load_store(folder: Path, dump: Path) -> Version:
    """Bulk-load an N-Quads dump into a new store that replaces ``folder``; its version.

    ``folder`` must be :func:`replaceable`.
    """
    replaceable(folder)
    staging = folder.with_name(f".{folder.name}.loading-{os.getpid()}")
    facts = folder.with_name(f".{folder.name}.facts-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    # A process started afresh (it shares no RocksDB state) reads the facts meanwhile.
    spawn = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(1, spawn) as pool:
            reading = pool.submit(write_facts, dump, facts)
            version = _fill(staging, dump)
            try:
                reading.result()
            except (BrokenProcessPool, OSError) as error:
                raise StancegraphError(
                    f"{folder}: reading the facts of {dump} failed ({error or type(error).__name__})"
                    "; the store was not replaced"
                ) from None
        facts.rename(staging / FACTS_FILE)
        _swap(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        facts.unlink(missing_ok=True)
    return version


def write_facts(dump: Path, path: Path) -> None:
    """Read the facts of an N-Quads dump, loaded in memory, and keep them in ``path``."""
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store_facts.write(store_facts.read(EmbeddedStore(store)), file_version(dump)[0], path)


def _fill(staging: Path, dump: Path) -> Version:
    """Load the dump into a store at ``staging`` and record its version there."""
    store = ox.Store(str(staging))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    counts = graph_counts(EmbeddedStore(store).select(GRAPH_COUNTS))
    digest, modified = file_version(dump)
    version = Version(digest, modified, len(store), counts)
    store.flush()
    del store
    gc.collect()  # closes the store: the folder must be complete before it is moved
    record = {
        "digest": version.digest,
        "modified": modified.isoformat(),
        "quads": version.quads,
        "graphs": dict(version.graphs),
        "source": str(dump),
    }
    (staging / VERSION_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return version


def _swap(staging: Path, folder: Path) -> None:
    """Put ``staging`` in place of ``folder``; the old store is removed only once replaced."""
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
