"""The ``stancegraph`` command line: one module per subcommand."""
