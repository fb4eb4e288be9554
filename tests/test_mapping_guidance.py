"""Mistakes an author makes when adding an article, each answered with where and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stancegraph.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "kosovo-nato-membership"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of seeds/ and mappings/, as the working folder."""
    for folder in ("seeds", "mappings"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("stancegraph")
        )
    monkeypatch.chdir(tmp_path)
    for name in ("SEEDS_DIR", "MAPPINGS_DIR", "DIST_DIR"):
        monkeypatch.delenv(f"STANCEGRAPH_{name}", raising=False)
    return tmp_path


def validate(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", "--seeds-dir", "seeds", "--mappings-dir", "mappings"])
    return code, capsys.readouterr().err.splitlines()


def test_a_mapping_without_its_article_names_both_files(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(
        corpus / "mappings" / f"{ARTICLE}.yaml", corpus / "mappings" / "second-article.yaml"
    )
    code, err = validate(capsys)
    assert code == 2
    assert err == [
        "stancegraph validate: mappings/second-article.yaml: no article: expected seeds/second-article.txt"
    ]


def test_an_unknown_speaker_gets_the_likeliest_id_and_where_ids_are_defined(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = corpus / "mappings" / f"{ARTICLE}.yaml"
    text = mapping.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, row in enumerate(lines, 1) if row.strip() == "speaker: vlade-radulovic")
    mapping.write_text(text.replace("speaker: vlade-radulovic", "speaker: vlade-radulovich", 1))
    code, err = validate(capsys)
    assert code == 2
    assert err == [
        f"stancegraph validate: mappings/{ARTICLE}.yaml:{line}: unknown speaker actor id "
        "'vlade-radulovich'; did you mean 'vlade-radulovic'? "
        "(actor ids are defined in mappings/actors.yaml)"
    ]


def test_an_id_like_nothing_known_still_says_where_ids_are_defined(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = corpus / "mappings" / f"{ARTICLE}.yaml"
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(text.replace("speaker: vlade-radulovic", "speaker: zzz", 1))
    _, err = validate(capsys)
    assert err[0].endswith(
        "unknown speaker actor id 'zzz' (actor ids are defined in mappings/actors.yaml)"
    )
