"""Bad mappings and seeds fail the build with one line naming file, line and value; dist/ stays."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from stancegraph.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_YAML = "mappings/kosovo-nato-membership.yaml"
ACTORS_YAML = "mappings/actors.yaml"
ISSUES_YAML = "mappings/issues.yaml"


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, seed_dist: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of seeds/ and mappings/ with a good build in dist/, as the working folder."""
    for folder in ("seeds", "mappings"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(seed_dist, tmp_path / "dist")
    monkeypatch.chdir(tmp_path)
    for name in ("SEEDS_DIR", "MAPPINGS_DIR", "DIST_DIR", "BASE_URI"):
        monkeypatch.delenv(f"STANCEGRAPH_{name}", raising=False)
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old``; return the line of the first changed character."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    start = text.index(old)
    changed = start + next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:changed].count("\n") + 1


RADULOVIC_LEDE = "There is no doubt that, in a hypothetical scenario, Kosovo’s integration into the NATO alliance"

CASES = [
    pytest.param(
        ARTICLE_YAML,
        RADULOVIC_LEDE,
        "There is no doubt that, in a hypothetical scenario, Kosovo's integration into the NATO alliance",
        r"statement radulovic-q1: text not found in the article; nearest passage is .*"
        r"article has '’s integrati', mapping has \"'s integrati\"",
        True,
        id="quote-not-found",
    ),
    pytest.param(
        ARTICLE_YAML,
        "text: >-\n      Haradinaj stated that the security situation in Kosovo and the region was serious",
        "text: Kosovo",
        r"statement haradinaj-r\d: text occurs \d+ times \(at offsets [\d, ]+\); "
        r"add 'occurrence: N' or 'after: <preceding text>'",
        True,
        id="ambiguous-excerpt",
    ),
    pytest.param(
        ARTICLE_YAML,
        "speaker: serbia\n",
        "speaker: serbiaa\n",
        r"unknown speaker actor id 'serbiaa'",
        True,
        id="unknown-speaker",
    ),
    pytest.param(
        ARTICLE_YAML,
        "issue: kosovo-nato-membership-near-term\n    stance: against\n    evidence: [radulovic",
        "issue: kosovo-membership-near\n    stance: against\n    evidence: [radulovic",
        r"unknown issue id 'kosovo-membership-near'",
        True,
        id="unknown-issue",
    ),
    pytest.param(
        ARTICLE_YAML,
        "holder: ramush-haradinaj\n    issue: kosovo-nato-membership\n    stance: favor",
        "holder: ramush-haradinaj\n    issue: kosovo-nato-membership\n    stance: supportive",
        r"position haradinaj-membership: stance 'supportive' must be one of favor, against, neutral",
        True,
        id="unknown-stance",
    ),
    pytest.param(
        ARTICLE_YAML,
        "- id: nato-r1\n",
        "- id: radulovic-q1\n",
        r"duplicate statement id 'radulovic-q1' \(first at line \d+\)",
        True,
        id="duplicate-id",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    kind: reported\n    speaker: serbia\n",
        "    speaker: serbia\n",
        r"statement serbia-r1: missing required key 'kind'",
        False,
        id="missing-field",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    speaker: serbia\n",
        "    speakr: serbia\n",
        r"statement serbia-r1: unknown key 'speakr'; did you mean 'speaker'\?",
        True,
        id="unknown-key",
    ),
    pytest.param(
        ISSUES_YAML,
        "broader: [kosovo-nato-membership]\n    label: Kosovo will join",
        "broader: [kosovo-nato-membershp]\n    label: Kosovo will join",
        r"unknown broader issue id 'kosovo-nato-membershp'; did you mean 'kosovo-nato-membership'\?",
        True,
        id="unknown-broader-issue",
    ),
    pytest.param(
        ISSUES_YAML,
        "    kind: normative\n    broader: [kosovo-and-nato]\n    related: [recognition-of-kosovo]",
        "    kind: normative\n    broader: [kosovo-nato-membership-near-term]\n"
        "    related: [recognition-of-kosovo]",
        r"issue kosovo-nato-membership: its broader issues lead back to it \(a loop\)",
        True,
        id="broader-loop",
    ),
    pytest.param(
        ISSUES_YAML,
        "    kind: normative\n    broader: [status-of-kosovo]\n    label: Kosovo should form",
        "    kind: normative\n    label: Kosovo should form",
        r"issue kosovo-army: a normative proposition needs a broader issue or topic",
        False,
        id="proposition-without-broader",
    ),
    pytest.param(
        ISSUES_YAML,
        "kind: predictive",
        "kind: prediction",
        r"issue kosovo-nato-membership-near-term: kind 'prediction' must be one of topic, "
        r"normative, predictive, consequence",
        True,
        id="unknown-issue-kind",
    ),
    pytest.param(
        ARTICLE_YAML,
        "holder: ramush-haradinaj\n    issue: kosovo-nato-membership\n",
        "holder: ramush-haradinaj\n    issue: kosovo-and-nato\n",
        r"position haradinaj-membership: 'kosovo-and-nato' is a topic, not a proposition",
        True,
        id="position-on-a-topic",
    ),
    pytest.param(
        ARTICLE_YAML,
        '    ascribed_by: sinisa-ljepojevic\n    comment: >-\n      According to Ljepojevic, NATO "does',
        '    ascribed_by: nato\n    comment: >-\n      According to Ljepojevic, NATO "does',
        r"position nato-membership: ascribed_by names the holder; leave it out",
        True,
        id="ascribed-by-the-holder",
    ),
    pytest.param(
        ARTICLE_YAML,
        '    ascribed_by: sinisa-ljepojevic\n    comment: >-\n      According to Ljepojevic, NATO "does',
        '    ascribed_by: sinisa-ljepovic\n    comment: >-\n      According to Ljepojevic, NATO "does',
        r"unknown ascribing actor id 'sinisa-ljepovic'; did you mean 'sinisa-ljepojevic'\?",
        True,
        id="unknown-ascriber",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    repeats: radulovic-q4\n",
        "    repeats: radulovic-q9\n",
        r"unknown repeated statement id 'radulovic-q9'",
        True,
        id="unknown-repeated-statement",
    ),
    pytest.param(
        ARTICLE_YAML,
        "  - id: haradinaj-membership\n    holder: ramush-haradinaj\n    issue: kosovo-nato-membership\n"
        "    stance: favor\n    evidence: [haradinaj-r1, haradinaj-q1]\n    basis: explicit\n",
        "  - id: haradinaj-membership  # the basis left out\n    holder: ramush-haradinaj\n"
        "    issue: kosovo-nato-membership\n    stance: favor\n"
        "    evidence: [haradinaj-r1, haradinaj-q1]\n",
        r"position haradinaj-membership: missing required key 'basis'",
        True,
        id="position-without-basis",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    basis: inferred\n    repeats: radulovic-q4\n",
        "    basis: judged\n    repeats: radulovic-q4\n",
        r"statement radulovic-q1: basis 'judged' must be one of explicit, inferred",
        True,
        id="unknown-basis",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    date: 2026-12-02\n",
        "    date:\n",
        r"article annotation: date must be a date like 2023-10-01, not empty",
        True,
        id="annotation-without-date",
    ),
    pytest.param(
        ARTICLE_YAML,
        "    method: manual\n",
        "    method: guessed\n",
        r"article annotation: method 'guessed' must be one of manual, drafted",
        True,
        id="unknown-annotation-method",
    ),
    pytest.param(
        ACTORS_YAML,
        "        role: Member\n        former: true\n",
        "        role: Member\n        former: yes please\n",
        r"former 'yes please' must be true or false",
        True,
        id="former-not-a-boolean",
    ),
    pytest.param(
        ACTORS_YAML,
        "        since: 1982-05-30\n",
        "        since: 30 May 1982\n",
        r"since '30 May 1982' must be a date like 2023-10-01",
        True,
        id="membership-date",
    ),
    pytest.param(
        ACTORS_YAML,
        "        role: Member state\n        since: 1982-05-30\n        source: https://www.nato.int/cps/en/natohq/topics_52044.htm\n",
        "        role: Member state\n        since: 1982-05-30\n        source: www.nato.int\n",
        r"source 'www.nato.int' must be an http\(s\) URL",
        True,
        id="membership-source-not-a-url",
    ),
    pytest.param(
        ACTORS_YAML,
        "role: Secretary General",
        "role: [Secretary General",
        r"invalid YAML: .*",
        False,
        id="invalid-yaml",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message", "exact"), CASES)
def test_bad_mapping_fails_with_file_line_and_value(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    old: str,
    new: str,
    message: str,
    exact: bool,
) -> None:
    """``exact``: the error names the edited line itself, not just the entry around it."""
    before = digest_tree(project / "dist")
    line = edit(project / file, old, new)
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    match = re.fullmatch(rf"stancegraph build: {re.escape(file)}:(\d+): (.*)", err[0])
    assert match, err[0]
    assert re.search(message, match.group(2)), match.group(2)
    if exact:
        assert int(match.group(1)) == line
    else:
        assert abs(line - int(match.group(1))) <= 3, "the error names the entry of the edit"
    assert "Traceback" not in err[0]
    assert digest_tree(project / "dist") == before


def test_changed_seed_text_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest_tree(project / "dist")
    mapping = (project / ARTICLE_YAML).read_text(encoding="utf-8")
    sha_line = mapping[: mapping.index("  sha256:")].count("\n") + 1
    seed = project / "seeds" / "kosovo-nato-membership.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("4,500 soldiers", "4,600 soldiers"),
        encoding="utf-8",
    )
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(
        rf"stancegraph build: {ARTICLE_YAML}:{sha_line}: seed seeds/kosovo-nato-membership.txt has SHA-256 "
        r"[0-9a-f]{64}, but the mapping records fb6dda15[0-9a-f]{56}; .*",
        err,
    ), err
    assert digest_tree(project / "dist") == before


def test_seed_without_mapping(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "another-article.txt").write_text("Text.\n", encoding="utf-8")
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "stancegraph build: seeds/another-article.txt: no mapping: expected mappings/another-article.yaml"
    )


def test_quote_must_stand_between_marks(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(project / ARTICLE_YAML, RADULOVIC_LEDE, RADULOVIC_LEDE[6:])
    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"stancegraph build: {ARTICLE_YAML}:{line}: statement radulovic-q1: ")
    assert "must be exactly the words between quotation marks" in err


def test_a_mapping_must_say_who_made_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without its annotation block the article's metadata is refused, at the metadata's line."""
    path = project / ARTICLE_YAML
    text = path.read_text(encoding="utf-8")
    block = "  annotation:\n    by: The stancegraph maintainers\n    date: 2026-12-02\n    method: manual\n"
    assert text.count(block) == 1
    path.write_text(text.replace(block, ""), encoding="utf-8")
    assert main(["build"]) == 2
    line = text.splitlines().index("article:") + 2  # the first key of the metadata
    assert capsys.readouterr().err == (
        f"stancegraph build: {ARTICLE_YAML}:{line}: article: missing required key 'annotation'\n"
    )
