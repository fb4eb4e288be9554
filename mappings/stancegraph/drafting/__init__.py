"""Drafting a mapping from an article's text: quotes, reported statements and their speakers."""
