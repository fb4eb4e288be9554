"""``stancegraph validate``: check the mapped seeds, or any RDF files, against the SHACL shapes.

Exit status: 0 when the data conforms, 1 when it does not, 2 when an input cannot be read or
parsed (a bad mapping, an unreadable file) or the command line is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Dataset, IdentifiedNode, Node, URIRef

from stancegraph.build import dist
from stancegraph.cli import options
from stancegraph.core.errors import InputError
from stancegraph.core.formats import BY_EXTENSION, GRAPH_FORMATS, Format
from stancegraph.mapping.errors import MappingError
from stancegraph.shacl.sparql_checks import from_oxigraph
from stancegraph.shacl.validation import RENDERERS, Origins, github_annotation, validate
from stancegraph.terms.ntriples import Triple

NAME = "validate"
HELP = "Validate the mapped seed articles, or the given RDF files, against the SHACL shapes."

#: Settings this command takes as options.
OPTIONS = ("seeds_dir", "mappings_dir", "base_uri")
#: File extensions read as RDF besides those of the format registry.
EXTRA_EXTENSIONS = {"owl": "rdf"}
#: The formats a file may be in: the serialisations, not the labels of another's bytes (``.n3``).
_FILE_FORMATS = tuple(f for f in GRAPH_FORMATS if f.advertised)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="RDF files to validate together (.ttl, .trig, .nq, .nt, .jsonld, .rdf, .owl); "
        "without any, the seed articles are mapped in memory and validated",
    )
    parser.add_argument(
        "--format",
        choices=tuple(RENDERERS),
        default="text",
        help="how to write the results: text (default), turtle (the SHACL report), json, or "
        "github (workflow annotations on the mapping lines)",
    )
    options.add_all(parser, OPTIONS)


def run(args: argparse.Namespace) -> int:
    origins: Origins = {}
    data: Dataset | list[Triple]
    if args.files:
        data = read_files(args.files)
    else:
        try:
            data, origins = _mapped(args)
        except MappingError as error:
            if args.format != "github":
                raise
            print(github_annotation(error.message, error.path, error.line))
            return error.exit_code
    report = validate(data)
    sys.stdout.write(RENDERERS[args.format](report, origins))
    return 0 if report.conforms else 1


def _mapped(args: argparse.Namespace) -> tuple[list[Triple], Origins]:
    """The build's first step alone: the articles mapped in memory, nothing written."""
    corpus = dist.mapped(options.values(args, OPTIONS))
    return list(corpus.triples()), corpus.origins


def rdf_format(path: Path) -> Format:
    """The registry format of an RDF file, by its extension."""
    extension = path.suffix.lower().lstrip(".")
    found = BY_EXTENSION.get(EXTRA_EXTENSIONS.get(extension, extension))
    if found is None or found not in _FILE_FORMATS:
        known = sorted(f".{e}" for e in (*EXTRA_EXTENSIONS, *(f.extension for f in _FILE_FORMATS)))
        raise InputError(f"{path}: not an RDF file name; expected one of {', '.join(known)}")
    return found


def read_files(names: list[str]) -> Dataset:
    """All the files parsed into one dataset; the triples of a file go into a graph of its own.

    Oxigraph parses (it keeps literals as written and says where a file is broken); rdflib
    holds the result for pySHACL.
    """
    dataset = Dataset()
    for name in names:
        for s, p, o, graph in _quads(Path(name)):
            dataset.graph(graph).add((s, p, o))
    return dataset


def _quads(path: Path) -> Iterator[tuple[Node, Node, Node, IdentifiedNode]]:
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    own = path.resolve().as_uri()
    try:
        for quad in pyoxigraph.parse(data, format=fmt.oxigraph_rdf, base_iri=own):
            s, p, o = (from_oxigraph(term) for term in quad.triple)
            yield s, p, o, _graph_name(quad.graph_name, own)
    except SyntaxError as error:
        where = f"{path}:{error.lineno}" if error.lineno else str(path)
        raise InputError(f"{where}: invalid {fmt.label}: {' '.join(error.msg.split())}") from None


def _graph_name(
    name: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph, default: str
) -> IdentifiedNode:
    if isinstance(name, pyoxigraph.NamedNode):
        return URIRef(name.value)
    if isinstance(name, pyoxigraph.BlankNode):
        return BNode(name.value)
    return URIRef(default)
