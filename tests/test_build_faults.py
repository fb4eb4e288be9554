"""A build killed at any moment, or two builds at once, leave one complete build in ``dist/``.

The builds are real ``stancegraph build`` processes on two versions of the seed corpus (A, and
B with one issue relabelled). Each is started, imported and waiting on its standard input, then
told to go and sent SIGKILL after a random delay within a build's duration: the delay is the
only wait. Afterwards ``dist/`` must hold exactly the previous build or the new one: every file
its manifest lists, with the digest it records, every dump parseable, and the manifest that of
A or B. The next build must succeed and remove what the killed one left behind.

Random moments seldom fall inside the swap itself, so the swap is also checked step by step:
the publishing of a build is run again and again, killed just before its first change to the
file system, then its second, and so on to the last; after every one of those kills ``dist/``
is still one complete build. Which build published last is read from the order in which the
builds took the lock, not from their timings.
"""

from __future__ import annotations

import ctypes
import gzip
import hashlib
import itertools
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

from stancegraph.build import atomic

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 10  # per mode: serial, and with the helper processes of a large build
DRIVER = """
import sys, time
from contextlib import contextmanager
import stancegraph.build.dist, stancegraph.mapping.pipeline
from stancegraph.build import atomic
from stancegraph.cli.main import main
mode, seeds, mappings_dir, out, name, order = sys.argv[1:]
if mode == "parallel":  # the processes of a large build, for the small seed
    stancegraph.build.dist.PARALLEL_FROM = stancegraph.mapping.pipeline.PARALLEL_FROM = 0
held = atomic.lock

@contextmanager
def lock(out):  # the build's own lock; the name of whoever took it goes in the order file
    with held(out):
        with open(order, "a", encoding="utf-8") as log:
            log.write(name + "\\n")
        yield

atomic.lock = lock
print("ready", flush=True)
sys.stdin.readline()
started = time.perf_counter()
code = main(["build", "--seeds-dir", seeds, "--mappings-dir", mappings_dir, "--dist-dir", out])
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
            [*command, str(out), corpus.name, str(order_file(out))],
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


def order_file(out: Path) -> Path:
    """Where the builds of ``out`` write their corpus's name as they take its lock."""
    return out.parent / f"{out.name}.lock-order"


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
    # Builds that end before their kill do not count: trials go on (at most three times as
    # many) until half of them were killed, however fast the machine builds today.
    for n, (corpus, delay) in enumerate(trials(corpora, 3 * TRIALS, seed=len(mode))):
        if n >= TRIALS and killed >= TRIALS // 2:
            break
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
    order = order_file(dist).read_text(encoding="utf-8").split()
    assert sorted(order) == ["a", "b"], order  # each took the lock once, one after the other
    last = next(corpus for corpus in corpora if corpus.name == order[-1])
    assert state(dist) == last.manifest, "the build that took the lock last published last"
    assert leftovers(dist) == []


# ---------------------------------------------------------------- a kill at every step of the swap

#: Publishes a staged folder in place of ``out`` and is SIGKILLed just before its ``n``-th change
#: to the file system (the audit events of a write, a rename, a removal, …), saying which on
#: stderr; if it makes fewer, prints how many. (The ``renameat2`` call raises no audit event: a
#: single system call, it has no moment inside to be killed at.)
PUBLISH_DRIVER = """
import os, signal, sys
from pathlib import Path
from stancegraph.build import atomic
staged, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
CHANGES = {
    "os.rename", "os.replace", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.link",
    "os.truncate", "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.move",
    "shutil.copyfile", "shutil.copytree",
}
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
changes = 0

def hook(event, args):
    global changes
    if event == "open":
        mode, flags = args[1], args[2]
        if not (any(c in mode for c in "wax+") if isinstance(mode, str) else flags & WRITING):
            return
    elif event not in CHANGES:
        return
    changes += 1
    if changes == n:
        os.write(2, f"{event} {args!r}".encode())
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
atomic.publish(staged, out)
print(changes)
"""


def publish_killed_before_change(staged: Path, out: Path, n: int) -> tuple[int, str, str]:
    """Run the publishing of ``staged`` in place of ``out``, killed before its ``n``-th change."""
    result = subprocess.run(
        [sys.executable, "-c", PUBLISH_DRIVER, str(staged), str(out), str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def renameat2_exchanges(folder: Path) -> bool:
    """Whether this system swaps two folders of ``folder`` with ``renameat2(RENAME_EXCHANGE)``."""
    a, b = folder / "exchange-a", folder / "exchange-b"
    a.mkdir()
    b.mkdir()
    (a / "mark").touch()
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    swapped = renameat2 is not None and renameat2(-100, bytes(a), -100, bytes(b), 2) == 0
    swapped = swapped and (b / "mark").exists() and not (a / "mark").exists()
    shutil.rmtree(a)
    shutil.rmtree(b)
    return swapped


def test_a_kill_before_any_step_of_the_swap_leaves_one_complete_build(
    dist: Path, corpora: tuple[Corpus, Corpus], tmp_path: Path
) -> None:
    """Killed before each of its changes in turn, publishing leaves the old build or the new.

    Never a mix, never no ``dist/``: a folder deleted before the new one is renamed in, or a
    rename done as copy and delete, would leave one of those kills with a broken ``dist/``.
    """
    if not renameat2_exchanges(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the swap is two renames (tested below)")
    old, new = corpora[0].manifest, corpora[1].manifest
    built = {name: corpus.seeds.parent / "dist" for name, corpus in zip("ab", corpora, strict=True)}
    staged = dist.parent / ".dist.new-test"
    seen: list[dict[str, str]] = []
    for n in itertools.count(1):
        shutil.rmtree(dist)
        shutil.copytree(built["a"], dist)
        shutil.copytree(built["b"], staged)
        code, out, step = publish_killed_before_change(staged, dist, n)
        if code == 0:
            break
        assert code == -signal.SIGKILL, f"change {n}: exit {code}: {step}"
        where = f"killed before change {n} ({step})"
        assert dist.is_dir(), f"{where}: no dist/ at all"
        try:
            now = state(dist)
        except (AssertionError, OSError, ValueError) as error:
            pytest.fail(f"{where}: dist/ is not a complete build: {error}")
        assert now in (old, new), f"{where}: neither build"
        seen.append(now)
        with atomic.lock(dist):  # what the next build does first
            atomic.recover(dist)
        assert state(dist) == now and leftovers(dist) == [], where
    assert int(out) == len(seen), "every change of the publishing was a point of a kill"
    assert state(dist) == new and leftovers(dist) == []
    # The old build until one single step, the new one from then on.
    assert seen == [old] * seen.count(old) + [new] * seen.count(new)
    assert seen.count(old) and seen.count(new), seen


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
