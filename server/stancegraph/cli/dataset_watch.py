"""Serving a new version without a restart: the master notices it and reloads its workers.

``stancegraph build`` swaps ``dist/`` whole (never a half-written dataset), so the dataset file
the server loaded is then another file; ``stancegraph publish`` writes a remote store's
publication mark last, once every graph is in (:mod:`stancegraph.stores.publication`). A
thread of the gunicorn master looks at the one or the other every few seconds (:data:`EVERY`
for the file, the setting ``store_poll`` for a remote store); once it has changed it sends the
master ``SIGHUP``: gunicorn's graceful reload, which here makes the application anew in the
master (:meth:`stancegraph.cli.serve.Server.reload`), starts new workers from it and stops the
old ones once they have answered what they were answering. The new workers keep nothing of the
old (bodies, answers, what each path names). The listening socket stays open throughout, so no
request fails. ``kill -HUP`` on the master does the same by hand (for ``oxigraph:DIR``, whose
data this thread does not see).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Hashable
from pathlib import Path

from stancegraph.core.errors import StoreError
from stancegraph.stores.remote_store import RemoteStore

#: Seconds between two looks at the dataset file.
EVERY = 1.0
_log = logging.getLogger(__name__)


def identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is replaced or rewritten (None while it is missing)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def published(store: RemoteStore) -> str | None:
    """The digest of the version marked last in a remote store (None while it cannot tell)."""
    try:
        newest = store.published()
    except StoreError:
        return None
    return newest.digest if newest is not None else None


def watch(
    look_at: Callable[[], Hashable | None], what: str, every: float = EVERY
) -> threading.Event:
    """Send this process SIGHUP whenever ``look_at()`` changes (None: cannot tell now, not a
    change); ``what`` names it in the log. Set the returned event to stop."""
    stop = threading.Event()
    seen = look_at()

    def look() -> None:
        nonlocal seen
        while not stop.wait(every):
            now = look_at()
            if now is not None and now != seen:
                seen = now
                _log.warning("%s changed: reloading the workers with the new version", what)
                os.kill(os.getpid(), signal.SIGHUP)

    threading.Thread(target=look, name="dataset-watch", daemon=True).start()
    return stop


def watch_file(path: Path, every: float = EVERY) -> threading.Event:
    """Reload when the dataset file at ``path`` is replaced."""
    return watch(lambda: identity(path), str(path), every)


def watch_store(store: RemoteStore, every: float) -> threading.Event:
    """Reload when a new version is marked in the remote ``store``."""
    return watch(lambda: published(store), f"the version published at {store.url}", every)
