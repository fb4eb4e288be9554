"""The Flask application: Linked Data, pages, the SPARQL endpoint, dumps and errors."""
