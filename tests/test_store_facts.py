"""What start-up reads from a store on disk is kept by the build, and is what queries would read.

``stancegraph build --store oxigraph:DIR`` keeps the page index, the hash subjects and the
dataset's counts in ``DIR``; a server starting from the store loads that file instead of
querying the whole dataset. These tests hold the kept facts to what the same queries answer on
the dump in memory, for the seed and for a synthetic corpus of several articles, check that the
file is the same bytes for the same input, and that a missing or damaged file is handled.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import write as generate
from stancegraph.catalog import store_facts
from stancegraph.core.errors import InputError
from stancegraph.stores.disk_store import FACTS_FILE
from stancegraph.stores.store import file_version, load
from stancegraph.web.app import create_app
from tests.conftest import ROOT

BUILD = (sys.executable, "-m", "stancegraph.cli", "build")


def digest_of(dist: Path) -> str:
    return file_version(dist / "dataset.nq")[0]


def build_store(out: Path, *source: str) -> tuple[Path, Path]:
    """``stancegraph build --store oxigraph:DIR`` of the seed, or of ``--seeds-dir … --mappings-dir …``."""
    dist, store = out / "dist", out / "store"
    result = subprocess.run(
        [*BUILD, *source, "--dist-dir", str(dist), "--store", f"oxigraph:{store}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dist, store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of a few articles sharing actors and issues."""
    corpus = tmp_path_factory.mktemp("corpus")
    generate(corpus, 5_000, 7)
    return corpus


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def synthetic_stores(
    tmp_path_factory: pytest.TempPathFactory, synthetic: Path
) -> tuple[Path, Path, Path]:
    """The synthetic corpus built twice: (first store, second store, first build's dist)."""
    source = ["--seeds-dir", str(synthetic / "seeds")]
    source += ["--mappings-dir", str(synthetic / "mappings")]
    (dist, first), (_, second) = (
        build_store(tmp_path_factory.mktemp(f"synthetic{i}"), *source) for i in (1, 2)
    )
    return first, second, dist


def test_the_seed_store_keeps_what_queries_read(seed_store: tuple[Path, Path]) -> None:
    dist, store = seed_store
    kept = store_facts.load(store / FACTS_FILE, digest_of(dist))
    read = store_facts.read(load(dist / "dataset.nq"))
    assert kept == read
    # Not vacuous: the seed's tables, and a statement's text restored from its article.
    assert len(kept.index.statements) == 39 and len(kept.index.positions) == 30
    statement = kept.index.statements[
        "https://w3id.org/stancegraph/id/statement/kosovo-nato-membership-radulovic-q1"
    ]
    assert (
        statement.text
        == kept.index.articles[statement.article].text[statement.begin : statement.end]
    )
    assert statement.text.startswith("There is no doubt that, in a hypothetical scenario, Kosovo")
    entities = dict(kept.statistics.class_entities)
    assert entities["https://w3id.org/stancegraph/ontology#Statement"] == 39
    assert any(iri.endswith("/article/kosovo-nato-membership") for iri in kept.hash_subjects)


def test_a_corpus_of_several_articles_keeps_what_queries_read(
    synthetic_stores: tuple[Path, Path, Path],
) -> None:
    first, _, dist = synthetic_stores
    kept = store_facts.load(first / FACTS_FILE, digest_of(dist))
    assert kept == store_facts.read(load(dist / "dataset.nq"))
    assert len(kept.index.articles) >= 5
    assert (
        len(kept.statistics.graph_triples) == len(kept.index.articles) + 2
    )  # + registry, ontology


def test_the_kept_facts_are_the_same_bytes_for_the_same_input(
    synthetic_stores: tuple[Path, Path, Path],
) -> None:
    first, second, _ = synthetic_stores
    assert (first / FACTS_FILE).read_bytes() == (second / FACTS_FILE).read_bytes()


def test_a_store_without_kept_facts_is_read_by_query(
    seed_store: tuple[Path, Path], tmp_path: Path
) -> None:
    """A store built before facts were kept still serves, with the same pages' data."""
    dist, store = seed_store
    older = tmp_path / "store"
    shutil.copytree(store, older)
    (older / FACTS_FILE).unlink()
    app = create_app({"store": f"oxigraph:{older}", "dist_dir": str(dist)})
    resources = app.extensions["stancegraph.resources"]
    assert resources.facts == store_facts.load(store / FACTS_FILE, digest_of(dist))


def test_damaged_kept_facts_stop_the_start_with_the_file_named(
    seed_store: tuple[Path, Path], tmp_path: Path
) -> None:
    dist, store = seed_store
    damaged = tmp_path / "store"
    shutil.copytree(store, damaged)
    text = (damaged / FACTS_FILE).read_text(encoding="utf-8")
    (damaged / FACTS_FILE).write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError) as raised:
        create_app({"store": f"oxigraph:{damaged}", "dist_dir": str(dist)})
    message = str(raised.value)
    assert message.startswith(f"{damaged / FACTS_FILE}: not the facts stancegraph build keeps (")
    assert message.endswith("; build the store again")
    assert "\n" not in message


def test_facts_kept_for_another_build_are_refused(
    seed_store: tuple[Path, Path], synthetic_stores: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    dist, store = seed_store
    mixed = tmp_path / "store"
    shutil.copytree(store, mixed)
    shutil.copyfile(synthetic_stores[0] / FACTS_FILE, mixed / FACTS_FILE)
    with pytest.raises(InputError) as raised:
        create_app({"store": f"oxigraph:{mixed}", "dist_dir": str(dist)})
    message = str(raised.value)
    assert message.startswith(f"{mixed / FACTS_FILE}: not the facts stancegraph build keeps (")
    assert (
        f"the store holds format {store_facts.FACTS_FORMAT}, dump {digest_of(dist)[:12]}" in message
    )
