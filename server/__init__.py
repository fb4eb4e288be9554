"""The stancegraph publisher: store, HTTP application and command line."""
