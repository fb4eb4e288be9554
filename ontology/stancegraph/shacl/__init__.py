"""The SHACL engine: the project's shapes checked over N-Triples terms and SPARQL."""
