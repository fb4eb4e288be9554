"""The probes that ask the server while an attack runs, and the row that says if it starved them.

Each probe is a new connection asking for ``/healthz``, a page or a cheap query never asked
before; an attack held if every probe got a 2xx within :data:`~bench.attacks.raw_http.LIMIT`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from bench.attacks.queries import JSON, cheap_query, fresh, sparql
from bench.attacks.raw_http import Reply
from bench.attacks.report import Row, tally
from bench.attacks.target import RECOVERY_TIMEOUT, Target, recover

PROBE_EVERY = 0.5


class Prober:
    """Asks for each of ``kinds`` every :data:`PROBE_EVERY` s, each probe on a thread of its own."""

    def __init__(self, target: Target, kinds: Iterable[str] = ("healthz", "page", "query")):
        self.target = target
        self.replies: dict[str, list[Reply]] = {kind: [] for kind in kinds}
        self._lock = threading.Lock()

    def run_for(self, seconds: float) -> dict[str, list[Reply]]:
        end = time.monotonic() + seconds
        return self.run_while(lambda: time.monotonic() < end)

    def run_while(self, going: Callable[[], bool]) -> dict[str, list[Reply]]:
        """Probe until ``going()`` is false, then wait for the probes' answers."""
        threads = []
        while going():
            for kind in self.replies:
                threads.append(threading.Thread(target=self._probe, args=(kind,)))
                threads[-1].start()
            time.sleep(PROBE_EVERY)
        for thread in threads:
            thread.join()
        return self.replies

    def _probe(self, kind: str) -> None:
        if kind == "healthz":
            reply = self.target.get("/healthz")
        elif kind == "page":
            reply = self.target.get(self.target.page, {"Accept": "text/html"})
        else:
            reply = self.target.get(sparql(cheap_query(fresh())), {"Accept": JSON})
        with self._lock:
            self.replies[kind].append(reply)


class Load(Protocol):
    """An attack that runs in the background while the probes ask."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def sent(self) -> str: ...


class Nothing:
    """No attack: what the probes get from the server at rest."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def sent(self) -> str:
        return "nothing: the probes alone"


def under_load(target: Target, name: str, load: Load, seconds: float) -> Row:
    """Probe for ``seconds`` while ``load`` runs; the row, with how soon the server recovered."""
    load.start()
    try:
        replies = Prober(target).run_for(seconds)
    finally:
        load.stop()
    return starving_row(name, load.sent(), replies, recover(target))


def starving_row(
    name: str, sent: str, replies: dict[str, list[Reply]], recovered: float | None
) -> Row:
    """The row of an attack that tried to starve the probes: held if every one was in time."""
    answered = ", ".join(
        f"{kind} {sum(r.in_time for r in got)}/{len(got)}" for kind, got in replies.items()
    )
    every = [reply for got in replies.values() for reply in got]
    slowest = ", ".join(
        f"{kind} {max(r.seconds for r in got):.2f} s" for kind, got in replies.items() if got
    )
    notes = [f"slowest probe: {slowest}"]
    notes.append(
        "recovered at once" if recovered is not None and recovered < 0.05 else
        f"/healthz answered in time again {recovered:.1f} s after the attack stopped"
        if recovered is not None else f"still not answering {RECOVERY_TIMEOUT:g} s after"
    )  # fmt: skip
    held = bool(every) and all(reply.in_time for reply in every)
    return Row(name, sent, answered, tally(r.status for r in every), held, notes)
