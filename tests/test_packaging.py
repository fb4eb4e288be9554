"""The distribution installs one import namespace, ``stancegraph``, and builds without warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _copy_of_the_checkout(target: Path) -> Path:
    """The tracked files (links kept as links), so nothing a build left in the checkout counts."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copyfile(source, copy)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[zipfile.ZipFile, str]:
    out = tmp_path_factory.mktemp("wheel")
    source = _copy_of_the_checkout(tmp_path_factory.mktemp("source"))
    built = subprocess.run(  # verbose: pip shows the build backend's warnings only then
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(source)],
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
    for name in ("yasgui.min.js", "yasgui.min.css", "LICENSE", "SHA256SUMS"):  # the query editor
        assert f"stancegraph/web/static/yasgui/{name}" in archive.namelist()


def test_the_build_prints_no_packaging_warning(wheel: tuple[zipfile.ZipFile, str]) -> None:
    _, output = wheel
    # Not the project's packaging: pip's notes on this machine's package index, and bdist_wheel
    # saying it leaves byte-compiling to the installer.
    ignored = ("Location '", "byte-compiling is disabled")
    lines = [
        line
        for line in output.splitlines()
        if ("Warning" in line or "warning:" in line) and not any(i in line for i in ignored)
    ]
    assert lines == []
