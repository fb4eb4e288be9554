"""How much memory one query may take: the ``query_memory_mb`` setting, or a size from the machine.

A query process is forked from the serving process and shares its pages; what a query allocates
comes on top. :func:`query_memory` gives that allowance in bytes; the query process adds it to its
address space at the start and sets the sum as its ``RLIMIT_AS`` (:mod:`stancegraph.sparql.query_process`).
"""

from __future__ import annotations

import os

#: The least a query is allowed when the allowance is sized from the machine.
FLOOR_MB = 256
MB = 1 << 20


def physical_memory() -> int:
    """Bytes of physical memory of this machine."""
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def query_memory(setting_mb: int, workers: int, slots: int, machine: int | None = None) -> int:
    """Bytes one query may allocate: ``setting_mb`` if set (above 0), else half the machine's
    memory shared by every query slot of every worker, but at least :data:`FLOOR_MB`."""
    if setting_mb > 0:
        return setting_mb * MB
    total = physical_memory() if machine is None else machine
    return max(FLOOR_MB * MB, total // 2 // max(1, workers * slots))
