"""RDF terms as N-Triples text, and the writers every layer shares."""
