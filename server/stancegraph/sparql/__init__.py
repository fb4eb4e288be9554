"""SPARQL queries: checked, run in a bounded process, answered in a negotiated format."""
