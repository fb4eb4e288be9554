"""Replacing the output folder all at once, safe against ``kill -9`` and concurrent builds.

A build writes into a fresh sibling folder ``.{name}.new-*``, records each file's SHA-256 in
``manifest.json``, flushes everything to disk, then swaps that folder with ``{name}/`` in one
``renameat2(RENAME_EXCHANGE)``: a reader (or a crash) sees the old build or the new one,
never a mix and never no folder. The old build, now at the staging name, is deleted after.
Whatever a killed build leaves behind (a staging folder, a half-deleted old build) is removed
by the next build, which holds a lock on ``.{name}.lock`` from start to end, so two builds of
the same folder run one after the other.

Where the kernel or file system has no ``RENAME_EXCHANGE``, the swap is two renames, with the
old folder parked at ``.{name}.old-*`` in between; a build killed between them leaves no
``{name}/``, and the next build puts the newest complete folder back first.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MANIFEST = "manifest.json"
AT_FDCWD = -100
RENAME_EXCHANGE = 2


@contextmanager
def lock(out: Path) -> Iterator[None]:
    """Hold the build lock of ``out``, waiting (and saying so) while another build holds it.

    A POSIX record lock (``lockf``): the kernel drops it when the build dies, and unlike an
    ``flock`` it is not shared with the processes the build forks.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent / f".{out.name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            print(f"waiting for another build of {out}/ to finish", file=sys.stderr, flush=True)
            fcntl.lockf(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def leftovers(out: Path) -> list[Path]:
    """Staging and retired folders of ``out`` that a killed build left behind."""
    out = out.absolute()
    prefixes = (f".{out.name}.new-", f".{out.name}.old-")
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefixes))


def recover(out: Path) -> None:
    """With the lock held: finish what a killed build left, then remove its leftovers.

    Only the two-rename fallback can leave no ``out``; then the newest complete folder
    (staged or retired) takes its place.
    """
    out = out.absolute()
    found = leftovers(out)
    if not os.path.lexists(out):
        complete = [p for p in found if is_complete(p)]
        if complete:
            staged = f".{out.name}.new-"
            newest = max(complete, key=lambda p: (p.name.startswith(staged), p.stat().st_mtime))
            os.rename(newest, out)
            _sync_folder(out.parent)
            found.remove(newest)
    for path in found:
        _remove(path)


def is_complete(folder: Path) -> bool:
    """Whether ``folder`` holds every file its manifest lists, with the recorded digests."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return all(digest(folder / name) == sha for name, sha in manifest["files"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` to write a build into; gone afterwards unless published."""
    out = out.absolute()
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            _remove(folder)


def publish(folder: Path, out: Path) -> None:
    """Write the manifest of ``folder``, flush it to disk and swap it in place of ``out``."""
    out = out.absolute()
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)
    manifest = {"files": {name: digest(folder / name) for name in files}}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for name in (*files, MANIFEST):
        _sync_file(folder / name)
    os.chmod(folder, 0o755)
    _sync_folder(folder)
    if not os.path.lexists(out):
        os.rename(folder, out)
    elif not _exchange(folder, out):
        retired = out.parent / f".{out.name}.old-{os.urandom(6).hex()}"
        os.rename(out, retired)
        os.rename(folder, out)
        folder = retired
    _sync_folder(out.parent)
    _remove(folder)  # the old build, now under the staging name


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
