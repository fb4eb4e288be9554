"""Declarative article mappings and the pure function that turns article + mapping into RDF."""
