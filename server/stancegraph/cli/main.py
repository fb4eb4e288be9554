"""The ``stancegraph`` command line: one subcommand per module of this package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from importlib.metadata import version
from types import ModuleType

from stancegraph.core.errors import StancegraphError

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = ("build", "validate", "query", "serve", "publish", "draft")


def _commands() -> list[ModuleType]:
    return [import_module(f"stancegraph.cli.{name}") for name in COMMANDS]


def parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    # No abbreviations: an option is spelt whole, so a password given to a misspelt one is never
    # taken for another option's value (and repeated in its message).
    top = argparse.ArgumentParser(
        prog="stancegraph",
        allow_abbrev=False,
        description="Publish who said what about which question in news articles as Linked Data.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {version('stancegraph')}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _commands():
        command = sub.add_parser(
            module.NAME, help=module.HELP, description=module.HELP, allow_abbrev=False
        )
        module.configure(command)
        command.set_defaults(run=module.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (errors the user can fix give no traceback)."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except StancegraphError as error:  # a MappingError too: an InputError
        print(f"stancegraph {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
