"""YASGUI, the query page's editor, served from this server: its files and their digests.

The files are the npm package's browser build, vendored unchanged under ``static/yasgui/`` (see
the README there for the version and how to update). ``SHA256SUMS`` there lists each file's
SHA-256; the page names each file with that digest as its Subresource Integrity, so a browser
runs only the bytes the manifest lists, and a test checks the files against it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

#: The static folder's subfolder that holds the vendored files.
FOLDER: Final = "yasgui"
DIRECTORY: Final = Path(__file__).parent / "static" / FOLDER
MANIFEST: Final = DIRECTORY / "SHA256SUMS"


@dataclass(frozen=True)
class Asset:
    """A vendored file: its name below ``static/`` and the integrity its bytes must have."""

    filename: str
    integrity: str


def digests(manifest: Path = MANIFEST) -> dict[str, str]:
    """File name → hexadecimal SHA-256, read from a ``sha256sum``-style manifest."""
    found = {}
    for number, line in enumerate(manifest.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise ValueError(f"{manifest}:{number}: expected '<sha256>  <file>', got {line!r}")
        found[name] = digest
    return found


@cache
def assets() -> dict[str, Asset]:
    """The editor's script and stylesheet, each with its integrity from the manifest."""
    listed = digests()
    return {
        role: Asset(f"{FOLDER}/{name}", _integrity(listed[name]))
        for role, name in (("script", "yasgui.min.js"), ("style", "yasgui.min.css"))
    }


def _integrity(hex_digest: str) -> str:
    return "sha256-" + base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")
