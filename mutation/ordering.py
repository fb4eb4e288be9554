"""A pytest plugin for mutation runs (``-p mutation.ordering``): quick test files first, and each
mutant's test run in a process group of its own.

mutmut runs a mutant's tests with ``-x``, so the run ends at the first failure; starting with
``tests/test_mutants_*`` (small, direct tests) and then the files that took least time in mutmut's
stats pass (``mutmut-stats.json``, in the folder the tests run in) ends most runs early. Tests
keep their order within a file, so module fixtures are set up once.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """A process group of its own: a mutant that turns a pid into 0 (``os.kill(0, SIGKILL)``
    in the query runner, say) then ends its own test run, not mutmut and every other mutant's."""
    with suppress(OSError):  # already a group's leader
        os.setpgid(0, 0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    try:
        stats = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))
        durations: dict[str, float] = stats["duration_by_test"]
    except (OSError, ValueError, KeyError):
        durations = {}
    per_file: dict[str, float] = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        per_file[path] = per_file.get(path, 0.0) + durations.get(item.nodeid, 0.0)

    def key(item: pytest.Item) -> tuple[bool, float]:
        path = item.nodeid.split("::", 1)[0]
        return (not path.startswith("tests/test_mutants_"), per_file[path])

    items.sort(key=key)
