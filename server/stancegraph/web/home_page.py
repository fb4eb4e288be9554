"""The home page's view model: the articles, the issue hierarchy, the stance matrix and counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from stancegraph.catalog.index import Index
from stancegraph.web.issue_pages import branches
from stancegraph.web.stance_matrix import stance_matrix


def home(index: Index) -> dict[str, Any]:
    """The front page: the articles, topics with the issues under them, the stance matrix (its
    issue columns grouped by topic) and counts."""
    per_article = Counter(s.article for s in index.statements.values())
    topics = sum(issue.topic for issue in index.issues.values())
    return {
        "articles": sorted(index.articles.values(), key=lambda a: a.headline),
        "statement_counts": per_article,
        "issue_tree": branches(index),
        "matrix": stance_matrix(index),
        "counts": {
            "articles": len(index.articles),
            "statements": len(index.statements),
            "positions": len(index.positions),
            "actors": len(index.actors),
            "issues": len(index.issues) - topics,
            "topics": topics,
        },
    }
