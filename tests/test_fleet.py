"""Issue 14: several frontends behind HAProxy, one remote store, no downtime.

HAProxy runs ``deploy/haproxy.cfg`` itself (:class:`tests.fleet.HAProxy`) in front of two
``stancegraph serve --store URL`` frontends and an Oxigraph server, all on loopback. A bounded
mixed load (pages, distinct SPARQL queries, dumps; every answer's content checked) runs through
it while

- one frontend is killed with ``kill -9``, master and workers: HAProxy retries what the dead one
  held on the other, and marks it down;
- a new version (a second article) is built and published: each frontend notices the new
  publication record within ``store_poll`` and reloads its workers, and both then serve it.

The clients see 0 failed requests. They recover, as a careful client does, an answer cut in the
middle of its body (:func:`tests.fleet.mixed_load` with ``resume``): no proxy can replay a
request whose answer it has begun to pass on; how many were recovered is reported, not hidden.
No timings are asserted: every wait is for a state, given up only after :data:`HANG` seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from stancegraph.stores.store import file_version
from tests.conftest import ROOT, LiveServer, OxigraphServer, publish
from tests.fleet import HAProxy, Outcome, Page, Query, kill_tree, mixed_load

SEED = "kosovo-nato-membership"
NEW = "second-article"
#: Seconds to wait for a state (a frontend down, a version served) before calling it a hang.
HANG = 120
#: The load's length: long enough for a kill or a publication in the middle of it.
LOAD = timedelta(seconds=30)
#: A new version is looked for this often (the setting store_poll), in seconds.
POLL = 0.5

PAGES = (
    Page(f"/doc/article/{SEED}", "Kosovo"),
    Page("/doc/actor/vlade-radulovic.html", "Vlade Radulovic"),
    Page("/doc/issues.html", "Issues"),
    Page("/id/actor/nato", "/doc/actor/nato.html", status=303),
)
QUERIES = (
    Query(
        "PREFIX sg: <https://w3id.org/stancegraph/ontology#> "
        "SELECT ?statement WHERE { ?statement a sg:DirectQuote } ORDER BY ?statement",
        "statement",
        min_rows=10,
    ),
    Query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?actor ?name WHERE { ?actor a <https://w3id.org/stancegraph/ontology#Actor> ; "
        "rdfs:label ?name } ORDER BY ?name",
        "name",
        min_rows=20,
    ),
)
DUMPS = ("dataset.nq", "dataset.ttl", "dataset.jsonld")


@dataclass(frozen=True)
class Versions:
    """The folder the frontends serve their dumps from (built from the seed alone, then rebuilt
    with a second article), and a copy of each version's build to compare with."""

    served: Path
    first: Path
    second: Path
    second_corpus: Path


def corpus(folder: Path, articles: tuple[str, ...]) -> Path:
    """A corpus of the seed's text and mapping under each name of ``articles``."""
    (folder / "seeds").mkdir(parents=True)
    shutil.copytree(ROOT / "mappings", folder / "mappings", ignore=_not_data)
    for name in articles:
        shutil.copy(ROOT / "seeds" / f"{SEED}.txt", folder / "seeds" / f"{name}.txt")
        if name != SEED:
            shutil.copy(ROOT / "mappings" / f"{SEED}.yaml", folder / "mappings" / f"{name}.yaml")
    return folder


def _not_data(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if not n.endswith((".yaml", ".md"))]


def build(source: Path, dist: Path) -> None:
    command = [sys.executable, "-m", "stancegraph.cli", "build", "--dist-dir", str(dist)]
    command += ["--seeds-dir", str(source / "seeds"), "--mappings-dir", str(source / "mappings")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    folder = tmp_path_factory.mktemp("versions")
    first = corpus(folder / "first", (SEED,))
    second = corpus(folder / "second", (SEED, NEW))
    build(first, folder / "served")
    build(first, folder / "first-dist")
    build(second, folder / "second-dist")
    return Versions(folder / "served", folder / "first-dist", folder / "second-dist", second)


@dataclass
class Fleet:
    store: OxigraphServer
    frontends: list[LiveServer]
    proxy: HAProxy


@pytest.fixture
def fleet(
    tmp_path: Path, versions: Versions, start_server: Callable[..., LiveServer]
) -> Iterator[Fleet]:
    """The first version published to an Oxigraph server, two frontends and HAProxy."""
    build(corpus(tmp_path / "first", (SEED,)), versions.served)  # each test starts from it
    store = OxigraphServer(tmp_path / "oxigraph", union=False).start()
    try:
        published = publish(versions.served, store.store_url)
        assert published.returncode == 0, published.stderr
        args = ["--store", store.query_url, "--dist-dir", str(versions.served)]
        args += ["--store-poll", str(POLL), "--workers", "2"]
        frontends = [start_server(args) for _ in range(2)]
        with HAProxy([f"127.0.0.1:{f.port}" for f in frontends]) as proxy:
            yield Fleet(store, frontends, proxy)
        for frontend in frontends:
            frontend.stop()
    finally:
        store.close()


def load(fleet: Fleet, versions: Versions, outcomes: list[Outcome]) -> list[Outcome]:
    """The mixed load through HAProxy; the failed requests (all of them are in ``outcomes``)."""
    dumps = {name: [versions.first / name, versions.second / name] for name in DUMPS}
    return mixed_load(
        fleet.proxy.url, LOAD, PAGES, QUERIES, dumps, threads=8, resume=True, record=outcomes
    )


def wait_for(what: str, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG
    while not done():
        assert time.monotonic() < deadline, f"{what}: not within {HANG} s"
        time.sleep(0.1)


def report(outcomes: list[Outcome]) -> str:
    kinds = {
        kind: sum(1 for o in outcomes if o.kind == kind) for kind in ("page", "sparql", "dump")
    }
    recovered = sum(o.breaks for o in outcomes)
    return f"{len(outcomes)} requests {kinds}, {recovered} answers cut and recovered"


def test_a_frontend_killed_mid_load_costs_no_request(fleet: Fleet, versions: Versions) -> None:
    outcomes: list[Outcome] = []
    failed: list[Outcome] = []
    runner = threading.Thread(target=lambda: failed.extend(load(fleet, versions, outcomes)))
    runner.start()
    wait_for("some of the load", lambda: _sent(fleet) > 100)
    victim = fleet.frontends[1]
    killed = kill_tree(victim.process.pid)
    assert runner.is_alive(), "the load ended before the kill: LOAD is too short"
    runner.join()
    print(report(outcomes))
    assert failed == [], [f"{o.kind} {o.target}: {o.error}" for o in failed]
    assert len(outcomes) > 200 and len(killed) >= 3  # the master and its 2 workers
    states = fleet.proxy.server_states()
    assert sorted(states.values()) == ["DOWN", "UP"], states
    log = fleet.proxy.stderr()
    assert "is DOWN" in log
    # The other frontend answered after the kill: pages through HAProxy still come back.
    page = requests.get(f"{fleet.proxy.url}/doc/article/{SEED}", timeout=30)
    assert page.status_code == 200 and "Kosovo" in page.text


def _sent(fleet: Fleet) -> int:
    """Requests HAProxy has logged so far (one line each)."""
    return sum(1 for line in fleet.proxy.stderr().splitlines() if '"GET ' in line)


def test_a_new_version_is_served_by_every_frontend_without_a_failed_request(
    fleet: Fleet, versions: Versions
) -> None:
    new_page = f"/doc/article/{NEW}"
    assert requests.get(fleet.proxy.url + new_page, timeout=30).status_code == 404
    outcomes: list[Outcome] = []
    failed: list[Outcome] = []
    runner = threading.Thread(target=lambda: failed.extend(load(fleet, versions, outcomes)))
    runner.start()
    wait_for("some of the load", lambda: _sent(fleet) > 100)
    build(versions.second_corpus, versions.served)  # the dumps the frontends offer
    published = publish(versions.served, fleet.store.store_url)
    assert published.returncode == 0, published.stderr
    assert runner.is_alive(), "the load ended before the publication: LOAD is too short"
    digest, _ = file_version(versions.second / "dataset.nq")
    for frontend in fleet.frontends:  # each frontend, asked directly
        wait_for(
            f"the new version on {frontend.url}",
            lambda f=frontend: (
                requests.get(f.url + "/healthz", timeout=30).json()["dataset"] == digest[:32]
            ),
        )
        page = requests.get(frontend.url + new_page, headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Kosovo" in page.text
        assert "reloading the workers with the new version" in frontend.stderr()
    runner.join()
    print(report(outcomes))
    assert failed == [], [f"{o.kind} {o.target}: {o.error}" for o in failed]
    answered = requests.get(fleet.proxy.url + new_page, timeout=30)
    assert answered.status_code == 200
