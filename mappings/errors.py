"""The error of a bad mapping or seed: one line that names the file, the line and the value."""

from __future__ import annotations


class MappingError(Exception):
    """A mistake in a mapping or seed file, located at ``path:line`` (line 0 when unknown)."""

    exit_code = 2

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
