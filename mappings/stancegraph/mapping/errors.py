"""The error of a bad mapping or seed: one line that names the file, the line and the value."""

from __future__ import annotations

from stancegraph.core.errors import InputError


class MappingError(InputError):
    """A mistake in a mapping or seed file, located at ``path:line`` (line 0 when unknown)."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __reduce__(self) -> tuple[type[MappingError], tuple[str, int, str]]:
        """Pickled with its place, to cross from a mapping process to the build."""
        return (MappingError, (self.path, self.line, self.message))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {self.message}")


def one_line(text: str) -> str:
    """``text`` with every character that is not printable (line breaks, controls) escaped.

    Messages quote values from the files; escaped, they stay one line on a terminal.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
