"""A synthetic corpus shaped like the seed: articles, mappings, a shared actor and issue pool.

    python -m bench.generate OUT --triples 100000 [--seed 1]

writes ``OUT/seeds/*.txt`` and ``OUT/mappings/*.yaml`` (plus ``actors.yaml`` and ``issues.yaml``)
that ``stancegraph build --seeds-dir OUT/seeds --mappings-dir OUT/mappings`` maps like the real seed.
Output depends only on the arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

_PROSE = (
    "alliance security agreement dialogue region government minister parliament border "
    "membership recognition sovereignty army mission treaty consensus council resolution "
    "negotiation stability conflict escalation partnership integration election coalition "
    "sanction investment corridor pressure reform criteria procedure application decision "
    "position interest strategy future crisis influence cooperation neighbour community "
    "institution declaration protest referendum budget defence summit delegation observer "
    "precedent scenario consequence opinion majority minority leadership capital province"
)
WORDS = tuple(_PROSE.split())
VERBS = ("believes", "argues", "warns", "emphasizes", "points out", "claims", "stresses")
TYPES = ("person",) * 6 + ("organization", "organization", "polity", "group")
STATEMENTS_PER_ARTICLE = 24
POSITIONS_PER_ARTICLE = 8
TRIPLES_PER_ARTICLE = 930  # quads per article, measured on built corpora; sizes the corpus


@dataclass(frozen=True)
class Pools:
    actors: list[dict[str, object]]
    issues: list[dict[str, object]]


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + f" {rng.randrange(10**6)}"


def pools(rng: random.Random, actors: int, issues: int) -> Pools:
    actor_list: list[dict[str, object]] = [
        {"id": "synthetic-news", "type": "organization", "label": "Synthetic News"}
    ]
    for n in range(actors):
        kind = rng.choice(TYPES)
        actor: dict[str, object] = {"id": f"actor-{n}", "type": kind, "label": f"Actor {n}"}
        if kind == "person":
            actor["alt_labels"] = [f"A. {n}"]
            actor["description"] = f"{rng.choice(WORDS)} analyst"
            actor["memberships"] = [{"organization": "synthetic-news", "role": "Contributor"}]
        actor_list.append(actor)
    issue_list: list[dict[str, object]] = [
        {"id": "synthetic-topic", "kind": "topic", "label": "Synthetic questions"}
    ]
    issue_list += [
        {
            "id": f"issue-{n}",
            "kind": rng.choice(("normative", "predictive", "consequence")),
            # a hierarchy: every fourth issue sits under the topic, the others under one of those
            "broader": ["synthetic-topic" if n % 4 == 0 else f"issue-{n - n % 4}"],
            "label": f"The {rng.choice(WORDS)} question number {n} should be settled.",
        }
        for n in range(issues)
    ]
    return Pools(actor_list, issue_list)


def article(rng: random.Random, slug: str, pool: Pools) -> tuple[str, dict[str, object]]:
    """One article text and its mapping."""
    speakers = [str(a["id"]) for a in pool.actors[1:]]
    issue_ids = [str(i["id"]) for i in pool.issues if i["kind"] != "topic"]
    paragraphs, statements = [f"Headline of {slug}", ""], []
    for n in range(STATEMENTS_PER_ARTICLE):
        speaker, about = rng.choice(speakers), rng.sample(issue_ids, 2)
        if n % 2 == 0:
            words = " ".join(
                sentence(rng, rng.randint(12, 30)) + "." for _ in range(rng.randint(2, 5))
            )
            paragraphs.append(f"“{words}”, {speaker} says.")
            statements.append(
                {"id": f"q{n}", "kind": "quote", "speaker": speaker, "about": about, "text": words}
            )
        else:
            words = (
                f"{speaker} {rng.choice(VERBS)} that {sentence(rng, rng.randint(15, 35)).lower()}"
            )
            paragraphs.append(f"{words}.")
            statements.append(
                {
                    "id": f"r{n}",
                    "kind": "reported",
                    "speaker": speaker,
                    "about": about,
                    "text": words,
                }
            )
        paragraphs.append("")
    positions = []
    for n, statement in enumerate(rng.sample(statements, POSITIONS_PER_ARTICLE)):
        positions.append(
            {
                "id": f"p{n}",
                "holder": statement["speaker"],
                "issue": statement["about"][0],  # type: ignore[index]
                "stance": rng.choice(("favor", "against", "neutral")),
                "evidence": [statement["id"]],
                "basis": rng.choice(("explicit", "inferred")),
            }
        )
    text = "\n".join(paragraphs)
    mapping = {
        "article": {
            "seed": f"{slug}.txt",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "headline": f"Headline of {slug}",
            "publisher": "synthetic-news",
            "language": "en",
            "annotation": {"by": "bench.generate", "date": "2026-01-01", "method": "drafted"},
        },
        "statements": statements,
        "positions": positions,
    }
    return text, mapping


def write(out: Path, triples: int, seed: int) -> int:
    """Write a corpus of about ``triples`` triples; return the number of articles."""
    rng = random.Random(seed)
    count = max(1, round(triples / TRIPLES_PER_ARTICLE))
    pool = pools(rng, actors=max(20, count // 4), issues=max(8, count // 50))
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "mappings").mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False, "width": 10**6}
    (out / "mappings" / "actors.yaml").write_text(yaml.safe_dump({"actors": pool.actors}, **dump))
    (out / "mappings" / "issues.yaml").write_text(yaml.safe_dump({"issues": pool.issues}, **dump))
    for n in range(count):
        slug = f"synthetic-{n:05d}"
        text, mapping = article(rng, slug, pool)
        (out / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        (out / "mappings" / f"{slug}.yaml").write_text(
            yaml.safe_dump(mapping, **dump), encoding="utf-8"
        )
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{write(args.out, args.triples, args.seed)} articles written to {args.out}")


if __name__ == "__main__":
    main()
