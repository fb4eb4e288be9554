"""What the site knows about a dataset: the index of pages, descriptions and statistics."""
