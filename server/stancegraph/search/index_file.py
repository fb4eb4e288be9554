"""The search index as a file: an SQLite database with FTS5 tables, written once, read only.

``stancegraph build`` writes it into ``dist/`` as :data:`FILE_NAME`, beside the dumps, from the
data it has just written; the server opens it read-only. :func:`write` gives the same bytes for
the same data: rows go in sorted, in one transaction, the full-text indexes are merged into one
segment each and the file is vacuumed (SQLite writes no time into a database). The ``meta``
table records the layout (:data:`FORMAT`) and the SHA-256 of the N-Quads dump it was made from,
which is how the server knows the index holds the data it serves.

Statements are searched in ``statement_text`` (FTS5 over ``statements``: the words, the speaker's
names, the issues' labels); actors and issues in ``entity_text``. The tokenizer folds case and
diacritics (``Radulović`` finds ``Radulovic``) and does not stem; prefixes of two and three
characters are indexed, so that ``na*`` is fast.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Final

from stancegraph.catalog.index import Index
from stancegraph.core.errors import InputError
from stancegraph.search.documents import Documents, documents

FILE_NAME: Final = "search.sqlite"
#: The layout of the tables; an index of another layout is not read.
FORMAT: Final = "1"
TOKENIZER: Final = "unicode61 remove_diacritics 2"

SCHEMA: Final = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles (slug TEXT PRIMARY KEY, iri TEXT NOT NULL, headline TEXT NOT NULL)
  WITHOUT ROWID;
CREATE TABLE actors (slug TEXT PRIMARY KEY, iri TEXT NOT NULL, label TEXT NOT NULL,
  statements INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE issues (slug TEXT PRIMARY KEY, iri TEXT NOT NULL, label TEXT NOT NULL,
  topic INTEGER NOT NULL, place INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE statements (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, quote INTEGER NOT NULL,
  speaker TEXT NOT NULL, article TEXT NOT NULL, span TEXT NOT NULL, begin INTEGER NOT NULL,
  "end" INTEGER NOT NULL, text TEXT NOT NULL, names TEXT NOT NULL, issues TEXT NOT NULL);
CREATE INDEX statements_by_speaker ON statements (speaker, id);
CREATE INDEX statements_by_article ON statements (article, id);
CREATE TABLE about (statement INTEGER, issue TEXT, PRIMARY KEY (statement, issue)) WITHOUT ROWID;
CREATE TABLE stances (statement INTEGER, holder TEXT, issue TEXT, stance TEXT,
  PRIMARY KEY (statement, holder, issue, stance)) WITHOUT ROWID;
CREATE TABLE concerns (issue TEXT, statement INTEGER, PRIMARY KEY (issue, statement))
  WITHOUT ROWID;
CREATE TABLE evidence (issue TEXT, stance TEXT, statement INTEGER,
  PRIMARY KEY (issue, stance, statement)) WITHOUT ROWID;
CREATE VIRTUAL TABLE statement_text USING fts5 (text, names, issues, content='statements',
  content_rowid='id', tokenize='{TOKENIZER}', prefix='2 3');
CREATE VIRTUAL TABLE entity_text USING fts5 (kind UNINDEXED, slug UNINDEXED, name, other,
  tokenize='{TOKENIZER}', prefix='2 3');
"""

#: Each table filled from :class:`~stancegraph.search.documents.Documents`, and its columns.
TABLES: Final = {
    "articles": 3,
    "actors": 4,
    "issues": 5,
    "statements": 11,
    "about": 2,
    "stances": 4,
    "concerns": 2,
    "evidence": 3,
    "entity_text": 4,
}
_SOURCE: Final = {"entity_text": "entities"}


def path_in(folder: str | Path) -> Path:
    """Where the search index of a build folder is."""
    return Path(folder) / FILE_NAME


def write(index: Index, digest: str, path: Path) -> None:
    """Write the search index of ``index`` (the data of the dump whose SHA-256 is ``digest``)
    into a new file at ``path``."""
    path.unlink(missing_ok=True)
    rows = documents(index)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA page_size = 4096")
        db.execute("PRAGMA journal_mode = OFF")  # a new file, published only once complete
        db.execute("PRAGMA synchronous = OFF")  # the build flushes it before the swap
        db.execute("BEGIN")
        for statement in SCHEMA.split(";"):  # not executescript, which would commit
            if statement.strip():
                db.execute(statement)
        _fill(db, rows, digest)
        db.execute("INSERT INTO statement_text (statement_text) VALUES ('rebuild')")
        db.execute("INSERT INTO statement_text (statement_text) VALUES ('optimize')")
        db.execute("INSERT INTO entity_text (entity_text) VALUES ('optimize')")
        db.execute("COMMIT")
        db.execute("VACUUM")


def _fill(db: sqlite3.Connection, rows: Documents, digest: str) -> None:
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("digest", digest), ("format", FORMAT)])
    for table, width in TABLES.items():
        marks = ", ".join("?" * width)
        db.executemany(
            f"INSERT INTO {table} VALUES ({marks})", getattr(rows, _SOURCE.get(table, table))
        )


def recorded_digest(path: Path) -> str | None:
    """The SHA-256 of the dump the index at ``path`` was made from; None when there is no index
    there, or one of another layout."""
    if not path.is_file():
        return None
    with closing(connect(path)) as db:
        return digest_of(db)


def digest_of(db: sqlite3.Connection) -> str | None:
    """The SHA-256 of the dump an open index was made from; None if it is not an index of
    this layout (or no SQLite database at all)."""
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return None
    return meta.get("digest") if meta.get("format") == FORMAT else None


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to the index at ``path`` (``immutable``: no locks, no journal).

    The connection may be used by any one thread at a time.
    """
    try:
        return sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
    except sqlite3.OperationalError as error:
        raise InputError(f"{path}: cannot open the search index ({error})") from None
