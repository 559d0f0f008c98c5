"""Input and output: ingest (news text through the loaders, or RDF) and export."""
