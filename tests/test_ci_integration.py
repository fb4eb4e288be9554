"""A research group's CI: the GitHub Action (``action.yml``) and the pre-commit hook
(``.pre-commit-hooks.yaml``) run on a corpus repository of their own, made here in a temporary
folder: this repository's article and mappings, committed with ``git init``.

Nothing here reaches the network: the action's install step (``pip install`` of this repository
and its dependencies from PyPI) and pre-commit's own install of a ``language: python`` hook are
the two things not run; the stancegraph they would install is the one these tests run in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "kosovo-nato-membership"
#: The environment's own stancegraph: what the install steps would have put on the runner.
BIN = Path(sys.executable).parent
HOOK_ID = "stancegraph-validate"


# ---------------------------------------------------------------- the corpus repository


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=git_env(), check=True, capture_output=True)


def git_env() -> dict[str, str]:
    """The environment without the user's git settings or any STANCEGRAPH_* setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCEGRAPH_", "GIT_"))}
    name, email = "Corpus Annotator", "annotator@example.org"
    return env | {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def make_corpus_repo(repo: Path, folder: str = ".") -> Path:
    """A git repository holding a copy of this repository's corpus in ``folder``; the corpus."""
    corpus = repo / folder
    (corpus / "seeds").mkdir(parents=True)
    (corpus / "mappings").mkdir()
    for seed in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(seed, corpus / "seeds")
    for mapping in (ROOT / "mappings").glob("*.yaml"):
        shutil.copy(mapping, corpus / "mappings")
    (repo / "README.md").write_text("# Our corpus\n", encoding="utf-8")
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "corpus")
    return corpus


# ---------------------------------------------------------------- mistakes, and where they are


@dataclass(frozen=True)
class Mistake:
    """One change to the article's mapping and what validation must say about it."""

    name: str
    #: The mapping's lines → the 1-based line the report must point at (after the change).
    make: Callable[[list[str]], int]
    exit_code: int
    message: str


def line_of(lines: list[str], text: str) -> int:
    """The 1-based number of the only line that is ``text`` once stripped."""
    found = [n for n, line in enumerate(lines, 1) if line.strip() == text]
    assert len(found) == 1, f"{text!r} is on lines {found}"
    return found[0]


def unknown_speaker(lines: list[str]) -> int:
    """A misspelt speaker id: a mapping error (exit 2) on the speaker's line."""
    n = line_of(lines, "- id: radulovic-q1") + 2
    assert lines[n - 1] == "    speaker: vlade-radulovic"
    lines[n - 1] = "    speaker: vlade-radulovik"
    return n


def evidence_of_another(lines: list[str]) -> int:
    """An analyst's words as evidence of a politician's position: a SHACL violation (exit 1)
    on the position's line, where its IRI was minted."""
    position = line_of(lines, "- id: haradinaj-membership")
    evidence = position + 4
    assert lines[evidence - 1] == "    evidence: [haradinaj-r1, haradinaj-q1]"
    lines[evidence - 1] = "    evidence: [haradinaj-r1, haradinaj-q1, radulovic-q1]"
    return position


MISTAKES = [
    Mistake("unknown-speaker", unknown_speaker, 2, "unknown speaker actor id 'vlade-radulovik'"),
    Mistake("shacl-violation", evidence_of_another, 1, "is said by Vlade Radulovic, who is"),
]


def make_mistake(corpus: Path, mistake: Mistake) -> int:
    """Writes ``mistake`` into the article's mapping; the line the report must name."""
    mapping = corpus / "mappings" / f"{ARTICLE}.yaml"
    lines = mapping.read_text(encoding="utf-8").splitlines()
    line = mistake.make(lines)
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line


# ---------------------------------------------------------------- the action


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def step(step_id: str) -> dict[str, Any]:
    (found,) = (s for s in action()["runs"]["steps"] if s.get("id") == step_id)
    return found


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def substitute(text: str, context: Mapping[str, str]) -> str:
    """GitHub's ``${{ … }}`` for the plain context lookups the step uses; others fail the test."""
    return EXPRESSION.sub(lambda m: context[m.group(1)], text)


def run_validate_step(repo: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """The action's validate step as the runner runs it: its script in a file, run by
    ``bash --noprofile --norc -eo pipefail`` from the repository root with the step's env."""
    validate = step("validate")
    inputs = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    if path is not None:
        inputs["path"] = path
    context = {f"inputs.{name}": value for name, value in inputs.items()}
    # What the install step would write to its outputs: its venv's console script.
    context["steps.install.outputs.stancegraph"] = str(BIN / "stancegraph")
    env = {name: substitute(str(value), context) for name, value in validate["env"].items()}
    script = repo.parent / "validate-step.sh"
    script.write_text(validate["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=repo,
        env=git_env() | {"GITHUB_WORKSPACE": str(repo)} | env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("folder", [".", "corpora/balkans"])
def test_action_passes_a_good_corpus(tmp_path: Path, folder: str) -> None:
    repo = tmp_path / "repo"
    make_corpus_repo(repo, folder)
    done = run_validate_step(repo, folder)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize("folder", [".", "corpora/balkans"])
@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_action_annotates_the_mapping_line(tmp_path: Path, folder: str, mistake: Mistake) -> None:
    """The annotation names the file from the repository root, so GitHub puts it on the line."""
    repo = tmp_path / "repo"
    line = make_mistake(make_corpus_repo(repo, folder), mistake)
    done = run_validate_step(repo, folder)
    mapping = Path(folder, "mappings", f"{ARTICLE}.yaml").as_posix()
    assert done.returncode == mistake.exit_code, done.stderr
    (annotation,) = done.stdout.splitlines()
    assert annotation.startswith(f"::error file={mapping},line={line}::")
    assert mistake.message in annotation


def test_action_installs_itself_at_the_ref_it_is_used_at() -> None:
    """Structure only (the install needs PyPI): stancegraph comes from the action's own folder,
    into a venv of its own (the job's Python is left alone), and gives the command validated."""
    setup = step("python")
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["update-environment"] is False
    install = step("install")["run"]
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install
    assert 'echo "stancegraph=$VENV/bin/stancegraph" >> "$GITHUB_OUTPUT"' in install
    assert step("validate")["env"]["STANCEGRAPH"] == "${{ steps.install.outputs.stancegraph }}"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "stancegraph" in scripts["scripts"]


# ---------------------------------------------------------------- the pre-commit hook


def hook() -> dict[str, Any]:
    """The one hook of the manifest, as pre-commit reads and checks it against its schema."""
    (found,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return dict(found)


def test_hook_manifest() -> None:
    found = hook()
    assert found["id"] == HOOK_ID
    assert (found["language"], found["entry"], found["pass_filenames"]) == (
        "python",
        "stancegraph validate",
        False,
    )
    paths = ("seeds/a.txt", "mappings/a.yaml", "README.md", "notes/mappings/a.yaml")
    triggering = [path for path in paths if re.search(found["files"], path)]
    assert triggering == ["seeds/a.txt", "mappings/a.yaml"]


def use_hook(repo: Path) -> None:
    """The corpus repository's ``.pre-commit-config.yaml``, committed, with the manifest's hook.

    Its ``language: python`` would have pre-commit build a virtualenv and pip-install this
    repository from PyPI's packages; ``unsupported`` runs the same entry with the same options
    from the PATH, where the stancegraph of these tests is. All else is pre-commit's own: which
    files trigger the hook, its arguments, its folder, how its failure is reported.
    """
    (written,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = {"repos": [{"repo": "local", "hooks": [written | {"language": "unsupported"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "--quiet", "--message", "pre-commit")


def pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` on the staged files, as ``git commit`` would run it."""
    env = git_env() | {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_passes_a_good_change(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    corpus = make_corpus_repo(repo)
    use_hook(repo)
    mapping = corpus / "mappings" / f"{ARTICLE}.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "# checked\n", encoding="utf-8")
    git(repo, "add", "--all")
    done = pre_commit(repo)
    assert done.returncode == 0, done.stdout
    assert re.search(r"^stancegraph validate\.+Passed$", done.stdout, re.M), done.stdout


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_hook_fails_a_bad_mapping_at_its_line(tmp_path: Path, mistake: Mistake) -> None:
    repo = tmp_path / "repo"
    corpus = make_corpus_repo(repo)
    use_hook(repo)
    line = make_mistake(corpus, mistake)
    git(repo, "add", "--all")
    done = pre_commit(repo)
    assert done.returncode == 1, done.stdout
    assert re.search(r"^stancegraph validate\.+Failed$", done.stdout, re.M), done.stdout
    assert f"- exit code: {mistake.exit_code}" in done.stdout
    (said,) = (text for text in done.stdout.splitlines() if mistake.message in text)
    assert f"mappings/{ARTICLE}.yaml:{line}" in said


def test_hook_skips_a_commit_without_corpus_files(tmp_path: Path) -> None:
    """Only seeds/ and mappings/ trigger it: a README change does not wait for the mapping."""
    repo = tmp_path / "repo"
    make_corpus_repo(repo)
    use_hook(repo)
    (repo / "README.md").write_text("# Our corpus, annotated\n", encoding="utf-8")
    git(repo, "add", "README.md")
    done = pre_commit(repo)
    assert done.returncode == 0, done.stdout
    assert re.search(r"^stancegraph validate\.+\(no files to check\)Skipped$", done.stdout, re.M)
