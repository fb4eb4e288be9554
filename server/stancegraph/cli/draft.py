"""``stancegraph draft``: draft an article's mapping, or score the drafter against a review.

``stancegraph draft ARTICLE.txt [--out mappings/SLUG.yaml]`` writes the draft (to standard
output without ``--out``); ``--compare REVIEWED`` drafts in memory and prints how the draft
compares with a reviewed mapping or an annotation file (``*.quotes.yaml``), listing each miss.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

from stancegraph.cli import options
from stancegraph.core.errors import InputError
from stancegraph.drafting import reviewed
from stancegraph.drafting.compare import score
from stancegraph.drafting.draft import draft
from stancegraph.drafting.writer import mapping_yaml
from stancegraph.mapping.pipeline import REGISTRY_FILES, read_yaml
from stancegraph.mapping.spec import parse_registry

NAME = "draft"
HELP = "Draft the mapping of an article (quotes, reported statements, speakers) for review."
OPTIONS = ("mappings_dir",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE.txt", help="the article's text, UTF-8")
    parser.add_argument("--out", metavar="FILE", help="write the draft here (default: stdout)")
    parser.add_argument(
        "--publisher",
        metavar="ACTOR",
        help="the outlet's actor id in actors.yaml (default: a placeholder to fill in)",
    )
    parser.add_argument(
        "--compare",
        metavar="REVIEWED",
        help="score the draft against a reviewed mapping (mappings/SLUG.yaml) or an annotation "
        "file (SLUG.quotes.yaml) instead of writing it",
    )
    options.add_all(parser, OPTIONS)


def tool() -> str:
    """The drafting tool and its version, as drafts record it."""
    return f"stancegraph draft {version('stancegraph')}"


def run(args: argparse.Namespace) -> int:
    settings = options.values(args, OPTIONS)
    mappings_dir = Path(settings["mappings_dir"])
    registry = parse_registry(*(read_yaml(mappings_dir / name) for name in REGISTRY_FILES))
    path = Path(args.article)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the article as UTF-8 text ({error})") from None
    slug = path.name.removesuffix(".txt")
    if args.compare:
        publisher = args.publisher
        doc = read_yaml(Path(args.compare))
        if "quotes" in doc:
            gold = reviewed.from_annotations(doc, text)
        else:
            gold = reviewed.from_mapping(doc, Path(args.compare).stem, registry, text)
            publisher = publisher or doc["article"].get("publisher")
        found = draft(text, slug, registry.actors.values(), publisher)
        print(score(text, found, gold).summary())
        return 0
    found = draft(text, slug, registry.actors.values(), args.publisher)
    sha = hashlib.sha256(data).hexdigest()
    out = mapping_yaml(found, text, path.name, sha, tool(), date.today().isoformat())
    if args.out:
        Path(args.out).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0
