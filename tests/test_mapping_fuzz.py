"""Fuzzing the mappings: a mutated seed mapping builds, or the build says what is wrong and where.

Hypothesis mutates a copy of the seed's mappings: in their structure (a key dropped or renamed,
a value of the wrong type or of junk Unicode, an entry repeated so that its id is duplicated, a
reference to an actor, issue or statement turned into another one) and in their text (truncated
at any byte, a line dropped or repeated, junk inserted). Then ``stancegraph build`` runs
in-process, in a copy of the project. For every example:

* no traceback, and no exception out of :func:`stancegraph.cli.main.main`;
* exit 0: ``dist/`` holds a complete build (every file its manifest lists, with its digest);
* exit 2: exactly one line, ``stancegraph build: mappings/<file>.yaml:<line>: …``, with a line
  of that file;
* exit 1 (the mapping is well formed, the graph breaks a shape): one line per violation, each
  ending with the mapping file and line it came from, then the closing line;
* on failure, ``dist/`` is unchanged, byte for byte.

The number of examples of each property is in :data:`EXAMPLES`.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stancegraph.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FILES = ("mappings/kosovo-nato-membership.yaml", "mappings/actors.yaml", "mappings/issues.yaml")
EXAMPLES = {"structure": 80, "text": 80, "references": 40}
ONE_LINE = re.compile(r"stancegraph build: (mappings/[\w.-]+\.yaml):([1-9]\d*): \S.*")
VIOLATION = re.compile(r"Violation <[^>]+>.*\((mappings/[\w.-]+\.yaml):([1-9]\d*)\)")
CLOSING = "stancegraph build: the graph does not conform; dist/ left unchanged"
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Junk: mostly printable text of any script, sometimes controls and line separators too.
printable = st.characters(blacklist_categories=("Cs", "Cc"))
junk = st.one_of(
    st.text(printable, min_size=1, max_size=12),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), junk, st.just(""), st.just("  ")
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(junk, scalars, max_size=2)
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, seed_dist: Path) -> Path:
    """A copy of seeds/ and the mapping files, with a good build in dist/."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(
        ROOT / "mappings", folder / "mappings", ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    shutil.copytree(seed_dist, folder / "dist")
    return folder


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    for name in ("SEEDS_DIR", "MAPPINGS_DIR", "DIST_DIR", "BASE_URI", "STORE"):
        monkeypatch.delenv(f"STANCEGRAPH_{name}", raising=False)
    return project


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def complete(folder: Path) -> bool:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = digest_tree(folder)
    return files.pop("manifest.json", None) is not None and files == manifest["files"]


@contextmanager
def mutated(project: Path, name: str, data: bytes) -> Iterator[None]:
    """``name`` holds ``data`` for the duration; then the seed's file again."""
    path = project / name
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        yield
    finally:
        path.write_bytes(original)


def build_and_check(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    """The properties of the module docstring, for the mapping ``name`` holding ``data``."""
    before = digest_tree(project / "dist")
    capsys.readouterr()
    with mutated(project, name, data):
        code = main(["build"])
        out, err = capsys.readouterr()
        event(f"exit {code}")
        assert "Traceback" not in out + err
        lines = err.strip().splitlines()
        if code == 0:
            assert out.startswith("built ") and not err, err
            assert complete(project / "dist")
            return
        assert digest_tree(project / "dist") == before, "a failed build changed dist/"
        if code == 2:
            assert len(lines) == 1, lines
            match = ONE_LINE.fullmatch(lines[0])
            assert match, lines[0]
            file, line = match.groups()
            assert int(line) <= len((project / file).read_bytes().splitlines()) + 1, lines[0]
            return
        assert code == 1, (code, lines)
        assert lines[-1] == CLOSING, lines
        violations = [line for line in lines[:-2] if line.startswith("Violation")]
        assert violations and all(VIOLATION.fullmatch(line) for line in violations), lines


# ---------------------------------------------------------------- mutations of the structure


@cache
def _seed_text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def seed_data(name: str) -> Any:
    return yaml.safe_load(_seed_text(name))


@st.composite
def structural_mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the mapping files with one to three of its nodes changed, dumped again as YAML."""
    name = draw(st.sampled_from(FILES))
    data = seed_data(name)
    for _ in range(draw(st.integers(1, 3))):
        data = mutate_somewhere(draw, data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    return name, text.encode("utf-8")


OPERATIONS = st.sampled_from(("descend", "drop", "rename", "retype"))
LIST_OPERATIONS = st.sampled_from(("descend", "repeat", "drop", "junk_text"))


@cache
def ids() -> list[str]:
    """Every id of the seed: actors, issues, statements and positions."""
    found = [a["id"] for a in seed_data("mappings/actors.yaml")["actors"]]
    found += [i["id"] for i in seed_data("mappings/issues.yaml")["issues"]]
    article = seed_data(FILES[0])
    return found + [e["id"] for e in article["statements"] + article["positions"]]


def mutate_somewhere(draw: st.DrawFn, data: Any, depth: int = 0) -> Any:
    """``data`` with a node, reached by a random walk from the top, changed."""
    stop = depth > 1 and draw(st.integers(0, 3)) == 0
    if not isinstance(data, (dict, list)) or not data or stop:
        if isinstance(data, str) and draw(st.booleans()):  # another id: builds or breaks a shape
            return draw(st.sampled_from(ids()))
        return draw(values)
    if isinstance(data, dict):
        key = draw(st.sampled_from(list(data)))
        operation = "descend" if depth < 2 and draw(st.integers(0, 5)) else draw(OPERATIONS)
        if operation == "drop":
            return {k: v for k, v in data.items() if k != key}
        if operation == "rename":
            new = draw(st.one_of(junk, st.sampled_from((key + "s", key[:-1], key.upper()))))
            return {(new if k == key else k): v for k, v in data.items()}
        if operation == "retype":
            return {**data, key: draw(values)}
        return {**data, key: mutate_somewhere(draw, data[key], depth + 1)}
    index = draw(st.integers(0, len(data) - 1))
    operation = "descend" if depth < 2 and draw(st.integers(0, 5)) else draw(LIST_OPERATIONS)
    item = data[index]
    if operation == "repeat":  # the same entry twice: duplicated ids
        return [*data[: index + 1], item, *data[index + 1 :]]
    if operation == "drop":
        return data[:index] + data[index + 1 :]
    texts = [k for k, v in item.items() if isinstance(v, str)] if isinstance(item, dict) else []
    if operation == "junk_text" and texts:
        key = draw(st.sampled_from(texts))
        at = draw(st.integers(0, len(item[key])))
        item = {**item, key: item[key][:at] + draw(junk) + item[key][at:]}
    else:
        item = mutate_somewhere(draw, item, depth + 1)
    return [*data[:index], item, *data[index + 1 :]]


@settings(FUZZ, max_examples=EXAMPLES["structure"])
@given(change=structural_mutation())
def test_structural_mutations_build_or_fail_in_one_line(
    in_project: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, bytes]
) -> None:
    build_and_check(in_project, capsys, *change)


# ---------------------------------------------------------------- references swapped

REFERENCES = {"speaker", "holder", "issue", "evidence", "about", "mentions", "publisher", "editor"}


@st.composite
def swapped_reference(draw: st.DrawFn) -> tuple[str, bytes]:
    """The article mapping with one reference to an actor, issue or statement made another id."""
    data = seed_data(FILES[0])
    entries = [data["article"], *data["statements"], *data["positions"]]
    entry = draw(st.sampled_from(entries))
    key = draw(st.sampled_from(sorted(REFERENCES & set(entry))))
    new = draw(st.sampled_from(ids()))
    if isinstance(entry[key], list):
        entry[key][draw(st.integers(0, len(entry[key]) - 1))] = new
    else:
        entry[key] = new
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    return FILES[0], text.encode("utf-8")


@settings(FUZZ, max_examples=EXAMPLES["references"])
@given(change=swapped_reference())
def test_swapped_references_build_break_a_shape_or_fail_in_one_line(
    in_project: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, bytes]
) -> None:
    build_and_check(in_project, capsys, *change)


# ---------------------------------------------------------------- mutations of the text


@st.composite
def textual_mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the mapping files, truncated, with a line dropped or repeated, or junk inserted."""
    name = draw(st.sampled_from(FILES))
    data = (ROOT / name).read_bytes()
    operation = draw(st.sampled_from(("truncate", "drop_line", "repeat_line", "insert", "replace")))
    if operation == "truncate":  # at any byte, even inside a multi-byte character
        return name, data[: draw(st.integers(0, len(data) - 1))]
    lines = data.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    if operation == "drop_line":
        return name, b"".join(lines[:at] + lines[at + 1 :])
    if operation == "repeat_line":
        return name, b"".join(lines[: at + 1] + lines[at:])
    line = lines[at].decode("utf-8")
    column = draw(st.integers(0, len(line)))
    end = column if operation == "insert" else min(len(line), column + draw(st.integers(1, 8)))
    changed = line[:column] + draw(junk) + line[end:]
    return name, b"".join([*lines[:at], changed.encode("utf-8"), *lines[at + 1 :]])


@settings(FUZZ, max_examples=EXAMPLES["text"])
@given(change=textual_mutation())
def test_textual_mutations_build_or_fail_in_one_line(
    in_project: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, bytes]
) -> None:
    build_and_check(in_project, capsys, *change)


def test_the_seed_dumped_again_builds(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The structural mutations start from the files as PyYAML dumps them: those build."""
    for name in FILES:
        text = yaml.safe_dump(seed_data(name), allow_unicode=True, sort_keys=False, width=10**6)
        with mutated(in_project, name, text.encode("utf-8")):
            assert main(["build"]) == 0, capsys.readouterr().err
