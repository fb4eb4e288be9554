"""The ground every issue builds on: the seed, the ontology, the command line and the README."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from stancegraph.core.settings import SETTINGS
from stancegraph.vocabulary import ONTOLOGY_TTL, SG

ROOT = Path(__file__).resolve().parent.parent
SEED_SHA256 = "fb6dda156775d478ade60f179f425d21c42d53e9fcda8fcf56b60eed713e4850"
SKIPPED_DIRS = {
    ".venv",
    "dist",
    ".git",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "node_modules",
}
#: Terms that tests use on purpose to show they are rejected (a stance outside the three).
DELIBERATELY_UNDECLARED = {"Undecided"}
SCANNED = {".py", ".ttl", ".trig", ".jsonld", ".yaml", ".html", ".md", ".rq", ".txt", ".toml"}


def test_seed_is_byte_for_byte_the_shared_article() -> None:
    data = (ROOT / "seeds" / "kosovo-nato-membership.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


def declared(ontology: Graph) -> set[str]:
    return {
        str(s)[len(str(SG)) :]
        for s in ontology.subjects(RDF.type, None)
        if str(s).startswith(str(SG))
    }


def test_every_sg_term_is_declared_with_label_and_comment(ontology: Graph) -> None:
    terms = declared(ontology)
    expected = {
        "Article", "Actor", "Person", "Organization", "Polity", "Group", "Statement",
        "DirectQuote", "ReportedStatement", "Issue", "Position", "Stance", "Stances",
        "Favor", "Against", "Neutral", "article", "text", "span", "about", "holder", "issue",
        "stance", "evidence",
    }  # fmt: skip
    assert expected <= terms
    for term in terms:
        iri = SG[term]
        assert ontology.value(iri, RDFS.label), f"sg:{term} has no label"
        assert ontology.value(iri, RDFS.comment), f"sg:{term} has no comment"


def project_files() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix in SCANNED and not SKIPPED_DIRS & set(p.relative_to(ROOT).parts)
    ]


def test_every_sg_term_used_in_the_project_is_declared(ontology: Graph) -> None:
    pattern = re.compile(r"(?:\bsg:|\bSG\.|ontology#)([A-Za-z][A-Za-z0-9_]*)")
    terms = declared(ontology)
    used: dict[str, str] = {}
    for path in project_files():
        for match in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
            used.setdefault(match.group(1), str(path.relative_to(ROOT)))
    assert len(used) > 10
    undeclared = {
        term: where
        for term, where in used.items()
        if term not in terms and term not in DELIBERATELY_UNDECLARED
    }
    assert not undeclared, f"used but not declared in the ontology: {undeclared}"


def test_classes_align_with_reused_vocabularies(ontology: Graph) -> None:
    parents = {str(o) for o in ontology.objects(SG.Article, RDFS.subClassOf)}
    assert "http://schema.org/NewsArticle" in parents
    assert (SG.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Agent")) in ontology
    assert (SG.Statement, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ontology
    assert (SG.holder, RDF.type, OWL.ObjectProperty) in ontology


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "stancegraph"
    return subprocess.run([str(script), *args], capture_output=True, text=True, check=False)


def test_help_lists_the_subcommands() -> None:
    from stancegraph.cli.main import COMMANDS

    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", result.stdout, re.M), (
            f"{command} missing from --help"
        )
    assert "build" in COMMANDS


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"stancegraph \d+\.\d+\.\d+\n", result.stdout)


def test_unknown_subcommand_is_a_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


def test_readme_puts_the_two_commands_first_and_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme.index("\n## ")
    assert readme.index("make serve") < readme.index("make test") < first_section
    for setting in SETTINGS:
        assert f"`{setting.env}`" in readme, f"{setting.env} is not documented in README.md"


def test_readme_shows_the_example_queries_of_the_query_page() -> None:
    from stancegraph.sparql.example_queries import examples
    from stancegraph.vocabulary import DEFAULT_BASE_URI

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    questions = examples(DEFAULT_BASE_URI)
    assert f"```sparql\n{questions[0].query}\n```" in readme
    for example in questions:
        assert f"[{example.title}](docs/research-questions.md#" in readme, (
            f"README lacks the question {example.slug}"
        )


def test_serve_refuses_more_query_slots_than_threads() -> None:
    script = Path(sys.executable).parent / "stancegraph"
    env = {**os.environ, "STANCEGRAPH_QUERY_SLOTS": "8", "STANCEGRAPH_THREADS": "80"}
    result = subprocess.run(
        [str(script), "serve", "--port", "1"], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "stancegraph serve: threads (80) must exceed 2 x query_slots + query_queue (80), "
        "so that pages are served while queries run and wait"
    )


def test_the_readme_gives_each_settings_default() -> None:
    """The configuration table's defaults are the settings' own (it once said 4 threads for 8)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        row = re.search(rf"^\| `{setting.name}` \| `{setting.env}` \| `([^`]*)` \|", readme, re.M)
        assert row, f"{setting.name} has no row in README.md's configuration table"
        assert row.group(1) == str(setting.default), setting.name
