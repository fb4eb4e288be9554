"""Scoring a draft against a reviewed mapping or a hand-annotated list of quotations.

A drafted quote matches a reviewed one when their spans overlap by at least 90 % of the longer
of the two (each reviewed quote matches at most one drafted quote). A speaker is right when the
drafted actor's label equals the reviewed speaker's name: the registry label of a mapping's
speaker, or the name an annotation file gives. A reviewed reported statement is found when a
drafted reported statement of the same speaker overlaps at least half of each of the two spans
(reported spans are a convention, so the bar is lower than for quotes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stancegraph.drafting.draft import Draft, Statement

QUOTE_OVERLAP = 0.9
REPORT_OVERLAP = 0.5


@dataclass(frozen=True)
class Gold:
    """A reviewed statement: its kind, span and speaker's name (None: unknown)."""

    kind: str
    begin: int
    end: int
    speaker: str | None


@dataclass
class Score:
    quotes: int = 0  # reviewed quotes
    drafted: int = 0  # drafted quotes
    matched: int = 0
    right_speaker: int = 0
    reports: int = 0
    reports_found: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.quotes if self.quotes else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Reviewed quotes matched with the right speaker, of all reviewed quotes."""
        return self.right_speaker / self.quotes if self.quotes else 1.0

    @property
    def reports_rate(self) -> float:
        return self.reports_found / self.reports if self.reports else 1.0

    def summary(self) -> str:
        lines = [
            f"quotes: {self.matched} of {self.quotes} found, {self.drafted} drafted: "
            f"precision {self.precision:.2f}, recall {self.recall:.2f}, F1 {self.f1:.2f}",
            f"speakers: {self.right_speaker} of {self.quotes} right "
            f"(accuracy {self.speaker_accuracy:.2f})",
        ]
        if self.reports:
            lines.append(
                f"reported statements: {self.reports_found} of {self.reports} found with the "
                f"right speaker ({self.reports_rate:.2f})"
            )
        return "\n".join(lines + self.misses)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """The characters two spans share, as a share of the longer one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(a[1] - a[0], b[1] - b[0], 1)


def _label(s: Statement) -> str | None:
    return None if s.speaker is None else s.speaker.label


def _same(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and " ".join(a.split()) == " ".join(b.split())
    )


def _show(text: str, begin: int, end: int) -> str:
    words = " ".join(text[begin:end].split())
    return repr(words if len(words) <= 70 else words[:67] + "...")


def score(text: str, draft: Draft, gold: list[Gold]) -> Score:
    """How the draft's quotes, speakers and reported statements compare with ``gold``."""
    result = Score()
    quotes = [s for s in draft.statements if s.kind == "quote"]
    result.quotes = sum(g.kind == "quote" for g in gold)
    result.drafted = len(quotes)
    free = list(quotes)
    for g in (g for g in gold if g.kind == "quote"):
        best = max(free, key=lambda s: overlap((s.begin, s.end), (g.begin, g.end)), default=None)
        if best is None or overlap((best.begin, best.end), (g.begin, g.end)) < QUOTE_OVERLAP:
            result.misses.append(f"missed quote at {g.begin}: {_show(text, g.begin, g.end)}")
            continue
        free.remove(best)
        result.matched += 1
        if _same(_label(best), g.speaker):
            result.right_speaker += 1
        else:
            result.misses.append(
                f"wrong speaker at {g.begin}: {_label(best)!r} ({best.rule}), "
                f"expected {g.speaker!r}: {_show(text, g.begin, g.end)}"
            )
    for s in free:
        result.misses.append(f"extra quote at {s.begin} ({s.rule}): {_show(text, s.begin, s.end)}")
    reports = [s for s in draft.statements if s.kind == "reported"]
    for g in (g for g in gold if g.kind == "reported"):
        result.reports += 1
        if any(
            _same(_label(s), g.speaker)
            and min(s.end, g.end) - max(s.begin, g.begin)
            >= REPORT_OVERLAP * max(s.end - s.begin, g.end - g.begin)
            for s in reports
        ):
            result.reports_found += 1
        else:
            result.misses.append(
                f"missed reported statement of {g.speaker!r} at {g.begin}: "
                f"{_show(text, g.begin, g.end)}"
            )
    return result
