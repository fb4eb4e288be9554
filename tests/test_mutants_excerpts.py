"""Finding a statement's words in its article: every occurrence, the nearest passage, the messages.

Written against the mutants that survived the seed mapping tests (see TESTING.md).
"""

from __future__ import annotations

import pytest

from stancegraph.mapping.excerpts import (
    CONTEXT,
    ExcerptError,
    _first_difference,
    context,
    locate,
    nearest,
    occurrences,
)

TEXT = "He said no. Then he said no again, and she said yes."


def test_occurrences_overlapping_ones_too() -> None:
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences(TEXT, "said") == [3, 20, 43]
    assert occurrences(TEXT, "maybe") == []
    assert occurrences("ab", "ab") == [0]


def test_nearest_is_the_passage_most_like_the_excerpt() -> None:
    assert nearest(TEXT, "he said nope") == "he said no a"
    assert nearest("xyz abcdef", "abcxef") == "abcdef"
    assert nearest("abc", "zzabc") == "abc"  # begins before the text: clipped to its start
    assert nearest("abcdZ abcdY", "abcdQ") == "abcdZ"  # the first of two as good


def test_first_difference() -> None:
    assert _first_difference("abcd", "abxd") == 2
    assert _first_difference("abc", "abc") == 3
    assert _first_difference("ab", "abc") == 2
    assert _first_difference("abc", "ab") == 2


def test_a_missing_excerpt_says_where_the_nearest_passage_differs() -> None:
    with pytest.raises(ExcerptError) as missing:
        locate(TEXT, "she said yeah")
    assert str(missing.value) == (
        "text not found in the article; nearest passage is 'she said yes.' "
        "(first difference at character 12: article has 's.', mapping has 'ah')"
    )


def test_a_unique_excerpt_is_found() -> None:
    assert locate(TEXT, "Then") == 12
    assert locate(TEXT, "yes", occurrence=1) == 48


def test_a_repeated_excerpt_needs_a_choice() -> None:
    with pytest.raises(ExcerptError) as repeated:
        locate(TEXT, "said")
    assert str(repeated.value) == (
        "text occurs 3 times (at offsets 3, 20, 43); "
        "add 'occurrence: N' or 'after: <preceding text>'"
    )


def test_an_excerpt_found_twice_needs_a_choice_too() -> None:
    with pytest.raises(ExcerptError, match=r"^text occurs 2 times \(at offsets 0, 3\); add"):
        locate("ab ab", "ab")


def test_occurrence_picks_one_counted_from_one() -> None:
    assert [locate(TEXT, "said", occurrence=n) for n in (1, 2, 3)] == [3, 20, 43]
    with pytest.raises(ExcerptError) as beyond:
        locate(TEXT, "said", occurrence=4)
    assert str(beyond.value) == "occurrence 4 asked, but the text occurs 3 times"


def test_after_picks_the_occurrence_that_follows_it() -> None:
    assert locate(TEXT, "said", after="she ") == 43
    assert locate(TEXT, "said", after="Then he ") == 20
    with pytest.raises(ExcerptError) as twice:
        locate(TEXT, "said no", after="e ")
    assert str(twice.value) == "text preceded by 'e ' occurs 2 times, expected once"
    with pytest.raises(ExcerptError, match=r"^text preceded by 'nobody ' occurs 0 times"):
        locate(TEXT, "said", after="nobody ")


def test_after_and_occurrence_together_count_among_the_ones_after() -> None:
    assert locate(TEXT, "said", after="she ", occurrence=1) == 43


def test_context_is_up_to_so_many_characters_either_side() -> None:
    assert CONTEXT == 32
    text = "x" * 40 + "WORDS" + "y" * 40
    assert context(text, 40, 45) == ("x" * 32, "y" * 32)
    assert context("ab WORDS cd", 3, 8) == ("ab ", " cd")
    assert context("WORDS", 0, 5) == ("", "")
