"""The atomic swap of a build folder, step by step, in a temporary folder.

Written against the mutants that survived ``test_build_faults`` (see TESTING.md): the manifest's
exact content, what a published folder holds, which leftover a recovery puts back, and what the
lock does to a second process.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from stancegraph.build import atomic


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def complete(folder: Path, files: dict[str, bytes]) -> Path:
    """A folder with a manifest that matches its files."""
    write(folder, files)
    manifest = {"files": {name: sha(data) for name, data in files.items()}}
    (folder / atomic.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_publish_writes_the_manifest_and_puts_the_folder_in_place(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with atomic.staging(out) as folder:
        write(folder, {"b.nt": b"bee\n", "a.ttl": b"ay\n"})
        (folder / "sub").mkdir()
        atomic.publish(folder, out)
    assert names(out) == ["a.ttl", "b.nt", "manifest.json", "sub"]
    assert (out / "manifest.json").read_text(encoding="utf-8") == (
        json.dumps({"files": {"a.ttl": sha(b"ay\n"), "b.nt": sha(b"bee\n")}}, indent=2) + "\n"
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert names(tmp_path) == ["dist"]  # no staging folder left
    assert atomic.is_complete(out)


def test_publish_replaces_the_old_build_and_removes_it(tmp_path: Path) -> None:
    out = complete(tmp_path / "dist", {"old.nt": b"old"})
    with atomic.staging(out) as folder:
        write(folder, {"new.nt": b"new"})
        atomic.publish(folder, out)
    assert names(out) == ["manifest.json", "new.nt"]
    assert names(tmp_path) == ["dist"]


def test_without_an_exchange_two_renames_do_and_leave_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    out = complete(tmp_path / "dist", {"old.nt": b"old"})
    with atomic.staging(out) as folder:
        write(folder, {"new.nt": b"new"})
        atomic.publish(folder, out)
    assert names(out) == ["manifest.json", "new.nt"]
    assert names(tmp_path) == ["dist"]


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a", {"x": b"1"}), write(tmp_path / "b", {"y": b"2"})
    assert atomic._exchange(a, b) is True
    assert names(a) == ["y"] and names(b) == ["x"]


def test_exchange_with_a_missing_path_fails_naming_it(tmp_path: Path) -> None:
    a = write(tmp_path / "a", {"x": b"1"})
    with pytest.raises(OSError) as failed:
        atomic._exchange(a, tmp_path / "missing")
    assert failed.value.errno == errno.ENOENT
    assert failed.value.strerror == os.strerror(errno.ENOENT)
    assert failed.value.filename == str(tmp_path / "missing")


class NoRenameat2:
    """A C library without renameat2."""


class Renameat2Fails:
    """A C library whose renameat2 fails, as on a file system without RENAME_EXCHANGE."""

    def renameat2(self, *args: object) -> int:
        return -1


def test_without_renameat2_there_is_no_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.ctypes, "CDLL", lambda *args, **kwargs: NoRenameat2())
    assert atomic._exchange(tmp_path / "a", tmp_path / "b") is False


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS, errno.ENOTSUP])
def test_a_file_system_without_the_exchange_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.setattr(atomic.ctypes, "CDLL", lambda *args, **kwargs: Renameat2Fails())
    monkeypatch.setattr(atomic.ctypes, "get_errno", lambda: code)
    a, b = write(tmp_path / "a", {"x": b"1"}), write(tmp_path / "b", {"y": b"2"})
    assert atomic._exchange(a, b) is False
    assert names(a) == ["x"] and names(b) == ["y"]


def test_staging_is_a_fresh_sibling_gone_unless_published(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    with atomic.staging(out) as folder:
        assert folder.parent == tmp_path and folder.name.startswith(".dist.new-")
        write(folder, {"x": b"1"})
    assert not folder.exists()
    with pytest.raises(RuntimeError), atomic.staging(out) as folder:
        raise RuntimeError("the build failed")
    assert names(tmp_path) == []


def test_leftovers_are_the_staged_and_retired_folders_of_out_only(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    for name in (".dist.old-2", ".dist.new-1", ".other.new-1", "dist", ".dist.lock", "x"):
        (tmp_path / name).mkdir()
    assert [p.name for p in atomic.leftovers(out)] == [".dist.new-1", ".dist.old-2"]
    assert atomic.leftovers(tmp_path / "missing" / "dist") == []


def test_recovery_with_out_in_place_removes_the_leftovers(tmp_path: Path) -> None:
    out = complete(tmp_path / "dist", {"a": b"a"})
    complete(tmp_path / ".dist.new-1", {"b": b"b"})
    (tmp_path / ".dist.old-1").mkdir()
    (tmp_path / ".dist.old-2").write_bytes(b"a file")
    atomic.recover(out)
    assert names(tmp_path) == ["dist"] and names(out) == ["a", "manifest.json"]


def test_recovery_puts_back_the_newest_complete_staged_folder_first(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    staged = complete(tmp_path / ".dist.new-1", {"staged": b"s"})
    retired = complete(tmp_path / ".dist.old-1", {"retired": b"r"})
    incomplete = write(tmp_path / ".dist.new-2", {"half": b"h"})
    os.utime(staged, (1, 1))  # the staged one is older, and still wins
    os.utime(retired, (2, 2))
    os.utime(incomplete, (3, 3))
    atomic.recover(out)
    assert names(tmp_path) == ["dist"] and names(out) == ["manifest.json", "staged"]


def test_recovery_takes_the_newest_retired_folder_when_none_is_staged(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    older = complete(tmp_path / ".dist.old-1", {"older": b"o"})
    newer = complete(tmp_path / ".dist.old-2", {"newer": b"n"})
    os.utime(older, (5, 5))
    os.utime(newer, (4, 4))
    atomic.recover(out)
    assert names(tmp_path) == ["dist"] and names(out) == ["manifest.json", "older"]


def test_recovery_without_a_complete_folder_leaves_no_out(tmp_path: Path) -> None:
    write(tmp_path / ".dist.new-1", {"half": b"h"})
    atomic.recover(tmp_path / "dist")
    assert names(tmp_path) == []


def test_a_folder_is_complete_only_with_every_file_as_recorded(tmp_path: Path) -> None:
    folder = complete(tmp_path / "f", {"a": b"a", "b": b"b"})
    assert atomic.is_complete(folder)
    (folder / "b").write_bytes(b"changed")
    assert not atomic.is_complete(folder)
    (folder / "b").unlink()
    assert not atomic.is_complete(folder)
    for manifest in ("not json", '{"other": {}}', '{"files": ["a"]}', "[1]"):
        (folder / atomic.MANIFEST).write_text(manifest, encoding="utf-8")
        assert not atomic.is_complete(folder)
    assert not atomic.is_complete(tmp_path / "missing")


def test_digest_reads_a_file_in_blocks(tmp_path: Path) -> None:
    data = os.urandom((1 << 20) + 17)
    (tmp_path / "big").write_bytes(data)
    assert atomic.digest(tmp_path / "big") == sha(data)
    (tmp_path / "empty").write_bytes(b"")
    assert atomic.digest(tmp_path / "empty") == sha(b"")


def test_remove_takes_links_files_and_folders_but_not_what_a_link_points_to(
    tmp_path: Path,
) -> None:
    target = write(tmp_path / "target", {"keep": b"k"})
    (tmp_path / "link").symlink_to(target)
    atomic._remove(tmp_path / "link")
    assert names(target) == ["keep"]
    (tmp_path / "file").write_bytes(b"f")
    atomic._remove(tmp_path / "file")
    write(tmp_path / "tree" / "deep", {"x": b"x"})
    atomic._remove(tmp_path / "tree")
    assert names(tmp_path) == ["target"]


def test_the_lock_is_a_file_beside_out_that_other_processes_wait_for(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dist"
    with atomic.lock(out):
        assert (tmp_path / "new" / ".dist.lock").is_file()
        assert _lockable_elsewhere(tmp_path / "new" / ".dist.lock") is False
        read, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child: a second build)
            os.close(read)
            sys.stderr = os.fdopen(write_end, "w")  # where the lock says that it waits
            with atomic.lock(out):
                os.write(write_end, b"got it\n")
            os._exit(0)
        os.close(write_end)
        waiting = b""
        while b"\n" not in waiting:
            waiting += os.read(read, 1000)
        assert waiting.decode() == f"waiting for another build of {out}/ to finish\n"
    rest = b""
    while chunk := os.read(read, 1000):
        rest += chunk
    os.close(read)
    assert os.waitpid(pid, 0)[1] == 0
    assert rest == b"got it\n"
    assert _lockable_elsewhere(tmp_path / "new" / ".dist.lock") is True


def _lockable_elsewhere(path: Path) -> bool:
    """Whether another process can take the lock of ``path`` right now."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os._exit(1)
        os._exit(0)
    return os.waitpid(pid, 0)[1] == 0
