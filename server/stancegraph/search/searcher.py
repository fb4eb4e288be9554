"""Searching the index: ranked statements with snippets, one page at a time, and the actors and
issues whose names match.

A :class:`Searcher` opens the index read-only, one connection per thread (and per process: a
connection never crosses a fork), and checks on each new connection that the file still holds
the data served; one that was replaced by another build raises
:class:`~stancegraph.core.errors.SearchUnavailable`.

Statements that match words are ranked by BM25 (FTS5's ``bm25``): a word weighs most in the
statement's own words, less in its speaker's names, least in its issues' labels; rarer words
and shorter texts count more. Ties, and statements found by filters alone, come in text order
(article, then place in it).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import cached_property
from pathlib import Path
from typing import Any, Final

from stancegraph.core.errors import SearchUnavailable
from stancegraph.search import index_file, query
from stancegraph.search.documents import MARKS
from stancegraph.search.results import (
    PER_PAGE,
    Choices,
    Entity,
    Hit,
    Named,
    Results,
    Search,
    Stance,
)
from stancegraph.search.snippets import opening, parts

#: BM25 weights of the columns of ``statement_text``: words, speaker's names, issues' labels.
WEIGHTS: Final = (4.0, 2.0, 1.0)
SNIPPET_TOKENS: Final = 40
MAX_ENTITIES: Final = 8


class Searcher:
    """The search index at ``path``, which must hold the data of the dump ``digest``."""

    def __init__(self, path: Path, digest: str) -> None:
        self.path = path
        self.digest = digest
        self._local = threading.local()
        _ = self._db()  # fails now if the file is not that index

    def search(self, search: Search) -> Results:
        """The page ``search.page`` of the statements that match, and the matching names.

        Raises SearchInvalid for words or a filter that cannot be searched for.
        """
        terms = query.terms(search.q)
        search.filters.check(self.choices.known())
        where, values = search.filters.sql()
        offset = (search.page - 1) * PER_PAGE
        if terms:
            match = query.fts5(terms)
            total, rows = self._matching(match, where, values, offset)
            entities = self._entities(match)
        else:
            total, rows = (
                self._filtered(where, values, offset) if search.filters.given() else (0, [])
            )
            entities = ()
        return Results(search, total, self._hits(rows), entities)

    @cached_property
    def choices(self) -> Choices:
        """Every actor, issue and article the filters can name."""
        db = self._db()
        actors = _named(db, "SELECT slug, iri, label FROM actors ORDER BY slug")
        issues = _named(db, "SELECT slug, iri, label FROM issues ORDER BY place, slug")
        articles = _named(db, "SELECT slug, iri, headline FROM articles ORDER BY headline, slug")
        speaking = "SELECT slug, iri, label FROM actors WHERE statements > 0 ORDER BY label, slug"
        return Choices(
            actors={a.slug: a for a in actors},
            issues={i.slug: i for i in issues},
            articles={a.slug: a for a in articles},
            speakers=tuple(_named(db, speaking)),
            issue_order=tuple(issues),
            article_order=tuple(articles),
        )

    def _matching(
        self, match: str, where: str, values: list[Any], offset: int
    ) -> tuple[int, list[tuple[int, str | None]]]:
        found = "FROM statement_text JOIN statements s ON s.id = statement_text.rowid"
        found += f" WHERE statement_text MATCH ?{where}"
        db = self._db()
        (total,) = db.execute(f"SELECT count(*) {found}", [match, *values]).fetchone()
        snippet = f"snippet(statement_text, 0, ?, ?, '…', {SNIPPET_TOKENS})"
        ranked = f"bm25(statement_text, {', '.join(map(str, WEIGHTS))})"
        rows = db.execute(
            f"SELECT s.id, {snippet} {found} ORDER BY {ranked}, s.id LIMIT ? OFFSET ?",
            [*MARKS, match, *values, PER_PAGE, offset],
        ).fetchall()
        return total, rows

    def _filtered(
        self, where: str, values: list[Any], offset: int
    ) -> tuple[int, list[tuple[int, str | None]]]:
        db = self._db()
        (total,) = db.execute(
            f"SELECT count(*) FROM statements s WHERE 1{where}", values
        ).fetchone()
        rows = db.execute(
            f"SELECT s.id, NULL FROM statements s WHERE 1{where} ORDER BY s.id LIMIT ? OFFSET ?",
            [*values, PER_PAGE, offset],
        ).fetchall()
        return total, rows

    def _hits(self, rows: list[tuple[int, str | None]]) -> tuple[Hit, ...]:
        if not rows:
            return ()
        db = self._db()
        ids = [row[0] for row in rows]
        marks = ", ".join("?" * len(ids))
        columns = 'id, iri, quote, speaker, article, span, begin, "end", text'
        found = {
            row[0]: row
            for row in db.execute(f"SELECT {columns} FROM statements WHERE id IN ({marks})", ids)
        }
        about: dict[int, list[str]] = {n: [] for n in ids}
        listed = f"SELECT statement, issue FROM about WHERE statement IN ({marks}) ORDER BY 1, 2"
        for n, issue in db.execute(listed, ids):
            about[n].append(issue)
        stances: dict[int, list[tuple[str, str, str]]] = {n: [] for n in ids}
        listed = "SELECT statement, holder, issue, stance FROM stances"
        listed += f" WHERE statement IN ({marks}) ORDER BY statement, holder, issue, stance"
        for n, holder, issue, stance in db.execute(listed, ids):
            stances[n].append((holder, issue, stance))
        return tuple(self._hit(found[n], snippet, about[n], stances[n]) for n, snippet in rows)

    def _hit(
        self,
        row: tuple[Any, ...],
        snippet: str | None,
        about: list[str],
        stances: list[tuple[str, str, str]],
    ) -> Hit:
        _, iri, quote, speaker, article, span, begin, end, text = row
        c = self.choices
        return Hit(
            iri=iri,
            quote=bool(quote),
            speaker=c.actors[speaker],
            article=c.articles[article],
            span=span,
            begin=begin,
            end=end,
            text=text,
            snippet=parts(snippet) if snippet is not None else opening(text),
            about=tuple(c.issues[i] for i in about),
            stances=tuple(Stance(c.actors[h], c.issues[i], s) for h, i, s in stances),
        )

    def _entities(self, match: str) -> tuple[Entity, ...]:
        rows = self._db().execute(
            "SELECT kind, slug FROM entity_text WHERE entity_text MATCH ?"
            " ORDER BY bm25(entity_text, 0, 0, 4.0, 1.0), kind, slug LIMIT ?",
            [match, MAX_ENTITIES],
        )
        c = self.choices
        return tuple(
            Entity(kind, c.actors[slug] if kind == "actor" else c.issues[slug])
            for kind, slug in rows
        )

    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened (and checked) on first use."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            db: sqlite3.Connection = held[1]
            return db
        db = index_file.connect(self.path)
        if index_file.digest_of(db) != self.digest:
            db.close()
            raise SearchUnavailable(
                f"{self.path} no longer holds the data served (a new build replaced it); "
                "search answers again once the server restarts on the new build"
            )
        self._local.held = (os.getpid(), db)
        return db


def _named(db: sqlite3.Connection, sql: str) -> list[Named]:
    return [Named(*row) for row in db.execute(sql)]
