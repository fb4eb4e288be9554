"""The stores a dataset is served from: in memory, on disk, or a remote SPARQL endpoint."""
