"""Which search index a server reads: the build's, or one it writes of the data it serves.

The build's ``dist/search.sqlite`` is read when it was made from the very dump the store serves
(the digest it records is the store's): the ``memory`` store of ``dist/dataset.nq``, or an
``oxigraph:DIR`` store loaded by the same build. Otherwise (a ``memory`` store of another file,
a remote SPARQL endpoint, a ``dist/`` older than search) the server writes an index of what it
serves, from the page index it reads anyway, into a private temporary folder that the process
which made it removes when it exits. Either way the index is opened read-only, and search finds
what the pages show.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final

from stancegraph.catalog.index import Index
from stancegraph.search import index_file
from stancegraph.search.searcher import Searcher

#: What a private index records as its digest when the store has none to give.
PRIVATE: Final = "private"


class Source:
    """The search index of a server, found or written on first use.

    ``built`` is the build's index; ``digest`` gives the SHA-256 of the dump the store serves
    (None when it serves no dump: a remote store); ``index`` gives the store's page index.
    Either may raise (a remote store that is down): then the next call tries again.
    """

    def __init__(
        self, built: Path, digest: Callable[[], str | None], index: Callable[[], Index]
    ) -> None:
        self.built = built
        self._digest = digest
        self._index = index
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None

    def searcher(self) -> Searcher:
        """The searcher of the index for the data served."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self._open()
            return self._searcher

    @property
    def private(self) -> bool:
        """Whether the index was written by this server (not the build's)."""
        return self._searcher is not None and self._searcher.path != self.built

    def _open(self) -> Searcher:
        digest = self._digest()
        if digest is not None and index_file.recorded_digest(self.built) == digest:
            return Searcher(self.built, digest)
        return Searcher(private_index(self._index(), digest or PRIVATE), digest or PRIVATE)


def private_index(index: Index, digest: str) -> Path:
    """Write the search index of ``index`` into a new temporary folder; removed at exit by
    this process (not by the processes it forks)."""
    folder = Path(tempfile.mkdtemp(prefix="stancegraph-search-"))
    atexit.register(_remove, folder, os.getpid())
    path = index_file.path_in(folder)
    index_file.write(index, digest, path)
    return path


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)
