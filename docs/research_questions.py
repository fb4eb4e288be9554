"""Write docs/research-questions.md and the README's example queries from the example queries.

The questions, queries and answers are kept in ``stancegraph.sparql.example_queries``; this script
only lays them out, with the table each query returns on a build::

    .venv/bin/python docs/research_questions.py            # rewrite both from dist/dataset.nq
    .venv/bin/python docs/research_questions.py --check    # exit 1 if either is out of date
    .venv/bin/python docs/research_questions.py --dataset FILE   # answer from another build

``tests/test_example_queries.py`` runs it with ``--check`` on a fresh build of the seed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from stancegraph.cli.query import table
from stancegraph.core.formats import BY_NAME
from stancegraph.sparql.example_queries import Example, examples
from stancegraph.stores.store import dataset_file, load
from stancegraph.vocabulary import DEFAULT_BASE_URI

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "research-questions.md"
README = ROOT / "README.md"
#: The README's section of example queries: from this heading to the next one of its level.
README_SECTION = "## What you can ask\n"

DOC_INTRO = """\
# Research questions

Questions a political scientist asks of the data, each with the SPARQL query that answers it and
the answer the seed article (`seeds/kosovo-nato-membership.txt`) supports. They are the example
queries of the endpoint's query page (`/sparql`), kept in
`server/stancegraph/sparql/example_queries.py`; `tests/test_example_queries.py` checks each
answer against the mappings and the article. This file is written from that module by
`docs/research_questions.py` (the tests fail when it is out of date): edit the module, then run
`.venv/bin/python docs/research_questions.py`.

Each table is what `stancegraph query` prints for the query on the seed build; values longer than
60 characters are cut (`…`).

"""

README_INTRO = """\
Eighteen research questions come with the data, each as a query on the query page (one click
runs it); the tests run each one on the seed dataset.
[docs/research-questions.md](docs/research-questions.md) gives, for each, the answer the seed
article supports and the rows the query returns.
"""


def answer_tables(dataset: Path, questions: Sequence[Example]) -> list[str]:
    """The rows each query returns on the dataset, as ``stancegraph query`` prints them."""
    store = load(dataset)
    tables = []
    for example in questions:
        body = store.select(example.query).serialize(format=ox.QueryResultsFormat.JSON)
        assert body is not None
        tables.append(table(body, BY_NAME["sparql-json"]))
    return tables


def doc(questions: Sequence[Example], tables: Sequence[str]) -> str:
    """docs/research-questions.md: the contents, then each question, answer, query and table."""
    contents = "".join(f"{n}. {e.title}\n" for n, e in enumerate(questions, 1))
    sections = (
        f"## {e.title}\n\n"
        f"**Answer.** {e.answer}\n\n"
        f"```sparql\n{e.query}\n```\n\n"
        f"On the seed dataset:\n\n```text\n{rows}```\n"
        for e, rows in zip(questions, tables, strict=True)
    )
    return DOC_INTRO + contents + "\n" + "\n".join(sections)


def anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = "".join(c for c in title.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def readme_section(questions: Sequence[Example]) -> str:
    """The README's section of example queries: the first query in full, then every question
    linked to its answer and query in docs/research-questions.md."""
    first = questions[0]
    listed = "".join(
        f"{n}. [{e.title}](docs/research-questions.md#{anchor(e.title)})\n"
        for n, e in enumerate(questions, 1)
    )
    return (
        README_SECTION + "\n" + README_INTRO + f"\nFor instance, *{first.title}*:\n\n"
        f"```sparql\n{first.query}\n```\n\nAll of them:\n\n{listed}"
    )


def with_readme_section(readme: str, section: str) -> str:
    """``readme`` with its section of example queries replaced by ``section``."""
    start = readme.index(README_SECTION)
    end = readme.find("\n## ", start)
    return readme[:start] + section + (readme[end:] if end >= 0 else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=dataset_file(ROOT / "dist"))
    parser.add_argument("--check", action="store_true", help="only say whether they are current")
    args = parser.parse_args(argv)
    questions = examples(DEFAULT_BASE_URI)
    expected = {
        DOC: doc(questions, answer_tables(args.dataset, questions)),
        README: with_readme_section(README.read_text(encoding="utf-8"), readme_section(questions)),
    }
    stale = [path for path, text in expected.items() if _read(path) != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run {sys.argv[0]}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(expected[path], encoding="utf-8")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
