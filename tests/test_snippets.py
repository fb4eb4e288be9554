"""Issue 17: the words around a statement are whole words from its own paragraph."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from stancegraph.web.snippets import lead_in, lead_out
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("prefix", "shown"),
    [
        ("sovo Online. The Kosovo Albanians said ", "…Online. The Kosovo Albanians said "),
        ("sovo Online.\n\nThe Kosovo Albanians said ", "The Kosovo Albanians said "),
        ("Milos Garic\n\nThe  analyst\nsaid: ", "The analyst said: "),
        ("unbroken", ""),
        ("", ""),
    ],
)
def test_the_words_before(prefix: str, shown: str) -> None:
    assert lead_in(prefix) == shown


@pytest.mark.parametrize(
    ("suffix", "shown"),
    [
        (", he added, while the Alliance rema", ", he added, while the Alliance…"),
        (" said Radulovic.\n\nEdited by: Milos", " said Radulovic."),
        ("\n\nEdited by", ""),
        (" unbroken", ""),
        ("", ""),
    ],
)
def test_the_words_after(suffix: str, shown: str) -> None:
    assert lead_out(suffix) == shown


def test_statement_pages_show_no_cut_words(client: FlaskClient) -> None:
    """Every context on the page of the seed's busiest speaker is whole words of the article:
    before a statement it begins where a word begins, after one it ends where a word ends."""
    article = " ".join((ROOT / "seeds" / "kosovo-nato-membership.txt").read_text().split())
    with client.get("/doc/actor/vlade-radulovic.html") as page:
        html = unescape(page.get_data(as_text=True))
    found = re.findall(
        r'<span class="context">([^<]*)</span><mark>|</mark><span class="context">([^<]*)</span>',
        html,
    )
    assert len(found) >= 4
    for before, after in found:
        if before:
            words = " ".join(before.lstrip("…").split())
            at = article.find(words)
            assert at >= 0 and (at == 0 or article[at - 1] == " "), before
        if after:
            words = " ".join(after.rstrip("…").split())
            at = article.find(words)
            end = at + len(words)
            assert at >= 0 and (end == len(article) or article[end] == " "), after
