"""The pure mapping: an article's text and its YAML mapping become triples."""
