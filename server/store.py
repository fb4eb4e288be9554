"""The query store: the built dataset loaded into pyoxigraph, immutable while served.

The default graph of every query is the union of the named graphs unless a request names its
own dataset. :class:`Snapshot` also carries what HTTP caching needs (a strong validator and the
modification time), computed once at load.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from server.errors import InputError


@dataclass(frozen=True)
class Snapshot:
    """A loaded dataset: the store, the file it came from, its digest and modification time."""

    store: Store
    source: Path
    digest: str
    modified: datetime

    @property
    def etag(self) -> str:
        """A strong entity tag for anything derived from this dataset (unquoted)."""
        return self.digest[:32]

    def quad_count(self) -> int:
        return len(self.store)


def dataset_file(dist_dir: str | Path) -> Path:
    """The dump the server loads from a build folder."""
    return Path(dist_dir) / "dataset.nq"


def load(path: str | Path) -> Snapshot:
    """Load an RDF dataset file (N-Quads, TriG, or any triple format by extension) into memory."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the dataset ({error.strerror})") from None
    format_ = RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if format_ is None:
        raise InputError(f"{path}: unknown RDF format; expected .nq, .trig, .ttl, .nt, .jsonld")
    store = Store()
    try:
        store.bulk_load(data, format_)
    except SyntaxError as error:
        raise InputError(f"{path}: {error}") from None
    modified = datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC)
    return Snapshot(store, path, hashlib.sha256(data).hexdigest(), modified)
