"""The result of each attack as a row, the Markdown table of them, and its place in SECURITY.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.attacks.raw_http import Reply
from bench.processes import ROOT

SECURITY = ROOT / "SECURITY.md"
BEGIN = "<!-- bench/attack: begin (generated; edit bench/attacks/ instead) -->"
END = "<!-- bench/attack: end -->"
INTRO = """# Security

What `stancegraph serve` withstands, measured by `make attack` (`bench/attack`, not part of
`make test`): the attacks of issue 16 run against a live server with default settings on
loopback, while probes check that it still answers.
"""


@dataclass
class Row:
    """One attack: what was sent, what the probes or checks got, and whether it held."""

    attack: str
    sent: str
    answered: str
    statuses: str
    held: bool
    notes: list[str] = field(default_factory=list)
    verdicts: tuple[str, str] = ("held", "worked")

    @property
    def verdict(self) -> str:
        return self.verdicts[0] if self.held else self.verdicts[1]


def tally(statuses: Iterable[object]) -> str:
    """Each status once, with how often it came when more than once: ``200×3, 503``."""
    counted = Counter(str(status) for status in statuses)
    return ", ".join(f"{status}×{n}" if n > 1 else status for status, n in sorted(counted.items()))


def first_line(reply: Reply, limit: int = 160) -> str:
    """The first line of the answer's body, quoted and cut at ``limit`` characters."""
    line = reply.body.decode("utf-8", "replace").strip().split("\n")[0]
    return f'"{line[: limit - 1]}…"' if len(line) > limit else f'"{line}"'


def render(rows: list[Row], header: str) -> str:
    """The table under ``header``, then each attack's notes."""
    lines = [header, "", "| attack | what was sent | probes answered within 1 s (n/N) | statuses "
             "| verdict |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in rows:
        cells = (row.attack, row.sent, row.answered, row.statuses, row.verdict)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines.append("")
    lines += [f"- {row.attack}: {'; '.join(row.notes)}" for row in rows if row.notes]
    return "\n".join(lines)


def write(table: str, path: Path = SECURITY) -> None:
    """Put ``table`` between the markers in ``path``, or below its intro (which it may create)."""
    block = f"{BEGIN}\n{table}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else INTRO
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = f"{old.rstrip()}\n\n{block}\n"
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
