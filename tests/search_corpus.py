"""A small corpus of three articles made for the search tests, written into a folder and built.

Each statement is there to prove one thing: ``sanctions`` three times in a short quote (ranking),
once in a long one and once in a very short one; ``border deal`` as a phrase in one statement
and as two separate words in another; ``membership`` and ``members`` for prefixes; a speaker
whose name has a diacritic; markup and FTS5 syntax in an article's words; positions of every
stance, on issues under one topic. Statements are named ``{article}-{id}`` as the build names
them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from stancegraph.build.dist import Build, build
from stancegraph.core import settings

ACTORS: list[dict[str, Any]] = [
    {"id": "daily-courier", "type": "organization", "label": "The Daily Courier"},
    {"id": "ana-petrovic", "type": "person", "label": "Ana Petrović", "alt_labels": ["Petrović"],
     "description": "trade minister"},
    {"id": "boris-kovac", "type": "person", "label": "Boris Kovac", "alt_labels": ["Kovac"],
     "description": "farmers' union leader"},
    {"id": "carla-diaz", "type": "person", "label": "Carla Diaz", "description": "negotiator"},
]  # fmt: skip

ISSUES: list[dict[str, Any]] = [
    {"id": "trade-and-security", "kind": "topic", "label": "Trade and security"},
    {"id": "alliance-membership", "kind": "normative", "broader": ["trade-and-security"],
     "label": "The country should seek membership of the alliance."},
    {"id": "sanctions", "kind": "normative", "broader": ["trade-and-security"],
     "label": "Sanctions should be imposed on the neighbour."},
    {"id": "border-deal", "kind": "predictive", "broader": ["trade-and-security"],
     "label": "The border agreement will hold."},
]  # fmt: skip

#: Per article: its paragraphs (the first is the headline), statements and positions.
ARTICLES: dict[str, dict[str, Any]] = {
    "alpha": {
        "paragraphs": [
            "Minister wants the alliance",
            "“Membership of the alliance is the only way forward for us”, Ana Petrović said.",
            "Boris Kovac says that membership can wait until the farmers are heard.",
            "“Sanctions, sanctions, sanctions: that is all they offer”, Petrović added.",
        ],
        "statements": [
            ("q1", "quote", "ana-petrovic", ["alliance-membership"],
             "Membership of the alliance is the only way forward for us"),
            ("r1", "reported", "boris-kovac", ["alliance-membership"],
             "Boris Kovac says that membership can wait until the farmers are heard"),
            ("q2", "quote", "ana-petrovic", ["sanctions"],
             "Sanctions, sanctions, sanctions: that is all they offer"),
        ],
        "positions": [
            ("p1", "ana-petrovic", "alliance-membership", "favor", ["q1"]),
            ("p2", "boris-kovac", "alliance-membership", "against", ["r1"]),
        ],
    },
    "beta": {
        "paragraphs": [
            "Farmers fear a cold winter",
            "“The sanctions will hurt farmers, traders and every family in the long and cold "
            "winter that lies ahead of all of us in this valley”, Boris Kovac said.",
            "“Sanctions work”, said Ana Petrović.",
            "“<script>alert('x')</script> is what the bill says & more: NEAR(the \"members\")”, "
            "Carla Diaz wrote.",
        ],
        "statements": [
            ("q1", "quote", "boris-kovac", ["sanctions"],
             "The sanctions will hurt farmers, traders and every family in the long and cold "
             "winter that lies ahead of all of us in this valley"),
            ("q2", "quote", "ana-petrovic", ["sanctions"], "Sanctions work"),
            ("q3", "quote", "carla-diaz", [],
             "<script>alert('x')</script> is what the bill says & more: NEAR(the \"members\")"),
        ],
        "positions": [
            ("p1", "boris-kovac", "sanctions", "against", ["q1"]),
            ("p2", "ana-petrovic", "sanctions", "favor", ["q2"]),
        ],
    },
    "gamma": {
        "paragraphs": [
            "Talks at the frontier",
            "Carla Diaz warned that the border deal would fail within a month.",
            "“There is no deal, and the border stays closed to members of the press”, said "
            "Boris Kovac.",
        ],
        "statements": [
            ("r1", "reported", "carla-diaz", ["border-deal"],
             "Carla Diaz warned that the border deal would fail within a month"),
            ("q1", "quote", "boris-kovac", ["border-deal"],
             "There is no deal, and the border stays closed to members of the press"),
        ],
        "positions": [
            ("p1", "carla-diaz", "border-deal", "neutral", ["r1"]),
        ],
    },
}  # fmt: skip


def write(folder: Path) -> tuple[Path, Path]:
    """Write the corpus into ``folder``: (its seeds folder, its mappings folder)."""
    seeds, mappings = folder / "seeds", folder / "mappings"
    seeds.mkdir(parents=True)
    mappings.mkdir(parents=True)
    _dump(mappings / "actors.yaml", {"actors": ACTORS})
    _dump(mappings / "issues.yaml", {"issues": ISSUES})
    for slug, article in ARTICLES.items():
        text = "\n\n".join(article["paragraphs"]) + "\n"
        (seeds / f"{slug}.txt").write_text(text, encoding="utf-8")
        _dump(mappings / f"{slug}.yaml", _mapping(slug, article, text))
    return seeds, mappings


def _mapping(slug: str, article: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "article": {
            "seed": f"{slug}.txt",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "headline": article["paragraphs"][0],
            "publisher": "daily-courier",
            "language": "en",
            "annotation": {"by": "tests.search_corpus", "date": "2026-01-01", "method": "manual"},
        },
        "statements": [
            {"id": sid, "kind": kind, "speaker": who, "about": about, "text": words}
            for sid, kind, who, about, words in article["statements"]
        ],
        "positions": [
            {"id": pid, "holder": who, "issue": issue, "stance": stance, "evidence": evidence,
             "basis": "explicit"}
            for pid, who, issue, stance, evidence in article["positions"]
        ],
    }  # fmt: skip


def _dump(path: Path, data: dict[str, Any]) -> None:
    options = {"allow_unicode": True, "sort_keys": False, "width": 10**6}
    path.write_text(yaml.safe_dump(data, **options), encoding="utf-8")


def built(folder: Path, dist: Path) -> Build:
    """Write the corpus into ``folder`` and build it into ``dist`` with the project's build."""
    seeds, mappings = write(folder)
    values = settings.resolve(
        {"seeds_dir": str(seeds), "mappings_dir": str(mappings), "dist_dir": str(dist)}, environ={}
    )
    result = build(values)
    assert result.conforms, result.report_text()
    return result
