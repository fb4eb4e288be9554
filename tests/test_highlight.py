"""Cutting article text at span boundaries: nested and overlapping statements, paragraphs."""

from __future__ import annotations

import pytest

from stancegraph.web.highlight import Segment, paragraphs

TEXT = "Intro.\n\n“Alpha said beta was here”, she says.\n\nOutro."


def flat(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    return [segment for paragraph in paragraphs(text, spans) for segment in paragraph]


def span_of(text: str, part: str) -> tuple[int, int]:
    begin = text.index(part)
    return begin, begin + len(part)


def test_segments_rebuild_the_text_without_paragraph_breaks() -> None:
    spans = [span_of(TEXT, "Alpha said beta was here"), span_of(TEXT, "beta was here")]
    result = paragraphs(TEXT, spans)
    assert ["".join(s.text for s in p) for p in result] == [
        "Intro.",
        "“Alpha said beta was here”, she says.",
        "Outro.",
    ]


def test_nested_span_is_innermost_and_outer_span_covers_it() -> None:
    outer, inner = span_of(TEXT, "Alpha said beta was here"), span_of(TEXT, "beta was here")
    segments = {s.text: s for s in flat(TEXT, [outer, inner])}
    assert segments["Alpha said "].covering == (0,)
    assert segments["beta was here"].covering == (0, 1)
    assert segments["beta was here"].innermost == 1
    assert segments["Alpha said "].starting == (0,)
    assert segments["beta was here"].starting == (1,)


def test_overlapping_spans_split_into_three_runs() -> None:
    text = "one two three four"
    longer, shorter = span_of(text, "one two three"), span_of(text, "three four")
    runs = [(s.text, s.covering, s.starting) for s in flat(text, [longer, shorter])]
    assert runs == [
        ("one two ", (0,), (0,)),
        ("three", (0, 1), (1,)),  # the longer span counts as the outer one
        (" four", (1,), ()),
    ]


def test_every_statement_text_is_the_join_of_its_segments() -> None:
    spans = [span_of(TEXT, "Alpha said beta"), span_of(TEXT, "said beta was here”, she")]
    segments = flat(TEXT, spans)
    for i, (begin, end) in enumerate(spans):
        assert "".join(s.text for s in segments if i in s.covering) == TEXT[begin:end]


def test_span_outside_the_text_says_where() -> None:
    with pytest.raises(ValueError, match=r"span \(3, 99\) lies outside the text of 6 characters"):
        paragraphs("abcdef", [(3, 99)])
