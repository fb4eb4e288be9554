"""The search index of a build (:mod:`stancegraph.search.index_file`), made from its dump.

The N-Quads dump just written into the staging folder is loaded into a store in memory and read
as the server reads its store (:func:`stancegraph.catalog.index.read_index`), so that search
finds what the pages show; the index records the dump's SHA-256.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from stancegraph.catalog.index import read_index
from stancegraph.search import index_file
from stancegraph.stores.store import EmbeddedStore, dataset_file, file_version


def write(folder: Path) -> None:
    """Write ``search.sqlite`` into a build folder, from its ``dataset.nq``."""
    dump = dataset_file(folder)
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    index = read_index(EmbeddedStore(store))
    del store
    index_file.write(index, file_version(dump)[0], index_file.path_in(folder))
