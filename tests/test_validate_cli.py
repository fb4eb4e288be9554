"""``stancegraph validate``: exit codes, every output format, unreadable input, and mapping lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from stancegraph.cli.main import main
from stancegraph.mapping.origins import Origin
from stancegraph.shacl.validation import github_annotation, origin_of
from stancegraph.vocabulary import SH

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "shapes" / "valid.trig"
BASE = "https://w3id.org/stancegraph/"
POSITION = BASE + "id/position/tiny-petrovic-membership"
EVIDENCE = BASE + "id/statement/tiny-serbia-r1"
MESSAGE = (
    f"Evidence {EVIDENCE} is said by Serbia, who is neither the position's holder (Ana Petrović) "
    "nor the publisher of the statement's article; if Serbia ascribes the position to its holder, "
    "say so (sg:ascribedBy)."
)
ARTICLE_MAPPING = "mappings/kosovo-nato-membership.yaml"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The valid fixture with one mistake: evidence said by someone other than the holder."""
    text = VALID.read_text(encoding="utf-8")
    evidence = "sg:evidence stmt:tiny-petrovic-q1 , stmt:tiny-daily-news-r1 ;"
    assert evidence in text
    path = tmp_path / "broken.trig"
    path.write_text(text.replace(evidence, evidence[:-1] + ", stmt:tiny-serbia-r1 ;"), "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- files and formats


def test_valid_file_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(VALID)) == (0, "Conforms.\n", "")


def test_text_names_focus_path_and_message(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    code, out, err = run(capsys, str(broken))
    assert (code, err) == (1, "")
    assert out == f"Violation <{POSITION}> sg:evidence: {MESSAGE}\nDoes not conform: 1 result.\n"


def test_json_lists_the_results(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "--format", "json", str(broken))
    assert code == 1
    assert json.loads(out) == [
        {
            "severity": "Violation",
            "focus": POSITION,
            "path": "sg:evidence",
            "message": MESSAGE,
            "value": EVIDENCE,
            "shape": "https://w3id.org/stancegraph/shapes#PositionEvidence",
            "file": None,
            "line": None,
        }
    ]


def test_turtle_is_the_shacl_report(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "--format", "turtle", str(broken))
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    node = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    assert report.value(node, SH.conforms) == Literal(False)
    [result] = report.objects(node, SH.result)
    assert report.value(result, SH.focusNode) == URIRef(POSITION)
    assert report.value(result, SH.value) == URIRef(EVIDENCE)
    assert report.value(result, SH.resultMessage) == Literal(MESSAGE, lang="en")
    assert report.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent


def test_github_annotation_without_origin(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "--format", "github", str(broken))
    assert (code, out) == (1, f"::error::<{POSITION}> sg:evidence: {MESSAGE}\n")


@pytest.mark.parametrize(
    ("form", "expected"),
    [("text", "Conforms.\n"), ("json", "[]\n"), ("github", "")],
)
def test_conforming_output(capsys: pytest.CaptureFixture[str], form: str, expected: str) -> None:
    assert run(capsys, "--format", form, str(VALID)) == (0, expected, "")


def test_conforming_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "turtle", str(VALID))
    report = Graph().parse(data=out, format="turtle")
    assert code == 0
    assert set(report.objects(None, SH.conforms)) == {Literal(True)}
    assert not set(report.objects(None, SH.result))


def quads() -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(path=VALID, format=pyoxigraph.RdfFormat.TRIG))


@pytest.mark.parametrize(
    ("suffix", "form"),
    [
        ("ttl", pyoxigraph.RdfFormat.TURTLE),
        ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
        ("rdf", pyoxigraph.RdfFormat.RDF_XML),
        ("owl", pyoxigraph.RdfFormat.RDF_XML),
        ("trig", pyoxigraph.RdfFormat.TRIG),
        ("nq", pyoxigraph.RdfFormat.N_QUADS),
    ],
)
def test_every_rdf_format_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, form: pyoxigraph.RdfFormat
) -> None:
    path = tmp_path / f"data.{suffix}"
    statements = quads() if form.supports_datasets else [q.triple for q in quads()]
    pyoxigraph.serialize(statements, output=path, format=form)
    assert run(capsys, str(path)) == (0, "Conforms.\n", "")


def test_files_are_validated_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The article without the registry lacks its actors; with it, the union conforms."""
    article, registry = tmp_path / "article.ttl", tmp_path / "registry.nt"
    in_registry = [
        q for q in quads() if q.graph_name == pyoxigraph.NamedNode(BASE + "graph/registry")
    ]
    others = [q for q in quads() if q not in in_registry]
    pyoxigraph.serialize(
        [q.triple for q in others], output=article, format=pyoxigraph.RdfFormat.TURTLE
    )
    pyoxigraph.serialize(
        [q.triple for q in in_registry], output=registry, format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    assert run(capsys, str(article), str(registry)) == (0, "Conforms.\n", "")
    code, out, _ = run(capsys, str(article))
    assert code == 1
    speaker = (
        f"Violation <{BASE}id/statement/tiny-petrovic-q1> prov:wasAttributedTo: "
        "The statement's speaker (prov:wasAttributedTo) is not an actor (sg:Actor).\n"
    )
    assert speaker in out


# ---------------------------------------------------------------- input the command cannot use


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "missing.ttl"
    assert run(capsys, str(path)) == (
        2,
        "",
        f"stancegraph validate: {path}: cannot read: No such file or directory\n",
    )


def test_directory_instead_of_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "folder.ttl"
    path.mkdir()
    assert run(capsys, str(path)) == (
        2,
        "",
        f"stancegraph validate: {path}: cannot read: Is a directory\n",
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.ttl", "@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b .\n",
         "3: invalid Turtle: Parser error at line 3 column 11: . is not a valid RDF object"),
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n",
         "2: invalid N-Triples: Parser error at line 2 column 23: "
         "The object of a triple must be an IRI, a blank node or a literal"),
        ("bad.trig", "<http://g> {\n<http://a> <http://b> }\n",
         "2: invalid TriG: Parser error at line 2 column 23: } is not a valid RDF object"),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": \n}\n',
         "3: invalid JSON-LD: Parser error at line 3 column 1: "
         "Unexpected closing curly bracket, no array to close"),
    ],
)  # fmt: skip
def test_unparsable_file_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: str, expected: str
) -> None:
    """The whole message: file, line, syntax and the parser's own words, on one line."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert run(capsys, str(path)) == (2, "", f"stancegraph validate: {path}:{expected}\n")


def test_unknown_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    assert run(capsys, str(path)) == (
        2,
        "",
        f"stancegraph validate: {path}: not an RDF file name; expected one of "
        ".jsonld, .nq, .nt, .owl, .rdf, .trig, .ttl\n",
    )


def test_unknown_output_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--format", "xml", str(VALID)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: stancegraph validate ")
    assert err.splitlines()[-1] == (
        "stancegraph validate: error: argument --format: invalid choice: 'xml' "
        "(choose from 'text', 'turtle', 'json', 'github')"
    )


def test_installed_script(broken: Path, tmp_path: Path) -> None:
    """The real ``stancegraph`` entry point: JSON on stdout, exit 1; a missing file, exit 2."""
    script = Path(sys.executable).with_name("stancegraph")
    found = subprocess.run(
        [str(script), "validate", "--format", "json", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1
    assert [r["focus"] for r in json.loads(found.stdout)] == [POSITION]
    missing = subprocess.run(
        [str(script), "validate", str(tmp_path / "missing.nq")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr == (
        f"stancegraph validate: {tmp_path / 'missing.nq'}: cannot read: No such file or directory\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("msg",), "::error::msg"),
        (("msg", "mappings/a.yaml", 42), "::error file=mappings/a.yaml,line=42::msg"),
        (("msg", "mappings/a.yaml", 0), "::error file=mappings/a.yaml::msg"),
        (("50% done\nnext", "odd,name:x.yaml", 3), "::error file=odd%2Cname%3Ax.yaml,line=3::50%25 done%0Anext"),
    ],
)  # fmt: skip
def test_github_annotation_escaping(args: tuple[str, str, int], expected: str) -> None:
    assert github_annotation(*args) == expected


def test_origin_of_a_fragment_falls_back_to_its_document() -> None:
    article = URIRef(BASE + "id/article/x")
    origins = {article: Origin("mappings/x.yaml", 9)}
    assert origin_of(URIRef(f"{article}#char=3,9"), origins) == Origin("mappings/x.yaml", 9)
    assert origin_of(URIRef(BASE + "id/article/y#char=3,9"), origins) is None


# ---------------------------------------------------------------- the seed articles and mappings


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of seeds/ and mappings/ that the settings point at, as the working folder."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(
        ROOT / "mappings",
        tmp_path / "mappings",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STANCEGRAPH_SEEDS_DIR", "seeds")
    monkeypatch.setenv("STANCEGRAPH_MAPPINGS_DIR", "mappings")
    return tmp_path


def test_seed_corpus_conforms(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    assert run(capsys) == (0, "Conforms.\n", "")


def line_of(lines: list[str], text: str) -> int:
    """The 1-based number of the only line that is ``text`` once stripped."""
    found = [n for n, line in enumerate(lines, 1) if line.strip() == text]
    assert len(found) == 1, f"{text!r} is on lines {found} of {ARTICLE_MAPPING}"
    return found[0]


def test_corrupted_quote_points_at_its_mapping_line(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """A quote the article does not contain: the build stops at the quote's line (exit 2).

    The whole message is checked: that the text was not found, the passage it was likely meant
    to be, and where the two first differ. A build that quietly took the nearest passage instead
    would say something else, or nothing.
    """
    mapping = corpus / ARTICLE_MAPPING
    lines = mapping.read_text(encoding="utf-8").splitlines()
    key = line_of(lines, "- id: radulovic-q1") + 5
    assert lines[key - 1] == "    text: >-" and lines[key + 1].startswith("    basis:")
    article = lines[key].strip()
    assert article.startswith("There is no doubt that, in a hypothetical scenario, ")
    quote = article.replace("hypothetical", "hypothetikal")  # one letter changed
    # Key and words on one line, so that the line of the mistake is not in doubt.
    lines[key - 1 : key + 1] = [f"    text: {json.dumps(quote, ensure_ascii=False)}"]
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = (
        f"statement radulovic-q1: text not found in the article; nearest passage is {article!r} "
        "(first difference at character 39: article has 'cal scenario', mapping has "
        "'kal scenario')"
    )

    assert run(capsys, "--format", "github") == (
        2,
        f"::error file={ARTICLE_MAPPING},line={key}::{message}\n",
        "",
    )
    assert run(capsys) == (2, "", f"stancegraph validate: {ARTICLE_MAPPING}:{key}: {message}\n")


def test_shacl_violation_points_at_its_mapping_line(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    """Evidence by an analyst for a politician's position maps, but does not validate (exit 1)."""
    mapping = corpus / ARTICLE_MAPPING
    lines = mapping.read_text(encoding="utf-8").splitlines()
    position = line_of(lines, "- id: haradinaj-membership")
    evidence = position + 4
    assert lines[evidence - 1] == "    evidence: [haradinaj-r1, haradinaj-q1]"
    lines[evidence - 1] = "    evidence: [haradinaj-r1, haradinaj-q1, radulovic-q1]"
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")

    iri = f"<{BASE}id/position/kosovo-nato-membership-haradinaj-membership>"
    message = (
        f"Evidence {BASE}id/statement/kosovo-nato-membership-radulovic-q1 is said by Vlade "
        "Radulovic, who is neither the position's holder (Ramush Haradinaj) nor the publisher of "
        "the statement's article; if Vlade Radulovic ascribes the position to its holder, say so "
        "(sg:ascribedBy)."
    )
    code, out, _ = run(capsys, "--format", "github")
    assert (code, out) == (
        1,
        f"::error file={ARTICLE_MAPPING},line={position}::{iri} sg:evidence: {message}\n",
    )
    code, out, _ = run(capsys)
    assert code == 1
    assert out.splitlines() == [
        f"Violation {iri} sg:evidence: {message} ({ARTICLE_MAPPING}:{position})",
        "Does not conform: 1 result.",
    ]


def test_text_lines_carry_no_traceback_on_bad_mapping(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    (corpus / "mappings" / "issues.yaml").write_text("issues: [\n", encoding="utf-8")
    assert run(capsys) == (
        2,
        "",
        "stancegraph validate: mappings/issues.yaml:2: invalid YAML: did not find expected node "
        "content\n",
    )
