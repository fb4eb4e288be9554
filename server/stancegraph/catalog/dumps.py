"""The dumps ``stancegraph build`` writes into ``dist_dir``, as the catalog lists them.

Which files are dumps follows the format registry: ``dataset.{ext}`` for every RDF format that
carries triples, plus the gzipped N-Quads. Only files present in ``dist_dir`` are available.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stancegraph.core.formats import BY_NAME, FORMATS, Format

GZIP_MEDIA_TYPE = "application/gzip"


@dataclass(frozen=True)
class Dump:
    """One dump file: its name, where it is, the RDF format inside, and whether gzipped."""

    name: str
    path: Path
    format: Format
    gzipped: bool = False

    @property
    def media_type(self) -> str:
        return GZIP_MEDIA_TYPE if self.gzipped else self.format.media_type

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def candidates(dist_dir: str | Path) -> list[Dump]:
    """Every dump name the server knows, present or not, in registry order."""
    folder = Path(dist_dir)
    dumps = [
        Dump(f"dataset.{f.extension}", folder / f"dataset.{f.extension}", f)
        for f in FORMATS
        if f.carries_triples and f.advertised
    ]
    nquads = BY_NAME["nquads"]
    gz = f"dataset.{nquads.extension}.gz"
    return [*dumps, Dump(gz, folder / gz, nquads, gzipped=True)]


def gzipped_copy(dump: Dump, dumps: list[Dump]) -> Dump | None:
    """The gzipped dump among ``dumps`` holding the same bytes as ``dump``, once decompressed."""
    if dump.gzipped:
        return None
    return next((d for d in dumps if d.gzipped and d.name == f"{dump.name}.gz"), None)


def available(dist_dir: str | Path) -> list[Dump]:
    """The dumps present in ``dist_dir``."""
    return [dump for dump in candidates(dist_dir) if dump.path.is_file()]
