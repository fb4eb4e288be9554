"""The build: map every article, validate, write the dumps and swap them in at once."""
