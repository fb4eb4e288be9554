"""A build killed at any moment, or two builds at once, leave one complete build in ``dist/``.

The builds are real ``stancegraph build`` processes on two versions of the seed corpus (A, and
B with one issue relabelled). Each is started, imported and waiting on its standard input, then
told to go and sent SIGKILL after a random delay within a build's duration: the delay is the
only wait. Afterwards ``dist/`` must hold exactly the previous build or the new one: every file
its manifest lists, with the digest it records, every dump parseable, and the manifest that of
A or B. The next build must succeed and remove what the killed one left behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest

from mappings import atomic

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 10  # per mode: serial, and with the helper processes of a large build
DRIVER = """
import sys, time
import mappings.dist, mappings.pipeline
from server.cli import main
mode, seeds, mappings_dir, out = sys.argv[1:]
if mode == "parallel":  # the processes of a large build, for the small seed
    mappings.dist.PARALLEL_FROM = mappings.pipeline.PARALLEL_FROM = 0
print("ready", flush=True)
sys.stdin.readline()
started = time.perf_counter()
code = main(["build", "--seeds", seeds, "--mappings", mappings_dir, "--out", out])
print(f"done {time.perf_counter() - started:.3f}", flush=True)
sys.exit(code)
"""
FORMATS = {
    "dataset.nq": pyoxigraph.RdfFormat.N_QUADS,
    "dataset.trig": pyoxigraph.RdfFormat.TRIG,
    "dataset.ttl": pyoxigraph.RdfFormat.TURTLE,
    "dataset.nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "dataset.jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "validation.ttl": pyoxigraph.RdfFormat.TURTLE,
}


@dataclass(frozen=True)
class Corpus:
    name: str
    seeds: Path
    mappings: Path
    manifest: dict[str, str]  # what a complete build of it holds
    seconds: float  # how long a build of it takes


class Build:
    """A build process, imported and waiting for :meth:`go`."""

    def __init__(self, corpus: Corpus, out: Path, mode: str = "serial") -> None:
        command = [sys.executable, "-c", DRIVER, mode, str(corpus.seeds), str(corpus.mappings)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("STANCEGRAPH_")}
        self.process = subprocess.Popen(
            [*command, str(out)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout and self.process.stdout.readline() == "ready\n"

    def go(self) -> None:
        assert self.process.stdin
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=300)
        return self.process.returncode, out, err

    def kill_after(self, seconds: float) -> bool:
        """SIGKILL after ``seconds`` unless it ended first; whether it was killed."""
        try:
            self.process.wait(timeout=seconds)
            killed = False
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            killed = True
        self.process.communicate(timeout=60)
        return killed


def state(out: Path) -> dict[str, str]:
    """The manifest of ``out``, after checking that ``out`` is that build, complete and readable."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    present = sorted(p.name for p in out.iterdir())
    assert present == sorted([*manifest, "manifest.json"]), present
    for name, digest in manifest.items():
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} is not the manifest's"
        if name in FORMATS:
            assert list(pyoxigraph.parse(data, FORMATS[name])), name
    nquads = (out / "dataset.nq").read_bytes()
    assert gzip.decompress((out / "dataset.nq.gz").read_bytes()) == nquads
    return dict(manifest)


def leftovers(out: Path) -> list[str]:
    return [p.name for p in atomic.leftovers(out)]


def build_completely(corpus: Corpus, out: Path, mode: str = "serial") -> float:
    build = Build(corpus, out, mode)
    build.go()
    code, stdout, stderr = build.finish()
    assert code == 0, stderr
    return float(stdout.split()[-1])


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Corpus]:
    """The seed (A) and the seed with one issue relabelled (B), each built once."""
    found = []
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(f"corpus-{name}")
        shutil.copytree(ROOT / "seeds", folder / "seeds")
        shutil.copytree(
            ROOT / "mappings", folder / "mappings", ignore=shutil.ignore_patterns("*.py")
        )
        if name == "b":
            issues = folder / "mappings" / "issues.yaml"
            text = issues.read_text(encoding="utf-8")
            issues.write_text(text.replace("label: Kosovo", "label: Indeed, Kosovo", 1), "utf-8")
        corpus = Corpus(name, folder / "seeds", folder / "mappings", {}, 0.0)
        seconds = build_completely(corpus, folder / "dist")
        found.append(Corpus(name, corpus.seeds, corpus.mappings, state(folder / "dist"), seconds))
    assert found[0].manifest != found[1].manifest
    return found[0], found[1]


@pytest.fixture
def dist(tmp_path: Path, corpora: tuple[Corpus, Corpus]) -> Path:
    """``dist/`` holding a complete build of A."""
    out = tmp_path / "dist"
    shutil.copytree(corpora[0].seeds.parent / "dist", out)
    return out


def trials(corpora: tuple[Corpus, Corpus], count: int, seed: int) -> Iterator[tuple[Corpus, float]]:
    """B, A, B, ... each with a random kill delay within its build's duration.

    Every other delay falls in the last third of the build, where the dumps are written,
    checked and swapped in.
    """
    chance = random.Random(seed)
    for n in range(count):
        corpus = corpora[(n + 1) % 2]
        start = 0.0 if n % 2 else corpus.seconds * 0.65
        yield corpus, chance.uniform(start, corpus.seconds * 1.1)


@pytest.mark.parametrize("mode", ["serial", "parallel"])
def test_kill_9_at_random_moments_leaves_one_complete_build(
    dist: Path, corpora: tuple[Corpus, Corpus], mode: str
) -> None:
    before, killed = corpora[0].manifest, 0
    for n, (corpus, delay) in enumerate(trials(corpora, TRIALS, seed=len(mode))):
        build = Build(corpus, dist, mode)
        build.go()
        killed += build.kill_after(delay)
        now = state(dist)
        assert now in (before, corpus.manifest), f"trial {n}: neither the old build nor the new"
        before = now
        if n % 4 == 3:  # the next build succeeds and cleans up
            build_completely(corpus, dist, mode)
            assert state(dist) == corpus.manifest
            assert leftovers(dist) == []
            before = corpus.manifest
    assert killed >= TRIALS // 2, "most builds were killed before they ended"


def test_two_builds_at_once_run_one_after_the_other(
    dist: Path, corpora: tuple[Corpus, Corpus]
) -> None:
    """While one build holds the lock, the others wait for it, then run one at a time."""
    builds = [Build(corpus, dist) for corpus in corpora]
    with atomic.lock(dist):  # a build that is taking long
        for build in builds:
            build.go()
        for build in builds:
            assert build.process.stderr
            assert build.process.stderr.readline().startswith("waiting for another build of ")
    results = [build.finish() for build in builds]
    assert [code for code, _, _ in results] == [0, 0], results
    seconds = [float(out.split()[-1]) for _, out, _ in results]
    last = seconds.index(max(seconds))
    assert state(dist) == corpora[last].manifest, "the build that waited longer published last"
    assert leftovers(dist) == []


# ---------------------------------------------------------------- without RENAME_EXCHANGE


class Killed(BaseException):
    """The build process dies here."""


def test_without_exchange_a_kill_between_the_renames_is_recovered(
    dist: Path, corpora: tuple[Corpus, Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the swap is two renames, the next build puts the new complete build in place."""
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    renames = []

    def rename(source: object, target: object) -> None:
        renames.append(source)
        if len(renames) == 2:
            raise Killed  # after the old build moved away, before the new one moved in
        os.replace(source, target)  # type: ignore[arg-type]

    staged = dist.parent / ".dist.new-test"
    shutil.copytree(corpora[1].seeds.parent / "dist", staged)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(Killed):
        atomic.publish(staged, dist)
    monkeypatch.undo()
    assert not dist.exists() and len(leftovers(dist)) == 2
    with atomic.lock(dist):
        atomic.recover(dist)
    assert state(dist) == corpora[1].manifest
    assert leftovers(dist) == []


def test_an_incomplete_staging_folder_is_never_put_in_place(
    dist: Path, corpora: tuple[Corpus, Corpus]
) -> None:
    staged = dist.parent / ".dist.new-test"
    shutil.copytree(corpora[1].seeds.parent / "dist", staged)
    (staged / "dataset.ttl").write_bytes(b"")  # killed while writing
    shutil.rmtree(dist)
    retired = dist.parent / ".dist.old-test"
    shutil.copytree(corpora[0].seeds.parent / "dist", retired)
    with atomic.lock(dist):
        atomic.recover(dist)
    assert state(dist) == corpora[0].manifest
    assert leftovers(dist) == []
