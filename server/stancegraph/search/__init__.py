"""Full-text search over statements, actors and issues: an SQLite FTS5 index, built with the data."""
