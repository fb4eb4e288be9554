"""Validators across builds: an entity tag names the bytes of one build, never those of another.

The seed is built into a folder and served; then a copy of its mappings with one label more (an
alternative label of Vlade Radulovic) is built into the same folder, as a rebuild of ``dist/``
does, and served. A client that kept the first build's ETag must get the second build's bytes,
not a 304; the same build must still answer its own ETag with a 304. Both applications are asked
through Flask's test client (what gunicorn serves is the same application).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from rdflib import Graph
from rdflib.compare import to_isomorphic
from werkzeug.test import TestResponse

from stancegraph.vocabulary import DEFAULT_BASE_URI
from tests.conftest import ROOT, make_app

RESOURCE = "/doc/actor/vlade-radulovic"
ALT_LABELS = (
    f"SELECT ?alt WHERE {{ <{DEFAULT_BASE_URI}id/actor/vlade-radulovic> "
    "<http://schema.org/alternateName> ?alt }"
)
#: What is asked of both builds: (path, Accept). Each differs between them, byte for byte.
TARGETS = [
    (f"{RESOURCE}.ttl", "*/*"),
    (f"{RESOURCE}.jsonld", "*/*"),
    (f"{RESOURCE}.rdf", "*/*"),
    (f"{RESOURCE}.nt", "*/*"),
    (f"{RESOURCE}.html", "*/*"),
    (RESOURCE, "application/ld+json"),  # negotiated
    (RESOURCE, "text/html"),
    ("/dataset", "text/turtle"),
    ("/dataset.html", "*/*"),
    ("/", "text/html"),
    ("/dumps/dataset.nq", "*/*"),
    ("/dumps/dataset.nq.gz", "*/*"),
    ("/dumps/dataset.trig", "*/*"),
    ("/sparql", "text/turtle"),  # the service description: it counts the triples
    ("/sparql?" + urlencode({"query": ALT_LABELS}), "application/sparql-results+json"),
]
#: The answers that must carry validators; the others are checked if they ever do.
VALIDATED = [target for target in TARGETS if not target[0].startswith("/sparql")]
Target = tuple[str, str]


@dataclass(frozen=True)
class Asked:
    """What each build answered for one target."""

    first: TestResponse  # the first build, unconditionally
    first_revalidated: TestResponse | None  # the first build, given its own ETag
    second: TestResponse  # the second build, unconditionally
    second_given_first: TestResponse  # the second build, given the first build's validators
    second_given_first_tag: TestResponse  # ... the first build's ETag alone
    second_revalidated: TestResponse | None  # the second build, given its own ETag


def get(client: FlaskClient, target: Target, **headers: str) -> TestResponse:
    path, accept = target
    # Buffered: the answer is read whole and closed, as a WSGI server does.
    return client.get(path, headers={"Accept": accept, **headers}, buffered=True)


def validators(response: TestResponse) -> dict[str, str]:
    """The conditional request headers a cache would send to revalidate ``response``."""
    sent = {}
    if "ETag" in response.headers:
        sent["If-None-Match"] = response.headers["ETag"]
    if "Last-Modified" in response.headers:
        sent["If-Modified-Since"] = response.headers["Last-Modified"]
    return sent


def revalidate(client: FlaskClient, target: Target, answer: TestResponse) -> TestResponse | None:
    """``target`` asked again with the ETag of ``answer`` alone; None when it has none."""
    if "ETag" not in answer.headers:
        return None
    return get(client, target, **{"If-None-Match": answer.headers["ETag"]})


def content(response: TestResponse, target: Target) -> object:
    """What an answer says: its bytes, or for Turtle without validators, its graph.

    The service description is written by rdflib in no fixed order of its blank nodes, so the
    same build's answers differ in bytes (harmless: they carry no validators).
    """
    if target not in VALIDATED and response.headers["Content-Type"].startswith("text/turtle"):
        return to_isomorphic(Graph().parse(data=response.data, format="turtle"))
    return response.data


def build(seeds: Path, mappings: Path, dist: Path) -> None:
    """``stancegraph build`` of these sources into ``dist`` (replaced at once if it exists)."""
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--seeds-dir", str(seeds)]
    command += ["--mappings-dir", str(mappings), "--dist-dir", str(dist)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> dict[Target, Asked]:
    """Every target asked of the seed's build, then of the changed build in the same folder."""
    folder = tmp_path_factory.mktemp("two-builds")
    seeds, mappings, dist = folder / "seeds", folder / "mappings", folder / "dist"
    seeds.mkdir()
    mappings.mkdir()
    for source in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(source, seeds)
    for source in (ROOT / "mappings").glob("*.yaml"):
        shutil.copy(source, mappings)

    build(seeds, mappings, dist)
    first = make_app({"dist_dir": str(dist)}).test_client()
    # All of the first build is asked now: the dumps are read from dist/ at each request.
    answers = {target: get(first, target) for target in TARGETS}
    revalidated = {target: revalidate(first, target, answers[target]) for target in TARGETS}
    # What a client holds from the first build; for an answer without validators, the dataset's.
    dataset = validators(answers["/dataset", "text/turtle"])
    held = {target: validators(answers[target]) or dataset for target in TARGETS}

    actors = mappings / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    assert text.count("alt_labels: [Radulovic]\n") == 1
    actors.write_text(
        text.replace("alt_labels: [Radulovic]\n", "alt_labels: [Radulovic, Radulović]\n"),
        encoding="utf-8",
    )
    build(seeds, mappings, dist)
    second = make_app({"dist_dir": str(dist)}).test_client()
    found = {}
    for target in TARGETS:
        again = get(second, target)
        found[target] = Asked(
            first=answers[target],
            first_revalidated=revalidated[target],
            second=again,
            second_given_first=get(second, target, **held[target]),
            second_given_first_tag=get(
                second, target, **{"If-None-Match": held[target]["If-None-Match"]}
            ),
            second_revalidated=revalidate(second, target, again),
        )
    return found


@pytest.mark.parametrize("target", TARGETS, ids=[" ".join(t) for t in TARGETS])
def test_a_tag_of_the_first_build_never_revalidates_the_second(
    asked: dict[Target, Asked], target: Target
) -> None:
    answers = asked[target]
    first, second = answers.first, answers.second
    assert (first.status_code, second.status_code) == (200, 200)
    # The builds differ here (else this target would prove nothing).
    assert content(first, target) != content(second, target)
    if target in VALIDATED:
        assert "ETag" in first.headers and "ETag" in second.headers, target
    if "ETag" in first.headers or "ETag" in second.headers:
        # (a) Other bytes, another tag.
        assert first.headers.get("ETag") != second.headers.get("ETag")
    # (b) The first build's validators, sent to the second: its new bytes in full, never a 304.
    for answer in (answers.second_given_first, answers.second_given_first_tag):
        assert answer.status_code == 200, answer.request.headers
        assert content(answer, target) == content(second, target)
        assert answer.headers.get("ETag") == second.headers.get("ETag")


@pytest.mark.parametrize("target", VALIDATED, ids=[" ".join(t) for t in VALIDATED])
def test_each_build_answers_its_own_tag_with_a_304(
    asked: dict[Target, Asked], target: Target
) -> None:
    answers = asked[target]
    for answer, revalidated in (
        (answers.first, answers.first_revalidated),
        (answers.second, answers.second_revalidated),
    ):
        assert revalidated is not None
        assert (revalidated.status_code, revalidated.data) == (304, b"")
        assert revalidated.headers["ETag"] == answer.headers["ETag"]
