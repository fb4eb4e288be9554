"""What the frontend reads of a query's text before it forwards it to a remote store.

Its form (which formats to accept for its answer), whether it may have a ``*`` or ``+`` path
(Virtuoso answers those nothing once graphs are excluded), and its outer ``LIMIT``, lowered to
what the frontend sends at most. Read with the tokens of :mod:`stancegraph.sparql.query_tokens`,
as a lexer does: never inside a string, an IRI or a comment.
"""

from __future__ import annotations

from stancegraph.sparql.query_tokens import positioned, tokens

#: The forms of query, by the keyword that begins them.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first keyword of these (None if none)."""
    for token in tokens(query):
        if token.kind == "word" and token.text.upper() in FORMS:
            return token.text.upper()
    return None


def transitive(query: str) -> bool:
    """Whether the query may have a property path of ``*`` or ``+``: one after an IRI, a
    prefixed name or a closing parenthesis (arithmetic after a parenthesis is taken for one)."""
    previous = None
    for token, _ in positioned(query):
        after = previous is not None and (previous.kind in ("iri", "pname") or previous.text == ")")
        if token.text in ("*", "+") and after:
            return True
        previous = token
    return False


def capped(query: str, rows: int) -> str:
    """The SELECT query with its outer ``LIMIT`` lowered to ``rows`` when it is more: the
    frontend sends no more rows than that anyway, and a store need not sort more (Virtuoso
    refuses an ``ORDER BY`` whose ``LIMIT`` passes its MaxSortedTopRows, 10,000 by default:
    set it above ``max_result_rows``). Any other query, or one with ``\\u`` escapes, is left
    as it is."""
    if "\\u" in query or "\\U" in query or query_form(query) != "SELECT":
        return query
    depth, limit = 0, None
    found = list(positioned(query))
    for (token, _), following in zip(found, [*found[1:], None], strict=True):
        depth += {"{": 1, "}": -1}.get(token.text, 0) if token.kind == "punctuation" else 0
        if depth == 0 and token.kind == "word" and token.text.upper() == "LIMIT" and following:
            limit = following if following[0].kind == "number" else None
    if limit is None or not limit[0].text.isdigit() or int(limit[0].text) <= rows:
        return query
    start = limit[1]
    return f"{query[:start]}{rows}{query[start + len(limit[0].text) :]}"
