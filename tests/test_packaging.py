"""The distribution installs one import namespace, ``stancegraph``, and builds without warnings."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[zipfile.ZipFile, str]:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("stancegraph-*.whl")
    return zipfile.ZipFile(path), built.stdout + built.stderr


def test_the_wheel_holds_only_the_stancegraph_namespace(wheel: tuple[zipfile.ZipFile, str]) -> None:
    archive, _ = wheel
    tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"stancegraph"}
    entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    assert "stancegraph = stancegraph.cli.main:main" in archive.read(entry_points).decode()


def test_the_wheel_carries_the_vocabulary_pages_and_no_links(
    wheel: tuple[zipfile.ZipFile, str],
) -> None:
    archive, _ = wheel
    for name in ("stancegraph.ttl", "shapes.ttl", "context.jsonld"):
        inside = archive.read(f"stancegraph/vocabulary/{name}")
        assert inside == (ROOT / "ontology" / name).read_bytes()  # the file, not the link
    assert "stancegraph/web/templates/base.html" in archive.namelist()
    assert "stancegraph/web/static/style.css" in archive.namelist()


def test_the_build_prints_no_packaging_warning(wheel: tuple[zipfile.ZipFile, str]) -> None:
    _, output = wheel
    lines = [line for line in output.splitlines() if "Warning" in line and "Location" not in line]
    assert lines == []
