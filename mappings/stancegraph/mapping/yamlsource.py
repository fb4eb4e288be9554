"""YAML with line numbers, and the checks every mapping entry goes through.

:func:`load` parses a YAML file into :class:`Entry` dicts and plain lists that remember the
line of every key, so that each later error can say ``file:line``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from stancegraph.mapping.errors import MappingError


class Entry(dict[str, Any]):
    """A YAML mapping that knows its file, its own line and the line of each key."""

    path: str
    line: int
    lines: dict[str, int]
    value_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def value_line(self, key: str) -> int:
        """The line where the value of ``key`` starts (the first text line of a block scalar)."""
        return self.value_lines.get(key, self.line_of(key))

    def error(self, key: str | None, message: str) -> MappingError:
        return MappingError(self.path, self.line_of(key) if key else self.line, message)


#: libyaml's parser where PyYAML has it (ten times faster than the pure-Python one).
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, resolving the tags of plain words quickly (most scalars are words)."""

    _first = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in self._first):
            return _STR  # quoted or block, or a word no implicit type starts with
        return str(super().resolve(kind, value, implicit))


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Builder:
    """Turns the composed YAML nodes into :class:`Entry` dicts, lists and scalars.

    Plain strings, lists and mappings are built here directly; other tags go through PyYAML's
    safe constructor. Duplicate keys, keys that are not strings, recursive aliases and lone
    surrogates (``"\\ud800"``, which no file can hold) are errors at their line.
    """

    def __init__(self, path: str, loader: _Loader, lines: Lines) -> None:
        self.path = path
        self.loader = loader
        self.lines = lines
        self.built: dict[int, Any] = {}
        self.building: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode and node.tag == _STR:
            return self._text(node)  # type: ignore[arg-type]
        found = self.built.get(id(node), self)
        if found is not self:
            return found
        if id(node) in self.building:
            raise MappingError(
                self.path, self.lines.of(node.start_mark), "a YAML alias refers to itself"
            )
        self.building.add(id(node))
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            value: Any = [self.build(item) for item in node.value]
        elif kind is yaml.MappingNode and node.tag == _MAP:
            value = self._entry(node)
        else:
            value = self._other(node)
        self.building.discard(id(node))
        self.built[id(node)] = value
        return value

    def _other(self, node: yaml.Node) -> Any:
        """A value of another tag (a number, a date, a set...), by PyYAML's safe constructor."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            kind = str(node.tag).rsplit(":", 1)[-1]
            shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            raise MappingError(
                self.path,
                self.lines.of(node.start_mark),
                f"invalid YAML: {shown} is not a valid {kind}",
            ) from None

    def _text(self, node: yaml.ScalarNode) -> str:
        value: str = node.value
        # Only an escape in a double-quoted scalar can make a lone surrogate.
        if node.style == '"' and _SURROGATE.search(value):
            raise MappingError(
                self.path,
                self.lines.of(node.start_mark),
                "a string holds a lone surrogate (\\ud800-\\udfff)",
            )
        return value

    def _entry(self, node: yaml.MappingNode) -> Entry:
        entry = Entry()
        entry.path = self.path
        entry.line = self.lines.of(node.start_mark)
        entry.lines = {}
        entry.value_lines = {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            line = self.lines.of(key_node.start_mark)
            if not isinstance(key, str):
                raise MappingError(self.path, line, f"key {key!r} is not a string")
            if key in entry:
                raise MappingError(self.path, line, f"duplicate key {key!r}")
            entry[key] = self.build(value_node)
            entry.lines[key] = line
            block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
            entry.value_lines[key] = self.lines.of(value_node.start_mark) + (1 if block else 0)
        return entry


BREAKS = re.compile("\r\n|\r|\n")


class Lines:
    """Line numbers as an editor counts them (after ``\\n``, ``\\r\\n`` or ``\\r``): YAML also
    breaks lines at U+0085, U+2028 and U+2029."""

    def __init__(self, text: str) -> None:
        odd = any(c in text for c in "\x85\u2028\u2029\r")
        self.breaks = [m.end() - 1 for m in BREAKS.finditer(text)] if odd else None

    def of(self, mark: yaml.Mark) -> int:
        """The 1-based line of a mark."""
        if self.breaks is None:
            return int(mark.line) + 1
        return bisect.bisect_left(self.breaks, mark.index) + 1


def load(path: str, text: str) -> Entry:
    """Parse a YAML document whose top level is a mapping; errors name ``path:line``."""
    loader = _Loader(text)
    lines = Lines(text)
    try:
        node = loader.get_single_node()
        document = None if node is None else _Builder(path, loader, lines).build(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = lines.of(mark) if mark else 0
        raise MappingError(path, line, f"invalid YAML: {error.problem or error}") from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise MappingError(path, line, f"invalid YAML: {error.reason}") from None
    except yaml.YAMLError as error:
        raise MappingError(path, 0, f"invalid YAML: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise MappingError(path, 0, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    if not isinstance(document, Entry):
        raise MappingError(path, 1, "expected a mapping of keys at the top of the file")
    return document


def nearest_name(value: str, known: Iterable[str]) -> str | None:
    """The known name most like ``value`` (a likely typo of it), if any is close enough."""
    near = difflib.get_close_matches(value, sorted(known), n=1)
    return near[0] if near else None


def check_keys(entry: Entry, required: set[str], optional: set[str], what: str) -> None:
    """Reject unknown keys (suggesting the nearest known one) and missing required keys."""
    known = required | optional
    for key in entry:
        if key not in known:
            near = nearest_name(key, known)
            hint = f"; did you mean {near!r}?" if near else f"; expected one of {sorted(known)}"
            raise entry.error(key, f"{what}: unknown key {key!r}{hint}")
    for key in sorted(required - set(entry)):
        raise entry.error(None, f"{what}: missing required key {key!r}")


def string(entry: Entry, key: str, what: str) -> str:
    """The non-empty string at the required ``key``."""
    if key not in entry:
        raise entry.error(None, f"{what}: missing required key {key!r}")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise entry.error(key, f"{what}: {key} must be a non-empty string, not {value!r}")
    return value


def optional_string(entry: Entry, key: str, what: str) -> str | None:
    return string(entry, key, what) if key in entry else None


def string_list(entry: Entry, key: str, what: str) -> list[str]:
    """A list of non-empty strings at ``key``; a single string counts as a list of one."""
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise entry.error(key, f"{what}: {key} must be a list of strings, not {value!r}")
    return value


def entries(entry: Entry, key: str, what: str, required: bool = True) -> Iterator[Entry]:
    """The mappings listed under ``key`` (a YAML sequence of mappings)."""
    if key not in entry:
        if required:
            raise entry.error(None, f"{what}: missing required key {key!r}")
        return
    value = entry[key]
    if not isinstance(value, list):
        raise entry.error(
            key, f"{what}: {key} must be a list of entries, not {type(value).__name__}"
        )
    for index, item in enumerate(value):
        if not isinstance(item, Entry):
            raise entry.error(
                key, f"{what}: item {index + 1} of {key} must be a mapping, not {item!r}"
            )
        yield item
