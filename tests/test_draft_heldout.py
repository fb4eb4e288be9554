"""The drafter on the held-out set: articles it was never tuned on (tests/fixtures/draft-heldout).

Another hand than the rules' author found and annotated these 17 articles (every quotation, its
offsets and its speaker's full name, by the development set's rules), and nobody writing or tuning
a rule has read them. So these scores, unlike the development set's, say what the drafter does on
news it has not seen. They are floors measured once the rules were done: a change may raise
them. Looking at these articles' misses to write a rule would end their use; add new articles
instead, and measure them before any rule sees them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancegraph.drafting.compare import Score, score
from stancegraph.drafting.draft import draft
from stancegraph.drafting.reviewed import from_annotations
from stancegraph.mapping.pipeline import read_yaml
from stancegraph.mapping.spec import Registry, parse_registry

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "fixtures" / "draft-heldout"
#: (article, quote F1, speaker accuracy) measured on the held-out set.
FLOORS = (
    ("blackberry-ceo-iphone", 1.00, 1.00),
    ("blackburn-backyard-rubbish", 0.93, 0.50),
    ("court-car-park-claustrophobia", 1.00, 0.43),
    ("embargoed-judgment-warning", 0.29, 0.00),
    ("federer-seventh-wimbledon", 1.00, 1.00),
    ("guinea-opposition-campaign", 1.00, 0.50),
    ("houston-flood-residents", 1.00, 0.25),
    ("jobs-stephenson-iphone-launch", 1.00, 1.00),
    ("lancaster-fly-tipping", 0.91, 0.83),
    ("mathews-headingley-defeat", 0.89, 0.60),
    ("muscat-arrogant-opposition", 0.88, 0.44),
    ("samsung-customer-data-breach", 0.00, 0.00),
    ("skelos-corruption-sentencing", 1.00, 0.50),
    ("staunton-flood-neighbors", 1.00, 0.00),
    ("steinmeier-ukraine-talks", 1.00, 1.00),
    ("vaccine-doctors-offices", 1.00, 0.50),
    ("wimbledon-2019-best-quotes", 1.00, 0.80),
)
#: The whole set: 91 quotes; precision 0.99, recall 0.85, F1 0.91; speakers 0.52.
TOTAL_F1, TOTAL_SPEAKER_ACCURACY = 0.91, 0.52


@pytest.fixture(scope="module")
def registry() -> Registry:
    mappings = ROOT / "mappings"
    return parse_registry(read_yaml(mappings / "actors.yaml"), read_yaml(mappings / "issues.yaml"))


def scored(slug: str, registry: Registry) -> Score:
    text = (HELD_OUT / f"{slug}.txt").read_text(encoding="utf-8")
    gold = from_annotations(read_yaml(HELD_OUT / f"{slug}.quotes.yaml"), text)
    return score(text, draft(text, slug, registry.actors.values()), gold)


def test_every_held_out_article_has_a_floor() -> None:
    annotated = {p.name.removesuffix(".quotes.yaml") for p in HELD_OUT.glob("*.quotes.yaml")}
    assert annotated == {slug for slug, _, _ in FLOORS}


@pytest.mark.parametrize(("slug", "f1", "speakers"), FLOORS)
def test_scores_hold_their_floor(slug: str, f1: float, speakers: float, registry: Registry) -> None:
    found = scored(slug, registry)
    assert round(found.f1, 2) >= f1, found.summary()
    assert round(found.speaker_accuracy, 2) >= speakers, found.summary()


def test_the_whole_held_out_set_holds_its_floor(registry: Registry) -> None:
    scores = [scored(slug, registry) for slug, _, _ in FLOORS]
    quotes = sum(s.quotes for s in scores)
    drafted = sum(s.drafted for s in scores)
    matched = sum(s.matched for s in scores)
    precision, recall = matched / drafted, matched / quotes
    f1 = 2 * precision * recall / (precision + recall)
    assert round(f1, 2) >= TOTAL_F1
    assert round(sum(s.right_speaker for s in scores) / quotes, 2) >= TOTAL_SPEAKER_ACCURACY


def test_both_annotated_sets_hold_their_spans() -> None:
    """tests/fixtures/draft/check_fixtures.py on the development and the held-out set: every
    quote's offsets hold its text, in order, and each README lists its articles' counts."""
    import subprocess
    import sys

    checker = ROOT / "tests" / "fixtures" / "draft" / "check_fixtures.py"
    result = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "draft ok: 175 articles, 946 quotes",
        "draft-heldout ok: 17 articles, 91 quotes",
    ]
