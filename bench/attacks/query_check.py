"""The query check bypassed: SERVICE and RAND() hidden from it the ways the first one missed.

Held: every hidden SERVICE got a 403 saying it was refused (never a 500) and nothing connected
to the listener it named; every hidden RAND() was answered anew when asked again.
"""

from __future__ import annotations

import json
import socket
from contextlib import suppress

from bench.attacks.queries import HIDDEN_RAND, JSON, hidden_services, sparql
from bench.attacks.report import Row, first_line, tally
from bench.attacks.target import Target, log_offset, tracebacks


def guard_bypass(target: Target) -> Row:
    """SERVICE hidden from the query check, towards a listener here; RAND() hidden, asked twice."""
    since = log_offset(target)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        asked = [target.get(sparql(q), {"Accept": "text/plain"}, 30) for q in hidden_services(url)]
        called = accepted(listener)
    rands = [(random_value(target, query), random_value(target, query)) for query in HIDDEN_RAND]
    refused = [reply for reply in asked if reply.status == 403 and b"refused" in reply.body]
    anew = [pair for pair in rands if None not in pair and pair[0] != pair[1]]
    logged = tracebacks(target, since)
    held = len(refused) == len(asked) and not called and len(anew) == len(rands) and not logged
    notes = [first_line(asked[0]), f"connections to the listener: {called}"]
    notes += [f"tracebacks in the log: {logged}"] if logged else []
    sent = (f'SERVICE to a listener here, hidden {len(asked)} ways ("a\\u0022", SILENT, "<" '
            f"read as less-than, glued keywords); RAND() hidden {len(rands)} ways, each asked "
            "twice")  # fmt: skip
    answered = f"SERVICE refused {len(refused)}/{len(asked)}, RAND() answered anew {len(anew)}/{len(rands)}"
    statuses = "SERVICE: " + tally(reply.status for reply in asked)
    return Row("4. query check bypass", sent, answered, statuses, held, notes)


def accepted(listener: socket.socket) -> int:
    """Connections waiting on ``listener`` (each accepted and closed)."""
    count = 0
    with suppress(BlockingIOError):
        while True:
            listener.accept()[0].close()
            count += 1
    return count


def random_value(target: Target, query: str) -> str | None:
    """The value of ``?r`` in the first row of the answer; None if there was none."""
    reply = target.get(sparql(query), {"Accept": JSON}, 30)
    if reply.status != 200:
        return None
    with suppress(ValueError, KeyError, IndexError):
        return str(json.loads(reply.body)["results"]["bindings"][0]["r"]["value"])
    return None
