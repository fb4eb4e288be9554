"""Issue 17: a new build is served without a restart, and no request fails meanwhile.

A server runs on a corpus of one article; clients keep asking (a kept-alive session and fresh
connections: pages, a query, the health check) while a second article is added and built. The
server notices the new ``dist/``, reloads its workers gracefully, and serves the new article;
every answer of every client in between is checked.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, LiveServer

SEED = "kosovo-nato-membership"
NEW = "second-article"
#: Seconds to wait for the new article before calling it a hang (the server looks every second).
HANG = 120
_FRESH = itertools.count()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus of the seed alone: its seeds/ and mappings/ (registries included)."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / f"{SEED}.txt", tmp_path / "seeds")
    shutil.copytree(ROOT / "mappings", tmp_path / "mappings", ignore=_not_data)
    return tmp_path


def _not_data(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if not n.endswith((".yaml", ".md"))]


def settings(corpus: Path) -> dict[str, str]:
    return {
        "STANCEGRAPH_SEEDS_DIR": str(corpus / "seeds"),
        "STANCEGRAPH_MAPPINGS_DIR": str(corpus / "mappings"),
        "STANCEGRAPH_DIST_DIR": str(corpus / "dist"),
    }


class Clients:
    """Threads asking the server, each noting every request that failed or came back wrong."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.failures: list[str] = []
        self.answered = 0
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._ask, args=(requests.Session(),), daemon=True),
            threading.Thread(target=self._ask, args=(None,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _ask(self, session: requests.Session | None) -> None:
        get: Callable[..., requests.Response] = session.get if session else requests.get
        checks = itertools.cycle(self._checks())
        while not self._stop.is_set():
            path, params, expect = next(checks)
            try:
                answer = get(self.server.url + path, params=params(), timeout=30)
            except requests.RequestException as error:
                self.failures.append(f"{path}: {type(error).__name__}: {error}")
                continue
            if answer.status_code != 200 or expect not in answer.text:
                self.failures.append(f"{path}: {answer.status_code} {answer.text[:200]}")
            self.answered += 1

    @staticmethod
    def _checks() -> Iterator[tuple[str, Callable[[], dict[str, str]], str]]:
        yield "/healthz", dict, '"status":"ok"'
        yield f"/doc/article/{SEED}", dict, "Kosovo"
        query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1"
        yield "/sparql", lambda: {"query": f"{query} # {next(_FRESH)}", "format": "csv"}, "l\r\n"

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def test_a_new_article_is_served_without_a_restart(
    start_server: Callable[..., LiveServer], corpus: Path
) -> None:
    server = start_server([], env=settings(corpus))
    new_page = f"{server.url}/doc/article/{NEW}"
    assert requests.get(new_page, timeout=30).status_code == 404
    clients = Clients(server)
    try:
        shutil.copy(corpus / "seeds" / f"{SEED}.txt", corpus / "seeds" / f"{NEW}.txt")
        shutil.copy(corpus / "mappings" / f"{SEED}.yaml", corpus / "mappings" / f"{NEW}.yaml")
        built = subprocess.run(
            [sys.executable, "-m", "stancegraph.cli", "build"],
            env={**os.environ, **settings(corpus)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        deadline = time.monotonic() + HANG
        while (page := requests.get(new_page, timeout=30)).status_code != 200:
            assert page.status_code == 404, page.text
            assert time.monotonic() < deadline, "the new build was not served"
            time.sleep(0.2)
        answered_before = clients.answered
        deadline = time.monotonic() + HANG
        while clients.answered < answered_before + 20:  # the clients go on after the reload
            assert time.monotonic() < deadline, "the clients got no more answers"
            time.sleep(0.05)
    finally:
        clients.stop()
    assert clients.failures == []
    assert "Kosovo" in page.text
    assert "reloading the workers with the new version" in server.stderr()
