"""Memory bombs: queries that would take gigabytes, alone and a query slot's worth at once.

Held: the CONCAT chain alone hit its memory limit (the sort may reach the time limit first on a
slow or busy machine), no bomb was answered otherwise than by a 503 that stopped it, the next
query answered, and the server lived.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from bench.attacks.probes import Prober
from bench.attacks.queries import JSON, cheap_query, concat_bomb, fresh, sort_bomb, sparql
from bench.attacks.raw_http import Reply
from bench.attacks.report import Row, first_line, tally
from bench.attacks.target import Target, log_offset, peak_memory, tracebacks

BOMB_TIMEOUT = 90.0
#: How a bomb may be stopped: by its memory limit, by the time limit before it reached that,
#: or by finding no free query slot.
STOPPED = ("503 memory limit", "503 time limit", "503 busy")


def memory_bombs(target: Target) -> Row:
    """Each bomb alone, then one per query slot at once while pages are probed; then a query."""
    since = log_offset(target)
    done = threading.Event()
    samples = peak_memory(target, done)
    first = [ask_bomb(target, bomb) for bomb in (concat_bomb, sort_bomb)]
    alone = [bomb_outcome(reply) for reply in first]
    wave, probes = bomb_wave(target)
    done.set()
    after = target.get(sparql(cheap_query(fresh())), {"Accept": JSON}, 30)
    logged = tracebacks(target, since)
    held = alone[0] == STOPPED[0] and all(o in STOPPED for o in alone + wave)
    held = held and after.status == 200 and target.alive() and not logged
    notes = [f"the next query: {after.status} in {after.seconds:.2f} s", first_line(first[0])]
    if samples:
        notes.append(f"peak PSS of the server's processes {max(samples) / 1024:.1f} GB")
    notes += [f"tracebacks in the log: {logged}"] if logged else []
    sent = (f"a CONCAT chain (the article's text doubled 20 times), then an ORDER BY over a 3-way "
            f"cross product, then {target.slots} at once (both kinds)")  # fmt: skip
    answered = ", ".join(f"{kind} {sum(r.in_time for r in got)}/{len(got)}"
                         for kind, got in probes.items())  # fmt: skip
    statuses = f"alone: {tally(alone)}; at once: {tally(wave)}"
    return Row("3. memory bombs", sent, f"{answered} (during the {target.slots})", statuses,
               held, notes)  # fmt: skip


def bomb_wave(target: Target) -> tuple[list[str], dict[str, list[Reply]]]:
    """One bomb per query slot at once, both kinds; their outcomes, and the probes meanwhile."""
    wave: list[str] = []
    bombs = itertools.islice(itertools.cycle((concat_bomb, sort_bomb)), target.slots)
    threads = [
        threading.Thread(target=lambda b=bomb: wave.append(bomb_outcome(ask_bomb(target, b))))
        for bomb in bombs
    ]
    for thread in threads:
        thread.start()
    probes = Prober(target, ("healthz", "page")).run_while(lambda: any(map(_alive, threads)))
    return wave, probes


def ask_bomb(target: Target, bomb: Callable[[int], str]) -> Reply:
    """Ask a new instance of ``bomb``, waiting long enough for any limit to stop it."""
    return target.get(sparql(bomb(fresh())), {"Accept": "text/csv"}, BOMB_TIMEOUT)


def bomb_outcome(reply: Reply) -> str:
    """The status, and for a 503 which limit it names (memory, time or busy)."""
    if reply.status == 503:
        for words in ("memory limit", "time limit", "busy"):
            if words.encode() in reply.body:
                return f"503 {words}"
    return str(reply.status)


def _alive(thread: threading.Thread) -> bool:
    return thread.is_alive()
