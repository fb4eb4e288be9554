"""Subcommands of the ``stancegraph`` command line, one module each.

Each module defines ``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``.
"""
