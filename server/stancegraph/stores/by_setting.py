"""The store a ``store`` setting names, opened: in memory, on disk, or a remote endpoint."""

from __future__ import annotations

from pathlib import Path

from stancegraph.core.errors import UsageError
from stancegraph.stores import disk_store, remote_store
from stancegraph.stores.store import STORE_FORMS, QueryStore, disk_location, is_remote, load
from stancegraph.vocabulary import DEFAULT_BASE_URI


def open_store(
    spec: str, dataset: str | Path, timeout: float, base: str = DEFAULT_BASE_URI
) -> QueryStore:
    """The store a ``store`` setting names; ``dataset`` is the file the memory store loads.

    ``timeout`` bounds every call to a remote store, in seconds; ``base`` is the dataset's base
    IRI, under which a remote store's graphs are the dataset's.
    """
    if spec == "memory":
        return load(dataset)
    folder = disk_location(spec)
    if folder is not None:
        return disk_store.DiskStore(folder)
    if is_remote(spec):
        return remote_store.RemoteStore(spec, timeout, base)
    raise UsageError(f"store={spec!r}: expected {STORE_FORMS}")
