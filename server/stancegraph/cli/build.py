"""``stancegraph build``: map every article, validate, and write the dumps into ``dist/``.

With ``--store oxigraph:DIR`` (or the ``store`` setting) it then bulk-loads the N-Quads dump into
a store on disk that ``stancegraph serve --store oxigraph:DIR`` opens without parsing anything.
The build itself is :func:`stancegraph.build.dist.build`.
"""

from __future__ import annotations

import argparse
import sys

from stancegraph.build import dist
from stancegraph.cli import options
from stancegraph.core.errors import UsageError
from stancegraph.stores.store import disk_location, is_remote

NAME = "build"
HELP = "Map the seed articles, validate the graph with SHACL and write the dumps."

#: Settings this command takes as options.
OPTIONS = ("dist_dir", "seeds_dir", "mappings_dir", "base_uri", "store")
NOTES = {"store": "Build loads the dumps into a store on disk (oxigraph:DIR) for serve --store."}


def configure(parser: argparse.ArgumentParser) -> None:
    for name in OPTIONS:
        note, metavar = NOTES.get(name, ""), "oxigraph:DIR" if name == "store" else None
        options.add(parser, name, note, metavar)


def run(args: argparse.Namespace) -> int:
    values = options.values(args, OPTIONS)
    if args.store is not None and disk_location(args.store) is None:
        remedy = "upload with stancegraph publish" if is_remote(args.store) else "nothing to load"
        raise UsageError(f"--store {args.store}: build loads only oxigraph:DIR stores; {remedy}")
    made = dist.build(values)
    if not made.conforms:
        print(made.report_text(), file=sys.stderr)
        print(
            f"stancegraph build: the graph does not conform; {made.out}/ left unchanged",
            file=sys.stderr,
        )
        return 1
    print(f"built {made.summary()} → {made.out}/")
    if made.store is not None:
        print(f"loaded into the store oxigraph:{made.store}")
    return 0
