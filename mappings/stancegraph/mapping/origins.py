"""Where a resource of the graph came from: a mapping file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Origin:
    """A place in a mapping file, e.g. ``mappings/kosovo-nato-membership.yaml:42``."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"
