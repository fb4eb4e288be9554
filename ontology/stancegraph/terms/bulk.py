"""For code that makes millions of small objects at once: mapping, validating, loading facts."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection meanwhile.

    Mapping, validating and reading kept facts make millions of tuples, lists and records and no
    reference cycles; each full collection would walk them all again, which costs a third of the
    time at a million triples.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
