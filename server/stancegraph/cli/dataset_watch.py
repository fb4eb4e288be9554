"""Serving a new build without a restart: the master notices it and reloads its workers.

``stancegraph build`` swaps ``dist/`` whole (never a half-written dataset), so the dataset file
the server loaded is then another file. A thread of the gunicorn master looks at it every
:data:`EVERY` seconds; once it has changed it sends the master ``SIGHUP``: gunicorn's graceful
reload, which here loads the new dataset in the master (:meth:`stancegraph.cli.serve.Server.reload`),
starts new workers from it and stops the old ones once they have answered what they were
answering. The listening socket stays open throughout, so no request fails. ``kill -HUP`` on the
master does the same by hand (for the other stores, whose data this thread does not see).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

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


def watch(path: Path, every: float = EVERY) -> threading.Event:
    """Send this process SIGHUP whenever ``path`` changes; set the returned event to stop."""
    stop = threading.Event()
    seen = identity(path)

    def look() -> None:
        nonlocal seen
        while not stop.wait(every):
            now = identity(path)
            if now is not None and now != seen:
                seen = now
                _log.warning("%s changed: reloading the workers with the new dataset", path)
                os.kill(os.getpid(), signal.SIGHUP)

    threading.Thread(target=look, name="dataset-watch", daemon=True).start()
    return stop
